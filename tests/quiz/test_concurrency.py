"""Exactly once under real concurrency: 50 simultaneous submits, 50 simultaneous starts,
against a live server in its own process, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.content.models import Lesson
from app.extensions import db
from app.learning.models import CourseCompletion, LessonRead
from app.quiz.models import GRADED, OPEN, QuizAttempt
from tests.conftest import empty_all_tables
from tests.factories import TEST_PASSWORD, make_person
from tests.live_server import live_server
from tests.quiz.attempt_helpers import answers
from tests.quiz.quiz_content import sync_quiz

REQUESTS = 50
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(base_url: str, path: str, cookie: str, fields: dict) -> tuple[int, str]:
    data = urllib.parse.urlencode(fields, doseq=True).encode()
    request = urllib.request.Request(  # noqa: S310 - the test server's own http URL
        base_url + path, data=data, headers={"Cookie": cookie}
    )
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, error.headers.get("Location", "")


def sign_in_cookie(base_url: str, email: str) -> str:
    fields = {"email": email, "password": TEST_PASSWORD}
    data = urllib.parse.urlencode(fields).encode()
    opener = urllib.request.build_opener(NoRedirects)
    try:
        opener.open(base_url + "/login", data=data, timeout=30)
    except urllib.error.HTTPError as error:
        assert error.code == 302, error.code
        # Every cookie the sign-in set (the session's and the device's), as a browser sends them.
        cookie = "; ".join(h.split(";", 1)[0] for h in error.headers.get_all("Set-Cookie"))
        error.close()
        return cookie
    raise AssertionError("signing in did not redirect")


def all_at_once(count: int, call) -> list:
    """Run ``call`` in ``count`` threads released together."""
    barrier = threading.Barrier(count)

    def run(_):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture(params=["sqlite-file", "postgresql"])
def live_database(request, app_factory, tmp_path):
    """An app context on the backend under test, its tables empty; yields its URL."""
    if request.param == "postgresql":
        if not TEST_DATABASE_URL.startswith("postgres"):
            pytest.skip("TEST_DATABASE_URL is not a PostgreSQL URL (CI sets it)")
        app = app_factory(WTF_CSRF_ENABLED=False)
    else:
        url = f"sqlite:///{tmp_path / 'live.sqlite'}"
        app = app_factory(WTF_CSRF_ENABLED=False, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        empty_all_tables()
        yield app.config["SQLALCHEMY_DATABASE_URI"]
        db.session.remove()


@pytest.fixture
def learner(live_database, tmp_path):
    sync_quiz(tmp_path / "content")
    person = make_person(language="en")
    for lesson in db.session.scalars(select(Lesson)):
        db.session.add(LessonRead(person_id=person.id, lesson_id=lesson.id, course_version=1))
    db.session.commit()
    return person


def served(url: str):
    return live_server({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_fifty_simultaneous_submits_grade_once(live_database, learner):
    with served(live_database) as base_url:
        cookie = sign_in_cookie(base_url, learner.email)
        status, location = post(base_url, "/courses/basics/quiz/start", cookie, {})
        assert status == 303
        attempt = db.session.get(QuizAttempt, int(location.rsplit("/", 1)[1]))
        sequences = {f"q{slot.position}-sequence": "0" for slot in attempt.slots}
        fields = {**sequences, **answers(attempt, right=True)}
        path = f"/quiz/attempts/{attempt.id}/submit"
        results = all_at_once(REQUESTS, lambda: post(base_url, path, cookie, fields))

    assert {status for status, _ in results} == {303}
    assert {location for _, location in results} == {f"/quiz/attempts/{attempt.id}/review"}
    db.session.expire_all()
    graded = db.session.get(QuizAttempt, attempt.id)
    assert (graded.state, graded.fraction, graded.revision) == (GRADED, 1.0, 1)
    assert {slot.sequence for slot in graded.slots} == {1}
    assert count(QuizAttempt) == 1
    assert count(CourseCompletion) == 1
    assert count(AuditEvent, AuditEvent.action == "course.complete") == 1


def test_fifty_simultaneous_starts_open_one_attempt_numbered_in_order(live_database, learner):
    with served(live_database) as base_url:
        cookie = sign_in_cookie(base_url, learner.email)
        start = lambda: post(base_url, "/courses/basics/quiz/start", cookie, {})  # noqa: E731
        first = all_at_once(REQUESTS, start)
        assert {status for status, _ in first} == {303}
        assert len({location for _, location in first}) == 1
        attempt_id = int(first[0][1].rsplit("/", 1)[1])
        post(base_url, f"/quiz/attempts/{attempt_id}/submit", cookie, {})
        second = all_at_once(REQUESTS, start)
        assert {status for status, _ in second} == {303}
        assert len({location for _, location in second}) == 1

    db.session.expire_all()
    numbers = db.session.execute(
        select(QuizAttempt.number, QuizAttempt.state).order_by(QuizAttempt.number)
    ).all()
    assert numbers == [(1, GRADED), (2, OPEN)]
