"""The assignment e-mails ``notify`` queues: assigned, due soon, overdue (with the manager in
copy), and for a renewal its own: the window is open, the certificate expires soon, it expired
(the manager in copy of that one too; ``schedule``). Read in one query whatever the number of
assignments, queued in a few batched statements; the message log's keys make each e-mail once,
however often and on however many servers the command runs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urljoin

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased, joinedload, raiseload

from app.assignments.schedule import (
    ASSIGNED,
    KINDS,
    OVERDUE,
    RENEWAL_EXPIRED,
    RENEWAL_OPEN,
    Notice,
    NoticeSettings,
    notices_due,
    renewal_notices_due,
)
from app.certificates.models import Certificate
from app.content.models import Track
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import BY_RENEWAL, BY_SELF, OPEN, due_phrase, today_for
from app.learning.models import Assignment
from app.notify.services import Message, message_key, public_url, queue_messages, recipient_of
from app.people.models import Person
from app.timezones import zone_of

TEAM_ENDPOINT = "assignments.team"


@dataclass(frozen=True)
class OpenAssignment:
    """What the e-mails about one open assignment say, loaded with its learner."""

    id: int
    learner: Person
    origin: str
    assigned_at: datetime
    due_on: date | None
    message: str
    track_slug: str
    track_title: dict
    assigned_by: str | None
    renews: RenewedCertificate | None = None  # for a renewal (origin BY_RENEWAL)


@dataclass(frozen=True)
class RenewedCertificate:
    """The certificate a renewal is about: its e-mails are keyed on it and state its expiry."""

    id: int
    serial: str
    valid_until: date


def queue_assignment_notices(now: datetime | None = None) -> Counter:
    """Queue every assignment e-mail due now that is not queued yet; how many of each kind
    this call queued. Flush only: the command commits."""
    now = now or utcnow()
    settings = NoticeSettings.from_config(current_app.config)
    messages = []
    for assignment in assignments_to_consider(now, settings):
        today, notices = notices_for(assignment, now, settings)
        messages += [message_for(assignment, notice, today) for notice in notices]
    queued = Counter({kind: 0 for kind in KINDS})
    queued.update(message.kind for message in queue_messages(messages))
    return queued


def assignments_to_consider(now: datetime, settings: NoticeSettings) -> list[OpenAssignment]:
    """The open assignments of active people on live tracks that may have an e-mail due: opened
    recently, or with a due date near enough. One query (the learner's office and manager come
    joined with them)."""
    assigner = aliased(Person)
    first_due, last_due = settings.due_window(now.date())
    recent = and_(
        Assignment.origin != BY_SELF,
        Assignment.assigned_at >= now - timedelta(days=settings.notice_days),
    )
    query = (
        select(
            Assignment,
            Person,
            Track.slug,
            Track.title,
            assigner.display_name,
            Certificate.id,
            Certificate.serial,
            Certificate.valid_until,
        )
        .join(Person, Person.id == Assignment.person_id)
        .join(Track, Track.id == Assignment.track_id)
        .outerjoin(assigner, assigner.id == Assignment.assigned_by_id)
        .outerjoin(Certificate, Certificate.id == Assignment.renews_certificate_id)
        .where(
            Assignment.state == OPEN,
            Person.active.is_(True),
            Track.retired_at.is_(None),
            or_(recent, Assignment.due_on.between(first_due, last_due)),
        )
        .order_by(Assignment.id)
        # The learner's office and manager come joined; the manager's own relations and
        # anyone's roles are not needed here, and a lazy load would be a query per person.
        .options(
            joinedload(Person.office),
            joinedload(Person.manager).raiseload("*"),
            raiseload(Person.granted_roles),
        )
    )
    return [
        OpenAssignment(
            id=assignment.id,
            learner=person,
            origin=assignment.origin,
            assigned_at=assignment.assigned_at,
            due_on=assignment.due_on,
            message=assignment.message,
            track_slug=slug,
            track_title=title,
            assigned_by=assigned_by,
            renews=renewed(assignment.origin, certificate_id, serial, until),
        )
        for (
            assignment,
            person,
            slug,
            title,
            assigned_by,
            certificate_id,
            serial,
            until,
        ) in db.session.execute(query)
    ]


def renewed(origin: str, certificate_id, serial, until) -> RenewedCertificate | None:
    """The certificate of a renewal the window opened; None for any other assignment (a
    manager's assignment inside the window keeps the e-mails of its own due date)."""
    if origin != BY_RENEWAL or certificate_id is None or until is None:
        return None
    return RenewedCertificate(certificate_id, serial, until)


def notices_for(
    assignment: OpenAssignment, now: datetime, settings: NoticeSettings
) -> tuple[date, list[Notice]]:
    """The learner's date today (where they work: due dates are calendar days there) and the
    e-mails their assignment is due."""
    default_zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    today = today_for(assignment.learner, default_zone, now)
    zone = zone_of(assignment.learner, default_zone)
    assigned_on = assignment.assigned_at.astimezone(zone).date()
    if assignment.renews is not None:
        notices = renewal_notices_due(
            assigned_at=assignment.assigned_at,
            assigned_on=assigned_on,
            expires_on=assignment.renews.valid_until,
            today=today,
            now=now,
            settings=settings,
        )
        return today, notices
    notices = notices_due(
        self_enrolled=assignment.origin == BY_SELF,
        assigned_at=assignment.assigned_at,
        assigned_on=assigned_on,
        due_on=assignment.due_on,
        today=today,
        now=now,
        settings=settings,
    )
    return today, notices


def message_for(assignment: OpenAssignment, notice: Notice, today: date) -> Message:
    """The e-mail of one notice, keyed so that a moved due date gives fresh reminders; the
    "assigned" notice is keyed without it, so moving the date does not announce it again."""
    if assignment.renews is not None:
        return renewal_message(assignment, notice, today)
    learner = assignment.learner
    recipient = recipient_of(learner)
    key = message_key(
        notice.kind,
        learner.id,
        about=f"assignment:{assignment.id}",
        due=None if notice.kind == ASSIGNED else assignment.due_on,
        occurrence=notice.occurrence,
    )
    manager = learner.manager if notice.kind == OVERDUE else None
    copied = manager is not None and manager.active
    context = context_for(assignment, recipient.language, today, manager if copied else None)
    cc = (manager.email,) if copied else ()
    return Message(notice.kind, recipient, context, key, cc)


def context_for(
    assignment: OpenAssignment, language: str, today: date, manager: Person | None
) -> dict:
    """Plain values for the templates, in the learner's language."""
    learner = assignment.learner
    with force_locale(language):
        phrase = due_phrase(assignment.due_on, today)
    title = assignment.track_title
    return {
        "learner_name": learner.display_name,
        "track_title": title.get(language) or next(iter(title.values()), assignment.track_slug),
        "track_url": public_url("learning.track", slug=assignment.track_slug),
        "assigned_by": assignment.assigned_by,
        "due_on": assignment.due_on,
        "due_phrase": phrase,
        "message": assignment.message,
        "manager_name": manager.display_name if manager is not None else None,
        "team_url": team_url() if manager is not None else None,
    }


def renewal_message(assignment: OpenAssignment, notice: Notice, today: date) -> Message:
    """A renewal's e-mail, keyed on the certificate: a renewal withdrawn and opened again does
    not announce the same expiry twice."""
    learner, certificate = assignment.learner, assignment.renews
    recipient = recipient_of(learner)
    key = message_key(
        notice.kind,
        learner.id,
        about=f"certificate:{certificate.id}",
        occurrence=notice.occurrence,
    )
    manager = learner.manager if notice.kind == RENEWAL_EXPIRED else None
    copied = manager is not None and manager.active
    context = context_for(assignment, recipient.language, today, manager if copied else None)
    context |= {
        "serial": certificate.serial,
        "expires_on": certificate.valid_until,
        "expired": today > certificate.valid_until,
        "days_left": (certificate.valid_until - today).days,
        "first_notice": notice.kind == RENEWAL_OPEN,
    }
    cc = (manager.email,) if copied else ()
    return Message(notice.kind, recipient, context, key, cc)


def team_url() -> str:
    """The manager's team page; a plain path at the public address until that page exists."""
    if TEAM_ENDPOINT in current_app.view_functions:
        return public_url(TEAM_ENDPOINT)
    return urljoin(current_app.config["PUBLIC_BASE_URL"] + "/", "team")
