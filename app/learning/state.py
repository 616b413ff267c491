"""Everything a learner page needs to know of one person, read in one query: the content
version (so the page uses the catalog snapshot of that version), the lessons read, the courses
completed, the charter versions accepted and the quiz attempts (the quiz gives the select of
its attempts, so learning never imports the quiz).

The parts are glued with ``UNION ALL`` into rows of one shape, ``(kind, key, number, state,
fraction, at)``; each part fills the columns it has and leaves the others NULL. A learner has at
most one row per lesson, course, charter version and attempt, so the rows grow with what the
person did, never with the number of people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import (
    Float,
    Integer,
    String,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)

from app.content.snapshot import Catalog, catalog_at
from app.content.version import current_version
from app.database import UTCDateTime
from app.extensions import db
from app.learning.completion import QuizResults, quiz_results
from app.learning.models import CharterAcceptance, CourseCompletion, LessonRead
from app.people.models import Person

VERSION, READ, COMPLETED, ACCEPTED, ATTEMPT = "version", "read", "completed", "accepted", "attempt"


@dataclass(frozen=True)
class LearnerState:
    catalog: Catalog  # the snapshot of the content version the query read
    lessons_read: frozenset[int]
    courses_completed: frozenset[int]
    charters_accepted: Mapping[int, datetime]  # charter id → accepted at
    attempts: Mapping[int, list]  # course id → rows with ``state`` and ``fraction``, in order


def kind(name: str):
    return literal_column(f"'{name}'", String).label("kind")


def blank(type_, name: str):
    # Typed, so that PostgreSQL can match each column of the parts (an untyped NULL reads as
    # text there, and text cannot be unioned with a number).
    return cast(null(), type_).label(name)


@lru_cache(maxsize=8)  # one per app: tests build many
def state_query(results: QuizResults):
    """The statement, built once per process: building it costs more than running it, and the
    same object lets SQLAlchemy find its compiled form without recomputing its cache key."""
    person_id = bindparam("person_id")
    version = current_version().subquery()
    parts = [
        select(
            kind(VERSION),
            version.c.version.label("key"),
            blank(Integer, "number"),
            blank(String, "state"),
            blank(Float, "fraction"),
            blank(UTCDateTime, "at"),
        ),
        select(
            kind(READ),
            LessonRead.lesson_id,
            blank(Integer, "number"),
            blank(String, "state"),
            blank(Float, "fraction"),
            blank(UTCDateTime, "at"),
        ).where(LessonRead.person_id == person_id),
        select(
            kind(COMPLETED),
            CourseCompletion.course_id,
            blank(Integer, "number"),
            blank(String, "state"),
            blank(Float, "fraction"),
            blank(UTCDateTime, "at"),
        ).where(CourseCompletion.person_id == person_id),
        select(
            kind(ACCEPTED),
            CharterAcceptance.charter_id,
            blank(Integer, "number"),
            blank(String, "state"),
            blank(Float, "fraction"),
            CharterAcceptance.accepted_at,
        ).where(CharterAcceptance.person_id == person_id),
    ]
    attempts = results.attempts_select(person_id).subquery()
    parts.append(
        select(
            kind(ATTEMPT),
            attempts.c.course_id,
            attempts.c.number,
            attempts.c.state,
            attempts.c.fraction,
            blank(UTCDateTime, "at"),
        )
    )
    return union_all(*parts)


def learner_state(person: Person) -> LearnerState:
    """The person's state and the catalog it refers to, in one query (plus, once per content
    version and process, the few that build the catalog snapshot)."""
    version, read, completed, accepted, attempts = 0, set(), set(), {}, {}
    query = state_query(quiz_results())
    rows = db.session.execute(query, {"person_id": person.id})
    rows = sorted(rows, key=lambda row: row.number or 0)
    for row in rows:
        if row.kind == VERSION:
            version = row.key
        elif row.kind == READ:
            read.add(row.key)
        elif row.kind == COMPLETED:
            completed.add(row.key)
        elif row.kind == ACCEPTED:
            accepted[row.key] = row.at
        else:
            attempts.setdefault(row.key, []).append(row)
    return LearnerState(
        catalog=catalog_at(version),
        lessons_read=frozenset(read),
        courses_completed=frozenset(completed),
        charters_accepted=accepted,
        attempts=attempts,
    )
