"""Checking one row of a people file, cell by cell, against the people and offices that exist.

Pure: it works on a ``Snapshot`` of the database as plain values; ``import_plan`` checks the
file as a whole.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from app.i18n import LANGUAGES
from app.people.import_csv import CsvRow, ImportProblem
from app.people.permissions import Actor
from app.people.roles import GRANTABLE_ROLES, Role

NAME_MAX = 200  # the lengths of Person.display_name and Person.department
DEPARTMENT_MAX = 100
DEFAULT_LANGUAGE = "fr"
ROLE_SEPARATORS = re.compile(r"[|\s]+")
GRANTABLE = frozenset(str(role) for role in GRANTABLE_ROLES)
KNOWN_ROLES = frozenset(str(role) for role in Role)


@dataclass(frozen=True)
class ExistingPerson:
    """A person as the database holds them, or as a row would leave them."""

    name: str
    department: str
    office: str | None  # office code
    language: str
    manager: str | None  # e-mail
    roles: frozenset[str]  # granted roles only
    active: bool


@dataclass(frozen=True)
class Snapshot:
    offices: dict[str, str]  # an office's code or name as ``office_key`` folds it → its code
    people: dict[str, ExistingPerson]  # lower-cased e-mail → person


@dataclass(frozen=True)
class ImportRules:
    importer: Actor  # COMMAND_LINE_ACTOR for the command line, which acts for nobody
    remit: frozenset[str]  # the granted roles the importer may grant and revoke
    deactivate_missing: bool


@dataclass(frozen=True)
class PersonRow:
    """What a row says once checked; a field is None when its cell was refused."""

    number: int
    email: str | None
    name: str | None
    department: str | None
    office: str | None
    language: str | None
    manager: str | None
    roles: frozenset[str]  # the granted roles the person will hold after the import


def row_status(row: PersonRow, existing: ExistingPerson | None) -> str:
    """``created``, ``updated`` or ``unchanged``: what applying the row does to the person."""
    if existing is None:
        return "created"
    return "unchanged" if existing == as_existing(row) else "updated"


def as_existing(row: PersonRow) -> ExistingPerson:
    return ExistingPerson(
        name=row.name,
        department=row.department,
        office=row.office,
        language=row.language,
        manager=row.manager,
        roles=row.roles,
        active=True,  # a listed person is (re)activated
    )


def check_row(
    row: CsvRow, snapshot: Snapshot, rules: ImportRules
) -> tuple[PersonRow, list[ImportProblem]]:
    cells = row.cells
    checked = {
        "email": checked_email(cells["email"]),
        "name": checked_name(cells["name"]),
        "department": checked_text(cells["department"], DEPARTMENT_MAX),
        "office": checked_office(cells["office"], snapshot.offices),
        "manager_email": checked_manager(cells["manager_email"]),
        "language": checked_language(cells["language"]),
    }
    email = checked["email"][0]
    roles, role_messages = checked_roles(cells["roles"], snapshot.people.get(email), rules)
    messages = [(column, message) for column, (value, message) in checked.items() if message]
    messages += [("roles", message) for message in role_messages]
    person = PersonRow(
        number=row.number,
        email=email,
        name=checked["name"][0],
        department=checked["department"][0],
        office=checked["office"][0],
        language=checked["language"][0],
        manager=checked["manager_email"][0],
        roles=roles,
    )
    return person, [ImportProblem(row.number, column, message) for column, message in messages]


# Each check returns (value, None) for a good cell and (None, message) for a refused one.


def checked_email(cell: str) -> tuple[str | None, str | None]:
    if not cell:
        return None, _("the e-mail address is missing; every person needs one")
    return valid_email(cell)


def checked_manager(cell: str) -> tuple[str | None, str | None]:
    return valid_email(cell) if cell else (None, None)


def valid_email(cell: str) -> tuple[str | None, str | None]:
    try:
        # Lower-cased whole: the addresses are matched and stored case-insensitively.
        return validate_email(cell, check_deliverability=False).normalized.lower(), None
    except EmailNotValidError:
        message = _(
            '"%(value)s" is not a valid e-mail address; write it like name@company.com', value=cell
        )
        return None, message


def checked_name(cell: str) -> tuple[str | None, str | None]:
    if not cell:
        return None, _("the name is missing; write it as it should appear in Relais")
    return checked_text(cell, NAME_MAX)


def checked_text(cell: str, limit: int) -> tuple[str | None, str | None]:
    """Free text is kept as written (templates escape it); only its size and controls matter."""
    if len(cell) > limit:
        return None, _(
            "%(length)d characters is too long; shorten it to %(limit)d at most",
            length=len(cell),
            limit=limit,
        )
    if any(unicodedata.category(character) == "Cc" for character in cell):
        return None, _("it contains a control character (a tab, a line break...); remove it")
    return cell, None


def office_key(text: str) -> str:
    """Case and accents set aside, so that ``Québec``, ``quebec`` and ``QUEBEC`` are one office."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def office_keys(offices: list[tuple[str, str]]) -> dict[str, str]:
    """The words that name each office (code, name) → its code.

    A code always means its own office; a name that another office's code or name also gives is
    left out rather than guessed, so such a row must use the code.
    """
    keys = {office_key(code): code for code, _name in offices}
    codes_by_name: dict[str, set[str]] = {}
    for code, name in offices:
        codes_by_name.setdefault(office_key(name), set()).add(code)
    for key, codes in codes_by_name.items():
        if key and key not in keys and len(codes) == 1:
            keys[key] = next(iter(codes))
    return keys


def checked_office(cell: str, offices: dict[str, str]) -> tuple[str | None, str | None]:
    if office_key(cell) in offices:
        return offices[office_key(cell)], None
    if not offices:
        return None, _("no office exists in Relais yet; ask an administrator to create them first")
    codes = ", ".join(sorted(set(offices.values())))
    if not cell:
        return None, _("the office is missing; use one of: %(codes)s", codes=codes)
    return None, _('unknown office "%(value)s"; use one of: %(codes)s', value=cell, codes=codes)


def checked_language(cell: str) -> tuple[str | None, str | None]:
    language = cell.lower() or DEFAULT_LANGUAGE
    if language in LANGUAGES:
        return language, None
    return None, _(
        'unknown language "%(value)s"; use fr or en, or leave it empty for fr', value=cell
    )


def checked_roles(
    cell: str, existing: ExistingPerson | None, rules: ImportRules
) -> tuple[frozenset[str], list[str]]:
    """The granted roles after the import: set within the importer's remit, kept outside it.

    Whether the importer may change this person's roles at all is ``import_plan``'s question.
    """
    listed, messages = listed_roles(cell)
    held = existing.roles if existing else frozenset()
    for role in sorted(listed - rules.remit - held):
        messages.append(
            _(
                "you may not grant %(role)s; remove it from this row or ask an administrator",
                role=role,
            )
        )
    return frozenset((held - rules.remit) | (listed & rules.remit)), messages


def listed_roles(cell: str) -> tuple[frozenset[str], list[str]]:
    """The granted roles a cell names; employee and manager are accepted but never stored."""
    listed, messages = set(), []
    for word in dict.fromkeys(ROLE_SEPARATORS.split(cell)):  # each word once, in order
        if word.lower() in GRANTABLE:
            listed.add(word.lower())
        elif word and word.lower() not in KNOWN_ROLES:
            allowed = ", ".join(Role)
            messages.append(
                _("unknown role %(role)s (allowed: %(allowed)s)", role=word, allowed=allowed)
            )
    return frozenset(listed), messages
