"""Posting the assign form, as the page does, and reading what it wrote."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.learning.cycles import BY_PERSON, NewAssignment, open_assignments
from app.learning.models import Assignment


def assign_form(track, **fields) -> dict:
    """The preview form's fields: ``track`` due in 14 days, to the people ticked."""
    values = {
        "track": str(track.id),
        "who": "people",
        "due_kind": "days",
        "due_days": "14",
        "due": "",
        "message": "",
    }
    values.update(fields)
    return values


def people(*persons) -> list[str]:
    return [str(person.id) for person in persons]


def confirm_form(track, persons, due_on: date, message: str = "") -> dict:
    """What the preview's Confirm button sends."""
    return {
        "track": str(track.id),
        "who": "people",
        "people": people(*persons),
        "due_kind": "date",
        "due": due_on.isoformat(),
        "message": message,
        "confirm": "1",
    }


def assignments() -> list[Assignment]:
    db.session.expire_all()
    return list(db.session.scalars(select(Assignment).order_by(Assignment.id)))


def assignment_events() -> int:
    query = select(func.count()).where(AuditEvent.action.like("assignment.%"))
    return db.session.scalar(query)


def text(response) -> str:
    return response.get_data(as_text=True)


def open_for(person, track, by, **values) -> int:
    """Open an assignment as a manager's would be, committed; its id."""
    new = NewAssignment(person.id, track.id, BY_PERSON, assigned_by_id=by.id, **values)
    (assignment_id,) = open_assignments([new])
    db.session.commit()
    return assignment_id
