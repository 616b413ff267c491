"""Everything a learner page needs to know of one person, read in one query: the content
version (so the page uses the catalog snapshot of that version), the lessons read, the courses
and tracks completed, the charter versions accepted, the quiz attempts (the quiz gives the
select of its attempts, so learning never imports the quiz), the open assignments (with who
assigned them) and the name of the person's manager.

The parts are glued with ``UNION ALL`` into rows of one shape, ``(kind, key, number, state,
fraction, at, day, note, name, cycle, until, ref)``; each part fills the columns it has and
leaves the others NULL. A learner has at most one row per lesson, course, charter version,
attempt, assignment, completed cycle and certificate, so the rows grow with what the person
did, never with the number of people.

Each course has a current cycle (``learning.cycles.course_cycle``, here from the same rows): the
attempts and the completion of that cycle alone are what the pages show of it, so that a
renewal's courses read "not passed" until their quizzes are passed again. Lessons read stay
read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import (
    Date,
    Float,
    Integer,
    String,
    Text,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from app.certificates.models import Certificate
from app.content.snapshot import Catalog, catalog_at
from app.content.version import current_version
from app.database import UTCDateTime
from app.extensions import db
from app.learning.completion import QuizResults, quiz_results
from app.learning.models import COMPLETED as COMPLETED_STATE
from app.learning.models import (
    OPEN,
    Assignment,
    CharterAcceptance,
    CourseCompletion,
    LessonRead,
    TrackCompletion,
)
from app.people.models import Person

VERSION, READ, COMPLETED, ACCEPTED, ATTEMPT = "version", "read", "completed", "accepted", "attempt"
ASSIGNED, TRACK_DONE, MANAGER = "assigned", "track_done", "manager"
CERTIFICATE, CYCLE_DONE = "certificate", "cycle_done"
# The union's columns after ``kind``, with their types (a part leaves out those it lacks).
COLUMNS = {
    "key": Integer,
    "number": Integer,
    "state": String,
    "fraction": Float,
    "at": UTCDateTime,
    "day": Date,
    "note": Text,
    "name": String,
    "cycle": Integer,
    "until": Date,
    "ref": Integer,
}


@dataclass(frozen=True)
class OpenAssignment:
    """The person's open assignment on a track, as the pages show it."""

    id: int
    origin: str  # BY_PERSON | BY_RULE | BY_SELF
    assigned_by: str | None  # the name of who assigned it (BY_PERSON)
    assigned_at: datetime
    due_on: date | None
    message: str
    cycle: int = 1
    renews_certificate_id: int | None = None  # a renewal: the certificate that expires


@dataclass(frozen=True)
class CertificateFacts:
    """One of the person's certificates, as the learner pages show it."""

    id: int
    track_id: int
    cycle: int
    serial: str
    state: str  # valid | revoked ("expired" is read from the dates)
    grade: float | None
    valid_from: date
    valid_until: date | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class CycleDone:
    """A cycle of a track the person completed."""

    track_id: int
    cycle: int
    completed_at: datetime


@dataclass(frozen=True)
class LearnerState:
    catalog: Catalog  # the snapshot of the content version the query read
    lessons_read: frozenset[int]
    courses_completed: frozenset[int]
    charters_accepted: Mapping[int, datetime]  # charter id → accepted at
    attempts: Mapping[int, list]  # course id → rows with ``state`` and ``fraction``, in order
    assignments: Mapping[int, OpenAssignment] = field(default_factory=dict)  # by track id
    tracks_completed: Mapping[int, datetime] = field(default_factory=dict)  # track id → last
    manager: str | None = None  # the manager's name
    certificates: tuple[CertificateFacts, ...] = ()  # by cycle, in order
    cycles_done: tuple[CycleDone, ...] = ()  # the track completions, by cycle


def part(kind: str, *where, **columns):
    """One part of the union: ``kind`` then every column, NULL (typed, so that PostgreSQL can
    match the parts' columns: an untyped NULL reads as text there) where the part has none."""
    values = [
        columns[column].label(column) if column in columns else cast(null(), type_).label(column)
        for column, type_ in COLUMNS.items()
    ]
    return select(literal_column(f"'{kind}'", String).label("kind"), *values).where(*where)


@lru_cache(maxsize=8)  # one per app: tests build many
def state_query(results: QuizResults):
    """The statement, built once per process: building it costs more than running it, and the
    same object lets SQLAlchemy find its compiled form without recomputing its cache key."""
    person_id = bindparam("person_id")
    version = current_version().subquery()
    attempts = results.attempts_select(person_id).subquery()
    assigner, manager = aliased(Person), aliased(Person)
    manager_of = select(Person.manager_id).where(Person.id == person_id).scalar_subquery()
    parts = [
        part(VERSION, key=version.c.version),
        part(READ, LessonRead.person_id == person_id, key=LessonRead.lesson_id),
        part(
            COMPLETED,
            CourseCompletion.person_id == person_id,
            key=CourseCompletion.course_id,
            cycle=CourseCompletion.cycle,
        ),
        part(
            ACCEPTED,
            CharterAcceptance.person_id == person_id,
            key=CharterAcceptance.charter_id,
            at=CharterAcceptance.accepted_at,
        ),
        part(
            ATTEMPT,
            key=attempts.c.course_id,
            number=attempts.c.number,
            state=attempts.c.state,
            fraction=attempts.c.fraction,
            cycle=attempts.c.cycle,
        ),
        part(
            ASSIGNED,
            Assignment.person_id == person_id,
            Assignment.state == OPEN,
            key=Assignment.track_id,
            number=Assignment.id,
            state=Assignment.origin,
            at=Assignment.assigned_at,
            day=Assignment.due_on,
            note=Assignment.message,
            name=assigner.display_name,
            cycle=Assignment.cycle,
            ref=Assignment.renews_certificate_id,
        ).outerjoin_from(Assignment, assigner, assigner.id == Assignment.assigned_by_id),
        part(
            TRACK_DONE,
            TrackCompletion.person_id == person_id,
            key=TrackCompletion.track_id,
            at=TrackCompletion.completed_at,
            cycle=TrackCompletion.cycle,
        ),
        part(
            CERTIFICATE,
            Certificate.person_id == person_id,
            key=Certificate.track_id,
            number=Certificate.id,
            state=Certificate.state,
            fraction=Certificate.grade,
            at=Certificate.revoked_at,
            day=Certificate.valid_from,
            note=Certificate.serial,
            cycle=Certificate.cycle,
            until=Certificate.valid_until,
        ),
        part(
            TRACK_DONE,
            Assignment.person_id == person_id,
            Assignment.state == COMPLETED_STATE,
            key=Assignment.track_id,
            at=Assignment.closed_at,
        ),
        part(MANAGER, manager.id == manager_of, key=manager.id, name=manager.display_name),
    ]
    return union_all(*parts)


def learner_state(person: Person) -> LearnerState:
    """The person's state and the catalog it refers to, in one query (plus, once per content
    version and process, the few that build the catalog snapshot)."""
    version, read, completed, accepted, attempts = 0, set(), {}, {}, {}
    assignments, tracks_completed, manager = {}, {}, None
    certificates, cycles_done = [], []
    query = state_query(quiz_results())
    rows = db.session.execute(query, {"person_id": person.id})
    rows = sorted(rows, key=lambda row: row.number or 0)
    for row in rows:
        if row.kind == VERSION:
            version = row.key
        elif row.kind == READ:
            read.add(row.key)
        elif row.kind == COMPLETED:
            completed.setdefault(row.key, set()).add(row.cycle)
        elif row.kind == ACCEPTED:
            accepted[row.key] = row.at
        elif row.kind == ASSIGNED:
            assignments[row.key] = OpenAssignment(
                row.number, row.state, row.name, row.at, row.day, row.note or "", row.cycle, row.ref
            )
        elif row.kind == TRACK_DONE:
            tracks_completed[row.key] = max(row.at, tracks_completed.get(row.key, row.at))
            if row.cycle is not None:
                cycles_done.append(CycleDone(row.key, row.cycle, row.at))
        elif row.kind == CERTIFICATE:
            certificates.append(certificate_facts(row))
        elif row.kind == MANAGER:
            manager = row.name
        else:
            attempts.setdefault(row.key, []).append(row)
    catalog = catalog_at(version)
    cycles = current_cycles(catalog, assignments, completed)
    return LearnerState(
        catalog=catalog,
        lessons_read=frozenset(read),
        courses_completed=frozenset(
            course for course, done in completed.items() if cycles.get(course, 1) in done
        ),
        charters_accepted=accepted,
        attempts={
            course: [row for row in rows if row.cycle == cycles.get(course, 1)]
            for course, rows in attempts.items()
        },
        assignments=assignments,
        tracks_completed=tracks_completed,
        manager=manager,
        certificates=tuple(sorted(certificates, key=lambda c: (c.track_id, c.cycle))),
        cycles_done=tuple(sorted(cycles_done, key=lambda c: (c.track_id, c.cycle))),
    )


def certificate_facts(row) -> CertificateFacts:
    return CertificateFacts(
        id=row.number,
        track_id=row.key,
        cycle=row.cycle,
        serial=row.note,
        state=row.state,
        grade=row.fraction,
        valid_from=row.day,
        valid_until=row.until,
        revoked_at=row.at,
    )


def current_cycles(
    catalog: Catalog, assignments: Mapping[int, OpenAssignment], completed: Mapping[int, set]
) -> dict[int, int]:
    """Course id → the person's current cycle on it, as ``course_cycle`` reads it: the highest
    open on the tracks that hold it, else the last in which it was completed, else 1."""
    opened: dict[int, int] = {}
    for track in catalog.tracks:
        assignment = assignments.get(track.id)
        if assignment is None:
            continue
        for link in track.courses:
            course = link.course.id
            opened[course] = max(assignment.cycle, opened.get(course, 0))
    last_done = {course: max(done) for course, done in completed.items()}
    return last_done | opened
