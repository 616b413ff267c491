"""Giving a track to people by hand: what the assign page offers, the preview of what an
assignment would do (who is new, who already has the track open, who has completed it), and
the confirmation that opens assignments for the new ones only.

The preview reads the people in one query and their state on the track in another, whatever
their number. People who completed the track get no new cycle here while their certificate is
valid and outside its renewal window: recertification opens the next one (``renewal``). Inside
the window, or once the certificate has expired or was revoked, a manager may open the next
cycle themselves, with their own due date (say, ahead of the daily run, or again after a
renewal was withdrawn); a renewal names the certificate it renews. The window is read on the
assigner's date, which is the person's within a day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)

from app.assignments.access import OutOfReach, out_of_reach, reaches_everyone
from app.assignments.choosing import (
    EVERYONE_WAYS,
    MANAGER_WAYS,
    MESSAGE_LIMIT,
    AssignChoice,
    AssignProblems,
    Member,
    chosen_people,
    ids_in,
    members,
    read_due_date,
    read_track,
)
from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.certificates.models import REVOKED, Certificate
from app.content.models import Track
from app.database import UTCDateTime
from app.extensions import db
from app.learning.cycles import BY_PERSON, OPEN, NewAssignment, open_assignments, today_for
from app.learning.models import Assignment, TrackCompletion
from app.people.models import Office, Person
from app.people.reporting import reporting_line


@dataclass(frozen=True)
class CompletedMember:
    member: Member
    completed_at: datetime


@dataclass(frozen=True)
class AssignPlan:
    """What confirming would do."""

    track: Track
    due_on: date
    message: str
    new: tuple[Member, ...]
    already: tuple[Member, ...]  # an assignment on the track is open: they keep it
    completed: tuple[CompletedMember, ...]  # no new cycle for them
    # Among ``new``, those who completed the track and may take it again (person id → the
    # certificate renewed, or None after a revocation).
    renewing: dict[int, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class AssignPage:
    """The choices the assign form offers this person."""

    tracks: list[Track]
    line: list[Member]  # the checkbox list: the reporting line (direct or all levels)
    everyone: bool  # HR or admin: also by department, office and e-mail address
    departments: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)

    @property
    def ways(self) -> tuple[str, ...]:
        return EVERYONE_WAYS if self.everyone else MANAGER_WAYS


@dataclass(frozen=True)
class AssignOutcome:
    track: Track
    opened: int
    already: int
    completed: int


def assign_page(actor: Person, *, direct_only: bool, chosen: tuple[int, ...] = ()) -> AssignPage:
    """The form's choices. ``chosen`` people (ticked, or named by a link from a team page) join
    the checkbox list when the actor may assign them."""
    everyone = reaches_everyone(actor)
    in_list = Person.id.in_(reporting_line(actor.id, direct_only=direct_only))
    # The whole line holds every chosen person a manager may assign; a direct-only list or
    # HR's list adds them.
    if chosen and (everyone or direct_only):
        reach = Person.id.in_(chosen)
        if not everyone:
            reach = and_(reach, Person.id.in_(reporting_line(actor.id)))
        in_list = or_(in_list, reach)
    line = members(select(Person).where(in_list, Person.active.is_(True)))
    tracks = list(db.session.scalars(active_tracks()))
    if not everyone:
        return AssignPage(tracks, line, everyone)
    departments = select(Person.department).where(Person.active.is_(True), Person.department != "")
    return AssignPage(
        tracks,
        line,
        everyone,
        departments=list(db.session.scalars(departments.distinct().order_by(Person.department))),
        offices=list(db.session.scalars(select(Office).order_by(Office.name))),
    )


def open_assign_page(actor: Person, *, direct_only: bool, chosen: tuple[int, ...]) -> AssignPage:
    """The page a link opens with people already ticked: OutOfReach if any of them is not the
    actor's to assign."""
    if out_of_reach(actor, chosen):
        raise OutOfReach(chosen)
    return assign_page(actor, direct_only=direct_only, chosen=chosen)


@dataclass(frozen=True)
class Preview:
    page: AssignPage
    plan: AssignPlan | None
    problems: dict[str, str]


def preview_assignment(actor: Person, choice: AssignChoice, *, direct_only: bool) -> Preview:
    """The form again, with what confirming would do, or with what is wrong. Writes nothing."""
    page = assign_page(actor, direct_only=direct_only, chosen=ids_in(choice.people))
    try:
        return Preview(page, plan_assignment(actor, choice, page.tracks), {})
    except AssignProblems as refused:
        return Preview(page, None, refused.problems)


def active_tracks():
    return select(Track).where(Track.retired_at.is_(None)).order_by(Track.position)


def plan_assignment(actor: Person, choice: AssignChoice, tracks: list[Track]) -> AssignPlan:
    """What assigning as ``choice`` says would do; AssignProblems lists every problem found."""
    problems: dict[str, str] = {}
    track = read_track(choice.track, tracks, problems)
    due_on = read_due_date(choice, today_for(actor), problems)
    message = choice.message.strip()
    if len(message) > MESSAGE_LIMIT:
        problems["message"] = _(
            "%(length)d characters is too long; shorten it to %(limit)d at most",
            length=len(message),
            limit=MESSAGE_LIMIT,
        )
    people = chosen_people(actor, choice, problems)
    if problems:
        raise AssignProblems(problems)
    today = today_for(actor)
    opened, completed, renewing = state_on_track(track, [person.id for person in people], today)
    return AssignPlan(
        track=track,
        due_on=due_on,
        message=message,
        new=tuple(p for p in people if p.id not in opened and p.id not in completed),
        already=tuple(p for p in people if p.id in opened),
        completed=tuple(
            CompletedMember(p, completed[p.id])
            for p in people
            if p.id in completed and p.id not in opened
        ),
        renewing={p.id: renewing[p.id] for p in people if p.id in renewing and p.id not in opened},
    )


def kind(name: str):
    return literal_column(f"'{name}'", String).label("kind")


def blank(type_, name: str):
    # Typed: PostgreSQL reads an untyped NULL as text, which cannot be unioned with a time.
    return cast(null(), type_).label(name)


def state_on_track(
    track: Track, person_ids: list[int], today: date
) -> tuple[set[int], dict[int, datetime], dict[int, int | None]]:
    """Who has an assignment open on the track, when each who completed it (and may not take it
    again yet) last did, and who completed it but may take it again (person id → the
    certificate renewed, None after a revocation): one query for any number of people."""
    if not person_ids:
        return set(), {}, {}
    track_id = track.id
    completions = (
        select(
            kind("completed"),
            TrackCompletion.person_id,
            func.max(TrackCompletion.completed_at).label("at"),
            func.max(TrackCompletion.cycle).label("cycle"),
            blank(String, "state"),
            blank(Date, "until"),
            blank(Integer, "certificate"),
        )
        .where(TrackCompletion.track_id == track_id, TrackCompletion.person_id.in_(person_ids))
        .group_by(TrackCompletion.person_id)
    )
    certificates = select(
        kind("certificate"),
        Certificate.person_id,
        blank(UTCDateTime, "at"),
        Certificate.cycle,
        Certificate.state,
        Certificate.valid_until.label("until"),
        Certificate.id.label("certificate"),
    ).where(Certificate.track_id == track_id, Certificate.person_id.in_(person_ids))
    assignments = select(
        kind("open"),
        Assignment.person_id,
        blank(UTCDateTime, "at"),
        blank(Integer, "cycle"),
        blank(String, "state"),
        blank(Date, "until"),
        blank(Integer, "certificate"),
    ).where(
        and_(
            Assignment.track_id == track_id,
            Assignment.state == OPEN,
            Assignment.person_id.in_(person_ids),
        )
    )
    opened, completed, latest = set(), {}, {}
    for row in db.session.execute(union_all(completions, certificates, assignments)):
        if row.kind == "open":
            opened.add(row.person_id)
        elif row.kind == "completed":
            completed[row.person_id] = (row.at, row.cycle)
        elif row.person_id not in latest or row.cycle > latest[row.person_id].cycle:
            latest[row.person_id] = row
    renewing = {}
    for person_id, (_at, cycle) in completed.items():
        certificate = latest.get(person_id)
        if certificate is not None and certificate.cycle == cycle:
            if certificate.state == REVOKED:
                renewing[person_id] = None
            elif may_renew(certificate.until, track.renewal_days, today):
                renewing[person_id] = certificate.certificate
    done = {person: at for person, (at, _cycle) in completed.items() if person not in renewing}
    return opened, done, renewing


def may_renew(valid_until: date | None, renewal_days: int, today: date) -> bool:
    """Inside the renewal window, or past the expiry (a certificate without one never is)."""
    return valid_until is not None and today >= valid_until - timedelta(days=renewal_days)


def confirm_assignment(actor: Person, choice: AssignChoice, origin: RequestOrigin) -> AssignOutcome:
    """Open the assignments the preview announced, for the new people only, each audited.
    Flush only. People out of the actor's reach raise OutOfReach (nothing written); a choice
    no longer valid (a date now past, a person gone) raises AssignProblems."""
    ids = ids_in(choice.people)
    if out_of_reach(actor, ids):
        raise OutOfReach(ids)
    plan = plan_assignment(actor, choice, list(db.session.scalars(active_tracks())))
    new = [
        NewAssignment(
            person_id=person.id,
            track_id=plan.track.id,
            origin=BY_PERSON,
            due_on=plan.due_on,
            message=plan.message,
            assigned_by_id=actor.id,
            renews_certificate_id=plan.renewing.get(person.id),
        )
        for person in plan.new
    ]
    opened = open_assignments(new)
    rows = db.session.execute(
        select(Assignment.id, Assignment.person_id, Assignment.cycle).where(
            Assignment.id.in_(opened)
        )
    )
    for row in rows:
        record_event(
            "assignment.assign",
            origin=origin,
            actor=actor,
            subject=Member(row.person_id, "", ""),
            details={
                "assignment": row.id,
                "track": plan.track.slug,
                "due": plan.due_on.isoformat(),
                "cycle": row.cycle,
            },
        )
    # A racing request may have opened some of them first: they count as already assigned.
    already = len(plan.already) + len(plan.new) - len(opened)
    return AssignOutcome(plan.track, len(opened), already, len(plan.completed))
