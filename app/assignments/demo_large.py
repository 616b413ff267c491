"""``demo --size large``: thousands of people under the demo's chief executive
(``people.demo_large``), with the assignments a company has after a few years: each track in
cycles as long as its certificate is valid, the past cycles completed (track and course
completions), the current one open, completed or, for a few, withdrawn; lessons read in bulk.

The rows are planned in Python (``plan_cycles``, pure) and written with Core inserts of many
rows each, the open cycles through ``open_assignments``, so that 10,000 people and about 30,000
assignments take seconds. Demo data only; flush only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from app.assignments.demo_cycles import Cycle, TrackPlan, plan_cycles
from app.certificates.demo_large import DemoCompletion, add_demo_certificates
from app.content.models import Track
from app.extensions import db
from app.learning.charter import current_charter
from app.learning.cycles import BY_PERSON, COMPLETED, NewAssignment, open_assignments
from app.learning.models import (
    Assignment,
    CharterAcceptance,
    CourseCompletion,
    LessonRead,
    TrackCompletion,
)
from app.people.demo import DEMO_DOMAIN
from app.people.demo_large import LARGE_DOMAIN, add_people_tree
from app.people.models import Person, PersonRole
from app.people.roles import Role

CHIEF_EMAIL = f"direction@{DEMO_DOMAIN}"
WITHDRAWAL_REASON = "A rejoint une équipe qui ne publie pas sur les réseaux sociaux."


@dataclass(frozen=True)
class LargeDemo:
    people: int
    assignments: int
    track_completions: int
    lessons_read: int
    certificates: int = 0


def add_large_organisation(count: int, *, now: datetime) -> LargeDemo:
    """Add ``count`` people under the demo's chief executive, with their cycles on each track
    of their audience and the lessons they read."""
    chief = db.session.scalar(select(Person).where(Person.email == CHIEF_EMAIL))
    hr_id = db.session.scalar(select(PersonRole.person_id).where(PersonRole.role == Role.HR.value))
    today = now.date()
    add_people_tree(chief.id, count, chief.password_hash, today)
    people = db.session.execute(
        select(Person.id, Person.manager_id, Person.department, Person.hired_on)
        .where(Person.email.endswith("@" + LARGE_DOMAIN))
        .order_by(Person.id)
    ).all()
    tracks = track_plans()
    cycles = plan_cycles(people, tracks, today, hr_id)
    completions = insert_completions(cycles, tracks, now)
    certificates = issue_certificates(completions, tracks, now, hr_id)
    closed = insert_closed(cycles, completions)
    opened = open_current(cycles)
    read = insert_lessons_read(cycles, tracks, now)
    return LargeDemo(len(people), closed + opened, len(completions), read, certificates)


def track_plans() -> dict[int, TrackPlan]:
    """Each active track's audience, certificate validity, courses and lessons, by id."""
    plans = {}
    for track in db.session.scalars(select(Track).where(Track.retired_at.is_(None))):
        courses = [link.course for link in track.track_courses if link.course.retired_at is None]
        plans[track.id] = TrackPlan(
            track_id=track.id,
            slug=track.slug,
            validity_days=max(1, round(track.validity_months * 30.44)),
            requires_charter=track.requires_charter,
            courses=tuple((course.id, course.version) for course in courses),
            lessons=tuple(
                tuple(lesson.id for lesson in course.lessons if lesson.retired_at is None)
                for course in courses
            ),
        )
    return plans


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


def insert_completions(
    cycles: list[Cycle], tracks: dict[int, TrackPlan], now: datetime
) -> dict[Cycle, int]:
    """The track and course completions of every completed cycle, and the charter accepted by
    whoever completed a track that requires it; completed cycle → its track completion's id."""
    done = [cycle for cycle in cycles if cycle.state == COMPLETED]
    charter = current_charter()
    asks_charter = {track_id for track_id, plan in tracks.items() if plan.requires_charter}
    version = charter.version if charter is not None else None
    rows = [
        {
            "person_id": c.person_id,
            "track_id": c.track_id,
            "cycle": c.cycle,
            "charter_version": version if c.track_id in asks_charter else None,
            "completed_at": at(c.closed_on),
        }
        for c in done
    ]
    statement = insert(TrackCompletion).returning(TrackCompletion.id, sort_by_parameter_order=True)
    ids = [row.id for row in db.session.execute(statement, rows)] if rows else []
    insert_rows(CourseCompletion, course_completions(done, tracks))
    if charter is not None:
        accepted = {c.person_id for c in done if c.track_id in asks_charter}
        rows = [{"person_id": p, "charter_id": charter.id, "accepted_at": now} for p in accepted]
        insert_rows(CharterAcceptance, rows)
    return dict(zip(done, ids, strict=True))


def course_completions(done: list[Cycle], tracks: dict[int, TrackPlan]) -> list[dict]:
    """Each course of each completed cycle, a day apart up to the track's completion, with a
    passing grade (no attempt: the large demo has no quiz attempts)."""
    return [
        {
            "person_id": c.person_id,
            "course_id": course_id,
            "course_version": version,
            "attempt_id": None,
            "fraction": course_fraction(c.person_id, position),
            "cycle": c.cycle,
            "completed_at": at(c.closed_on - timedelta(len(tracks[c.track_id].courses) - position)),
        }
        for c in done
        for position, (course_id, version) in enumerate(tracks[c.track_id].courses)
    ]


def course_fraction(person_id: int, position: int) -> float:
    return 0.8 + ((person_id + position) % 5) / 25


def issue_certificates(
    completions: dict[Cycle, int], tracks: dict[int, TrackPlan], now: datetime, hr_id
) -> int:
    """Each completed cycle's certificate, as issuing would have issued it that day, graded
    with the mean of its courses' grades."""
    return add_demo_certificates(
        [
            DemoCompletion(
                completion_id=completion_id,
                person_id=c.person_id,
                track_id=c.track_id,
                cycle=c.cycle,
                completed_at=at(c.closed_on),
                grade=cycle_grade(c.person_id, len(tracks[c.track_id].courses)),
            )
            for c, completion_id in completions.items()
        ],
        now=now,
        hr_id=hr_id,
    )


def cycle_grade(person_id: int, courses: int) -> float | None:
    if not courses:
        return None
    return sum(course_fraction(person_id, position) for position in range(courses)) / courses


def insert_closed(cycles: list[Cycle], completions: dict[Cycle, int]) -> int:
    """The completed and withdrawn cycles' assignments, as they stand once closed."""
    rows = [
        {
            **assignment_values(c),
            "cycle": c.cycle,
            "state": c.state,
            "completion_id": completions.get(c),
            "closed_at": at(c.closed_on),
            "withdrawal_reason": "" if c.state == COMPLETED else WITHDRAWAL_REASON,
        }
        for c in cycles
        if c.closed_on is not None
    ]
    insert_rows(Assignment, rows)
    return len(rows)


def assignment_values(cycle: Cycle) -> dict:
    return {
        "person_id": cycle.person_id,
        "track_id": cycle.track_id,
        "origin": BY_PERSON,
        "assigned_by_id": cycle.assigned_by_id,
        "assigned_at": at(cycle.assigned_on),
        "due_on": cycle.due_on,
        "message": cycle.message,
    }


def open_current(cycles: list[Cycle]) -> int:
    """The open cycles, through ``open_assignments`` (which numbers each after the person's
    completed ones): one call per day they were assigned on, since a call opens at one time."""
    by_day: dict[date, list[NewAssignment]] = defaultdict(list)
    for c in cycles:
        if c.closed_on is None:
            by_day[c.assigned_on].append(
                NewAssignment(
                    person_id=c.person_id,
                    track_id=c.track_id,
                    origin=BY_PERSON,
                    due_on=c.due_on,
                    message=c.message,
                    assigned_by_id=c.assigned_by_id,
                )
            )
    return sum(len(open_assignments(new, now=at(day))) for day, new in sorted(by_day.items()))


def insert_lessons_read(cycles: list[Cycle], tracks: dict[int, TrackPlan], now: datetime) -> int:
    """Every lesson of a track someone completed once, and the lessons of the open cycles' plan
    (``Cycle.lessons_read``), once per person and lesson."""
    read: set[tuple[int, int]] = set()
    for c in cycles:
        lessons = [lesson for course in tracks[c.track_id].lessons for lesson in course]
        count = len(lessons) if c.cycle > 1 or c.state == COMPLETED else c.lessons_read
        read.update((c.person_id, lesson) for lesson in lessons[:count])
    versions = {
        lesson: version
        for plan in tracks.values()
        for (_course, version), lessons in zip(plan.courses, plan.lessons, strict=True)
        for lesson in lessons
    }
    rows = [
        {"person_id": p, "lesson_id": lesson, "course_version": versions[lesson], "read_at": now}
        for p, lesson in sorted(read)
    ]
    insert_rows(LessonRead, rows)
    return len(rows)


def insert_rows(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model), rows)
