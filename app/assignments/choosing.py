"""Reading the assign form's choice: the track, who (ticked people, a manager's direct reports
or whole line, and for HR and admins a department and/or office, or e-mail addresses), the
due date and the message. Each problem gets its own message, in the reader's language; the
people are read in one query, whatever their number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from app.assignments.access import reaches_everyone
from app.content.models import Track
from app.extensions import db
from app.people.models import Office, Person
from app.people.reporting import reporting_line

MESSAGE_LIMIT = 1000
DAYS_LIMIT = 3650  # ten years: any later "N days from now" is a typing slip
WHO_PEOPLE, WHO_DIRECT, WHO_LINE, WHO_GROUP, WHO_EMAILS = (
    "people",
    "direct",
    "line",
    "group",
    "emails",
)
MANAGER_WAYS = (WHO_PEOPLE, WHO_DIRECT, WHO_LINE)
EVERYONE_WAYS = (*MANAGER_WAYS, WHO_GROUP, WHO_EMAILS)
DUE_DATE, DUE_DAYS = "date", "days"
ADDRESS_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class AssignChoice:
    """What the assign form sends, as text; ``plan_assignment`` reads and checks it."""

    track: str = ""
    who: str = WHO_PEOPLE
    people: tuple[str, ...] = ()
    department: str = ""
    office: str = ""
    emails: str = ""
    due_kind: str = DUE_DATE
    due_on: str = ""
    due_days: str = ""
    message: str = ""


class AssignProblems(Exception):
    """The choice cannot be carried out: field name → message, in the reader's language."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(problems)
        self.problems = problems


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    email: str


def ids_in(texts: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(int(text) for text in texts if text.strip().isdigit())


def members(query) -> list[Member]:
    rows = db.session.execute(
        query.with_only_columns(Person.id, Person.display_name, Person.email).order_by(
            Person.display_name, Person.id
        )
    )
    return [Member(row.id, row.display_name, row.email) for row in rows]


def read_track(text: str, tracks: list[Track], problems: dict[str, str]) -> Track | None:
    track = next((t for t in tracks if str(t.id) == text.strip()), None)
    if track is None:
        problems["track"] = _("Choose a track.")
    return track


def read_due_date(choice: AssignChoice, today: date, problems: dict[str, str]) -> date | None:
    """The due date from a date, or from a number of days from today; today is allowed."""
    if choice.due_kind == DUE_DAYS:
        text = choice.due_days.strip()
        if not text.isdigit() or not 1 <= int(text) <= DAYS_LIMIT:
            problems["due_days"] = _(
                "Enter the number of days as a whole number from 1 to %(limit)d.",
                limit=DAYS_LIMIT,
            )
            return None
        return today + timedelta(days=int(text))
    return read_day(choice.due_on, today, problems, "due")


def read_day(text: str, today: date, problems: dict[str, str], name: str) -> date | None:
    """A due date typed or picked (YYYY-MM-DD), today or later."""
    text = text.strip()
    if not text:
        problems[name] = _("Enter a due date.")
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        problems[name] = _("Enter the due date as a date, for example %(example)s.", example=today)
        return None
    if day < today:
        problems[name] = _("This date is in the past: choose today or a later day.")
        return None
    return day


def chosen_people(actor: Person, choice: AssignChoice, problems: dict[str, str]) -> list[Member]:
    """The active people the choice names, in one query; a problem when there are none, or
    when some named by id or address cannot be assigned."""
    everyone = reaches_everyone(actor)
    if choice.who not in (EVERYONE_WAYS if everyone else MANAGER_WAYS):
        problems["who"] = _("Choose who to assign.")
        return []
    if choice.who == WHO_PEOPLE:
        return people_by_id(actor, choice.people, problems)
    if choice.who in (WHO_DIRECT, WHO_LINE):
        line = reporting_line(actor.id, direct_only=choice.who == WHO_DIRECT)
        found = members(select(Person).where(Person.id.in_(line)))
        if not found:
            problems["who"] = _("Nobody is in this part of your reporting line.")
        return found
    if choice.who == WHO_GROUP:
        return people_in_group(choice.department.strip(), choice.office.strip(), problems)
    return people_by_address(choice.emails, problems)


def people_by_id(actor: Person, texts: tuple[str, ...], problems: dict[str, str]) -> list[Member]:
    if not texts:
        problems["people"] = _("Choose at least one person.")
        return []
    ids = set(ids_in(texts))
    query = select(Person).where(Person.id.in_(ids), Person.active.is_(True))
    everyone = reaches_everyone(actor)
    if not everyone:
        query = query.where(Person.id.in_(reporting_line(actor.id)))
    found = members(query)
    missing = len(ids) - len(found) + sum(1 for t in texts if not t.strip().isdigit())
    if missing and everyone:
        problems["people"] = ngettext(
            "%(num)d person you chose has no active account: choose again.",
            "%(num)d people you chose have no active account: choose again.",
            missing,
        )
    elif missing:
        problems["people"] = ngettext(
            "%(num)d person you chose is not in your reporting line: choose again.",
            "%(num)d people you chose are not in your reporting line: choose again.",
            missing,
        )
    return found


def people_in_group(department: str, office: str, problems: dict[str, str]) -> list[Member]:
    if not department and not office:
        problems["department"] = _("Choose a department, an office, or both.")
        return []
    query = select(Person).where(Person.active.is_(True))
    if department:
        query = query.where(Person.department == department)
    if office:
        query = query.where(Person.office_id.in_(select(Office.id).where(Office.code == office)))
    found = members(query)
    if not found:
        problems["department"] = _("Nobody active works in this department and office.")
    return found


def people_by_address(text: str, problems: dict[str, str]) -> list[Member]:
    addresses = {a.lower() for a in ADDRESS_SEPARATORS.split(text) if a}
    if not addresses:
        problems["emails"] = _("Enter at least one e-mail address.")
        return []
    found = members(select(Person).where(Person.email.in_(addresses), Person.active.is_(True)))
    unknown = sorted(addresses - {member.email for member in found})
    if unknown:
        problems["emails"] = ngettext(
            "No active account has the address %(addresses)s.",
            "No active account has these addresses: %(addresses)s.",
            len(unknown),
            addresses=", ".join(unknown),
        )
    return found
