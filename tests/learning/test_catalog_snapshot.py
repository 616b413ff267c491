"""The catalog snapshot: kept in the process while the content version stays the same, rebuilt
at the next request once a sync changed it, whichever process ran the sync."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from app.content.loader import load_content
from app.content.models import ContentVersion, Lesson
from app.content.snapshot import catalog_at
from app.content.sync import sync_content
from app.extensions import db
from tests.content.content_cases import LESSON_EN, Replace, minimal_tree

ROOT = Path(__file__).resolve().parents[2]
LESSON = "/courses/basics/lessons/01-first"


@pytest.fixture
def content(app, tmp_path):
    sync_content(load_content(minimal_tree(tmp_path / "before")))
    db.session.commit()


def version() -> int:
    db.session.expire_all()
    return db.session.scalar(select(ContentVersion.version))


def test_the_snapshot_is_kept_while_the_version_stays_the_same(content):
    first = catalog_at(version())
    assert catalog_at(version()) is first
    assert first.course("basics").lessons[0].slug == "01-first"


def test_a_sync_that_changes_nothing_keeps_the_version(content, tmp_path):
    before = version()
    sync_content(load_content(minimal_tree(tmp_path / "again")))
    db.session.commit()
    assert version() == before


def test_a_change_made_outside_a_sync_bumps_the_version_too(content):
    before = version()
    db.session.scalar(select(Lesson).where(Lesson.slug == "02-second")).minutes = 42
    db.session.commit()
    assert version() == before + 1
    assert catalog_at(version()).course("basics").lessons[1].minutes == 42


def test_a_rolled_back_change_is_never_kept_as_the_snapshot(content):
    kept = catalog_at(version())
    db.session.scalar(select(Lesson).where(Lesson.slug == "02-second")).minutes = 42
    db.session.flush()
    assert catalog_at(version()).course("basics").lessons[1].minutes == 42
    db.session.rollback()
    assert catalog_at(version()) is kept


def test_the_snapshot_cannot_be_changed_by_a_request(content):
    course = catalog_at(version()).course("basics")
    with pytest.raises(TypeError):
        course.title["en"] = "Changed"
    with pytest.raises(AttributeError):
        course.slug = "changed"


def test_a_sync_in_another_process_is_seen_by_the_next_request(
    content, client, login_as, tmp_path, database_url
):
    login_as("employee", language="en")
    assert "<h2>Listen first</h2>" in client.get(LESSON).get_data(as_text=True)
    edited = minimal_tree(
        tmp_path / "after", Replace(LESSON_EN, "## Listen first", "## Listen before anything")
    )
    environ = {**os.environ, "DATABASE_URL": database_url, "CONTENT_ROOT": str(edited)}
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "content", "sync"]
    synced = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True)
    assert synced.returncode == 0, synced.stderr
    html = client.get(LESSON).get_data(as_text=True)
    assert "<h2>Listen before anything</h2>" in html
    assert "<h2>Listen first</h2>" not in html
