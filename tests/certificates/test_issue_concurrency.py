"""Issued exactly once under real concurrency, against a live server in its own process, on a
SQLite file and on PostgreSQL: 50 simultaneous completions of one person's track issue one
certificate; many people completing at once get distinct serials that follow each other with
no gap."""

from __future__ import annotations

import re
from queue import SimpleQueue

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.certificates.models import Certificate, SerialCounter
from app.content.models import Course, Lesson
from app.extensions import db
from app.learning.charter import current_charter
from app.learning.models import CharterAcceptance, CourseCompletion, LessonRead, TrackCompletion
from app.quiz.models import QuizAttempt
from tests.factories import make_person
from tests.live_server import live_server
from tests.quiz import test_concurrency
from tests.quiz.attempt_helpers import answers
from tests.quiz.quiz_content import sync_quiz
from tests.quiz.test_concurrency import REQUESTS, all_at_once, count, post, sign_in_cookie

PEOPLE = 25
# The quiz's fixture: an app on a SQLite file or on PostgreSQL, its tables empty.
live_database = test_concurrency.live_database
ACCEPT = {"version": "1", "confirm": "y"}


def served(url: str):
    # Signing in many people from one address would meet the sign-in limit: the limits are
    # not what these tests are about.
    return live_server(
        {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}
    )


@pytest.fixture
def content(live_database, tmp_path):
    sync_quiz(tmp_path / "content")


def ready_to_finish(*, charter_accepted: bool):
    """A learner who read every lesson, and accepted the charter if asked."""
    person = make_person(language="en")
    for lesson in db.session.scalars(select(Lesson)):
        db.session.add(LessonRead(person_id=person.id, lesson_id=lesson.id, course_version=1))
    if charter_accepted:
        db.session.add(CharterAcceptance(person_id=person.id, charter_id=current_charter().id))
    db.session.commit()
    return person


def started_attempt(base_url: str, cookie: str) -> tuple[str, dict]:
    """Start the person's quiz; the submit path and the right answers to post to it."""
    status, location = post(base_url, "/courses/basics/quiz/start", cookie, {})
    assert status == 303, status
    attempt = db.session.get(QuizAttempt, int(location.rsplit("/", 1)[1]))
    sequences = {f"q{slot.position}-sequence": "0" for slot in attempt.slots}
    return f"/quiz/attempts/{attempt.id}/submit", {**sequences, **answers(attempt, right=True)}


def pass_course(base_url: str, cookie: str) -> None:
    path, fields = started_attempt(base_url, cookie)
    assert post(base_url, path, cookie, fields)[0] == 303
    db.session.expire_all()
    assert count(CourseCompletion) >= 1


def serial_numbers() -> list[int]:
    db.session.expire_all()
    serials = db.session.scalars(select(Certificate.serial).order_by(Certificate.serial_number))
    return [int(re.fullmatch(r"RL-\d{4}-(\d{6})", serial)[1]) for serial in serials]


def test_fifty_simultaneous_charter_acceptances_issue_one_certificate(live_database, content):
    person = ready_to_finish(charter_accepted=False)
    with served(live_database) as base_url:
        cookie = sign_in_cookie(base_url, person.email)
        pass_course(base_url, cookie)  # the track now waits for the charter only
        accept = lambda: post(base_url, "/charter/accept", cookie, ACCEPT)  # noqa: E731
        results = all_at_once(REQUESTS, accept)

    assert {status for status, _ in results} == {302}
    assert_issued_once(person)


def test_fifty_simultaneous_passing_submits_issue_one_certificate(live_database, content):
    person = ready_to_finish(charter_accepted=True)  # the quiz is all the track waits for
    with served(live_database) as base_url:
        cookie = sign_in_cookie(base_url, person.email)
        path, fields = started_attempt(base_url, cookie)
        results = all_at_once(REQUESTS, lambda: post(base_url, path, cookie, fields))

    assert {status for status, _ in results} == {303}
    assert_issued_once(person)


def assert_issued_once(person) -> None:
    assert count(TrackCompletion) == 1
    assert count(Certificate) == 1
    certificate = db.session.scalar(select(Certificate))
    completion = db.session.scalar(select(TrackCompletion))
    assert (certificate.person_id, certificate.completion_id) == (person.id, completion.id)
    assert serial_numbers() == [1]
    assert db.session.get(SerialCounter, certificate.serial_year).last == 1
    assert count(AuditEvent, AuditEvent.action == "certificate.issue") == 1


def test_many_people_completing_at_once_get_serials_in_sequence(live_database, content):
    people = [ready_to_finish(charter_accepted=True) for _ in range(PEOPLE)]
    with served(live_database) as base_url:
        submits = SimpleQueue()  # one person's submit for each thread, handed out safely
        for person in people:
            cookie = sign_in_cookie(base_url, person.email)
            submits.put((cookie, *started_attempt(base_url, cookie)))

        def submit():
            cookie, path, fields = submits.get()
            return post(base_url, path, cookie, fields)

        results = all_at_once(PEOPLE, submit)

    assert {status for status, _ in results} == {303}
    assert count(TrackCompletion) == count(Certificate) == PEOPLE
    assert serial_numbers() == list(range(1, PEOPLE + 1))  # distinct, sequential, no gap
    year = db.session.scalar(select(Certificate.serial_year))
    assert db.session.get(SerialCounter, year).last == PEOPLE
    holders = db.session.scalars(select(Certificate.person_id))
    assert sorted(holders) == sorted(person.id for person in people)
    assert count(Course) == 1
