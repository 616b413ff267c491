"""``demo --size large``: thousands of people under the chief executive, with cycles on their
tracks that hold together (numbered in order, each completed one with its completions, at most
one open), built in bulk; at full size, the counts and a generous time guard."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import func, select

from app.admin.demo import seed_demo_organisation
from app.assignments.demo_cycles import TrackPlan, person_cycles
from app.audit.origin import COMMAND_LINE
from app.content.models import Track
from app.extensions import db
from app.learning.cycles import COMPLETED, OPEN, WITHDRAWN
from app.learning.models import Assignment, CourseCompletion, LessonRead, TrackCompletion
from app.people.demo_large import LARGE_DOMAIN
from app.people.models import Person
from app.people.reporting import reporting_line

SMALL = 400
LARGE_PEOPLE = 10_000
GUARD_SECONDS = 120  # generous: the real figure is in the bench


def large_people() -> int:
    query = select(func.count(Person.id)).where(Person.email.endswith("@" + LARGE_DOMAIN))
    return db.session.scalar(query)


def cycles_by_person_and_track() -> dict[tuple[int, int], list[Assignment]]:
    found = defaultdict(list)
    for assignment in db.session.scalars(select(Assignment).order_by(Assignment.cycle)):
        found[(assignment.person_id, assignment.track_id)].append(assignment)
    return found


def test_a_small_large_demo_holds_together(app):
    report = seed_demo_organisation(
        production=False,
        content_root=Path(app.config["CONTENT_ROOT"]),
        extra_people=SMALL,
        origin=COMMAND_LINE,
    )
    db.session.commit()
    assert report.large.people == large_people() == SMALL
    chief = db.session.scalar(select(Person).where(Person.email == "direction@demo.example"))
    line = set(db.session.scalars(reporting_line(chief.id)))
    everyone = select(Person.id).where(Person.email.endswith("@" + LARGE_DOMAIN))
    assert set(db.session.scalars(everyone)) <= line
    total = db.session.scalar(select(func.count(Assignment.id)))
    assert total == report.opened + report.large.assignments + report.renewals
    for cycles in cycles_by_person_and_track().values():
        assert sum(c.state == OPEN for c in cycles) <= 1
        assert [c.cycle for c in cycles] == list(range(1, len(cycles) + 1))
        for cycle in cycles:
            if cycle.state == COMPLETED:
                completion = db.session.get(TrackCompletion, cycle.completion_id)
                assert (completion.person_id, completion.cycle) == (cycle.person_id, cycle.cycle)
            if cycle.state == WITHDRAWN:
                assert cycle.withdrawal_reason and cycle.completion_id is None
        assert all(c.state == COMPLETED for c in cycles[:-1])  # the past cycles were completed


def test_each_completed_cycle_has_its_course_completions(app):
    seed_demo_organisation(
        production=False,
        content_root=Path(app.config["CONTENT_ROOT"]),
        extra_people=SMALL,
        origin=COMMAND_LINE,
    )
    large = select(Person.id).where(Person.email.endswith("@" + LARGE_DOMAIN))
    tracks = {track.id: track for track in db.session.scalars(select(Track))}
    completions = db.session.scalars(
        select(TrackCompletion).where(TrackCompletion.person_id.in_(large))
    ).all()
    assert completions
    courses = defaultdict(set)
    for row in db.session.scalars(select(CourseCompletion)):
        courses[(row.person_id, row.cycle)].add(row.course_id)
    for completion in completions:
        required = {link.course_id for link in tracks[completion.track_id].track_courses}
        assert required <= courses[(completion.person_id, completion.cycle)]
    readers = select(func.count(func.distinct(LessonRead.person_id)))
    assert db.session.scalar(readers.where(LessonRead.person_id.in_(large))) > SMALL / 2


def plan(validity_days: int = 730) -> TrackPlan:
    return TrackPlan(1, "employees", validity_days, True, ((10, 1),), ((100, 101, 102),))


def test_someone_hired_five_years_ago_has_had_three_cycles_of_a_two_year_track():
    today = date(2026, 12, 1)
    hired = SimpleNamespace(id=7, manager_id=3, department="it", hired_on=date(2021, 11, 1))
    cycles = person_cycles(hired, 0, plan(), today, by=3)
    assert [c.cycle for c in cycles] == [1, 2, 3]
    assert all(c.state == COMPLETED for c in cycles[:2])
    assert all(c.assigned_on >= hired.hired_on for c in cycles)
    assert all(a.assigned_on < b.assigned_on for a, b in pairwise(cycles))


def test_a_new_hire_is_due_thirty_days_after_joining():
    today = date(2026, 12, 1)
    new = SimpleNamespace(id=8, manager_id=3, department="it", hired_on=today - timedelta(10))
    [cycle] = person_cycles(new, 0, plan(), today, by=3)
    assert cycle.due_on == new.hired_on + timedelta(30)
    assert cycle.state == OPEN or cycle.closed_on < today


def test_the_large_demo_at_full_size_has_about_thirty_thousand_assignments(app):
    started = time.monotonic()
    result = app.test_cli_runner().invoke(args=["demo", "--size", "large"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert elapsed < GUARD_SECONDS, f"the large demo took {elapsed:.0f} s"
    assert large_people() == LARGE_PEOPLE
    states = dict(
        db.session.execute(select(Assignment.state, func.count()).group_by(Assignment.state)).all()
    )
    assert 27_000 <= sum(states.values()) <= 33_000, states
    assert states[COMPLETED] > 10_000 and states[OPEN] > 5_000 and 0 < states[WITHDRAWN] < 1_000
    tracks = db.session.scalar(select(func.count(func.distinct(Assignment.track_id))))
    assert tracks == 3
    assert db.session.scalar(select(func.count()).select_from(LessonRead)) > 50_000
    assert "Large demo: 10000 more people" in result.output
