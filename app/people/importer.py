"""People import from CSV: validate every row first, then apply all of it in one go, or nothing.

Reading and checking are pure (``import_csv``, ``import_rows``, ``import_plan``,
``import_changes``): they work on a snapshot of the database as plain values. This module takes
that snapshot and applies a valid file.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field

from blinker import Namespace
from flask import current_app, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.extensions import db
from app.people.import_csv import ImportLimits, ImportProblem, PeopleImportError
from app.people.import_plan import ImportPlan, validate_people_csv
from app.people.import_rows import (
    GRANTABLE,
    ExistingPerson,
    ImportRules,
    PersonRow,
    Snapshot,
    office_keys,
    row_status,
)
from app.people.models import Office, Person, PersonRole
from app.people.permissions import COMMAND_LINE_ACTOR, Actor
from app.people.roles import roles_granted_by
from app.people.services import deactivate_person

__all__ = [
    "ImportProblem",
    "ImportSummary",
    "PeopleImportError",
    "describe_problem",
    "import_people",
    "people_changed",
]

signals = Namespace()
# Sent after an import wrote its changes (``ids``: the people created, updated or deactivated),
# in the import's transaction. People sits below assignments, which listens to apply its rules.
people_changed = signals.signal("people-changed")


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    dry_run: bool = False


def import_people(
    data: bytes,
    *,
    importer,
    origin: RequestOrigin,
    deactivate_missing: bool,
    dry_run: bool,
) -> ImportSummary:
    """Validate ``data`` and apply it (flush only; the caller commits). A dry run writes nothing."""
    people = people_by_email()
    snapshot = snapshot_of(people)
    with problems_language():
        plan = validate_people_csv(
            data, snapshot, rules_for(importer, deactivate_missing), limits_from_settings()
        )
    summary = summarise(plan, snapshot, dry_run)
    if dry_run:
        return summary
    try:
        apply_plan(plan, people, importer, origin)
        changed = summary.created + summary.updated + summary.deactivated
        people_changed.send(importer, ids=[people[email].id for email in changed], origin=origin)
        record_event("people.import", origin=origin, actor=importer, details=counts(summary))
        db.session.flush()
    except IntegrityError as error:
        # Another import (or an admin) changed the same people between our check and our write.
        raise PeopleImportError([ImportProblem(1, None, concurrent_change_message())]) from error
    return summary


def concurrent_change_message() -> str:
    with problems_language():
        return _("people changed in Relais while this file was imported; import it again")


def describe_problem(problem: ImportProblem) -> str:
    """``row N, column C: reason``: the shape people read in the CLI and on the page."""
    if problem.column:
        return f"row {problem.row}, column {problem.column}: {problem.message}"
    return f"row {problem.row}: {problem.message}"


def problems_language():
    """The page speaks the person's language; the command line speaks English, like ``cli.py``.

    Forcing it outside a request also keeps ``select_locale`` (which reads the session) from
    running where there is no session.
    """
    return nullcontext() if has_request_context() else force_locale("en")


def limits_from_settings() -> ImportLimits:
    config = current_app.config
    return ImportLimits(
        rows=config["PEOPLE_IMPORT_MAX_ROWS"], cell=config["PEOPLE_IMPORT_MAX_CELL"]
    )


def rules_for(importer, deactivate_missing: bool) -> ImportRules:
    if importer is None:  # the command line: whoever can run it already owns the server
        return ImportRules(COMMAND_LINE_ACTOR, GRANTABLE, deactivate_missing)
    actor = Actor(importer.email.lower(), frozenset(link.role for link in importer.granted_roles))
    remit = frozenset(str(role) for role in roles_granted_by(importer))
    return ImportRules(actor, remit, deactivate_missing)


# --- reading the database --------------------------------------------------------------------


def people_by_email() -> dict[str, Person]:
    return {person.email.lower(): person for person in db.session.scalars(select(Person))}


def snapshot_of(people: dict[str, Person]) -> Snapshot:
    """The database as plain values, for the pure checks."""
    every_office = list(db.session.scalars(select(Office)))
    offices = {office.id: office.code for office in every_office}
    emails = {person.id: email for email, person in people.items()}
    existing = {
        email: ExistingPerson(
            name=person.display_name,
            department=person.department,
            office=offices.get(person.office_id),
            language=person.language,
            manager=emails.get(person.manager_id),
            roles=frozenset(link.role for link in person.granted_roles),
            active=person.active,
        )
        for email, person in people.items()
    }
    keys = office_keys([(office.code, office.name) for office in every_office])
    return Snapshot(keys, existing)


def summarise(plan: ImportPlan, snapshot: Snapshot, dry_run: bool) -> ImportSummary:
    summary = ImportSummary(deactivated=list(plan.deactivate), dry_run=dry_run)
    for row in plan.rows:
        # row_status names the summary list the row belongs to: created, updated or unchanged.
        getattr(summary, row_status(row, snapshot.people.get(row.email))).append(row.email)
    return summary


def counts(summary: ImportSummary) -> dict:
    return {
        "created": len(summary.created),
        "updated": len(summary.updated),
        "unchanged": len(summary.unchanged),
        "deactivated": len(summary.deactivated),
        "dry_run": summary.dry_run,
    }


# --- writing it ------------------------------------------------------------------------------


def apply_plan(
    plan: ImportPlan, people: dict[str, Person], importer, origin: RequestOrigin
) -> None:
    offices = {office.code: office for office in db.session.scalars(select(Office))}
    for row in plan.rows:
        if row.email not in people:
            # No password: a new person sets one through "forgot password".
            people[row.email] = Person(email=row.email, active=True, password_hash=None)
            db.session.add(people[row.email])
        copy_fields(people[row.email], row, offices[row.office])
    db.session.flush()  # new people get their ids before managers and audit events refer to them
    for row in plan.rows:
        person = people[row.email]
        # Managers last: a manager's row may come after their reports' rows.
        person.manager = people[row.manager] if row.manager else None
        set_granted_roles(person, row.roles, importer, origin)
        if not person.active:
            reactivate(person, importer, origin)
    for email in plan.deactivate:
        deactivate_person(people[email], importer, origin)


def copy_fields(person: Person, row: PersonRow, office: Office) -> None:
    # Assigning an equal value is no change: SQLAlchemy writes only the columns that differ.
    person.display_name = row.name
    person.department = row.department
    person.office = office
    person.language = row.language


def set_granted_roles(
    person: Person, roles: frozenset[str], importer, origin: RequestOrigin
) -> None:
    held = {link.role for link in person.granted_roles}
    for role in sorted(roles - held):
        person.granted_roles.append(PersonRole(role=role))
        record_event(
            "role.granted", origin=origin, actor=importer, subject=person, details={"role": role}
        )
    for link in [link for link in person.granted_roles if link.role not in roles]:
        person.granted_roles.remove(link)
        record_event(
            "role.revoked",
            origin=origin,
            actor=importer,
            subject=person,
            details={"role": link.role},
        )


def reactivate(person: Person, importer, origin: RequestOrigin) -> None:
    person.active = True
    person.deactivated_at = None
    record_event("person.reactivated", origin=origin, actor=importer, subject=person)
