"""A small organisation for the team page tests: the repository's content, two offices, a
manager with a reporting line two levels deep, and assignments opened as the service opens
them (``open_assignments``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from app.content.loader import load_content
from app.content.models import Course, Lesson, Track
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import BY_PERSON, NewAssignment, open_assignments
from app.learning.models import Assignment, LessonRead
from app.people.models import Person
from app.quiz.models import GRADED, OPEN, QuizAttempt
from tests.factories import make_office, make_person

REPOSITORY = Path(__file__).resolve().parents[2]
ROW = re.compile(r'<a href="/assignments/(\d+)">([^<]+)</a>')
TODAY = date(2026, 12, 1)  # the tests' day, at noon UTC (the clock fixture)


@dataclass
class Team:
    manager: Person
    lead: Person  # reports to the manager, and manages the two below
    reports: list[Person] = field(default_factory=list)  # all of them, the lead first
    outsider: Person | None = None  # someone else's report


def sync_repository_content() -> None:
    sync_content(load_content(REPOSITORY))
    db.session.commit()


def track_id(slug: str) -> int:
    return db.session.scalar(select(Track.id).where(Track.slug == slug))


def course(slug: str) -> Course:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def make_team() -> Team:
    quebec, paris = make_office("quebec"), make_office("paris")
    manager = make_person(display_name="Manon Manager", office=quebec, language="en")
    lead = make_person(display_name="Louis Lead", manager=manager, office=quebec)
    alice = make_person(display_name="Alice Arnaud", manager=lead, office=paris, language="en")
    bruno = make_person(display_name="Bruno Blanc", manager=lead, office=quebec)
    other_manager = make_person(display_name="Olga Other")
    outsider = make_person(display_name="Oscar Outside", manager=other_manager)
    db.session.commit()
    return Team(manager, lead, [lead, alice, bruno], outsider)


def assign(person: Person, slug: str, due_on: date | None = None, by: Person | None = None) -> int:
    opened = open_assignments(
        [
            NewAssignment(
                person.id,
                track_id(slug),
                BY_PERSON,
                due_on=due_on,
                assigned_by_id=by.id if by else None,
            )
        ]
    )
    db.session.commit()
    return opened[0] if opened else assignment_of(person, slug).id


def assignment_of(person: Person, slug: str) -> Assignment:
    return db.session.scalar(
        select(Assignment).where(
            Assignment.person_id == person.id, Assignment.track_id == track_id(slug)
        )
    )


def read_lessons(person: Person, course_slug: str, count: int) -> None:
    lessons = db.session.scalars(
        select(Lesson)
        .where(Lesson.course_id == course(course_slug).id, Lesson.retired_at.is_(None))
        .order_by(Lesson.position)
        .limit(count)
    )
    db.session.add_all(
        LessonRead(person_id=person.id, lesson_id=lesson.id, course_version=1) for lesson in lessons
    )
    db.session.commit()


def add_attempt(person: Person, course_slug: str, fraction: float | None, number: int = 1) -> None:
    """A graded attempt worth ``fraction``, or an open one (``None``)."""
    found = course(course_slug)
    db.session.add(
        QuizAttempt(
            person_id=person.id,
            course_id=found.id,
            number=number,
            course_version=found.version,
            settings=dict(found.quiz),
            state=OPEN if fraction is None else GRADED,
            fraction=fraction,
            passed=None if fraction is None else fraction >= found.quiz["pass_mark"] / 100,
        )
    )
    db.session.commit()


def rows_on(html: str) -> list[tuple[int, str]]:
    """(assignment id, person name) of each row of the team table, in order."""
    return [(int(number), name) for number, name in ROW.findall(html)]


# Fixtures, imported by the test modules that use them.


@pytest.fixture
def team(app) -> Team:
    sync_repository_content()
    return make_team()


@pytest.fixture
def clock():
    with time_machine.travel(f"{TODAY.isoformat()} 12:00:00+00:00", tick=False) as traveller:
        yield traveller
