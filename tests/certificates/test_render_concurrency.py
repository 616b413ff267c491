"""Stored once under real concurrency: the live server renders the PDF at the end of the quiz
submit that completes the track while render-pending runs in other threads at the same moment,
and several render-pending runs race for one pending certificate; each ends with one stored
version, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from flask import current_app
from sqlalchemy import func, select

from app.audit.origin import COMMAND_LINE
from app.certificates.documents import render_pending
from app.certificates.issuing import CompletedCycle, issue_certificate
from app.certificates.models import Certificate, CertificateDocument
from app.content.models import Track
from app.extensions import db
from app.learning.models import TrackCompletion
from app.quiz.models import QuizAttempt
from tests.quiz import test_concurrency as quiz_concurrency
from tests.quiz.attempt_helpers import answers
from tests.quiz.test_concurrency import post, served, sign_in_cookie

# The same fixtures: a SQLite file and PostgreSQL; a learner who has read every lesson.
live_database = quiz_concurrency.live_database
learner = quiz_concurrency.learner
RUNNERS = 6
SECONDS = 20


def at_once(calls: list) -> list:
    """Run each call in a thread of its own, all released together."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def stored_versions() -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(CertificateDocument.version)))


def pending() -> int:
    db.session.expire_all()
    wanted = Certificate.render_requested_at.is_not(None)
    return db.session.scalar(select(func.count()).select_from(Certificate).where(wanted))


def render_pending_until_stored(app) -> None:
    """render-pending again and again, as a busy cron would, until a PDF is stored."""
    deadline = time.monotonic() + SECONDS
    with app.app_context():
        while time.monotonic() < deadline:
            render_pending()
            if db.session.scalar(select(func.count()).select_from(CertificateDocument)):
                return
            db.session.rollback()
        db.session.remove()


def test_the_completing_request_and_render_pending_store_one_pdf(live_database, learner):
    app = current_app._get_current_object()
    with served(live_database) as base_url:
        cookie = sign_in_cookie(base_url, learner.email)
        accept = {"version": "1", "confirm": "y"}
        assert post(base_url, "/charter/accept", cookie, accept)[0] == 302
        _status, location = post(base_url, "/courses/basics/quiz/start", cookie, {})
        attempt = db.session.get(QuizAttempt, int(location.rsplit("/", 1)[1]))
        sequences = {f"q{slot.position}-sequence": "0" for slot in attempt.slots}
        fields = {**sequences, **answers(attempt, right=True)}
        path = f"/quiz/attempts/{attempt.id}/submit"

        submit = lambda: post(base_url, path, cookie, fields)[0]  # noqa: E731
        racing = [submit] + [lambda: render_pending_until_stored(app)] * (RUNNERS - 1)
        results = at_once(racing)
    assert results[0] == 303
    assert stored_versions() == [1]
    assert pending() == 0


def test_render_pending_runs_racing_for_one_certificate_store_one_pdf(live_database, learner):
    app = current_app._get_current_object()
    track = db.session.scalars(select(Track)).one()
    completion = TrackCompletion(person_id=learner.id, track_id=track.id, cycle=1)
    db.session.add(completion)
    db.session.flush()
    issue_certificate(learner, track, CompletedCycle(completion.id, 1, 1.0), origin=COMMAND_LINE)
    db.session.commit()

    at_once([lambda: render_pending_until_stored(app)] * RUNNERS)
    assert stored_versions() == [1]
    assert pending() == 0
