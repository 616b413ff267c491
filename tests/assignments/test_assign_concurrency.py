"""Two managers who both reach a person (one directly, one at the level above) confirm the same
track for them at the same moment, several times each, against a live server in its own
process: one assignment is open, and one audit event says so. On a SQLite file and on
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.content.loader import load_content
from app.content.models import Track
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import OPEN, today_for
from app.learning.models import Assignment
from tests.assignments.assign_helpers import confirm_form
from tests.content.content_cases import MINIMAL
from tests.factories import make_person
from tests.quiz import test_concurrency as quiz_concurrency
from tests.quiz.test_concurrency import all_at_once, post, served, sign_in_cookie

live_database = quiz_concurrency.live_database  # the same fixture: SQLite file, PostgreSQL
REQUESTS_EACH = 6


def test_two_managers_assigning_one_person_at_once_open_one(live_database):
    sync_content(load_content(MINIMAL))
    track = db.session.scalar(select(Track).where(Track.slug == "employees"))
    top = make_person(language="en")
    middle = make_person(language="en", manager=top)
    learner = make_person(language="en", manager=middle)
    db.session.commit()
    form = confirm_form(track, [learner], today_for(learner) + timedelta(days=7))
    with served(live_database) as base_url:
        cookies = [sign_in_cookie(base_url, person.email) for person in (top, middle)]
        calls = [cookies[n % 2] for n in range(2 * REQUESTS_EACH)]
        results = all_at_once(
            len(calls), lambda: post(base_url, "/assign/confirm", calls.pop(), form)
        )
    assert {status for status, _location in results} == {302}
    db.session.expire_all()
    rows = db.session.scalars(select(Assignment)).all()
    assert [(row.person_id, row.state) for row in rows] == [(learner.id, OPEN)]
    assert rows[0].assigned_by_id in {top.id, middle.id}
    query = select(func.count()).where(AuditEvent.action == "assignment.assign")
    assert db.session.scalar(query) == 1
