"""Helpers of the renewal tests: a certificate issued on a given day by the real issuing service
(for a completion recorded as the completion service records it), and the renewal the window
opened."""

from __future__ import annotations

from datetime import date

import time_machine
from sqlalchemy import select

from app.audit.origin import COMMAND_LINE
from app.certificates.issuing import CompletedCycle, issue_certificate
from app.certificates.models import Certificate
from app.extensions import db
from app.learning.cycles import BY_RENEWAL
from app.learning.models import Assignment, TrackCompletion
from tests.assignments.notify_helpers import at

ISSUED = date(2027, 1, 10)
VALID_UNTIL = date(2029, 1, 9)  # 24 months, the last valid day
WINDOW_OPENS = date(2028, 11, 10)  # 60 days before


def issue_on(person, track, day: date, cycle: int = 1, grade: float = 0.9) -> Certificate:
    """The certificate ``person`` earns for completing ``track`` (cycle ``cycle``) on ``day``,
    at noon UTC."""
    with time_machine.travel(at(day), tick=False):
        completion = TrackCompletion(person_id=person.id, track_id=track.id, cycle=cycle)
        db.session.add(completion)
        db.session.flush()
        certificate = issue_certificate(
            person, track, CompletedCycle(completion.id, cycle, grade), origin=COMMAND_LINE
        )
        db.session.commit()
    return certificate


def renewals() -> list[Assignment]:
    db.session.expire_all()
    query = select(Assignment).where(Assignment.origin == BY_RENEWAL).order_by(Assignment.id)
    return list(db.session.scalars(query))
