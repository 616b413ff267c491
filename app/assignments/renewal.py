"""The renewal window (Totara's recertification): a certificate about to expire opens the next
cycle of its track, an assignment due on the certificate's last valid day.

For each person's latest certificate on a track, not revoked and with an expiry, the window
opens on ``valid_until - track.renewal_days`` (the person's date, where they work). From that
day on, ``open_renewals`` opens the renewal (origin BY_RENEWAL, ``renews_certificate_id``) unless
the person already has an assignment open on the track, or a later cycle of it (opened, done or
withdrawn: a manager who withdrew a renewal meant it, and the daily run does not give it back).
A certificate that expired without its window ever being seen (a first run on old data) opens
its renewal too, already late: the person still has to recertify.

It runs from the daily ``notify`` (before the e-mails, so the "window open" e-mail goes in the
same run as the cycle opens) rather than from ``assignments reconcile``: it depends on the date,
like the e-mails, and not on the rules, while reconcile also runs in requests (a rule saved, a
people import) that should not carry it. A fixed number of statements however many
certificates; safe twice and on two servers at once (``open_assignments``' ON CONFLICT on the one
open assignment per person and track, after taking SQLite's write lock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased, joinedload, raiseload

from app.assignments.reconcile import take_write_lock
from app.audit.origin import RequestOrigin
from app.audit.services import record_events
from app.certificates.models import VALID, Certificate
from app.content.models import Track
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import BY_RENEWAL, OPEN, NewAssignment, open_assignments, today_for
from app.learning.models import Assignment, TrackCompletion
from app.people.models import Person

__all__ = ["RenewalDue", "open_renewals", "renewals_due", "window_opens_on"]


@dataclass(frozen=True)
class RenewalDue:
    """A certificate whose renewal window is open and whose renewal is not opened yet."""

    person_id: int
    track_id: int
    certificate_id: int
    cycle: int
    valid_until: date


def window_opens_on(valid_until: date, renewal_days: int) -> date:
    """The first day of a certificate's renewal window."""
    return valid_until - timedelta(days=renewal_days)


def open_renewals(now: datetime | None = None, *, origin: RequestOrigin) -> int:
    """Open the renewal of every certificate whose window is open today; how many this call
    opened (a racing run's are not counted twice). Flush only: the command commits."""
    take_write_lock()
    now = now or utcnow()
    due = renewals_due(now)
    new = [
        NewAssignment(
            item.person_id,
            item.track_id,
            BY_RENEWAL,
            due_on=item.valid_until,
            renews_certificate_id=item.certificate_id,
        )
        for item in due
    ]
    opened = set(open_assignments(new, now))
    if not opened:
        return 0
    rows = db.session.execute(
        select(Assignment.id, Assignment.person_id, Assignment.track_id, Assignment.cycle).where(
            Assignment.id.in_(opened)
        )
    )
    by_pair = {(item.person_id, item.track_id): item for item in due}
    events = [
        (
            row.person_id,
            {
                "assignment": row.id,
                "track": row.track_id,
                "cycle": row.cycle,
                "certificate": by_pair[(row.person_id, row.track_id)].certificate_id,
                "due": by_pair[(row.person_id, row.track_id)].valid_until.isoformat(),
            },
        )
        for row in rows
    ]
    record_events("assignment.renewal_opened", origin=origin, events=events)
    return len(events)


def renewals_due(now: datetime) -> list[RenewalDue]:
    """The certificates whose window is open on the holder's date, with nothing opened for the
    next cycle: two statements (the widest window, then the candidates with their people)."""
    widest = db.session.scalar(
        select(func.max(Track.renewal_days)).where(Track.retired_at.is_(None))
    )
    if widest is None:
        return []
    # A day wider than the widest window: "today" depends on the office's zone.
    last_expiry = now.date() + timedelta(days=widest + 1)
    default_zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    found = []
    for certificate, track, person in db.session.execute(candidates(last_expiry)):
        today = today_for(person, default_zone, now)
        if today >= window_opens_on(certificate.valid_until, track.renewal_days):
            found.append(
                RenewalDue(
                    person.id,
                    track.id,
                    certificate.id,
                    certificate.cycle,
                    certificate.valid_until,
                )
            )
    return found


def candidates(last_expiry: date):
    """The latest certificate of each active person on each live track, valid (not revoked),
    expiring by ``last_expiry``, with no open assignment and no later cycle on the track."""
    later = aliased(Certificate)
    newer_certificate = exists().where(
        later.person_id == Certificate.person_id,
        later.track_id == Certificate.track_id,
        later.cycle > Certificate.cycle,
    )
    open_or_later = exists().where(
        Assignment.person_id == Certificate.person_id,
        Assignment.track_id == Certificate.track_id,
        (Assignment.state == OPEN) | (Assignment.cycle > Certificate.cycle),
    )
    later_completion = exists().where(
        TrackCompletion.person_id == Certificate.person_id,
        TrackCompletion.track_id == Certificate.track_id,
        TrackCompletion.cycle > Certificate.cycle,
    )
    return (
        select(Certificate, Track, Person)
        .join(Track, Track.id == Certificate.track_id)
        .join(Person, Person.id == Certificate.person_id)
        .where(
            and_(
                Certificate.state == VALID,
                Certificate.valid_until.is_not(None),
                Certificate.valid_until <= last_expiry,
                Track.retired_at.is_(None),
                Person.active.is_(True),
                ~newer_certificate,
                ~open_or_later,
                ~later_completion,
            )
        )
        .order_by(Certificate.id)
        # The office gives the person's zone; nothing else of theirs is read.
        .options(
            joinedload(Person.office),
            raiseload(Person.manager),
            raiseload(Person.granted_roles),
            raiseload(Certificate.documents),
        )
    )
