"""The reporting line: whom a manager manages, directly or at every level below, read from the
org chart at each request, so that a reorganisation (an import that moves a person) changes
what a manager sees and may do on their next request."""

from __future__ import annotations

from sqlalchemy import exists, select

from app.extensions import db
from app.people.models import Person


def reporting_line(manager_id: int, *, direct_only: bool = False, active_only: bool = True):
    """A select of the ids of the people below ``manager_id``: their direct reports, or the
    whole subtree (a recursive query, so one statement at any depth). Use it as a subquery:
    ``Person.id.in_(reporting_line(manager.id))``."""
    if direct_only:
        query = select(Person.id).where(Person.manager_id == manager_id)
        return query.where(Person.active.is_(True)) if active_only else query
    below = (
        select(Person.id, Person.active)
        .where(Person.manager_id == manager_id)
        .cte("reporting_line", recursive=True)
    )
    # UNION (not UNION ALL): a loop in the chart, which the import refuses anyway, would end.
    below = below.union(select(Person.id, Person.active).where(Person.manager_id == below.c.id))
    query = select(below.c.id)
    return query.where(below.c.active.is_(True)) if active_only else query


def manages(manager_id: int, person_id: int, *, direct_only: bool = False) -> bool:
    """Whether ``person_id`` is in the reporting line of ``manager_id`` (active or not: a
    manager still sees a leaver's record)."""
    line = reporting_line(manager_id, direct_only=direct_only, active_only=False).subquery()
    query = select(exists().where(line.c.id == person_id))
    return bool(db.session.scalar(query))


def people_in_line(manager_id: int, person_ids, *, direct_only: bool = False) -> set[int]:
    """The ids among ``person_ids`` that are in the reporting line of ``manager_id`` (one
    query), for a page that acts on several people at once."""
    line = reporting_line(manager_id, direct_only=direct_only, active_only=False).subquery()
    query = select(line.c.id).where(line.c.id.in_(list(person_ids)))
    return set(db.session.scalars(query))
