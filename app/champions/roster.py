"""HR's roster of the programme: every active person whose certificates give credits now,
whether or not they chose to appear in the directory (the flag says), with their level,
office, department, credits and valid certificates; filtered and paged in the database, and
the same rows as a CSV. A fixed number of queries per page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import ClassVar

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.certificates.models import Certificate
from app.champions.credits import (
    LocalDays,
    all_offices,
    counting_certificates,
    credits_by_person,
    local_days,
    office_choices,
)
from app.champions.filters import (
    NO,
    NO_LEVEL,
    PAGE_SIZE,
    YES,
    RosterFilters,
    level_choices,
    page_number,
    pick,
)
from app.champions.levels import level_for, level_range
from app.champions.models import ChampionListing
from app.champions.programme import programme_levels
from app.content.models import Track
from app.content.specs import LevelSpec
from app.extensions import db
from app.learning.localized import localized
from app.paging import Paged, page_count
from app.people.departments import department_name
from app.people.models import Office, Person
from app.timezones import display_timezone, in_zone


@dataclass(frozen=True)
class RosterCertificate:
    serial: str
    track_title: Mapping[str, str]
    valid_from: date
    valid_until: date | None
    credits: int


@dataclass(frozen=True)
class RosterRow:
    name: str
    email: str
    office: str
    department: str
    credits: int
    level: LevelSpec | None
    listed_at: datetime | None
    certificates: tuple[RosterCertificate, ...]

    @property
    def department_shown(self) -> str:
        return shown_department(self.department)


@dataclass(frozen=True)
class RosterContext:
    filters: RosterFilters
    offices: list[Office]
    departments: list[str]
    tracks: list  # (slug, title) of the active tracks
    levels: tuple[LevelSpec, ...]
    days: LocalDays


@dataclass(frozen=True)
class RosterPage(Paged):
    page_size: ClassVar[int] = PAGE_SIZE

    context: RosterContext
    rows: list[RosterRow]
    total: int

    @property
    def filters(self) -> RosterFilters:
        return self.context.filters

    @property
    def office_choices(self) -> list[tuple[str, str]]:
        return office_choices(self.context.offices)

    @property
    def department_choices(self) -> list[tuple[str, str]]:
        return [(code, shown_department(code)) for code in self.context.departments]

    @property
    def level_choices(self) -> list[tuple[str, str]]:
        return level_choices(self.context.levels)

    @property
    def track_choices(self) -> list[tuple[str, str]]:
        return [(track.slug, localized(track.title)) for track in self.context.tracks]


def roster_context(args: Mapping, now: datetime | None = None) -> RosterContext:
    offices, levels = all_offices(), programme_levels()
    departments = list(
        db.session.scalars(
            select(Person.department)
            .where(Person.active.is_(True), Person.department != "")
            .distinct()
            .order_by(Person.department)
        )
    )
    tracks = list(
        db.session.execute(
            select(Track.id, Track.slug, Track.title)
            .where(Track.retired_at.is_(None))
            .order_by(Track.position)
        )
    )
    filters = RosterFilters(
        office=pick(args.get("office"), {office.code for office in offices}),
        department=pick(args.get("department"), departments),
        level=pick(args.get("level"), {level.slug for level in levels} | {NO_LEVEL}),
        track=pick(args.get("track"), {track.slug for track in tracks}),
        listed=pick(args.get("listed"), (YES, NO)),
        page=page_number(args.get("page")),
    )
    return RosterContext(filters, offices, departments, tracks, levels, local_days(offices, now))


def people_with_credits(context: RosterContext):
    """The select of the roster's people, with their credits and when they were listed."""
    filters, days = context.filters, context.days
    credits = credits_by_person(days)
    query = (
        select(
            Person.id,
            Person.display_name,
            Person.email,
            Person.office_id,
            Person.department,
            credits.c.credits,
            ChampionListing.listed_at,
        )
        .join(credits, credits.c.person_id == Person.id)
        .outerjoin(ChampionListing, ChampionListing.person_id == Person.id)
        .where(Person.active.is_(True), credits.c.credits > 0)
    )
    if filters.office:
        office = next(office for office in context.offices if office.code == filters.office)
        query = query.where(Person.office_id == office.id)
    if filters.department:
        query = query.where(Person.department == filters.department)
    if filters.listed:
        listed = ChampionListing.person_id.is_not(None)
        query = query.where(listed if filters.listed == YES else ~listed)
    if filters.track:
        track = next(track for track in context.tracks if track.slug == filters.track)
        holders = counting_certificates(days, Certificate.person_id).where(
            Certificate.track_id == track.id
        )
        query = query.where(Person.id.in_(holders))
    return with_level(query, credits, context)


def with_level(query, credits, context: RosterContext):
    levels, chosen = context.levels, context.filters.level
    if chosen == NO_LEVEL:
        return query.where(credits.c.credits < levels[0].credits) if levels else query
    if chosen:
        low, high = level_range(next(lv for lv in levels if lv.slug == chosen), levels)
        query = query.where(credits.c.credits >= low)
        return query if high is None else query.where(credits.c.credits <= high)
    return query


def ordered(query):
    return query.order_by(func.lower(Person.display_name), Person.id)


def roster_page(args: Mapping, now: datetime | None = None) -> RosterPage:
    context = roster_context(args, now)
    query = people_with_credits(context)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(context.filters.page, page_count(total, PAGE_SIZE))
    context = replace(context, filters=replace(context.filters, page=page))
    found = list(db.session.execute(ordered(query).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    return RosterPage(context, roster_rows(found, context), total)


def roster_rows(found, context: RosterContext) -> list[RosterRow]:
    held = valid_certificates([row.id for row in found], context.days)
    names = {office.id: office.name for office in context.offices}
    return [
        RosterRow(
            name=row.display_name,
            email=row.email,
            office=names.get(row.office_id, ""),
            department=row.department,
            credits=row.credits,
            level=level_for(row.credits, context.levels),
            listed_at=row.listed_at,
            certificates=tuple(held.get(row.id, ())),
        )
        for row in found
    ]


def valid_certificates(ids: list[int], days: LocalDays) -> dict[int, list[RosterCertificate]]:
    """The certificates that count for each of ``ids``, the soonest to expire first. The ids
    go into the statement in chunks, far below every database's limit on parameters."""
    held: dict[int, list[RosterCertificate]] = {}
    for start in range(0, len(ids), 5000):
        query = (
            counting_certificates(
                days,
                Certificate.person_id,
                Certificate.serial,
                Certificate.track_title,
                Certificate.valid_from,
                Certificate.valid_until,
                Certificate.credits,
            )
            .where(Certificate.person_id.in_(ids[start : start + 5000]))
            .order_by(Certificate.valid_until, Certificate.serial)
        )
        for row in db.session.execute(query):
            held.setdefault(row.person_id, []).append(
                RosterCertificate(
                    row.serial, row.track_title, row.valid_from, row.valid_until, row.credits
                )
            )
    return held


@dataclass(frozen=True)
class RosterExport:
    header: list[str]
    rows: Iterator[list]


def roster_export(args: Mapping, now: datetime | None = None) -> RosterExport:
    """Every row of the filtered roster, one line per valid certificate (a person's columns
    repeated), so that each date is a cell of its own: read before the download starts."""
    context = roster_context(args, now)
    rows = roster_rows(list(db.session.execute(ordered(people_with_credits(context)))), context)
    header = [
        _("Person"),
        _("E-mail address"),
        _("Office"),
        _("Department"),
        _("Level"),
        _("Credits"),
        _("In the directory"),
        _("Listed on"),
        _("Track"),
        _("Serial"),
        _("Valid from"),
        _("Valid until"),
    ]
    return RosterExport(header, export_lines(rows))


def shown_department(department: str) -> str:
    """A department code's name in the reader's language; other text as it is."""
    name = department_name(department)
    return _(name) if name else department


def export_lines(rows: list[RosterRow]) -> Iterator[list]:
    yes, no, zone = _("yes"), _("no"), display_timezone()
    for row in rows:
        person = [
            row.name,
            row.email,
            row.office,
            shown_department(row.department),
            localized(row.level.name) if row.level else "",
            row.credits,
            yes if row.listed_at else no,
            in_zone(row.listed_at, zone).date().isoformat() if row.listed_at else "",
        ]
        for certificate in row.certificates:
            yield [
                *person,
                localized(certificate.track_title),
                certificate.serial,
                certificate.valid_from.isoformat(),
                certificate.valid_until.isoformat() if certificate.valid_until else "",
            ]
