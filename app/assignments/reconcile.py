"""Reconcile: the one function that brings assignments in line with the live rules.

It opens a rule's assignment for each person it matches who has none open on the track and
has not completed it, and withdraws a rule's assignment that is open, not started, and whose
person no longer matches any live rule for that track. It runs daily (``assignments
reconcile``), after a people import (for the people it changed) and after a rule is saved (for
the rule's track). A fixed number of statements however many people: the rules' matches are one
UNION ALL, what people already have is one select per kind, and the writes are set-based.

Safe to run twice or on two servers at once: a second run finds nothing to do; racing runs open
each assignment once (``open_assignments``' ON CONFLICT) and withdraw it once (a conditional
update: only rows still open).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, literal_column, or_, select, text, union, update

from app.assignments.models import AssignmentRule
from app.assignments.rules import Match, due_date, matches_select
from app.assignments.seeding import seed_default_rules
from app.audit.origin import RequestOrigin
from app.audit.services import record_event, record_events
from app.content.models import Lesson, Track, TrackCourse
from app.database import utcnow
from app.extensions import db
from app.i18n import DEFAULT_LANGUAGE
from app.learning.completion import quiz_results
from app.learning.cycles import BY_RULE, OPEN, WITHDRAWN, NewAssignment, open_assignments
from app.learning.models import Assignment, LessonRead, TrackCompletion
from app.people.models import Person

__all__ = ["Plan", "ReconcileCounts", "live_rules", "plan_reconcile", "reconcile"]

Pair = tuple[int, int]  # (person id, track id)


@dataclass(frozen=True)
class ReconcileCounts:
    opened: int = 0
    withdrawn: int = 0


@dataclass(frozen=True)
class Withdrawal:
    assignment_id: int
    person_id: int
    track_id: int
    reason: str


@dataclass
class Plan:
    """What reconcile would do, and what the rules match that needs nothing (for previews)."""

    to_open: list[NewAssignment] = field(default_factory=list)
    to_withdraw: list[Withdrawal] = field(default_factory=list)
    already_open: set[Pair] = field(default_factory=set)
    completed: set[Pair] = field(default_factory=set)


def reconcile(
    people=None, *, origin: RequestOrigin, track_ids=None, now: datetime | None = None
) -> ReconcileCounts:
    """Apply every live rule to everyone (or to the ``people`` ids given, or only to the
    tracks ``track_ids``): seed tracks.yml's default rules, open and withdraw. Flush only."""
    take_write_lock()
    db.session.flush()  # what the caller changed (an import) must be visible to the selects
    seed_default_rules()
    now = now or utcnow()
    plan = plan_reconcile(live_rules(), people=people, track_ids=track_ids, now=now)
    return apply_plan(plan, origin, now)


def take_write_lock() -> None:
    """On SQLite, take the database's write lock before reading: a transaction that read and
    then writes after another process committed fails at once instead of waiting, so the second
    of two runs waits here for the first, then reads what it wrote. PostgreSQL needs nothing:
    its conflicting writes wait for each other."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("UPDATE assignment_rule SET id = id WHERE 0 = 1"))


def live_rules() -> list[AssignmentRule]:
    """The rules in force: not deleted, on a track still in the catalog; oldest first."""
    query = (
        select(AssignmentRule)
        .join(Track, Track.id == AssignmentRule.track_id)
        .where(AssignmentRule.deleted_at.is_(None), Track.retired_at.is_(None))
        .order_by(AssignmentRule.id)
    )
    return list(db.session.scalars(query))


def plan_reconcile(
    rules: list[AssignmentRule], *, people=None, track_ids=None, now: datetime
) -> Plan:
    """What reconcile would do with ``rules`` (saved or not: a preview passes the rules as they
    would be), for ``people`` (ids, or everyone) on ``track_ids`` (or every active track)."""
    tracks = set(track_ids) if track_ids is not None else active_track_ids()
    rules = [rule for rule in rules if rule.track_id in tracks]
    best = best_matches(rules, people, now)
    opened, blocked = open_on(tracks, people), blocked_on(tracks, people)
    plan = Plan()
    for pair, (rule, due_on) in best.items():
        if pair in opened:
            plan.already_open.add(pair)
        elif pair in blocked["completed"]:
            plan.completed.add(pair)
        elif pair not in blocked["withdrawn"]:
            plan.to_open.append(
                NewAssignment(pair[0], pair[1], BY_RULE, due_on=due_on, rule_id=rule.id)
            )
    live_ids = {rule.id for rule in rules if rule.id is not None}
    leaving = [row for pair, row in opened.items() if rule_made(row) and pair not in best]
    started = started_pairs(people, tracks) if leaving else set()
    with force_locale(DEFAULT_LANGUAGE):  # stored once, read by HR and the learner alike
        plan.to_withdraw = [
            Withdrawal(row.id, row.person_id, row.track_id, reason_for(row, live_ids))
            for row in leaving
            if (row.person_id, row.track_id) not in started
        ]
    return plan


def active_track_ids() -> set[int]:
    return set(db.session.scalars(select(Track.id).where(Track.retired_at.is_(None))))


def best_matches(rules: list[AssignmentRule], people, now: datetime) -> dict:
    """(person, track) → (rule, due date) of the rule that gives the earliest due date, the
    oldest rule on a tie, among the rules that match the person."""
    statement = matches_select(rules, people)
    if statement is None:
        return {}
    default_zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    best: dict = {}
    for row in db.session.execute(statement):
        match = Match(*row)
        rule = rules[match.rule_index]
        due_on = due_date(rule, match, now, default_zone)
        pair = (match.person_id, rule.track_id)
        if pair not in best or due_on < best[pair][1]:
            best[pair] = (rule, due_on)
    return best


def open_on(tracks: set[int], people) -> dict:
    """(person, track) → the open assignment's row, on ``tracks``."""
    query = (
        select(
            Assignment.id,
            Assignment.person_id,
            Assignment.track_id,
            Assignment.origin,
            Assignment.assigned_by_id,
            AssignmentRule.name.label("rule_name"),
            AssignmentRule.id.label("rule_id"),
        )
        .outerjoin(AssignmentRule, AssignmentRule.id == Assignment.rule_id)
        .where(Assignment.state == OPEN, Assignment.track_id.in_(tracks))
    )
    if people is not None:
        query = query.where(Assignment.person_id.in_(people))
    return {(row.person_id, row.track_id): row for row in db.session.execute(query)}


def blocked_on(tracks: set[int], people) -> dict[str, set[Pair]]:
    """The pairs a rule must not open: completed, or withdrawn by a person (a manager or HR
    who took the track back meant it; the rule does not give it again)."""
    completed = select(
        literal_column("'completed'"), TrackCompletion.person_id, TrackCompletion.track_id
    ).where(TrackCompletion.track_id.in_(tracks))
    withdrawn = select(
        literal_column("'withdrawn'"), Assignment.person_id, Assignment.track_id
    ).where(
        Assignment.state == WITHDRAWN,
        Assignment.closed_by_id.is_not(None),
        Assignment.track_id.in_(tracks),
    )
    if people is not None:
        completed = completed.where(TrackCompletion.person_id.in_(people))
        withdrawn = withdrawn.where(Assignment.person_id.in_(people))
    found: dict[str, set[Pair]] = {"completed": set(), "withdrawn": set()}
    for kind, person_id, track_id in db.session.execute(union(completed, withdrawn)):
        found[kind].add((person_id, track_id))
    return found


def rule_made(row) -> bool:
    """Opened by a rule, and by no person (a manager who also gave it keeps it open)."""
    return row.origin == BY_RULE and row.assigned_by_id is None


def started_pairs(people, tracks: set[int]) -> set[Pair]:
    """(person, track) where the person (among ``people``, ids or a select; everyone when None)
    read a lesson or attempted a quiz of the track's courses; one statement. People are given
    as the run's scope rather than as a list of ids, so that a rule that withdraws from 50,000
    people does not send 50,000 parameters."""
    scope = select(Person.id) if people is None else people
    courses = select(TrackCourse.course_id).where(TrackCourse.track_id.in_(tracks))
    course_ids = list(db.session.scalars(courses))
    attempts = quiz_results().people_attempts_select(scope, course_ids).subquery()
    read = (
        select(LessonRead.person_id, Lesson.course_id)
        .join(Lesson, Lesson.id == LessonRead.lesson_id)
        .where(LessonRead.person_id.in_(scope), Lesson.course_id.in_(course_ids))
    )
    touched = union(read, select(attempts.c.person_id, attempts.c.course_id)).subquery()
    query = (
        select(touched.c.person_id, TrackCourse.track_id)
        .join(TrackCourse, TrackCourse.course_id == touched.c.course_id)
        .where(TrackCourse.track_id.in_(tracks))
        .distinct()
    )
    return {(person_id, track_id) for person_id, track_id in db.session.execute(query)}


def reason_for(row, live_ids: set[int]) -> str:
    if row.rule_id is not None and row.rule_id not in live_ids:
        return _("the rule “%(name)s” was deleted", name=row.rule_name)
    return _("no longer matches the rule “%(name)s”", name=row.rule_name or "")


def apply_plan(plan: Plan, origin: RequestOrigin, now: datetime) -> ReconcileCounts:
    """Write ``plan``: the openings in one statement, the withdrawals in one conditional update
    per reason; each withdrawal audited, and the run once when it changed anything."""
    opened = open_assignments(plan.to_open, now)
    withdrawn = withdraw(plan.to_withdraw, now)
    events = [
        (
            item.person_id,
            {"assignment": item.assignment_id, "track": item.track_id, "reason": item.reason},
        )
        for item in withdrawn
    ]
    record_events("assignment.withdrawn", origin=origin, events=events)
    counts = ReconcileCounts(opened=len(opened), withdrawn=len(withdrawn))
    if counts.opened or counts.withdrawn:
        details = {"opened": counts.opened, "withdrawn": counts.withdrawn}
        record_event("assignments.reconciled", origin=origin, details=details)
    db.session.flush()
    return counts


def started_since(track_ids: set[int]):
    """Whether the assignment's person read a lesson or began a quiz of its track (one of
    ``track_ids``): checked again in the withdrawal itself, so that a learner who starts while
    the plan is made, by either, keeps the track."""
    read = exists(
        select(LessonRead.person_id)
        .join(Lesson, Lesson.id == LessonRead.lesson_id)
        .join(TrackCourse, TrackCourse.course_id == Lesson.course_id)
        .where(
            LessonRead.person_id == Assignment.person_id,
            TrackCourse.track_id == Assignment.track_id,
        )
    )
    courses = select(TrackCourse.course_id).where(TrackCourse.track_id.in_(track_ids))
    attempts = quiz_results().people_attempts_select(
        select(Person.id), list(db.session.scalars(courses))
    )
    attempts = attempts.order_by(None).subquery()
    attempted = exists(
        select(attempts.c.person_id)
        .join(TrackCourse, TrackCourse.course_id == attempts.c.course_id)
        .where(
            attempts.c.person_id == Assignment.person_id,
            TrackCourse.track_id == Assignment.track_id,
        )
    )
    return or_(read, attempted)


def withdraw(items: list[Withdrawal], now: datetime) -> list[Withdrawal]:
    """Close the assignments still open and not started among ``items``; those closed.
    Conditional, so that a racing run or completion that closed one first wins and it is not
    counted twice, and a lesson read or a quiz begun since the plan keeps it open."""
    by_reason: dict[str, dict[int, Withdrawal]] = defaultdict(dict)
    for item in items:
        by_reason[item.reason][item.assignment_id] = item
    done: list[Withdrawal] = []
    for reason, by_id in by_reason.items():
        started = started_since({item.track_id for item in by_id.values()})
        statement = (
            update(Assignment)
            .where(Assignment.id.in_(list(by_id)), Assignment.state == OPEN, ~started)
            .values(state=WITHDRAWN, closed_at=now, withdrawal_reason=reason)
            .returning(Assignment.id)
            .execution_options(synchronize_session=False)
        )
        done += [by_id[row.id] for row in db.session.execute(statement)]
    return done
