"""What assignments does when another domain announces a change it must not know about: after a
people import, the rules are applied again to the people it changed and to everyone below them
(a manager who moved takes their reporting line into or out of a rule's manager subtree)."""

from __future__ import annotations

from sqlalchemy import select

from app.assignments.reconcile import reconcile
from app.people.importer import people_changed
from app.people.models import Person


def connect_listeners() -> None:
    """Connect once per process; blinker keeps one connection however often it is called."""
    people_changed.connect(reconcile_changed_people)


def reconcile_changed_people(_sender, *, ids, origin, **_extra) -> None:
    if ids:
        reconcile(people=people_and_below(ids), origin=origin)


def people_and_below(ids):
    """A select of ``ids`` and of everyone below them in the org chart (one recursive query)."""
    tree = select(Person.id).where(Person.id.in_(list(ids))).cte("changed_tree", recursive=True)
    tree = tree.union(select(Person.id).where(Person.manager_id == tree.c.id))
    return select(tree.c.id)
