"""Completion, recorded once: a course (lessons read, quiz passed), then its track (required
courses, and the current charter where the track asks for it), each announced once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.learning.completion import course_completed, track_completed
from app.learning.models import CourseCompletion, TrackCompletion
from tests.quiz.attempt_helpers import answers, start, submit
from tests.quiz.quiz_content import sync_quiz


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "c")


@pytest.fixture
def announced():
    heard = []

    def listen(sender, **extra):
        heard.append(type(sender).__name__)

    course_completed.connect(listen)
    track_completed.connect(listen)
    yield heard
    course_completed.disconnect(listen)
    track_completed.disconnect(listen)


def read_everything(client) -> None:
    for lesson in ("01-first", "02-second"):
        assert client.post(f"/courses/basics/lessons/{lesson}/read").status_code == 302


def pass_quiz(client) -> None:
    attempt = start(client)
    submit(client, attempt, answers(attempt, right=True))


def rows(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_failed_quiz_completes_nothing(quiz, client, login_as, announced):
    login_as("employee", language="en")
    read_everything(client)
    submit(client, start(client), {})
    assert (rows(CourseCompletion), announced) == (0, [])


def test_the_track_waits_for_the_charter_then_completes_once(quiz, client, login_as, announced):
    person = login_as("employee", language="en")
    read_everything(client)
    pass_quiz(client)
    assert announced == ["CourseCompletion"]
    assert rows(TrackCompletion) == 0

    client.post("/charter/accept", data={"version": "1", "confirm": "y"})
    track = db.session.scalar(select(TrackCompletion))
    assert (track.person_id, track.charter_version) == (person.id, 1)
    assert announced == ["CourseCompletion", "TrackCompletion"]

    pass_quiz(client)  # passing again records nothing new
    client.post("/charter/accept", data={"version": "1", "confirm": "y"})
    assert (rows(CourseCompletion), rows(TrackCompletion)) == (1, 1)
    assert announced == ["CourseCompletion", "TrackCompletion"]


def test_the_completion_names_the_content_version_and_the_grade(quiz, client, login_as):
    login_as("employee", language="en")
    client.post("/charter/accept", data={"version": "1", "confirm": "y"})
    pass_quiz(client)
    read_everything(client)
    completion = db.session.scalar(select(CourseCompletion))
    assert (completion.course_version, completion.fraction) == (1, 1.0)
    assert completion.attempt_id is not None
    assert rows(TrackCompletion) == 1
