"""The large demo's plan, pure: which tracks each person has (their audience), in how many
cycles (one per certificate validity since they joined), with which due dates and outcomes.
Deterministic, so that each build is the same and a test can count on it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.assignments.demo import COMMUNITY_DEPARTMENTS, MESSAGES, NEW_HIRE_DAYS
from app.learning.cycles import COMPLETED, OPEN, WITHDRAWN

WINDOW_DAYS = 30  # from assignment to due date
# Days from today to an open cycle's due date, dealt out in turn: a tenth late, about a sixth
# due within a week, most later.
DUE_IN = (21, -15, 35, 5, 14, 40, 25, 2, 30, 10, 45, 18, -4, 28, 6, 33, 12, 38, 9, 24)
COMPLETED_SHARE, WITHDRAWN_AT = 7, 7  # of every 20: current cycles completed; one withdrawn


@dataclass(frozen=True)
class TrackPlan:
    track_id: int
    slug: str
    validity_days: int
    requires_charter: bool
    courses: tuple[tuple[int, int], ...]  # (course id, version), in the track's order
    lessons: tuple[tuple[int, ...], ...]  # each course's lesson ids, in order


@dataclass(frozen=True)
class Cycle:
    person_id: int
    track_id: int
    cycle: int
    assigned_on: date
    due_on: date
    state: str
    closed_on: date | None  # completed or withdrawn on; None while open
    assigned_by_id: int | None
    message: str
    lessons_read: int = 0  # of the track's lessons, in order, for an open cycle


def audiences(people: Sequence, tracks: Mapping[int, TrackPlan]) -> dict[int, list]:
    """Track id → the people given it: everyone the employees track, communication and
    marketing the community managers track, the managers of managers the executives track."""
    manager_of = {person.id: person.manager_id for person in people}
    managers = {person.manager_id for person in people}
    leaders = {manager_of[m] for m in managers if m in manager_of}
    chosen = {
        "employees": lambda person: True,
        "community-managers": lambda person: person.department in COMMUNITY_DEPARTMENTS,
        "executives": lambda person: person.id in leaders,
    }
    return {
        track_id: [person for person in people if chosen[plan.slug](person)]
        for track_id, plan in tracks.items()
        if plan.slug in chosen
    }


def plan_cycles(
    people: Sequence, tracks: Mapping[int, TrackPlan], today: date, hr_id: int | None
) -> list[Cycle]:
    """Every cycle of every person on each track of their audience (``people``: rows with id,
    manager_id, department, hired_on, in a stable order)."""
    cycles = []
    for track_id, audience in audiences(people, tracks).items():
        plan = tracks[track_id]
        for n, person in enumerate(audience):
            by_hr = plan.slug == "employees" or person.manager_id is None
            cycles += person_cycles(person, n, plan, today, hr_id if by_hr else person.manager_id)
    return cycles


def person_cycles(person, n: int, plan: TrackPlan, today: date, by: int | None) -> list[Cycle]:
    """The past cycles, completed, then the current one."""
    hired = person.hired_on or today
    if (today - hired).days < NEW_HIRE_DAYS:
        assigned, due = hired, hired + timedelta(NEW_HIRE_DAYS)
    else:
        due = today + timedelta(DUE_IN[n % len(DUE_IN)])
        assigned = due - timedelta(WINDOW_DAYS)
    count = 1 + max(0, (assigned - hired).days) // plan.validity_days
    message = MESSAGES.get(plan.slug, "")
    cycles = []
    for number in range(1, count):
        start = max(hired, assigned - timedelta(plan.validity_days * (count - number)))
        done = start + timedelta(8 + (person.id + number) % 20)
        cycle = Cycle(
            person.id,
            plan.track_id,
            number,
            start,
            start + timedelta(WINDOW_DAYS),
            COMPLETED,
            done,
            by,
            message,
        )
        cycles.append(cycle)
    cycles.append(current_cycle(person, n, plan, today, by, count, assigned, due, message))
    return cycles


def current_cycle(person, n, plan, today, by, number, assigned, due, message) -> Cycle:
    """Completed for seven in twenty, withdrawn for one in twenty on the community managers
    track (people who moved to a team that does not publish), open for the rest with some of
    its lessons read."""
    turn = (n * 7 + plan.track_id) % 20
    done = min(assigned + timedelta(12 + n % 10), today - timedelta(1))
    if turn < COMPLETED_SHARE and done >= assigned:
        return Cycle(person.id, plan.track_id, number, assigned, due, COMPLETED, done, by, message)
    if turn == WITHDRAWN_AT and plan.slug == "community-managers":
        closed = max(assigned, today - timedelta(5))
        return Cycle(
            person.id, plan.track_id, number, assigned, due, WITHDRAWN, closed, by, message
        )
    steps = (0, 1, sum(map(len, plan.lessons[:1])), sum(map(len, plan.lessons[:2])))
    read = steps[(n // 3) % len(steps)]
    return Cycle(person.id, plan.track_id, number, assigned, due, OPEN, None, by, message, read)
