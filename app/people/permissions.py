"""Who may change whom: the one decision behind every change made to a person's standing.

Pure: it works on plain values (e-mails and granted roles), so the import's checks, which run
on a snapshot of the database, and anything else that changes a person ask the same question.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.people.roles import GRANTABLE_ROLES, Role

ADMIN = str(Role.ADMIN)


class Change(enum.StrEnum):
    """The changes to a person that depend on who makes them."""

    DEACTIVATE = "deactivate"
    REACTIVATE = "reactivate"
    ROLES = "roles"
    MANAGER = "manager"


class Refusal(enum.Enum):
    """Why a change is refused; the caller words it for where it was asked (row, page)."""

    OWN_DEACTIVATION = "own_deactivation"  # nobody deactivates themselves
    OWN_ADMIN_ROLE = "own_admin_role"  # an admin does not remove their own admin role
    ADMINS_ONLY = "admins_only"  # only an admin may change an admin
    LAST_ADMIN = "last_admin"  # Relais always keeps an active admin


@dataclass(frozen=True)
class Actor:
    """Who makes the change: their e-mail and granted roles; the command line has no e-mail."""

    email: str | None
    roles: frozenset[str]


# Whoever can run a command already owns the server: every role, but no account of its own.
COMMAND_LINE_ACTOR = Actor(None, frozenset(str(role) for role in GRANTABLE_ROLES))


@dataclass(frozen=True)
class Subject:
    """The person changed, as they are before the change."""

    email: str
    roles: frozenset[str]  # granted roles held now
    active: bool


def change_refusal(
    actor: Actor, subject: Subject, change: Change, admins_after: frozenset[str]
) -> Refusal | None:
    """Why ``actor`` may not make ``change`` to ``subject``, or None if they may.

    ``admins_after``: the e-mails of the active admins once every change asked for together
    (a whole file, say) is made, so that removing several admins at once is seen as such.
    """
    is_admin = ADMIN in subject.roles
    stays_admin = subject.email in admins_after
    loses_admin = change in (Change.DEACTIVATE, Change.ROLES) and is_admin and not stays_admin
    if subject.email == actor.email:
        if change is Change.DEACTIVATE:
            return Refusal.OWN_DEACTIVATION
        if change is Change.ROLES and loses_admin:
            return Refusal.OWN_ADMIN_ROLE
    if is_admin and ADMIN not in actor.roles:
        return Refusal.ADMINS_ONLY
    if loses_admin and subject.active and not admins_after:
        return Refusal.LAST_ADMIN
    return None
