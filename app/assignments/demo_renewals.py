"""The demo's renewals: a few of the certificates the demo earned today are aged, as if they had
been issued long enough ago that two are inside their renewal window and one has expired, and
the renewal window then opens their next cycle through ``open_renewals``, as the daily
``notify`` would. Demo data only.

The certificates themselves were issued by the real completion (the demo passes the quizzes),
so what is changed is only when: the certificate's issue and validity dates (and a serial of
the year it now says it was issued in), the completion and the assignment it closed, moved back
together by the same number of days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from app.assignments.renewal import open_renewals
from app.audit.models import AuditEvent
from app.audit.origin import RequestOrigin
from app.certificates.dates import add_months, valid_until
from app.certificates.issuing import format_serial, next_serial_number
from app.certificates.models import Certificate, SerialCounter
from app.content.models import Track, TrackCourse
from app.extensions import db
from app.learning.models import Assignment, CourseCompletion, TrackCompletion

# Days each aged certificate has left, in the order the demo issued them: two inside the
# window (its e-mails at 30 and 7 days to come), one expired twelve days ago.
DAYS_LEFT = (45, 20, -12)
DEMO_TRACK = "employees"


def age_demo_certificates(*, now: datetime, origin: RequestOrigin) -> int:
    """Age the first certificates of the demo's employees track as DAYS_LEFT says, then open
    their renewals; how many opened. Flush only."""
    query = (
        select(Certificate, Track)
        .join(Track, Track.id == Certificate.track_id)
        .where(Track.slug == DEMO_TRACK)
        .order_by(Certificate.id)
        .limit(len(DAYS_LEFT))
    )
    left = set()
    chosen = zip(db.session.execute(query).all(), DAYS_LEFT, strict=False)
    # The oldest first: an aged year's serials then follow the order of issue.
    for (certificate, track), days_left in sorted(chosen, key=lambda pair: pair[1]):
        left.add(certificate.serial_year)
        age(certificate, track, days_left)
    db.session.flush()
    for year in sorted(left):
        close_serial_gaps(year)
    return open_renewals(now, origin=origin)


def close_serial_gaps(year: int) -> None:
    """Number the certificates still issued in ``year`` 1, 2, 3… in their order of issue, and
    set the year's counter to the last, so that the serials the aged ones left behind leave no
    gap (as issuing would have numbered them). Each one takes a number no higher than its own,
    freed by a move or by the one before it, so the unique keys hold at every step."""
    query = (
        select(Certificate)
        .where(Certificate.serial_year == year)
        .order_by(Certificate.serial_number)
    )
    number = 0
    for number, certificate in enumerate(db.session.scalars(query).all(), start=1):
        if certificate.serial_number != number:
            give_serial(certificate, year, number)
    db.session.execute(update(SerialCounter).where(SerialCounter.year == year).values(last=number))


def age(certificate: Certificate, track: Track, days_left: int) -> None:
    """Move the certificate's issue back so that its last valid day is about ``days_left``
    from its issue date today."""
    today = certificate.valid_from
    issued_on = add_months(today, -track.validity_months) + timedelta(days=days_left + 1)
    shift = today - issued_on
    certificate.valid_from = issued_on
    certificate.valid_until = valid_until(issued_on, track.validity_months)
    certificate.issued_at -= shift
    if issued_on.year != certificate.serial_year:
        renumber(certificate, issued_on)
    else:  # the same serial; its issue's event moves back with it
        give_serial(certificate, certificate.serial_year, certificate.serial_number)
    shift_completion(certificate, shift)


def renumber(certificate: Certificate, issued_on: date) -> None:
    """A serial of the year it is now issued in, taken from that year's counter."""
    give_serial(certificate, issued_on.year, next_serial_number(issued_on.year))


def give_serial(certificate: Certificate, year: int, number: int) -> None:
    """Change the certificate's serial, and the one its issue's audit event names (with the
    time it now says it was issued), so that its history still finds it. Demo data only: an
    issued serial never changes."""
    event = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "certificate.issue",
            AuditEvent.subject_id == certificate.person_id,
            AuditEvent.details["serial"].as_string() == certificate.serial,
        )
    ).first()
    certificate.serial_year, certificate.serial_number = year, number
    certificate.serial = format_serial(year, number)
    if event is not None:
        event.details = {**event.details, "serial": certificate.serial}
        event.occurred_at = certificate.issued_at
    db.session.flush()


def shift_completion(certificate: Certificate, shift: timedelta) -> None:
    """The completion the certificate was earned by, its courses' and the assignment it
    closed, moved back by ``shift``."""
    completion = db.session.get(TrackCompletion, certificate.completion_id)
    completion.completed_at -= shift
    courses = select(TrackCourse.course_id).where(TrackCourse.track_id == certificate.track_id)
    for course_completion in db.session.scalars(
        select(CourseCompletion).where(
            CourseCompletion.person_id == certificate.person_id,
            CourseCompletion.cycle == certificate.cycle,
            CourseCompletion.course_id.in_(courses),
        )
    ):
        course_completion.completed_at -= shift
    assignment = db.session.scalar(
        select(Assignment).where(Assignment.completion_id == completion.id)
    )
    if assignment is not None:
        assignment.assigned_at -= shift
        assignment.closed_at -= shift
        if assignment.due_on is not None:
            assignment.due_on -= shift
