"""The renewal window: on the day it opens (``valid_until - renewal_days``, in the holder's
zone), ``notify`` opens the next cycle, due on the certificate's last valid day; never before,
never twice, never for a revoked certificate, a later cycle, a withdrawn renewal, a retired
track or someone who left."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import event, select

from app.assignments.renewal import open_renewals
from app.audit.models import AuditEvent
from app.audit.origin import COMMAND_LINE
from app.certificates.models import REVOKED
from app.extensions import db
from app.learning.cycles import (
    BY_PERSON,
    BY_RENEWAL,
    OPEN,
    WITHDRAWN,
    NewAssignment,
    close_assignment,
    open_assignments,
)
from app.learning.models import Assignment
from tests.assignments.notify_helpers import RENEWALS_OPENED, at, make_track, notify_output
from tests.assignments.renewal_helpers import (
    ISSUED,
    VALID_UNTIL,
    WINDOW_OPENS,
    issue_on,
    renewals,
)
from tests.factories import make_office, make_person


@pytest.fixture
def track(app):
    return make_track()


@pytest.fixture
def holder(app):
    return make_person(display_name="Léa Martin", office=make_office("paris"))


def opened_on(app, day: date, hour: int = 12) -> int:
    return notify_output(app, at(day, hour))[RENEWALS_OPENED]


def test_the_certificate_s_dates_are_those_the_window_is_counted_from(app, track, holder):
    certificate = issue_on(holder, track, ISSUED)
    assert (certificate.valid_from, certificate.valid_until) == (ISSUED, VALID_UNTIL)


def test_the_window_does_not_open_the_day_before(app, track, holder):
    issue_on(holder, track, ISSUED)
    assert opened_on(app, WINDOW_OPENS - timedelta(days=1)) == 0
    assert renewals() == []


def test_the_window_opens_exactly_on_its_day_with_a_renewal_due_at_the_expiry(app, track, holder):
    certificate = issue_on(holder, track, ISSUED)
    assert opened_on(app, WINDOW_OPENS) == 1
    [renewal] = renewals()
    assert (renewal.person_id, renewal.track_id, renewal.state) == (holder.id, track.id, OPEN)
    assert (renewal.origin, renewal.renews_certificate_id) == (BY_RENEWAL, certificate.id)
    assert (renewal.cycle, renewal.due_on) == (2, VALID_UNTIL)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "assignment.renewal_opened")
    )
    assert event.subject_id == holder.id
    assert event.details["certificate"] == certificate.id


def test_opening_is_idempotent_the_same_day_and_the_days_after(app, track, holder):
    issue_on(holder, track, ISSUED)
    assert opened_on(app, WINDOW_OPENS) == 1
    assert opened_on(app, WINDOW_OPENS, hour=18) == 0
    assert opened_on(app, WINDOW_OPENS + timedelta(days=1)) == 0
    assert opened_on(app, VALID_UNTIL + timedelta(days=3)) == 0
    assert len(renewals()) == 1


def test_the_day_is_the_holder_s_in_their_office_zone(app, track):
    in_paris = make_person(office=make_office("paris"))
    in_quebec = make_person(office=make_office("quebec"))
    for person in (in_paris, in_quebec):
        issue_on(person, track, ISSUED)
    # 03:00 UTC on the day: 04:00 in Paris (open), still 22:00 the day before in Québec.
    assert opened_on(app, WINDOW_OPENS, hour=3) == 1
    assert [renewal.person_id for renewal in renewals()] == [in_paris.id]
    assert opened_on(app, WINDOW_OPENS, hour=6) == 1
    assert {renewal.person_id for renewal in renewals()} == {in_paris.id, in_quebec.id}


def test_the_track_s_own_window_is_used(app):
    short = make_track(slug="managers")
    short.renewal_days = 10
    holder = make_person()
    issue_on(holder, short, ISSUED)
    assert opened_on(app, VALID_UNTIL - timedelta(days=11)) == 0
    assert opened_on(app, VALID_UNTIL - timedelta(days=10)) == 1


def test_a_revoked_certificate_does_not_renew(app, track, holder):
    certificate = issue_on(holder, track, ISSUED)
    certificate.state, certificate.revoked_at = REVOKED, datetime(2027, 6, 1, tzinfo=UTC)
    db.session.commit()
    assert opened_on(app, WINDOW_OPENS) == 0
    assert opened_on(app, VALID_UNTIL + timedelta(days=1)) == 0
    assert renewals() == []


def test_only_the_latest_certificate_renews(app, track, holder):
    issue_on(holder, track, date(2025, 1, 10))  # cycle 1, its window long past
    latest = issue_on(holder, track, ISSUED, cycle=2)
    assert opened_on(app, WINDOW_OPENS - timedelta(days=1)) == 0
    assert opened_on(app, WINDOW_OPENS) == 1
    [renewal] = renewals()
    assert (renewal.renews_certificate_id, renewal.cycle) == (latest.id, 3)


def test_a_revoked_latest_certificate_is_not_replaced_by_an_earlier_one(app, track, holder):
    issue_on(holder, track, date(2025, 1, 10))
    latest = issue_on(holder, track, ISSUED, cycle=2)
    latest.state, latest.revoked_at = REVOKED, datetime(2027, 6, 1, tzinfo=UTC)
    db.session.commit()
    assert opened_on(app, WINDOW_OPENS) == 0


def test_an_open_assignment_on_the_track_is_kept_and_no_renewal_added(app, track, holder):
    issue_on(holder, track, ISSUED)
    manager = make_person()
    with time_machine.travel(at(WINDOW_OPENS - timedelta(days=5)), tick=False):
        open_assignments([NewAssignment(holder.id, track.id, BY_PERSON, assigned_by_id=manager.id)])
        db.session.commit()
    assert opened_on(app, WINDOW_OPENS) == 0
    assert renewals() == []


def test_a_withdrawn_renewal_is_not_opened_again(app, track, holder):
    issue_on(holder, track, ISSUED)
    assert opened_on(app, WINDOW_OPENS) == 1
    [renewal] = renewals()
    close_assignment(renewal.id, WITHDRAWN, closed_by_id=holder.id, reason="left the role")
    db.session.commit()
    assert opened_on(app, WINDOW_OPENS + timedelta(days=1)) == 0
    assert opened_on(app, VALID_UNTIL + timedelta(days=1)) == 0
    assert [r.state for r in renewals()] == [WITHDRAWN]


def test_a_certificate_found_expired_opens_its_renewal_already_late(app, track, holder):
    issue_on(holder, track, ISSUED)
    assert opened_on(app, VALID_UNTIL + timedelta(days=40)) == 1
    [renewal] = renewals()
    assert renewal.due_on == VALID_UNTIL


def test_nobody_who_left_and_no_retired_track_gets_a_renewal(app, track, holder):
    issue_on(holder, track, ISSUED)
    retired = make_track(slug="retired")
    other = make_person()
    issue_on(other, retired, ISSUED)
    holder.active = False
    retired.retired_at = datetime(2028, 1, 1, tzinfo=UTC)
    db.session.commit()
    assert opened_on(app, WINDOW_OPENS) == 0


@pytest.mark.parametrize("size", [3, 30], ids=["3-certificates", "30-certificates"])
def test_opening_runs_the_same_statements_however_many_certificates(app, track, size):
    for _ in range(size):
        issue_on(make_person(office=make_office("paris")), track, ISSUED)
    seen = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement.split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with time_machine.travel(at(WINDOW_OPENS), tick=False):
            opened = open_renewals(origin=COMMAND_LINE)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    db.session.commit()
    assert opened == size
    lock = ["UPDATE"] if db.engine.dialect.name == "sqlite" else []
    # The lock, the widest window, the candidates, the cycles completed, the openings, their
    # rows, the audit.
    assert [verb for verb in seen if verb not in ("BEGIN", "COMMIT", "SAVEPOINT")] == [
        *lock,
        "SELECT",
        "SELECT",
        "SELECT",
        "INSERT",
        "SELECT",
        "INSERT",
    ]
    assert db.session.query(Assignment).count() == size
