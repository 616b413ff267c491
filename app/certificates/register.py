"""HR's certificate register: every certificate issued, filtered (track, office, department,
state, issue period, a name or serial searched), paged in the database, in a fixed number of
queries whatever the number of certificates. The same selection feeds the ZIP download and
the batch re-issue, so what HR sees is what they download or re-issue.

"Expired" and "expiring" are read from the dates where each holder works (the last valid day is
a calendar day there), never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Date, and_, case, exists, func, literal, or_, select

from app.certificates.models import REVOKED, VALID, Certificate, CertificateDocument
from app.certificates.states import EXPIRED, state_on
from app.content.models import Track
from app.database import utcnow
from app.extensions import db
from app.paging import Paged, page_count
from app.people.departments import department_name
from app.people.models import Office, Person

PAGE_SIZE = 50
MOST_PAGES = 10**6
EXPIRING_DAYS = 60  # "expiring": valid, and its last day within this many days
SEARCH_LIMIT = 100
# The state filter's values; "valid" means valid today (not expired, not revoked).
VALID_NOW, EXPIRING = VALID, "expiring"  # the register's filter: a valid one, or one expiring
STATES = (VALID_NOW, EXPIRING, EXPIRED, REVOKED)


@dataclass(frozen=True)
class RegisterRequest:
    """The register's parameters as they came (any text, or None)."""

    track: str | None = None
    office: str | None = None
    department: str | None = None
    state: str | None = None
    issued_from: str | None = None
    issued_to: str | None = None
    search: str | None = None
    page: str | None = None

    @classmethod
    def from_args(cls, args) -> RegisterRequest:
        return cls(**{name: args.get(name) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class RegisterFilters:
    """The parameters read: each valid, or its default; ``problems`` says which typed value was
    refused and why (the filter is then left out, never the page)."""

    track: str = ""
    office: str = ""
    department: str = ""
    state: str = ""
    issued_from: date | None = None
    issued_to: date | None = None
    search: str = ""
    page: int = 1
    problems: dict[str, str] = field(default_factory=dict, compare=False)

    def query(self, **changes) -> dict:
        """The query string of a link that keeps these filters, with ``changes``."""
        values = {name: getattr(self, name) for name in RegisterRequest.__dataclass_fields__}
        values.update(changes)
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in values.items()
            if value not in ("", None) and not (name == "page" and value == 1)
        }

    @property
    def narrowed(self) -> bool:
        return bool(self.query(page=1))


@dataclass(frozen=True)
class RegisterChoices:
    """What the filter form offers: tracks (with certificates or live), offices, departments."""

    tracks: list[tuple[str, dict]]  # slug, title
    offices: list[Office]
    departments: list[tuple[str, str]]  # as stored, as shown


@dataclass(frozen=True)
class RegisterRow:
    id: int
    serial: str
    holder_name: str  # as printed
    current_name: str  # the person's name today
    email: str
    office: str
    department: str
    track_title: dict
    valid_from: date
    valid_until: date | None
    state: str  # VALID_NOW, EXPIRED or REVOKED (expiring is a valid one, flagged)
    expiring: bool
    has_pdf: bool


@dataclass(frozen=True)
class RegisterPage(Paged):
    filters: RegisterFilters
    choices: RegisterChoices
    rows: list[RegisterRow]
    total: int
    any_certificate: bool
    page_size: ClassVar[int] = PAGE_SIZE


# --- reading the parameters -------------------------------------------------------------------


def register_choices() -> RegisterChoices:
    """Three queries: the tracks, the offices, the departments in use."""
    tracks = [
        (row.slug, row.title)
        for row in db.session.execute(select(Track.slug, Track.title).order_by(Track.position))
    ]
    offices = list(db.session.scalars(select(Office).order_by(Office.name)))
    departments = db.session.scalars(
        select(Person.department).where(Person.department != "").distinct()
    )
    named = [(code, department_label(code)) for code in departments]
    return RegisterChoices(tracks, offices, sorted(named, key=lambda pair: pair[1].casefold()))


def department_label(department: str) -> str:
    known = department_name(department)
    return _(known) if known else department


def read_filters(raw: RegisterRequest, choices: RegisterChoices) -> RegisterFilters:
    """Each parameter if the page offers it, else its default; a typed date or search that
    cannot be used is named in ``problems`` with what to type instead."""
    problems: dict[str, str] = {}

    def pick(value, allowed):
        return value if value in allowed else ""

    issued_from = read_day(raw.issued_from, "issued_from", problems)
    issued_to = read_day(raw.issued_to, "issued_to", problems)
    if issued_from and issued_to and issued_to < issued_from:
        problems["issued_to"] = _("The end of the period comes before its start.")
        issued_to = None
    search = " ".join((raw.search or "").split())
    if len(search) > SEARCH_LIMIT:
        problems["search"] = _(
            "Search for at most %(limit)d characters: a name or a serial.", limit=SEARCH_LIMIT
        )
        search = ""
    page = raw.page or ""
    number = int(page) if page.isascii() and page.isdecimal() and len(page) < 8 else 1
    return RegisterFilters(
        track=pick(raw.track, {slug for slug, _title in choices.tracks}),
        office=pick(raw.office, {office.code for office in choices.offices}),
        department=pick(raw.department, {code for code, _label in choices.departments}),
        state=pick(raw.state, STATES),
        issued_from=issued_from,
        issued_to=issued_to,
        search=search,
        page=min(max(number, 1), MOST_PAGES),
        problems=problems,
    )


def read_day(text: str | None, name: str, problems: dict[str, str]) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        if len(text) != 10:  # fromisoformat also takes 20261231 and week dates: not ours
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        problems[name] = _("“%(text)s” is not a date: use the form 2026-12-31.", text=text[:40])
        return None


# --- the statements ---------------------------------------------------------------------------


def today_where_they_work(offices: list[Office], now: datetime, days_later: int = 0):
    """SQL: the date it is (or will be ``days_later``) in each holder's office: expiry is a
    calendar day there. Computed here, so that no date arithmetic depends on the database."""
    later = timedelta(days=days_later)
    default_zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    default = literal(now.astimezone(default_zone).date() + later, Date)
    whens = {
        office.id: literal(now.astimezone(ZoneInfo(office.timezone)).date() + later, Date)
        for office in offices
    }
    return case(whens, value=Person.office_id, else_=default) if whens else default


def state_condition(state: str, offices: list[Office], now: datetime):
    today = today_where_they_work(offices, now)
    expired = and_(Certificate.valid_until.is_not(None), Certificate.valid_until < today)
    if state == REVOKED:
        return Certificate.state == REVOKED
    if state == EXPIRED:
        return and_(Certificate.state == VALID, expired)
    if state == EXPIRING:
        soon = today_where_they_work(offices, now, EXPIRING_DAYS)
        return and_(Certificate.state == VALID, Certificate.valid_until.between(today, soon))
    return and_(Certificate.state == VALID, ~expired.self_group())


def matching(filters: RegisterFilters, choices: RegisterChoices, now: datetime, *columns):
    """The select of the certificates the filters keep (joined with their holder)."""
    query = (
        select(*columns).select_from(Certificate).join(Person, Person.id == Certificate.person_id)
    )
    if filters.track:
        query = query.where(Certificate.track_slug == filters.track)
    if filters.office:
        office = next(office for office in choices.offices if office.code == filters.office)
        query = query.where(Person.office_id == office.id)
    if filters.department:
        query = query.where(Person.department == filters.department)
    if filters.state:
        query = query.where(state_condition(filters.state, choices.offices, now))
    if filters.issued_from:
        query = query.where(Certificate.valid_from >= filters.issued_from)
    if filters.issued_to:
        query = query.where(Certificate.valid_from <= filters.issued_to)
    if filters.search:
        words = filters.search.lower()
        query = query.where(
            or_(
                func.lower(Certificate.serial).contains(words, autoescape=True),
                func.lower(Certificate.holder_name).contains(words, autoescape=True),
                func.lower(Person.display_name).contains(words, autoescape=True),
            )
        )
    return query


def ordering():
    """Newest first, then by serial: a stable order for paging."""
    return [Certificate.valid_from.desc(), Certificate.serial.desc()]


def row_columns(choices: RegisterChoices, now: datetime) -> tuple:
    today = today_where_they_work(choices.offices, now)
    has_pdf = exists().where(CertificateDocument.certificate_id == Certificate.id)
    return (
        Certificate.id,
        Certificate.serial,
        Certificate.holder_name,
        Certificate.track_title,
        Certificate.valid_from,
        Certificate.valid_until,
        Certificate.state,
        (today).label("today"),
        has_pdf.label("has_pdf"),
        Person.display_name,
        Person.email,
        Person.office_id,
        Person.department,
    )


def row_of(row, office_names: dict[int, str]) -> RegisterRow:
    state = state_on(row.state, row.valid_until, row.today)
    expiring = (
        state == VALID_NOW
        and row.valid_until is not None
        and row.valid_until <= row.today + timedelta(days=EXPIRING_DAYS)
    )
    return RegisterRow(
        id=row.id,
        serial=row.serial,
        holder_name=row.holder_name,
        current_name=row.display_name,
        email=row.email,
        office=office_names.get(row.office_id, ""),
        department=row.department,
        track_title=row.track_title,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        state=state,
        expiring=expiring,
        has_pdf=bool(row.has_pdf),
    )


def register_page(raw: RegisterRequest, now: datetime | None = None) -> RegisterPage:
    """The page of the register the parameters ask for: six queries, whatever the numbers
    (tracks, offices, departments, the count, the rows, whether any certificate exists)."""
    now = now or utcnow()
    choices = register_choices()
    filters = read_filters(raw, choices)
    total = db.session.scalar(matching(filters, choices, now, func.count()))
    # A page past the last (an old link, a typed number) shows the last one.
    filters = replace(filters, page=min(filters.page, page_count(total, PAGE_SIZE)))
    query = (
        matching(filters, choices, now, *row_columns(choices, now))
        .order_by(*ordering())
        .limit(PAGE_SIZE)
        .offset((filters.page - 1) * PAGE_SIZE)
    )
    office_names = {office.id: office.name for office in choices.offices}
    rows = [row_of(row, office_names) for row in db.session.execute(query)]
    any_certificate = bool(total) or db.session.scalar(select(exists().select_from(Certificate)))
    return RegisterPage(filters, choices, rows, total, bool(any_certificate))


def selection(raw: RegisterRequest, now: datetime | None = None):
    """A select of the ids of every certificate of the view (all its pages), to use as a
    subquery: a view of 50,000 never becomes a list of 50,000 bound parameters."""
    now = now or utcnow()
    choices = register_choices()
    return matching(read_filters(raw, choices), choices, now, Certificate.id)


def selected_certificate_ids(raw: RegisterRequest, now: datetime | None = None) -> list[int]:
    """The ids of every certificate of the view, in the register's order."""
    return list(db.session.scalars(selection(raw, now).order_by(*ordering())))
