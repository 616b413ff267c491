"""The demo's champions: most demo people whose certificates reach a level choose to appear
in the directory, so that it is not empty on ``make run``; one in three does not, so that HR's
roster shows both. Demo data only; flush only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.audit.origin import RequestOrigin
from app.champions.credits import all_offices, credits_by_person, local_days
from app.champions.programme import programme_levels
from app.champions.standing import join_directory
from app.extensions import db
from app.people.models import Person


def list_demo_champions(*, origin: RequestOrigin, now: datetime) -> int:
    """List two in three of the people at a level (by name); the number listed."""
    levels = programme_levels()
    if not levels:
        return 0
    db.session.flush()
    credits = credits_by_person(local_days(all_offices(), now))
    people = db.session.scalars(
        select(Person)
        .join(credits, credits.c.person_id == Person.id)
        .where(Person.active.is_(True), credits.c.credits >= levels[0].credits)
        .order_by(Person.display_name, Person.id)
    )
    listed = 0
    for position, person in enumerate(people):
        if position % 3 != 2 and join_directory(person, origin=origin):
            listed += 1
    return listed
