"""The team page: one row per person and assignment in a manager's reporting line (or, for HR
and admins, everyone), filtered, sorted and paged in the database, with each row's progress
read for the page's rows only (``learning.team_progress``), in a fixed number of queries.

Progress is the one sort the database cannot do: whether a quiz is passed depends on its
grading method (highest, first, last, average), which belongs to the quiz. Sorting by progress
reads every matching row and their progress (still a fixed number of queries), sorts and pages
in Python: a cost that grows with the team, paid only when someone asks for that order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import ClassVar
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Date, and_, case, func, literal, not_, select

from app.assignments.team_filters import (
    ALL,
    DESC,
    DIRECT,
    EVERYONE,
    LINE,
    OPEN_ONES,
    PAGE_SIZE,
    TeamFilters,
    TeamRequest,
    read_filters,
)
from app.content.snapshot import Catalog, TrackEntry
from app.database import utcnow
from app.extensions import db
from app.learning.catalog import Progress
from app.learning.cycles import (
    BY_RENEWAL,
    COMPLETED,
    OPEN,
    WITHDRAWN,
    Status,
    due_phrase,
    status_name,
    status_of,
)
from app.learning.localized import localized
from app.learning.models import Assignment
from app.learning.team_progress import current_catalog, started_clause, team_progress
from app.paging import Paged, page_count
from app.people.models import Office, Person
from app.people.reporting import reporting_line
from app.people.roles import Role
from app.people.services import has_reports

# Most urgent first when sorting by status.
STATUS_RANK = {
    Status.OVERDUE: 0,
    Status.NOT_STARTED: 1,
    Status.IN_PROGRESS: 2,
    Status.COMPLETED: 3,
    Status.WITHDRAWN: 4,
}


@dataclass(frozen=True)
class TeamRow:
    assignment_id: int
    person_id: int
    name: str
    email: str
    office: str  # its name, or ""
    track: TrackEntry
    steps: Progress
    status: Status
    due_on: date | None
    today: date  # where the person works
    cycle: int = 1
    renewal: bool = False  # the cycle renews a certificate (its window, or a manager inside it)

    @property
    def status_name(self) -> str:
        return status_name(self.status)

    @property
    def due_phrase(self) -> str | None:
        return due_phrase(self.due_on, self.today) if self.status != Status.COMPLETED else None

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.COMPLETED, Status.WITHDRAWN)


@dataclass(frozen=True)
class TeamPage(Paged):
    filters: TeamFilters
    scopes: tuple[str, ...]  # those this person may choose
    rows: list[TeamRow]
    total: int  # rows matching the filters, on every page
    late: int  # open and overdue in this scope, track and office, whatever the status filter
    tracks: tuple[TrackEntry, ...]
    offices: list[Office]
    empty: str = ""  # why there is no row: NO_PEOPLE, NO_ASSIGNMENT or NO_MATCH
    page_size: ClassVar[int] = PAGE_SIZE


NO_PEOPLE, NO_ASSIGNMENT, NO_MATCH = "no_people", "no_assignment", "no_match"


@dataclass(frozen=True)
class TeamContext:
    """What every query of the page shares: whose rows, the catalog, the offices and dates."""

    viewer: Person
    filters: TeamFilters
    scopes: tuple[str, ...]
    catalog: Catalog
    offices: list[Office]
    today: Mapping[int | None, date]  # office id (None: no office) → the date there

    @property
    def people(self):
        return people_in_scope(self.viewer, self.filters.scope)

    @cached_property
    def tracks_by_id(self) -> dict[int, TrackEntry]:
        return {track.id: track for track in self.catalog.tracks}

    @cached_property
    def office_names(self) -> dict[int, str]:
        return {office.id: office.name for office in self.offices}

    def track(self, track_id: int) -> TrackEntry:
        return self.tracks_by_id[track_id]


def scopes_for(person: Person) -> tuple[str, ...]:
    """A manager sees their reporting line, or their direct reports; HR and admins may also see
    everyone (those without reports see only that)."""
    scopes = (LINE, DIRECT) if has_reports(person) else ()
    if person.has_granted_role(Role.HR) or person.has_granted_role(Role.ADMIN):
        scopes += (EVERYONE,)
    return scopes


def people_in_scope(viewer: Person, scope: str):
    """A select of the ids of the active people the viewer sees in ``scope``."""
    if scope == EVERYONE:
        return select(Person.id).where(Person.active.is_(True))
    return reporting_line(viewer.id, direct_only=scope == DIRECT)


def team_context(viewer: Person, raw: TeamRequest) -> TeamContext:
    catalog = current_catalog()
    offices = list(db.session.scalars(select(Office).order_by(Office.name)))
    scopes = scopes_for(viewer)
    now = utcnow()
    default_zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    today = {office.id: now.astimezone(ZoneInfo(office.timezone)).date() for office in offices}
    today[None] = now.astimezone(default_zone).date()
    return TeamContext(
        viewer, read_filters(raw, scopes, catalog, offices), scopes, catalog, offices, today
    )


# --- the statements ---------------------------------------------------------------------------


def today_where_they_work(context: TeamContext):
    """SQL: the date it is in each person's office (due dates are calendar days there)."""
    known = {office_id: day for office_id, day in context.today.items() if office_id is not None}
    default = literal(context.today[None], Date)
    if not known:
        return default
    whens = {office_id: literal(day, Date) for office_id, day in known.items()}
    return case(whens, value=Person.office_id, else_=default)


def overdue(context: TeamContext):
    return and_(
        Assignment.state == OPEN,
        Assignment.due_on.is_not(None),
        Assignment.due_on < today_where_they_work(context),
    )


def status_condition(context: TeamContext, status: str):
    """SQL: the rows the status filter keeps (None: all of them)."""
    started = started_clause(context.catalog, Assignment.person_id, Assignment.track_id)
    late = overdue(context)
    return {
        OPEN_ONES: Assignment.state == OPEN,
        Status.COMPLETED: Assignment.state == COMPLETED,
        Status.WITHDRAWN: Assignment.state == WITHDRAWN,
        Status.OVERDUE: late,
        Status.IN_PROGRESS: and_(Assignment.state == OPEN, not_(late), started),
        Status.NOT_STARTED: and_(Assignment.state == OPEN, not_(late), not_(started)),
    }.get(status)


def status_expression(context: TeamContext, values: Mapping[Status, object]):
    """SQL: each row's status, as ``status_of`` derives it, written as ``values`` says."""
    started = started_clause(context.catalog, Assignment.person_id, Assignment.track_id)
    return case(
        (Assignment.state == COMPLETED, literal(values[Status.COMPLETED])),
        (Assignment.state == WITHDRAWN, literal(values[Status.WITHDRAWN])),
        (overdue(context), literal(values[Status.OVERDUE])),
        (started, literal(values[Status.IN_PROGRESS])),
        else_=literal(values[Status.NOT_STARTED]),
    )


def matching(context: TeamContext, status: str | None = None, *columns):
    """The select of the rows in the viewer's scope that the filters keep."""
    filters = context.filters
    query = (
        select(*columns)
        .select_from(Assignment)
        .join(Person, Person.id == Assignment.person_id)
        .where(
            Assignment.person_id.in_(context.people),
            Assignment.track_id.in_([track.id for track in context.catalog.tracks]),
        )
    )
    if filters.track:
        query = query.where(Assignment.track_id == context.catalog.track(filters.track).id)
    if filters.office:
        office = next(office for office in context.offices if office.code == filters.office)
        query = query.where(Person.office_id == office.id)
    condition = status_condition(context, filters.status if status is None else status)
    return query if condition is None else query.where(condition)


def track_rank(context: TeamContext):
    """SQL: each track's place in alphabetical order of its title in the page's language."""
    titles = sorted(context.catalog.tracks, key=lambda track: localized(track.title).casefold())
    if not titles:  # nothing synced yet: CASE needs at least one WHEN
        return literal(0)
    return case({track.id: rank for rank, track in enumerate(titles)}, value=Assignment.track_id)


def ordering(context: TeamContext) -> list:
    """The ORDER BY of the chosen sort (progress: by person, sorted again in Python)."""
    filters = context.filters
    name, track = func.lower(Person.display_name), track_rank(context)
    first = {
        "person": [name],
        "track": [track],
        "due": [Assignment.due_on],
        "status": [status_expression(context, STATUS_RANK)],
        "progress": [],
    }[filters.sort]
    if filters.order == DESC:
        first = [column.desc() for column in first]
    # An assignment without a due date comes after those with one, in either order.
    nulls_last = [Assignment.due_on.is_(None)] if filters.sort == "due" else []
    return [*nulls_last, *first, name, track, Assignment.id]


ROW_COLUMNS = (
    Assignment.id,
    Assignment.person_id,
    Assignment.track_id,
    Assignment.state,
    Assignment.due_on,
    Assignment.cycle,
    Assignment.origin,
    Assignment.renews_certificate_id,
    Person.display_name,
    Person.email,
    Person.office_id,
)


def row_of(context: TeamContext, row, started: bool, steps: Progress) -> TeamRow:
    today = context.today.get(row.office_id, context.today[None])
    office = context.office_names.get(row.office_id, "")
    return TeamRow(
        assignment_id=row.id,
        person_id=row.person_id,
        name=row.display_name,
        email=row.email,
        office=office,
        track=context.track(row.track_id),
        steps=steps,
        status=status_of(row.state, row.due_on, started, today),
        due_on=row.due_on,
        today=today,
        cycle=row.cycle,
        renewal=row.origin == BY_RENEWAL or row.renews_certificate_id is not None,
    )


def with_progress(context: TeamContext, rows, people=None) -> list[tuple]:
    """Each row with its progress (``TrackSteps``), its cycle's quiz attempts only."""
    pairs = [(row.person_id, row.track_id, row.cycle) for row in rows]
    progress = team_progress(pairs, context.catalog, people)
    return [(row, progress[pair]) for row, pair in zip(rows, pairs, strict=True)]


def as_rows(context: TeamContext, found: list[tuple]) -> list[TeamRow]:
    return [row_of(context, row, steps.started, steps.steps) for row, steps in found]


def every_match(context: TeamContext) -> list[tuple]:
    """Every matching row with its progress, in the chosen order; for progress, sorted here
    (ties stay in the database's order: by person)."""
    query = matching(context, None, *ROW_COLUMNS).order_by(*ordering(context))
    found = with_progress(context, list(db.session.execute(query)), context.people)
    if context.filters.sort != "progress":
        return found
    return sorted(
        found,
        key=lambda item: item[1].steps.done / (item[1].steps.total or 1),
        reverse=context.filters.order == DESC,
    )


def all_rows(context: TeamContext) -> list[TeamRow]:
    """Every matching row in the chosen order, for the CSV."""
    return as_rows(context, every_match(context))


def page_rows(context: TeamContext, total: int) -> tuple[TeamFilters, list[TeamRow]]:
    """The rows of the page asked for (the last one when it asks for more)."""
    filters = replace(context.filters, page=min(context.filters.page, page_count(total, PAGE_SIZE)))
    start = (filters.page - 1) * PAGE_SIZE
    if context.filters.sort == "progress":
        return filters, as_rows(context, every_match(context)[start : start + PAGE_SIZE])
    query = matching(context, None, *ROW_COLUMNS).order_by(*ordering(context))
    rows = list(db.session.execute(query.offset(start).limit(PAGE_SIZE)))
    return filters, as_rows(context, with_progress(context, rows))


def count_of(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def why_empty(context: TeamContext) -> str:
    """Two more queries, run only when nothing matches, to say what to do next."""
    people = count_of(context.people)
    if not people:
        return NO_PEOPLE
    return NO_ASSIGNMENT if not count_of(matching(context, ALL, Assignment.id)) else NO_MATCH


def team_page(viewer: Person, raw: TeamRequest) -> TeamPage:
    """The team page of ``viewer`` for the parameters given."""
    context = team_context(viewer, raw)
    total = count_of(matching(context, None, Assignment.id))
    late = count_of(matching(context, Status.OVERDUE, Assignment.id))
    filters, rows = page_rows(context, total)
    return TeamPage(
        filters=filters,
        scopes=context.scopes,
        rows=rows,
        total=total,
        late=late,
        tracks=context.catalog.tracks,
        offices=context.offices,
        empty="" if total else why_empty(context),
    )
