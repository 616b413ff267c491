"""One assignment: its page (the person, the track, who assigned it, the due date, the status
and the history) and the two changes that may be made to an open one, each with a reason and
audited: moving the due date, and withdrawing it.

Both changes are conditional updates on ``state = 'open'``: a completion or a withdrawal that
wins the race leaves the other with nothing to change, and the page says so (409).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import aliased

from app.assignments.access import check_reach
from app.assignments.choosing import AssignProblems, read_day
from app.audit.models import AuditEvent
from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.content.models import Track
from app.extensions import db
from app.i18n import N_
from app.learning.cycles import (
    OPEN,
    WITHDRAWN,
    Status,
    close_assignment,
    due_phrase,
    status_of,
    today_for,
)
from app.learning.models import Assignment
from app.learning.progress import progress_in
from app.learning.state import learner_state
from app.people.models import Person

REASON_LIMIT = 500
EVENT_NAMES = {
    "assignment.assign": N_("Assigned"),
    "assignment.due_moved": N_("Due date moved"),
    "assignment.withdrawn": N_("Withdrawn"),
    "assignment.renewal_opened": N_("Opened by the renewal window"),
}


class NoSuchAssignment(Exception):
    """No assignment has this id: the page answers 404."""


class AssignmentClosed(Exception):
    """The assignment is completed or withdrawn: nothing of it may change (409)."""


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    action: str  # the audit action
    name: str  # its untranslated name, from EVENT_NAMES
    actor: str | None
    due: date | None = None  # assigned: the due date, and the cycle
    cycle: int | None = None
    before: date | None = None  # due date moved: from, to
    after: date | None = None
    reason: str = ""

    @classmethod
    def of(cls, event: AuditEvent, actor: str | None) -> HistoryLine:
        details = event.details or {}
        return cls(
            at=event.occurred_at,
            action=event.action,
            name=EVENT_NAMES[event.action],
            actor=actor,
            due=day_or_none(details.get("due")),
            cycle=details.get("cycle"),
            before=day_or_none(details.get("before")),
            after=day_or_none(details.get("after")),
            reason=details.get("reason", ""),
        )


def day_or_none(text) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class AssignmentPage:
    assignment: Assignment
    person: Person
    track: Track
    assigned_by: str | None
    closed_by: str | None
    status: Status
    due_phrase: str | None
    history: list[HistoryLine]

    @property
    def is_open(self) -> bool:
        return self.assignment.state == OPEN


def assignment_in_reach(actor: Person, assignment_id: int) -> tuple[Assignment, Person, Track]:
    """The assignment, its person and its track; NoSuchAssignment, or OutOfReach when the actor
    may not act for that person (read from the org chart now)."""
    row = db.session.execute(
        select(Assignment, Person, Track)
        .join(Person, Person.id == Assignment.person_id)
        .join(Track, Track.id == Assignment.track_id)
        .where(Assignment.id == assignment_id)
    ).first()
    if row is None:
        raise NoSuchAssignment(assignment_id)
    check_reach(actor, row.Person.id)
    return row.Assignment, row.Person, row.Track


def assignment_page(actor: Person, assignment_id: int) -> AssignmentPage:
    """Everything the page shows, read before rendering (the template does not query)."""
    assignment, person, track = assignment_in_reach(actor, assignment_id)
    names = names_of({assignment.assigned_by_id, assignment.closed_by_id} - {None})
    today = today_for(person)
    return AssignmentPage(
        assignment=assignment,
        person=person,
        track=track,
        assigned_by=names.get(assignment.assigned_by_id),
        closed_by=names.get(assignment.closed_by_id),
        status=status_of(assignment.state, assignment.due_on, started_on(person, track), today),
        due_phrase=due_phrase(assignment.due_on, today) if assignment.state == OPEN else None,
        history=history_of(assignment),
    )


def names_of(person_ids: set[int]) -> dict[int, str]:
    if not person_ids:
        return {}
    query = select(Person.id, Person.display_name).where(Person.id.in_(person_ids))
    return {row.id: row.display_name for row in db.session.execute(query)}


def started_on(person: Person, track: Track) -> bool:
    """Whether the person began the track (a lesson read, a quiz tried, the charter accepted):
    the progress the learner's own pages show."""
    state = learner_state(person)
    entry = next((t for t in state.catalog.tracks if t.id == track.id), None)
    return entry is not None and progress_in(state, [entry])[0].started


def history_of(assignment: Assignment) -> list[HistoryLine]:
    """The audit events that name the assignment, oldest first, with who did each."""
    actor = aliased(Person)
    query = (
        select(AuditEvent, actor.display_name)
        .outerjoin(actor, actor.id == AuditEvent.actor_id)
        .where(
            AuditEvent.subject_id == assignment.person_id,
            AuditEvent.action.in_(list(EVENT_NAMES)),
            AuditEvent.details["assignment"].as_integer() == assignment.id,
        )
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    return [HistoryLine.of(event, name) for event, name in db.session.execute(query)]


def read_reason(text: str, problems: dict[str, str]) -> str:
    reason = text.strip()
    if not reason:
        problems["reason"] = _("Give a reason: it is kept in the history.")
    elif len(reason) > REASON_LIMIT:
        problems["reason"] = _(
            "%(length)d characters is too long; shorten it to %(limit)d at most",
            length=len(reason),
            limit=REASON_LIMIT,
        )
    return reason


def move_due_date(
    actor: Person, assignment_id: int, due_text: str, reason_text: str, origin: RequestOrigin
) -> date:
    """Give an open assignment a new due date (today or later), with a reason; the new date.
    Flush only."""
    assignment, person, _track = assignment_in_reach(actor, assignment_id)
    if assignment.state != OPEN:
        raise AssignmentClosed(assignment_id)
    problems: dict[str, str] = {}
    day = read_day(due_text, today_for(person), problems, "new_due")
    if day is not None and day == assignment.due_on:
        problems["new_due"] = _("This is already the due date: choose another day.")
    reason = read_reason(reason_text, problems)
    if problems:
        raise AssignProblems(problems)
    before = assignment.due_on
    statement = (
        update(Assignment)
        .where(Assignment.id == assignment_id, Assignment.state == OPEN)
        .values(due_on=day)
        .execution_options(synchronize_session="fetch")
    )
    if db.session.execute(statement).rowcount != 1:
        raise AssignmentClosed(assignment_id)  # closed by a racing request
    record_event(
        "assignment.due_moved",
        origin=origin,
        actor=actor,
        subject=person,
        details={
            "assignment": assignment_id,
            "before": before.isoformat() if before else "",
            "after": day.isoformat(),
            "reason": reason,
        },
    )
    return day


def withdraw_assignment(
    actor: Person, assignment_id: int, reason_text: str, origin: RequestOrigin
) -> None:
    """Withdraw an open assignment, with a reason. Flush only."""
    assignment, person, _track = assignment_in_reach(actor, assignment_id)
    if assignment.state != OPEN:
        raise AssignmentClosed(assignment_id)
    problems: dict[str, str] = {}
    reason = read_reason(reason_text, problems)
    if problems:
        raise AssignProblems(problems)
    if not close_assignment(assignment_id, WITHDRAWN, closed_by_id=actor.id, reason=reason):
        raise AssignmentClosed(assignment_id)
    record_event(
        "assignment.withdrawn",
        origin=origin,
        actor=actor,
        subject=person,
        details={"assignment": assignment_id, "reason": reason},
    )
