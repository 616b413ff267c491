"""Cycles: a person's assignments on a track, each opened once and closed once, and the cycle a
new completion belongs to.

Every way of giving someone a track (a manager, HR, a rule, the learner starting a self-enrol
track) opens assignments here, through ``open_assignments``: one statement whose conflict on
the partial unique index (one open assignment per person and track) skips, so that racing
requests, servers and rules open one. Closing is a conditional update (``state = 'open'``), so
that a completion and a withdrawal racing each other close it once.

What the pages show ("not started", "in progress", "overdue", "due in 5 days") is derived here
from the stored state, the due date and what the person did, by pure functions.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from app.content.models import TrackCourse
from app.database import utcnow
from app.extensions import db
from app.learning.models import (
    BY_PERSON,
    BY_RENEWAL,
    BY_RULE,
    BY_SELF,
    COMPLETED,
    OPEN,
    WITHDRAWN,
    Assignment,
    CourseCompletion,
    TrackCompletion,
)
from app.timezones import zone_of

__all__ = [
    "BY_PERSON",
    "BY_RENEWAL",
    "BY_RULE",
    "BY_SELF",
    "COMPLETED",
    "OPEN",
    "WITHDRAWN",
    "NewAssignment",
    "Status",
    "close_assignment",
    "completion_cycle",
    "course_cycle",
    "due_phrase",
    "open_assignments",
    "open_cycles_on",
    "status_of",
    "today_for",
]

OPEN_ONLY = text("state = 'open'")  # the partial unique index's predicate, for ON CONFLICT


class Status(enum.StrEnum):
    """What an assignment is, as people read it."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class NewAssignment:
    """An assignment to open; ``origin`` is BY_PERSON (with ``assigned_by_id``), BY_RULE (with
    ``rule_id``), BY_SELF or BY_RENEWAL (with ``renews_certificate_id``, the certificate whose
    expiry it is due on; a manager's assignment inside the renewal window names it too)."""

    person_id: int
    track_id: int
    origin: str
    due_on: date | None = None
    message: str = ""
    assigned_by_id: int | None = None
    rule_id: int | None = None
    renews_certificate_id: int | None = None


def open_assignments(new: Sequence[NewAssignment], now: datetime | None = None) -> list[int]:
    """Open each assignment unless the person already has one open on that track; the ids of
    those opened, in no particular order. Flush only: the caller commits.

    Each one's cycle follows the person's completed cycles on the track (1 for a first time),
    read in the same statement. One statement however many, so a rule that matches 10,000
    people opens their assignments in one round trip.
    """
    if not new:
        return []
    db.session.flush()  # rows the session holds must be visible to the statement
    cycles = completed_cycles({(item.person_id, item.track_id) for item in new})
    at = now or utcnow()
    rows = [
        {
            "person_id": item.person_id,
            "track_id": item.track_id,
            "cycle": cycles.get((item.person_id, item.track_id), 0) + 1,
            "state": OPEN,
            "origin": item.origin,
            "assigned_by_id": item.assigned_by_id,
            "rule_id": item.rule_id,
            "assigned_at": at,
            "due_on": item.due_on,
            "message": item.message,
            "withdrawal_reason": "",
            "renews_certificate_id": item.renews_certificate_id,
        }
        for item in new
    ]
    dialect = sqlite if db.engine.dialect.name == "sqlite" else postgresql
    statement = (
        dialect.insert(Assignment)
        .on_conflict_do_nothing(index_elements=["person_id", "track_id"], index_where=OPEN_ONLY)
        .returning(Assignment.id)
    )
    return [row.id for row in db.session.execute(statement, rows)]


def completed_cycles(pairs: Collection[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """(person id, track id) → the last cycle completed, for the pairs that have one."""
    people = {person_id for person_id, _track in pairs}
    tracks = {track_id for _person, track_id in pairs}
    query = (
        select(TrackCompletion.person_id, TrackCompletion.track_id, func.max(TrackCompletion.cycle))
        .where(TrackCompletion.person_id.in_(people), TrackCompletion.track_id.in_(tracks))
        .group_by(TrackCompletion.person_id, TrackCompletion.track_id)
    )
    return {(p, t): cycle for p, t, cycle in db.session.execute(query)}


def close_assignment(
    assignment_id: int,
    state: str,
    *,
    completion_id: int | None = None,
    closed_by_id: int | None = None,
    reason: str = "",
) -> bool:
    """Close an open assignment as COMPLETED or WITHDRAWN; False if it was no longer open (a
    racing completion or withdrawal closed it first)."""
    if state not in (COMPLETED, WITHDRAWN):
        raise ValueError(f"an assignment closes as completed or withdrawn, not {state!r}")
    statement = (
        update(Assignment)
        .where(Assignment.id == assignment_id, Assignment.state == OPEN)
        .values(
            state=state,
            completion_id=completion_id,
            closed_at=utcnow(),
            closed_by_id=closed_by_id,
            withdrawal_reason=reason,
        )
        .execution_options(synchronize_session="fetch")
    )
    return db.session.execute(statement).rowcount == 1


def open_cycles_on(person_id: int, track_ids: Collection[int]) -> dict[int, tuple[int, int]]:
    """Track id → (assignment id, cycle) of the person's open assignment on each of
    ``track_ids`` that has one (one query; none without tracks)."""
    if not track_ids:
        return {}
    query = select(Assignment.track_id, Assignment.id, Assignment.cycle).where(
        Assignment.person_id == person_id,
        Assignment.track_id.in_(list(track_ids)),
        Assignment.state == OPEN,
    )
    return {row.track_id: (row.id, row.cycle) for row in db.session.execute(query)}


def course_cycle(person_id: int, course_id: int) -> int:
    """The person's cycle on a course, which a quiz attempt records when it starts and whose
    attempts alone count (standing, attempt limit, the grade that counts): the highest cycle
    open on the tracks that hold the course (a renewal is cycle 2, 3 …), else the last cycle in
    which the course was completed (attempts after a completion, with no cycle open, count with
    it), else 1. One query."""
    open_cycle = (
        select(func.max(Assignment.cycle))
        .join(TrackCourse, TrackCourse.track_id == Assignment.track_id)
        .where(
            Assignment.person_id == person_id,
            Assignment.state == OPEN,
            TrackCourse.course_id == course_id,
        )
        .scalar_subquery()
    )
    completed = (
        select(func.max(CourseCompletion.cycle))
        .where(CourseCompletion.person_id == person_id, CourseCompletion.course_id == course_id)
        .scalar_subquery()
    )
    return db.session.scalar(select(func.coalesce(open_cycle, completed, 1)))


def completion_cycle(recorded: Collection[int], open_cycle: int | None) -> int | None:
    """The cycle a new completion belongs to, given the cycles already recorded for it and the
    open assignment's cycle: that cycle when one is open, else the first if nothing is recorded
    yet; None when there is nothing new to record."""
    target = open_cycle if open_cycle is not None else max(recorded, default=1)
    return None if target in recorded else target


def status_of(state: str, due_on: date | None, started: bool, today: date) -> Status:
    """An assignment's status: its stored state, else overdue once the due date has passed
    (a due date is the last day allowed), else whether the person began it."""
    if state == COMPLETED:
        return Status.COMPLETED
    if state == WITHDRAWN:
        return Status.WITHDRAWN
    if due_on is not None and today > due_on:
        return Status.OVERDUE
    return Status.IN_PROGRESS if started else Status.NOT_STARTED


def status_name(status: Status) -> str:
    """The status in the current language."""
    return {
        Status.NOT_STARTED: _("Not started"),
        Status.IN_PROGRESS: _("In progress"),
        Status.OVERDUE: _("Overdue"),
        Status.COMPLETED: _("Completed"),
        Status.WITHDRAWN: _("Withdrawn"),
    }[status]


def due_phrase(due_on: date | None, today: date) -> str | None:
    """ "due in 5 days", "due tomorrow", "due today", "1 day late", "3 days late", in the current
    language; None without a due date."""
    if due_on is None:
        return None
    days = (due_on - today).days
    if days > 1:
        return ngettext("due in %(num)d day", "due in %(num)d days", days)
    if days == 1:
        return _("due tomorrow")
    if days == 0:
        return _("due today")
    return ngettext("%(num)d day late", "%(num)d days late", -days)


def today_for(person, default_zone: str = "Europe/Paris", now: datetime | None = None) -> date:
    """The date it is for ``person``, in their office's zone: due dates are calendar days
    where they work."""
    return (now or utcnow()).astimezone(zone_of(person, default_zone)).date()
