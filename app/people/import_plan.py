"""From a people file to an import plan: every row checked, then the file as a whole.

Pure, like ``import_rows``: duplicates, managers, loops in the reporting line and who would be
deactivated are decided on the snapshot, whether the importer may make each change in
``import_changes``; every problem is collected before any is raised (up to a bound).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

from app.people.import_changes import change_problems
from app.people.import_csv import (
    CHECKED_PROBLEMS,
    ImportLimits,
    ImportProblem,
    PeopleImportError,
    read_people_csv,
    reading_order,
)
from app.people.import_rows import ImportRules, PersonRow, Snapshot, check_row

SHOWN_CHAIN = 10  # people named in a circle's message at the most


@dataclass(frozen=True)
class ImportPlan:
    rows: list[PersonRow]
    deactivate: list[str]  # e-mails


def validate_people_csv(
    data: bytes, snapshot: Snapshot, rules: ImportRules, limits: ImportLimits
) -> ImportPlan:
    """Check the whole file and return what to do, or raise with every problem at once."""
    csv_rows, problems = read_people_csv(data, limits)
    rows = []
    for csv_row in csv_rows:
        row, row_problems = check_row(csv_row, snapshot, rules)
        rows.append(row)
        problems += row_problems
        if len(problems) >= CHECKED_PROBLEMS:
            # Enough to correct: the rest of the file (and the checks across rows) can wait.
            raise PeopleImportError(sorted(problems, key=reading_order), csv_row.number)
    problems += duplicate_problems(rows)
    listed = first_rows_by_email(rows)
    problems += manager_problems(rows, listed, snapshot, rules)
    problems += cycle_problems(listed, reporting_lines(listed, snapshot))
    deactivate = missing_people(listed, snapshot, rules)
    problems += change_problems(listed, deactivate, snapshot, rules)
    if problems:
        raise PeopleImportError(sorted(problems, key=reading_order))
    return ImportPlan(list(listed.values()), deactivate)


def duplicate_problems(rows: list[PersonRow]) -> Iterator[ImportProblem]:
    first_row: dict[str, int] = {}
    for row in rows:
        if row.email is None:
            continue
        if row.email in first_row:
            message = _(
                "this e-mail address is already on row %(row)d; list each person once",
                row=first_row[row.email],
            )
            yield ImportProblem(row.number, "email", message)
        else:
            first_row[row.email] = row.number


def first_rows_by_email(rows: list[PersonRow]) -> dict[str, PersonRow]:
    listed: dict[str, PersonRow] = {}
    for row in rows:
        if row.email is not None:
            listed.setdefault(row.email, row)
    return listed


def manager_problems(
    rows: list[PersonRow], listed: dict[str, PersonRow], snapshot: Snapshot, rules: ImportRules
) -> Iterator[ImportProblem]:
    for row in rows:
        if row.manager is not None:
            message = manager_problem(row, listed, snapshot, rules)
            if message:
                yield ImportProblem(row.number, "manager_email", message)


def manager_problem(
    row: PersonRow, listed: dict[str, PersonRow], snapshot: Snapshot, rules: ImportRules
) -> str | None:
    manager = row.manager
    if manager == row.email:
        return _("a person cannot be their own manager; leave the cell empty or name their manager")
    if manager in listed:
        return None
    existing = snapshot.people.get(manager)
    if existing is None:
        return _(
            "manager %(email)s is neither in this file nor in Relais; add a row for them or "
            "correct the address",
            email=manager,
        )
    if not existing.active:
        return _(
            "manager %(email)s is deactivated; name an active manager, or add a row for them "
            "to reactivate them",
            email=manager,
        )
    if rules.deactivate_missing:
        return _(
            "manager %(email)s is not in this file and would be deactivated; add a row for them",
            email=manager,
        )
    return None


def reporting_lines(listed: dict[str, PersonRow], snapshot: Snapshot) -> dict[str, str]:
    """Who reports to whom once imported: the file's rows override the database's."""
    managers = {
        email: person.manager for email, person in snapshot.people.items() if person.manager
    }
    for email, row in listed.items():
        managers.pop(email, None)
        if row.manager and row.manager != email:  # a self-reference is reported on its own
            managers[email] = row.manager
    return managers


def cycle_problems(
    listed: dict[str, PersonRow], managers: dict[str, str]
) -> Iterator[ImportProblem]:
    circles = circles_of(managers)
    for email, row in listed.items():
        if email in circles:
            message = _(
                "the reporting line goes round in a circle: %(chain)s; "
                "change one of these managers",
                chain=" → ".join(chain_through(*circles[email])),
            )
            yield ImportProblem(row.number, "manager_email", message)


def circles_of(managers: dict[str, str]) -> dict[str, tuple[list[str], int]]:
    """Each person whose reporting line comes back to them → (their circle, their place in it).

    Every person is walked once, so a long reporting line costs its length, not its square.
    """
    circles: dict[str, tuple[list[str], int]] = {}
    walked: set[str] = set()
    for start in managers:
        path: list[str] = []
        place: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in walked and current not in place:
            place[current] = len(path)
            path.append(current)
            current = managers.get(current)
        if current in place:
            circle = path[place[current] :]
            circles.update((email, (circle, index)) for index, email in enumerate(circle))
        walked.update(path)
    return circles


def chain_through(circle: list[str], start: int) -> list[str]:
    """``email → manager → … → email`` from ``start``; a long circle is shortened in the middle."""
    size = len(circle)
    if size <= SHOWN_CHAIN:
        return [*circle[start:], *circle[:start], circle[start]]
    first = [circle[(start + step) % size] for step in range(SHOWN_CHAIN // 2)]
    return [*first, "…", circle[start - 1], circle[start]]


def missing_people(
    listed: dict[str, PersonRow], snapshot: Snapshot, rules: ImportRules
) -> list[str]:
    if not rules.deactivate_missing:
        return []
    return sorted(
        email for email, person in snapshot.people.items() if person.active and email not in listed
    )
