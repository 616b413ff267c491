"""Giving a learner a track in a test, as a manager, a rule or the learner would: through
``open_assignments``, the one way every assignment opens."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.content.models import Track
from app.extensions import db
from app.learning.cycles import BY_PERSON, BY_RULE, NewAssignment, open_assignments


def assign(
    person,
    slug: str = "employees",
    *,
    due_on: date | None = None,
    message: str = "",
    by=None,
    origin: str | None = None,
) -> int:
    """Open the person's assignment on the track (by ``by`` when given, else by a rule) and
    commit; its id."""
    track_id = db.session.scalar(select(Track.id).where(Track.slug == slug))
    new = NewAssignment(
        person_id=person.id,
        track_id=track_id,
        origin=origin or (BY_PERSON if by is not None else BY_RULE),
        due_on=due_on,
        message=message,
        assigned_by_id=by.id if by is not None else None,
    )
    [opened] = open_assignments([new])
    db.session.commit()
    return opened
