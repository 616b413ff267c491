"""What exists in the catalog, and what a person read of it, as completion reads it from the rows
(the learner pages read the catalog snapshot and ``learning.state`` instead); the values the
pages show of a person's progress, built in ``progress``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.content.models import Course, Lesson, Track, TrackCourse
from app.content.snapshot import LessonEntry
from app.extensions import db
from app.learning.models import LessonRead
from app.people.models import Person


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

    def __add__(self, other: Progress) -> Progress:
        return Progress(self.done + other.done, self.total + other.total)


@dataclass(frozen=True)
class LessonLine:
    lesson: LessonEntry
    read: bool


def active_lessons(course_ids) -> dict[int, list[Lesson]]:
    query = (
        select(Lesson)
        .where(Lesson.course_id.in_(list(course_ids)), Lesson.retired_at.is_(None))
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


def with_courses(query):
    """Load each track's courses with it, so that walking them queries nothing more."""
    return query.options(selectinload(Track.track_courses).selectinload(TrackCourse.course))


def tracks_with(course: Course, *, their_courses: bool = False) -> list[Track]:
    """The active tracks that hold ``course``, in catalog order (with their courses loaded, for
    a caller that walks them)."""
    query = (
        select(Track)
        .join(TrackCourse)
        .where(TrackCourse.course_id == course.id, Track.retired_at.is_(None))
        .order_by(Track.position)
    )
    return list(db.session.scalars(with_courses(query) if their_courses else query))
