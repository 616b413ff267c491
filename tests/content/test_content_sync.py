"""``content sync``: all or nothing, idempotent, versioned, and what it reports."""

from __future__ import annotations

from sqlalchemy import func, select

from app.content.models import Charter, Course, CourseVersion, Lesson, Question, Track
from app.extensions import db
from tests.content.content_cases import (
    BANK_EN,
    BANK_FR,
    CHARTER,
    COURSE,
    LESSON_EN,
    LESSON_FR,
    Replace,
    minimal_tree,
    with_rules,
)
from tests.content.test_content_check import content_state, run


def test_a_first_sync_adds_everything_and_says_so(app, tmp_path):
    result = run(app, "sync", "--root", str(minimal_tree(tmp_path / "c")))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "tracks: 1 added (employees)",
        "courses: 1 added (basics)",
        "lessons: 2 added",
        "questions: 3 added",
        "files: 1 added",
        "charter: version 1 published",
    ]
    course = db.session.scalar(select(Course))
    assert (course.slug, course.version, course.title["en"]) == ("basics", 1, "The basics")
    assert [lesson.slug for lesson in course.lessons] == ["01-first", "02-second"]


def test_a_second_sync_changes_nothing(app, tmp_path):
    root = str(minimal_tree(tmp_path / "c"))
    run(app, "sync", "--root", root)
    before = content_state()
    result = run(app, "sync", "--root", root)
    assert result.exit_code == 0
    assert result.stdout == "Content is up to date: nothing changed.\n"
    assert content_state() == before


def test_comments_and_blank_lines_in_a_bank_make_no_new_version(app, tmp_path):
    run(app, "sync", "--root", str(minimal_tree(tmp_path / "v1")))
    before = content_state()
    first_question = "::listen-first::"
    moved = minimal_tree(
        tmp_path / "v2",
        Replace(BANK_FR, first_question, "// Une note pour les auteurs.\n\n" + first_question),
        Replace(BANK_EN, first_question, "\n\n\n" + first_question),
    )
    result = run(app, "sync", "--root", str(moved))
    assert result.stdout == "Content is up to date: nothing changed.\n"
    assert content_state() == before
    assert db.session.scalar(select(Course.version)) == 1


def test_an_edited_lesson_makes_a_new_course_version(app, tmp_path):
    run(app, "sync", "--root", str(minimal_tree(tmp_path / "v1")))
    edited = minimal_tree(tmp_path / "v2", Replace(LESSON_EN, "Before posting", "Before you post"))
    result = run(app, "sync", "--root", str(edited))
    assert result.stdout.splitlines() == [
        "courses: 1 changed (basics (version 2))",
        "lessons: 1 changed",
    ]
    course = db.session.scalar(select(Course))
    assert course.version == 2
    versions = db.session.scalars(select(CourseVersion.version).order_by(CourseVersion.version))
    assert list(versions) == [1, 2]


def test_a_question_removed_from_both_banks_is_retired_not_deleted(app, tmp_path):
    run(app, "sync", "--root", str(minimal_tree(tmp_path / "v1")))
    drop = "::team-name::Quelle équipe alerter ?{=équipe communauté#Oui. =%50%communauté#Presque.}"
    drop_en = "::team-name::Which team do you alert?{=community team#Yes. =%50%community#Nearly.}"
    edited = minimal_tree(
        tmp_path / "v2",
        Replace(BANK_FR, drop, ""),
        Replace(BANK_EN, drop_en, ""),
        Replace(COURSE, "questions_per_attempt: 2", "questions_per_attempt: 1"),
    )
    result = run(app, "sync", "--root", str(edited))
    assert result.exit_code == 0, result.output
    assert "questions: 1 removed" in result.stdout.splitlines()
    retired = db.session.scalar(select(Question).where(Question.name == "team-name"))
    assert retired.retired_at is not None
    assert db.session.scalar(select(func.count()).select_from(Question)) == 3


def test_a_lesson_removed_is_retired_and_comes_back_when_restored(app, tmp_path):
    good = str(minimal_tree(tmp_path / "v1"))
    run(app, "sync", "--root", good)
    without = minimal_tree(tmp_path / "v2", Replace(COURSE, "  - 02-second\n", ""))
    for language in ("fr", "en"):
        (without / f"courses/basics/lessons/02-second.{language}.md").unlink()
    for name in (LESSON_FR, LESSON_EN):
        text = (without / name).read_text().replace("(02-second.fr.md)", "(#)")
        (without / name).write_text(text.replace("(02-second.en.md)", "(#)"))
    assert run(app, "sync", "--root", str(without)).exit_code == 0
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "02-second"))
    assert lesson.retired_at is not None
    assert run(app, "sync", "--root", good).exit_code == 0
    db.session.refresh(lesson)
    assert lesson.retired_at is None


def test_a_new_charter_version_is_published_beside_the_old_one(app, tmp_path):
    run(app, "sync", "--root", str(minimal_tree(tmp_path / "v1")))
    v2 = minimal_tree(tmp_path / "v2", Replace(CHARTER, "version: 1", "version: 2"))
    (v2 / "courses/charter/charter.en.md").write_text("## What you may say\n\nAnything public.\n")
    result = run(app, "sync", "--root", str(v2))
    assert result.stdout == "charter: version 2 published\n"
    assert list(db.session.scalars(select(Charter.version).order_by(Charter.version))) == [1, 2]


def test_charter_text_changed_under_the_same_version_is_refused(app, tmp_path):
    run(app, "sync", "--root", str(minimal_tree(tmp_path / "v1")))
    before = content_state()
    edited = minimal_tree(tmp_path / "v2")
    (edited / "courses/charter/charter.en.md").write_text("## What you may say\n\nNothing.\n")
    result = run(app, "sync", "--root", str(edited))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{CHARTER}:1: version 1 is already published with other text; raise 'version' to 2 "
        "so everyone is asked to accept it again\n"
    )
    assert content_state() == before


def test_an_older_charter_version_is_refused(app, tmp_path):
    v2 = minimal_tree(tmp_path / "v2", Replace(CHARTER, "version: 1", "version: 2"))
    run(app, "sync", "--root", str(v2))
    before = content_state()
    result = run(app, "sync", "--root", str(minimal_tree(tmp_path / "v1")))
    assert result.exit_code == 1
    assert result.stdout == f"{CHARTER}:1: version 1 is older than the published version 2\n"
    assert content_state() == before


def test_the_repository_content_checks_and_syncs(app):
    checked = run(app, "check")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith("Content OK: 3 tracks, 12 courses, ")
    assert run(app, "sync").exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Track)) == 3
    assert run(app, "sync").stdout == "Content is up to date: nothing changed.\n"


def test_self_enrol_and_rules_are_stored_normalised_and_a_change_is_a_change(app, tmp_path):
    run(app, "sync", "--root", str(minimal_tree(tmp_path / "v1")))
    track = db.session.scalar(select(Track))
    assert (track.self_enrol, track.default_rules) == (False, [])
    rules = (
        "\n      - {due: {days_after: joining, days: 30}}"
        "\n      - {departments: [communication, marketing], roles: [manager],"
        " languages: [fr], offices: [paris], due: {on: 2027-01-31}}"
    )
    edits = [Replace("courses/tracks.yml", "requires_charter: true", "requires_charter: true\n"
                     "    self_enrol: true"), *with_rules(rules)]  # fmt: skip
    result = run(app, "sync", "--root", str(minimal_tree(tmp_path / "v2", *edits)))
    assert result.stdout.splitlines() == ["tracks: 1 changed (employees)"]
    db.session.refresh(track)
    assert track.self_enrol is True
    everyone = {"departments": [], "offices": [], "roles": [], "languages": []}
    assert track.default_rules == [
        {**everyone, "due_kind": "after_joining", "due_days": 30, "due_on": None},
        {
            "departments": ["communication", "marketing"],
            "offices": ["paris"],
            "roles": ["manager"],
            "languages": ["fr"],
            "due_kind": "fixed",
            "due_days": None,
            "due_on": "2027-01-31",
        },
    ]


def test_the_repository_tracks_carry_the_project_defaults(app):
    assert run(app, "sync").exit_code == 0
    tracks = {track.slug: track for track in db.session.scalars(select(Track))}
    everyone = {"departments": [], "offices": [], "roles": [], "languages": [], "due_on": None}
    assert {slug: track.self_enrol for slug, track in tracks.items()} == {
        "employees": False,
        "community-managers": True,
        "executives": True,
    }
    assert {slug: track.default_rules for slug, track in tracks.items()} == {
        "employees": [{**everyone, "due_kind": "after_joining", "due_days": 30}],
        "community-managers": [
            {
                **everyone,
                "departments": ["communication", "marketing"],
                "due_kind": "after_matching",
                "due_days": 60,
            }
        ],
        "executives": [
            {
                **everyone,
                "departments": ["leadership"],
                "due_kind": "after_matching",
                "due_days": 90,
            }
        ],
    }


def test_a_missing_root_is_a_usage_error(app, tmp_path):
    result = run(app, "check", "--root", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.output
