"""Roles: the ones granted (stored) and the ones derived, and who may grant which."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    EMPLOYEE = "employee"  # everybody with an account
    MANAGER = "manager"  # derived: has at least one active report
    HR = "hr"
    ADMIN = "admin"


GRANTABLE_ROLES = (Role.HR, Role.ADMIN)

# Which granted roles each role may grant or revoke (people import, role changes).
GRANTS = {
    Role.ADMIN: frozenset({Role.HR, Role.ADMIN}),
    Role.HR: frozenset({Role.HR}),
}


def roles_granted_by(person) -> frozenset[Role]:
    """The roles ``person`` (or nobody, for a command) may grant to others."""
    granted: set[Role] = set()
    for role, grantable in GRANTS.items():
        if person is not None and person.has_granted_role(role):
            granted |= grantable
    return frozenset(granted)
