"""The catalog as the learner pages read it: a read-only snapshot of the active tracks, courses,
lessons (their HTML included) and the charter's versions, kept in the process and keyed by the
content version (``app.content.version``).

Content changes only at ``content sync``, so a process builds the snapshot once and keeps it
while the version in the database stays the same; a request that reads another version (a sync
in any process, on any server) makes the next snapshot. Entries are frozen dataclasses, tuples
and read-only mappings, shared by every request of the process: nothing in a request can
change them, and no template can lazy-load from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from flask import current_app
from sqlalchemy import select

from app.content.models import Charter, Course, Lesson, Track, TrackCourse
from app.content.version import UNCOMMITTED
from app.extensions import db

SNAPSHOT = "relais.catalog_snapshot"  # the key of the process's snapshot in app.extensions


def frozen(texts: dict | None) -> Mapping:
    return MappingProxyType(dict(texts or {}))


@dataclass(frozen=True)
class LessonEntry:
    id: int
    course_id: int
    slug: str
    position: int
    title: Mapping[str, str]
    minutes: int
    html: Mapping[str, str]  # built at sync; served as it is


@dataclass(frozen=True)
class CourseEntry:
    id: int
    slug: str
    title: Mapping[str, str]
    summary: Mapping[str, str]
    quiz: Mapping  # the quiz settings (pass mark, attempts, time limit, grading method)
    version: int
    lessons: tuple[LessonEntry, ...]  # active ones, in order

    def lesson(self, slug: str) -> LessonEntry | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)


@dataclass(frozen=True)
class TrackCourseEntry:
    course: CourseEntry
    required: bool

    @property
    def course_id(self) -> int:
        return self.course.id


@dataclass(frozen=True)
class TrackEntry:
    id: int
    slug: str
    audience: str
    title: Mapping[str, str]
    summary: Mapping[str, str]
    requires_charter: bool
    courses: tuple[TrackCourseEntry, ...]  # the active courses, in the track's order
    self_enrol: bool = False  # anyone may start it

    @property
    def required_course_ids(self) -> frozenset[int]:
        return frozenset(link.course.id for link in self.courses if link.required)


@dataclass(frozen=True)
class CharterEntry:
    id: int
    version: int
    effective: date
    title: Mapping[str, str]


@dataclass(frozen=True)
class Catalog:
    version: int
    tracks: tuple[TrackEntry, ...]  # active, in the order of tracks.yml
    courses: Mapping[str, CourseEntry]  # active, by slug
    charters: Mapping[int, CharterEntry]  # every published version, by id
    charter: CharterEntry | None  # the current version
    courses_by_id: Mapping[int, CourseEntry] = field(default_factory=dict, repr=False)

    def track(self, slug: str) -> TrackEntry | None:
        return next((track for track in self.tracks if track.slug == slug), None)

    def course(self, slug: str) -> CourseEntry | None:
        return self.courses.get(slug)

    def course_by_id(self, course_id: int) -> CourseEntry | None:
        return self.courses_by_id.get(course_id)

    def tracks_with(self, course_id: int) -> list[TrackEntry]:
        """The tracks that hold the course, in catalog order."""
        return [t for t in self.tracks if any(link.course.id == course_id for link in t.courses)]


def catalog_at(version: int) -> Catalog:
    """The catalog as of ``version``: the process's snapshot if it is that version, else a new
    one read from the database (and kept, unless this transaction changed content itself)."""
    holder = current_app.extensions.setdefault(SNAPSHOT, {})
    snapshot = holder.get("catalog")
    if snapshot is not None and snapshot.version == version:
        return snapshot
    snapshot = read_catalog(version)
    if not db.session.info.get(UNCOMMITTED):
        holder["catalog"] = snapshot  # one assignment: a thread reads the old one or the new
    return snapshot


def read_catalog(version: int) -> Catalog:
    """Five queries, whatever the catalog holds."""
    lessons: dict[int, list[LessonEntry]] = {}
    for row in db.session.scalars(
        select(Lesson)
        .where(Lesson.retired_at.is_(None))
        .order_by(Lesson.course_id, Lesson.position)
    ):
        lessons.setdefault(row.course_id, []).append(lesson_entry(row))
    courses = {
        row.id: course_entry(row, lessons.get(row.id, []))
        for row in db.session.scalars(select(Course).where(Course.retired_at.is_(None)))
    }
    tracks = read_tracks(courses)
    charters = {
        row.id: CharterEntry(row.id, row.version, row.effective, frozen(row.title))
        for row in db.session.scalars(select(Charter).order_by(Charter.version))
    }
    current = max(charters.values(), key=lambda charter: charter.version, default=None)
    return Catalog(
        version=version,
        tracks=tracks,
        courses=MappingProxyType({course.slug: course for course in courses.values()}),
        charters=MappingProxyType(charters),
        charter=current,
        courses_by_id=MappingProxyType(courses),
    )


def read_tracks(courses: dict[int, CourseEntry]) -> tuple[TrackEntry, ...]:
    links: dict[int, list[TrackCourseEntry]] = {}
    for row in db.session.scalars(select(TrackCourse).order_by(TrackCourse.position)):
        if row.course_id in courses:  # a retired course leaves its tracks
            links.setdefault(row.track_id, []).append(
                TrackCourseEntry(courses[row.course_id], row.required)
            )
    query = select(Track).where(Track.retired_at.is_(None)).order_by(Track.position)
    return tuple(
        TrackEntry(
            id=row.id,
            slug=row.slug,
            audience=row.audience,
            title=frozen(row.title),
            summary=frozen(row.summary),
            requires_charter=row.requires_charter,
            courses=tuple(links.get(row.id, [])),
            self_enrol=row.self_enrol,
        )
        for row in db.session.scalars(query)
    )


def course_entry(row: Course, lessons: list[LessonEntry]) -> CourseEntry:
    return CourseEntry(
        id=row.id,
        slug=row.slug,
        title=frozen(row.title),
        summary=frozen(row.summary),
        quiz=frozen(row.quiz),
        version=row.version,
        lessons=tuple(lessons),
    )


def lesson_entry(row: Lesson) -> LessonEntry:
    return LessonEntry(
        id=row.id,
        course_id=row.course_id,
        slug=row.slug,
        position=row.position,
        title=frozen(row.title),
        minutes=row.minutes,
        html=frozen(row.html),
    )
