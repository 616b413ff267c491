"""Giving a track to people by hand: what the assign page offers, the preview of what an
assignment would do (who is new, who already has the track open, who has completed it), and
the confirmation that opens assignments for the new ones only.

The preview reads the people in one query and their state on the track in another, whatever
their number. People who completed the track get no new cycle here: recertification opens the
next one (the certificates' expiry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, func, or_, select, union_all

from app.assignments.access import OutOfReach, out_of_reach, reaches_everyone
from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.content.models import Track
from app.database import UTCDateTime
from app.extensions import db
from app.learning.cycles import BY_PERSON, OPEN, NewAssignment, open_assignments, today_for
from app.learning.models import Assignment, TrackCompletion
from app.learning.state import blank, kind
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


@dataclass(frozen=True)
class CompletedMember:
    member: Member
    completed_at: datetime


@dataclass(frozen=True)
class AssignPlan:
    """What confirming would do."""

    track: Track
    due_on: date
    message: str
    new: tuple[Member, ...]
    already: tuple[Member, ...]  # an assignment on the track is open: they keep it
    completed: tuple[CompletedMember, ...]  # no new cycle for them


@dataclass(frozen=True)
class AssignPage:
    """The choices the assign form offers this person."""

    tracks: list[Track]
    line: list[Member]  # the checkbox list: the reporting line (direct or all levels)
    everyone: bool  # HR or admin: also by department, office and e-mail address
    departments: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)

    @property
    def ways(self) -> tuple[str, ...]:
        return EVERYONE_WAYS if self.everyone else MANAGER_WAYS


@dataclass(frozen=True)
class AssignOutcome:
    track: Track
    opened: int
    already: int
    completed: int


def assign_page(actor: Person, *, direct_only: bool, chosen: tuple[int, ...] = ()) -> AssignPage:
    """The form's choices. ``chosen`` people (ticked, or named by a link from a team page) join
    the checkbox list when the actor may assign them."""
    everyone = reaches_everyone(actor)
    in_list = Person.id.in_(reporting_line(actor.id, direct_only=direct_only))
    # The whole line holds every chosen person a manager may assign; a direct-only list or
    # HR's list adds them.
    if chosen and (everyone or direct_only):
        reach = Person.id.in_(chosen)
        if not everyone:
            reach = and_(reach, Person.id.in_(reporting_line(actor.id)))
        in_list = or_(in_list, reach)
    line = members(select(Person).where(in_list, Person.active.is_(True)))
    tracks = list(db.session.scalars(active_tracks()))
    if not everyone:
        return AssignPage(tracks, line, everyone)
    departments = select(Person.department).where(Person.active.is_(True), Person.department != "")
    return AssignPage(
        tracks,
        line,
        everyone,
        departments=list(db.session.scalars(departments.distinct().order_by(Person.department))),
        offices=list(db.session.scalars(select(Office).order_by(Office.name))),
    )


def open_assign_page(actor: Person, *, direct_only: bool, chosen: tuple[int, ...]) -> AssignPage:
    """The page a link opens with people already ticked: OutOfReach if any of them is not the
    actor's to assign."""
    if out_of_reach(actor, chosen):
        raise OutOfReach(chosen)
    return assign_page(actor, direct_only=direct_only, chosen=chosen)


@dataclass(frozen=True)
class Preview:
    page: AssignPage
    plan: AssignPlan | None
    problems: dict[str, str]


def preview_assignment(actor: Person, choice: AssignChoice, *, direct_only: bool) -> Preview:
    """The form again, with what confirming would do, or with what is wrong. Writes nothing."""
    page = assign_page(actor, direct_only=direct_only, chosen=ids_in(choice.people))
    try:
        return Preview(page, plan_assignment(actor, choice, page.tracks), {})
    except AssignProblems as refused:
        return Preview(page, None, refused.problems)


def ids_in(texts: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(int(text) for text in texts if text.strip().isdigit())


def active_tracks():
    return select(Track).where(Track.retired_at.is_(None)).order_by(Track.position)


def members(query) -> list[Member]:
    rows = db.session.execute(
        query.with_only_columns(Person.id, Person.display_name, Person.email).order_by(
            Person.display_name, Person.id
        )
    )
    return [Member(row.id, row.display_name, row.email) for row in rows]


def plan_assignment(actor: Person, choice: AssignChoice, tracks: list[Track]) -> AssignPlan:
    """What assigning as ``choice`` says would do; AssignProblems lists every problem found."""
    problems: dict[str, str] = {}
    track = read_track(choice.track, tracks, problems)
    due_on = read_due_date(choice, today_for(actor), problems)
    message = choice.message.strip()
    if len(message) > MESSAGE_LIMIT:
        problems["message"] = _(
            "%(length)d characters is too long; shorten it to %(limit)d at most",
            length=len(message),
            limit=MESSAGE_LIMIT,
        )
    people = chosen_people(actor, choice, problems)
    if problems:
        raise AssignProblems(problems)
    opened, completed = state_on_track(track.id, [person.id for person in people])
    return AssignPlan(
        track=track,
        due_on=due_on,
        message=message,
        new=tuple(p for p in people if p.id not in opened and p.id not in completed),
        already=tuple(p for p in people if p.id in opened),
        completed=tuple(
            CompletedMember(p, completed[p.id])
            for p in people
            if p.id in completed and p.id not in opened
        ),
    )


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


def state_on_track(track_id: int, person_ids: list[int]) -> tuple[set[int], dict[int, datetime]]:
    """Who has an assignment open on the track, and when each who completed it last did: one
    query for any number of people."""
    if not person_ids:
        return set(), {}
    completions = (
        select(
            kind("completed"),
            TrackCompletion.person_id,
            func.max(TrackCompletion.completed_at).label("at"),
        )
        .where(TrackCompletion.track_id == track_id, TrackCompletion.person_id.in_(person_ids))
        .group_by(TrackCompletion.person_id)
    )
    assignments = select(kind("open"), Assignment.person_id, blank(UTCDateTime, "at")).where(
        and_(
            Assignment.track_id == track_id,
            Assignment.state == OPEN,
            Assignment.person_id.in_(person_ids),
        )
    )
    opened, completed = set(), {}
    for row in db.session.execute(union_all(completions, assignments)):
        if row.kind == "open":
            opened.add(row.person_id)
        else:
            completed[row.person_id] = row.at
    return opened, completed


def confirm_assignment(actor: Person, choice: AssignChoice, origin: RequestOrigin) -> AssignOutcome:
    """Open the assignments the preview announced, for the new people only, each audited.
    Flush only. People out of the actor's reach raise OutOfReach (nothing written); a choice
    no longer valid (a date now past, a person gone) raises AssignProblems."""
    ids = ids_in(choice.people)
    if out_of_reach(actor, ids):
        raise OutOfReach(ids)
    plan = plan_assignment(actor, choice, list(db.session.scalars(active_tracks())))
    new = [
        NewAssignment(
            person_id=person.id,
            track_id=plan.track.id,
            origin=BY_PERSON,
            due_on=plan.due_on,
            message=plan.message,
            assigned_by_id=actor.id,
        )
        for person in plan.new
    ]
    opened = open_assignments(new)
    rows = db.session.execute(
        select(Assignment.id, Assignment.person_id, Assignment.cycle).where(
            Assignment.id.in_(opened)
        )
    )
    for row in rows:
        record_event(
            "assignment.assign",
            origin=origin,
            actor=actor,
            subject=Member(row.person_id, "", ""),
            details={
                "assignment": row.id,
                "track": plan.track.slug,
                "due": plan.due_on.isoformat(),
                "cycle": row.cycle,
            },
        )
    # A racing request may have opened some of them first: they count as already assigned.
    already = len(plan.already) + len(plan.new) - len(opened)
    return AssignOutcome(plan.track, len(opened), already, len(plan.completed))
