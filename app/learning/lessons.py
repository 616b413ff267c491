"""A lesson page (its neighbours, whether it was read) and marking a lesson as read."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.content.models import Course, CourseAsset, Lesson
from app.content.snapshot import CourseEntry, LessonEntry
from app.extensions import db
from app.learning.models import LessonRead
from app.learning.state import LearnerState
from app.people.models import Person


@dataclass(frozen=True)
class LessonPage:
    course: CourseEntry
    lesson: LessonEntry
    number: int
    count: int
    previous: LessonEntry | None
    next: LessonEntry | None
    read: bool


def find_course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug, Course.retired_at.is_(None)))


def find_lesson(course: Course, slug: str) -> Lesson | None:
    return db.session.scalar(
        select(Lesson).where(
            Lesson.course_id == course.id, Lesson.slug == slug, Lesson.retired_at.is_(None)
        )
    )


def lesson_page_in(state: LearnerState, course_slug: str, slug: str) -> LessonPage | None:
    """The lesson a URL names, from the catalog snapshot; None if there is none (or retired)."""
    course = state.catalog.course(course_slug)
    lesson = course.lesson(slug) if course is not None else None
    if lesson is None:
        return None
    lessons = course.lessons
    index = lessons.index(lesson)
    return LessonPage(
        course=course,
        lesson=lesson,
        number=index + 1,
        count=len(lessons),
        previous=lessons[index - 1] if index > 0 else None,
        next=lessons[index + 1] if index + 1 < len(lessons) else None,
        read=lesson.id in state.lessons_read,
    )


def mark_lesson_read(person: Person, lesson: Lesson) -> bool:
    """Record the lesson as read, once; False when it already was. Flush only."""
    if db.session.get(LessonRead, (person.id, lesson.id)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(
                LessonRead(
                    person_id=person.id, lesson_id=lesson.id, course_version=lesson.course.version
                )
            )
    except IntegrityError:  # a double click: the other request recorded it
        return False
    return True


def find_asset(course: Course, path: str) -> CourseAsset | None:
    return db.session.scalar(
        select(CourseAsset).where(CourseAsset.course_id == course.id, CourseAsset.path == path)
    )
