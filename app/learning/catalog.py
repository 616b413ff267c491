"""The catalog, track and course pages as plain values: what exists and how far a person got."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.content.models import Course, Lesson, Track, TrackCourse
from app.extensions import db
from app.learning.charter import CharterStatus, charter_status
from app.learning.models import LessonRead
from app.people.models import Person

# Until assignments exist, everyone's own track is the one every employee follows.
EVERYONE_AUDIENCE = "employees"


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


@dataclass(frozen=True)
class CourseCard:
    course: Course
    required: bool
    lessons: Progress
    resume: Lesson | None  # the first unread lesson, or None when all are read


@dataclass(frozen=True)
class TrackCard:
    track: Track
    mine: bool
    courses: list[CourseCard]
    lessons: Progress

    @property
    def resume(self) -> CourseCard | None:
        return next((card for card in self.courses if card.resume is not None), None)


@dataclass(frozen=True)
class TrackPage:
    card: TrackCard
    charter: CharterStatus | None


@dataclass(frozen=True)
class LessonLine:
    lesson: Lesson
    read: bool


@dataclass(frozen=True)
class CoursePage:
    course: Course
    lessons: list[LessonLine]
    progress: Progress
    resume: Lesson | None
    tracks: list[Track]


def active_lessons(course_ids) -> dict[int, list[Lesson]]:
    query = (
        select(Lesson)
        .where(Lesson.course_id.in_(course_ids), Lesson.retired_at.is_(None))
        .order_by(Lesson.course_id, Lesson.position)
    )
    lessons: dict[int, list[Lesson]] = {course_id: [] for course_id in course_ids}
    for lesson in db.session.scalars(query):
        lessons[lesson.course_id].append(lesson)
    return lessons


def lessons_read_by(person: Person, lesson_ids) -> set[int]:
    query = select(LessonRead.lesson_id).where(
        LessonRead.person_id == person.id, LessonRead.lesson_id.in_(list(lesson_ids))
    )
    return set(db.session.scalars(query))


def course_card(link: TrackCourse, lessons: list[Lesson], read: set[int]) -> CourseCard:
    done = sum(1 for lesson in lessons if lesson.id in read)
    resume = next((lesson for lesson in lessons if lesson.id not in read), None)
    return CourseCard(link.course, link.required, Progress(done, len(lessons)), resume)


def track_cards(person: Person, tracks: list[Track]) -> list[TrackCard]:
    """One query for the lessons, one for what was read, whatever the number of tracks."""
    course_ids = {link.course_id for track in tracks for link in track.track_courses}
    lessons = active_lessons(course_ids)
    read = lessons_read_by(person, [lesson.id for found in lessons.values() for lesson in found])
    cards = []
    for track in tracks:
        courses = [
            course_card(link, lessons[link.course_id], read)
            for link in track.track_courses
            if link.course.retired_at is None
        ]
        total = Progress(
            sum(c.lessons.done for c in courses), sum(c.lessons.total for c in courses)
        )
        mine = track.audience == EVERYONE_AUDIENCE or total.done > 0
        cards.append(TrackCard(track, mine, courses, total))
    return cards


def active_tracks() -> list[Track]:
    query = (
        select(Track)
        .where(Track.retired_at.is_(None))
        .order_by(Track.position)
        .options(selectinload(Track.track_courses).selectinload(TrackCourse.course))
    )
    return list(db.session.scalars(query))


def catalog_for(person: Person) -> list[TrackCard]:
    """Every track, the person's own first (then in the order of tracks.yml)."""
    cards = track_cards(person, active_tracks())
    return sorted(cards, key=lambda card: not card.mine)


def track_page_for(person: Person, track: Track) -> TrackPage:
    card = track_cards(person, [track])[0]
    return TrackPage(card, charter_status(person) if track.requires_charter else None)


def course_page_for(person: Person, course: Course) -> CoursePage:
    lessons = active_lessons([course.id])[course.id]
    read = lessons_read_by(person, [lesson.id for lesson in lessons])
    lines = [LessonLine(lesson, lesson.id in read) for lesson in lessons]
    resume = next((line.lesson for line in lines if not line.read), None)
    progress = Progress(sum(line.read for line in lines), len(lines))
    return CoursePage(course, lines, progress, resume, tracks_with(course))


def tracks_with(course: Course) -> list[Track]:
    query = (
        select(Track)
        .join(TrackCourse)
        .where(TrackCourse.course_id == course.id, Track.retired_at.is_(None))
        .order_by(Track.position)
    )
    return list(db.session.scalars(query))
