"""Whether the importer may make each change a people file asks for, and the refusals' words.

Pure, like ``import_plan``: every change to someone who exists (reactivation, roles, manager) and
every deactivation of someone missing is put to ``permissions.change_refusal``.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _

from app.people.import_csv import ImportProblem
from app.people.import_rows import ExistingPerson, ImportRules, PersonRow, Snapshot
from app.people.permissions import ADMIN, Change, Refusal, Subject, change_refusal


def change_problems(
    listed: dict[str, PersonRow], deactivate: list[str], snapshot: Snapshot, rules: ImportRules
) -> Iterator[ImportProblem]:
    """Every change the file makes to someone who exists, asked of ``change_refusal``."""
    admins_after = active_admins_after(listed, deactivate, snapshot)
    for email, row in listed.items():
        existing = snapshot.people.get(email)
        if existing is None:
            continue  # creating a person changes nobody
        subject = Subject(email, existing.roles, existing.active)
        for change, column in changes_of(row, existing):
            refusal = change_refusal(rules.importer, subject, change, admins_after)
            if refusal is not None:
                message = row_refusal_message(refusal, change, existing)
                yield ImportProblem(row.number, column, message)
    for email in deactivate:
        subject = Subject(email, snapshot.people[email].roles, active=True)
        refusal = change_refusal(rules.importer, subject, Change.DEACTIVATE, admins_after)
        if refusal is not None:
            # Nobody missing has a row: the message names them, on the header row.
            yield ImportProblem(1, None, missing_refusal_message(refusal, email))


def changes_of(row: PersonRow, existing: ExistingPerson) -> Iterator[tuple[Change, str | None]]:
    if not existing.active:
        yield Change.REACTIVATE, None
    if row.roles != existing.roles:
        yield Change.ROLES, "roles"
    if row.manager != existing.manager:
        yield Change.MANAGER, "manager_email"


def active_admins_after(
    listed: dict[str, PersonRow], deactivate: list[str], snapshot: Snapshot
) -> frozenset[str]:
    """The active admins once the file is applied: listed people are (re)activated."""
    kept = {
        email
        for email, person in snapshot.people.items()
        if person.active and ADMIN in person.roles and email not in listed
    }
    listed_admins = {email for email, row in listed.items() if ADMIN in row.roles}
    return frozenset((kept - set(deactivate)) | listed_admins)


def row_refusal_message(refusal: Refusal, change: Change, existing: ExistingPerson) -> str:
    if refusal is Refusal.OWN_ADMIN_ROLE:
        return _("you cannot remove your own admin role; add admin to your row")
    if refusal is Refusal.LAST_ADMIN:
        return _(
            "this removes the admin role from the last active administrator; keep admin in "
            "this row, or make someone else an administrator in the same file"
        )
    if change is Change.REACTIVATE:
        return _(
            "this person is a deactivated administrator and only an administrator may "
            "reactivate them; remove this row"
        )
    if change is Change.ROLES:
        return _(
            "this person is an administrator and only an administrator may change their "
            "roles; keep them as they are: %(roles)s",
            roles=" ".join(sorted(existing.roles)),
        )
    if existing.manager:
        return _(
            "this person is an administrator and only an administrator may change their "
            "manager; keep %(email)s",
            email=existing.manager,
        )
    return _(
        "this person is an administrator and only an administrator may change their manager; "
        "leave this cell empty"
    )


def missing_refusal_message(refusal: Refusal, email: str) -> str:
    if refusal is Refusal.OWN_DEACTIVATION:
        return _(
            "you (%(email)s) are not in this file, so you would be deactivated; "
            "add a row for yourself",
            email=email,
        )
    if refusal is Refusal.ADMINS_ONLY:
        return _(
            "administrator %(email)s is not in this file, so they would be deactivated, and "
            "only an administrator may deactivate an administrator; add a row for them",
            email=email,
        )
    return _(
        "%(email)s is not in this file, so they would be deactivated and Relais would have no "
        "active administrator left; add a row for them",
        email=email,
    )
