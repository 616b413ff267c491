"""``content check`` and ``content sync`` on malformed content: every problem at its line, and
a failed sync leaves the database exactly as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.content import models
from app.extensions import db
from tests.content.content_cases import BAD_CONTENT, minimal_tree

CONTENT_MODELS = (
    models.Track,
    models.TrackCourse,
    models.Course,
    models.CourseVersion,
    models.Lesson,
    models.Question,
    models.CourseAsset,
    models.Charter,
)


def run(app, *args):
    return app.test_cli_runner().invoke(args=["content", *args])


def content_state() -> dict:
    db.session.rollback()
    state = {}
    for model in CONTENT_MODELS:
        columns = model.__table__.columns.keys()
        rows = db.session.execute(select(model.__table__)).all()
        state[model.__tablename__] = sorted(
            tuple(repr(getattr(row, column)) for column in columns) for row in rows
        )
    return state


def test_the_minimal_tree_is_valid(app, tmp_path):
    result = run(app, "check", "--root", str(minimal_tree(tmp_path / "content")))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "Content OK: 1 track, 1 course, 2 lessons, 3 questions per language "
        "(multichoice 1, shortanswer 1, truefalse 1), charter version 1."
    )
    # Too small a bank, filed under no lesson: the quality lint warns, and only warns.
    assert result.stderr == "6 warnings (--strict makes them errors).\n"


@pytest.mark.parametrize("case", sorted(BAD_CONTENT))
def test_malformed_content_is_reported_at_its_line_and_changes_nothing(app, tmp_path, case):
    assert run(app, "sync", "--root", str(minimal_tree(tmp_path / "good"))).exit_code == 0
    before = content_state()
    edits, expected = BAD_CONTENT[case]
    broken = minimal_tree(tmp_path / "bad", *edits)

    checked = run(app, "check", "--root", str(broken))
    synced = run(app, "sync", "--root", str(broken))

    assert (checked.exit_code, synced.exit_code) == (1, 1)
    assert checked.stdout.splitlines() == expected
    assert synced.stdout.splitlines() == expected
    assert content_state() == before
