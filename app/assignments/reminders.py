"""Reminders a manager sends from the team page: to one person about one assignment, or to
everyone late in the view. At most one per person and assignment per day (the day where the
person works): the message key's occurrence is that date, so a second click, a double submit
or two servers queue nothing more."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app.assignments.team import matching, people_in_scope, team_context
from app.assignments.team_filters import EVERYONE, LINE, TeamRequest
from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.content.snapshot import TrackEntry
from app.extensions import db
from app.learning.cycles import OPEN, Status, due_phrase, today_for
from app.learning.models import Assignment
from app.learning.team_progress import current_catalog
from app.notify.services import message_key, public_url, queue_message
from app.people.models import Person
from app.people.roles import Role

REMINDER = "assignment_reminder"


class OutsideTeam(Exception):
    """The assignment belongs to someone outside the viewer's reporting line."""


class AssignmentClosed(Exception):
    """The assignment is completed or withdrawn: there is nothing to remind."""


@dataclass(frozen=True)
class Reminded:
    sent: int  # reminders queued
    already: int  # people reminded earlier today about that assignment


def reach_of(viewer: Person):
    """Whom the viewer may remind: everyone for HR and admins, else their whole line."""
    if viewer.has_granted_role(Role.HR) or viewer.has_granted_role(Role.ADMIN):
        return people_in_scope(viewer, EVERYONE)
    return people_in_scope(viewer, LINE)


def remind_one(viewer: Person, assignment_id: int, origin: RequestOrigin) -> Reminded | None:
    """Remind the person of one assignment; None when no assignment has that id. Raises
    ``OutsideTeam`` or ``AssignmentClosed`` with nothing queued. Flush only."""
    found = db.session.execute(
        select(Assignment, Person)
        .join(Person, Person.id == Assignment.person_id)
        .where(Assignment.id == assignment_id)
    ).first()
    if found is None:
        return None
    assignment, person = found
    in_reach = db.session.scalar(
        select(Person.id).where(Person.id == person.id, Person.id.in_(reach_of(viewer)))
    )
    if in_reach is None:
        raise OutsideTeam
    track = next((t for t in current_catalog().tracks if t.id == assignment.track_id), None)
    if assignment.state != OPEN or track is None:
        raise AssignmentClosed
    sent = send_reminder(viewer, assignment, person, track, origin)
    return Reminded(int(sent), int(not sent))


def remind_late(viewer: Person, raw: TeamRequest, origin: RequestOrigin) -> Reminded:
    """Remind everyone overdue in the view's scope, track and office (whatever its status
    filter). Flush only."""
    context = team_context(viewer, raw)
    query = matching(context, Status.OVERDUE, Assignment, Person).order_by(Assignment.id)
    sent = already = 0
    for assignment, person in db.session.execute(query).all():
        if send_reminder(viewer, assignment, person, context.track(assignment.track_id), origin):
            sent += 1
        else:
            already += 1
    return Reminded(sent, already)


def send_reminder(
    viewer: Person, assignment: Assignment, person: Person, track: TrackEntry, origin
) -> bool:
    """Queue the reminder unless one went today; audited when it is queued."""
    today = today_for(person, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    key = message_key(
        REMINDER, person.id, about=f"assignment:{assignment.id}", occurrence=today.toordinal()
    )
    context = {
        "manager_name": viewer.display_name,
        "track_title": track.title,
        "due_on": assignment.due_on,
        # Called in the template, so that the words come in the recipient's language.
        "due_in_words": lambda: due_phrase(assignment.due_on, today),
        "link": public_url("learning.track", slug=track.slug),
    }
    if not queue_message(REMINDER, person, context, key=key):
        return False
    record_event(
        "assignment.reminded",
        origin=origin,
        actor=viewer,
        subject=person,
        details={"assignment": assignment.id, "track": track.slug},
    )
    return True
