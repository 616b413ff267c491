"""Read-side services for the admin pages: load everything a page shows, nothing lazily."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.audit.models import AuditEvent
from app.extensions import db
from app.people.models import Person

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor: str
    subject: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    action: str
    page_number: int
    has_next: bool
    total: int


def find_person(person_id: int) -> Person | None:
    return db.session.get(Person, person_id)


class PageNotFound(LookupError):
    """A page number before the first page or after the last: the caller answers 400."""


def audit_page(action: str = "", page_number: int = 1) -> AuditPage:
    """One page of the log, newest first; page 1 always exists, even when the log is empty."""
    actor, subject = aliased(Person), aliased(Person)
    query = (
        select(AuditEvent, actor.email, subject.email)
        .outerjoin(actor, AuditEvent.actor_id == actor.id)
        .outerjoin(subject, AuditEvent.subject_id == subject.id)
    )
    count = select(func.count(AuditEvent.id))
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
        count = count.where(AuditEvent.action.startswith(action, autoescape=True))
    total = db.session.scalar(count) or 0
    if not 1 <= page_number <= max(1, -(-total // PAGE_SIZE)):
        raise PageNotFound(page_number)
    rows = db.session.execute(
        query.order_by(AuditEvent.id.desc())
        .offset((page_number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    return AuditPage(
        rows=[AuditRow(event, a or "", s or "") for event, a, s in rows[:PAGE_SIZE]],
        action=action,
        page_number=page_number,
        has_next=len(rows) > PAGE_SIZE,
        total=total,
    )
