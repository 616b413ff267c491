"""Who may give a track to whom, read at each request: HR and admins reach everyone, a manager
their reporting line at every level (``people.reporting``), so that after a reorganisation the
former manager loses the person on the next request."""

from __future__ import annotations

from collections.abc import Collection

from app.people.reporting import manages, people_in_line
from app.people.roles import Role


class OutOfReach(Exception):
    """The person acted on is not someone the actor may assign: the page answers 403."""


def reaches_everyone(actor) -> bool:
    return actor.has_granted_role(Role.HR) or actor.has_granted_role(Role.ADMIN)


def check_reach(actor, person_id: int) -> None:
    """Raise OutOfReach unless ``actor`` may assign, move or withdraw for ``person_id``."""
    if not reaches_everyone(actor) and not manages(actor.id, person_id):
        raise OutOfReach(person_id)


def out_of_reach(actor, person_ids: Collection[int]) -> set[int]:
    """The ids among ``person_ids`` that ``actor`` may not assign (one query for a manager)."""
    if reaches_everyone(actor) or not person_ids:
        return set()
    return set(person_ids) - people_in_line(actor.id, person_ids)
