"""The champions directory: the people who chose to appear and have reached at least the first
level, as the seeds' decentralised network — by office, language and competency (the tracks
they hold a valid certificate of and the courses they completed). Filtered and paged in the
database; the page's competencies read for its people only: a fixed number of queries.

It shows name, office, language, level and competencies, and nothing else: no e-mail (the
company's address book has it for those who need it, and a directory open to everyone should
not become a mailing list), no credits total, no certificate serials or dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import ClassVar

from sqlalchemy import exists, func, select

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
    PAGE_SIZE,
    DirectoryFilters,
    level_choices,
    page_number,
    pick,
)
from app.champions.levels import level_for, level_range
from app.champions.models import ChampionListing
from app.champions.programme import programme_levels
from app.content.snapshot import Catalog
from app.content.specs import LevelSpec
from app.extensions import db
from app.i18n import LANGUAGES
from app.learning.models import CourseCompletion
from app.learning.team_progress import current_catalog
from app.paging import Paged, page_count
from app.people.models import Office, Person

TRACK, COURSE = "track", "course"  # the two kinds of competency, as "track:<slug>"


@dataclass(frozen=True)
class Competency:
    kind: str  # TRACK or COURSE
    slug: str
    title: Mapping[str, str]

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.slug}"


@dataclass(frozen=True)
class ListedChampion:
    name: str
    office: str  # its name, or ""
    language: str
    level: LevelSpec
    tracks: tuple[Mapping[str, str], ...]  # titles of the tracks held
    courses: tuple[Mapping[str, str], ...]  # titles of the courses completed


@dataclass(frozen=True)
class DirectoryPage(Paged):
    page_size: ClassVar[int] = PAGE_SIZE

    filters: DirectoryFilters
    rows: list[ListedChampion]
    total: int
    offices: list[Office]
    levels: tuple[LevelSpec, ...]
    tracks: tuple[Competency, ...]  # the competencies one may filter by
    courses: tuple[Competency, ...]

    @property
    def office_choices(self) -> list[tuple[str, str]]:
        return office_choices(self.offices)

    @property
    def level_choices(self) -> list[tuple[str, str]]:
        return level_choices(self.levels)


def catalog_courses(catalog: Catalog) -> list:
    """The catalog's courses in the order its tracks list them, each once."""
    seen: dict[int, object] = {}
    for track in catalog.tracks:
        for link in track.courses:
            seen.setdefault(link.course.id, link.course)
    return list(seen.values())


def competencies(catalog: Catalog) -> tuple[tuple[Competency, ...], tuple[Competency, ...]]:
    tracks = tuple(Competency(TRACK, track.slug, track.title) for track in catalog.tracks)
    courses = tuple(
        Competency(COURSE, course.slug, course.title) for course in catalog_courses(catalog)
    )
    return tracks, courses


def read_directory_filters(args: Mapping, offices, levels, tracks, courses) -> DirectoryFilters:
    values = {competency.value for competency in (*tracks, *courses)}
    return DirectoryFilters(
        office=pick(args.get("office"), {office.code for office in offices}),
        language=pick(args.get("language"), LANGUAGES),
        competency=pick(args.get("competency"), values),
        level=pick(args.get("level"), {level.slug for level in levels}),
        page=page_number(args.get("page")),
    )


def directory_page(args: Mapping, now: datetime | None = None) -> DirectoryPage:
    """The directory for the query string ``args`` (any values: unknown ones are ignored)."""
    catalog, offices, levels = current_catalog(), all_offices(), programme_levels()
    tracks, courses = competencies(catalog)
    filters = read_directory_filters(args, offices, levels, tracks, courses)
    days = local_days(offices, now)
    if not levels:
        return DirectoryPage(filters, [], 0, offices, levels, tracks, courses)
    query = listed_champions(filters, days, levels, catalog, offices)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(filters.page, page_count(total, PAGE_SIZE))
    filters = replace(filters, page=page)
    found = list(
        db.session.execute(
            query.order_by(func.lower(Person.display_name), Person.id)
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    rows = champion_rows(found, days, levels, catalog, offices)
    return DirectoryPage(filters, rows, total, offices, levels, tracks, courses)


def listed_champions(filters, days: LocalDays, levels, catalog: Catalog, offices):
    """The select of (id, name, office, language, credits) of the people the page lists."""
    credits = credits_by_person(days)
    query = (
        select(
            Person.id,
            Person.display_name,
            Person.office_id,
            Person.language,
            credits.c.credits,
        )
        .join(ChampionListing, ChampionListing.person_id == Person.id)
        .join(credits, credits.c.person_id == Person.id)
        .where(Person.active.is_(True), credits.c.credits >= levels[0].credits)
    )
    if filters.office:
        office = next(office for office in offices if office.code == filters.office)
        query = query.where(Person.office_id == office.id)
    if filters.language:
        query = query.where(Person.language == filters.language)
    if filters.level:
        level = next(level for level in levels if level.slug == filters.level)
        low, high = level_range(level, levels)
        query = query.where(credits.c.credits >= low)
        if high is not None:
            query = query.where(credits.c.credits <= high)
    if filters.competency:
        query = query.where(holds(filters.competency, days, catalog))
    return query


def holds(competency: str, days: LocalDays, catalog: Catalog):
    """SQL: the person holds a valid certificate of the track, or completed the course."""
    kind, slug = competency.split(":", 1)
    if kind == TRACK:
        holders = counting_certificates(days, Certificate.person_id).where(
            Certificate.track_id == catalog.track(slug).id
        )
        return Person.id.in_(holders)
    return exists().where(
        CourseCompletion.person_id == Person.id,
        CourseCompletion.course_id == catalog.course(slug).id,
    )


def champion_rows(found, days: LocalDays, levels, catalog: Catalog, offices) -> list:
    """The page's people with their competencies: two queries, for the page's people only."""
    ids = [row.id for row in found]
    held_tracks = tracks_held(ids, days, catalog)
    done_courses = courses_completed(ids, catalog)
    names = {office.id: office.name for office in offices}
    return [
        ListedChampion(
            name=row.display_name,
            office=names.get(row.office_id, ""),
            language=row.language,
            level=level_for(row.credits, levels),
            tracks=tuple(held_tracks.get(row.id, ())),
            courses=tuple(done_courses.get(row.id, ())),
        )
        for row in found
    ]


def tracks_held(ids: list[int], days: LocalDays, catalog: Catalog) -> dict[int, list]:
    """Each person's tracks with a certificate that counts, as the catalog titles them (as the
    certificate did, for a track since retired), in the catalog's order."""
    if not ids:
        return {}
    query = counting_certificates(
        days, Certificate.person_id, Certificate.track_id, Certificate.track_title
    ).where(Certificate.person_id.in_(ids))
    order = {track.id: position for position, track in enumerate(catalog.tracks)}
    titles = {track.id: track.title for track in catalog.tracks}
    held: dict[int, list] = {}
    for row in sorted(db.session.execute(query), key=lambda r: order.get(r.track_id, len(order))):
        held.setdefault(row.person_id, []).append(titles.get(row.track_id, row.track_title))
    return held


def courses_completed(ids: list[int], catalog: Catalog) -> dict[int, list]:
    """Each person's completed courses that are in the catalog, each once, in the catalog's
    order (a course completed in several cycles is one competency)."""
    if not ids:
        return {}
    query = (
        select(CourseCompletion.person_id, CourseCompletion.course_id)
        .where(CourseCompletion.person_id.in_(ids))
        .distinct()
    )
    order = {course.id: position for position, course in enumerate(catalog_courses(catalog))}
    done: dict[int, list] = {}
    for row in sorted(db.session.execute(query), key=lambda r: order.get(r.course_id, -1)):
        course = catalog.course_by_id(row.course_id)
        if course is not None and course.id in order:
            done.setdefault(row.person_id, []).append(course.title)
    return done
