"""The learner's side of assignments: the tracks assigned to them (by due date, each with its
status and its due date in words), the tracks they completed, those they may start, and
starting one of those (a self-enrol track), which opens an assignment with no due date."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.certificates.states import EXPIRED, certificate_state
from app.content.models import Track
from app.extensions import db
from app.learning.cycles import (
    BY_RENEWAL,
    BY_SELF,
    NewAssignment,
    Status,
    due_phrase,
    open_assignments,
    status_name,
)
from app.learning.cycles import status_of as assignment_status
from app.learning.models import OPEN, TrackCompletion
from app.learning.progress import TrackProgress
from app.learning.state import CertificateFacts
from app.people.models import Person


@dataclass(frozen=True)
class AssignedTrack:
    """A track assigned to the person, with what its card says of the due date."""

    progress: TrackProgress
    status: Status
    due_words: str | None  # "due in 5 days", "3 days late"; None without a due date
    # For a renewal: the certificate it renews and whether that one is valid or expired now.
    renews: CertificateFacts | None = None
    renews_status: str | None = None  # VALID, EXPIRED or REVOKED (certificates.states)

    @property
    def assignment(self):
        return self.progress.assignment

    @property
    def is_renewal(self) -> bool:
        """Opened by the renewal window: the card says "renew by" and why."""
        return self.renews is not None and self.assignment.origin == BY_RENEWAL

    @property
    def overdue(self) -> bool:
        return self.status == Status.OVERDUE

    @property
    def status_text(self) -> str:
        return status_name(self.status)


def assigned_track(progress: TrackProgress, today: date) -> AssignedTrack | None:
    """The card of a track assigned to the person; None if it is not assigned."""
    assignment = progress.assignment
    if assignment is None:
        return None
    status = assignment_status(OPEN, assignment.due_on, progress.started, today)
    renews = progress.renews
    return AssignedTrack(
        progress,
        status,
        due_phrase(assignment.due_on, today),
        renews,
        certificate_state(renews, today) if renews is not None else None,
    )


def assigned_tracks(tracks: list[TrackProgress], today: date) -> list[AssignedTrack]:
    """The person's open assignments, the soonest due first and those without a due date last
    (then in the order they were assigned)."""
    cards = [card for track in tracks if (card := assigned_track(track, today)) is not None]
    return sorted(
        cards,
        key=lambda card: (
            card.assignment.due_on is None,
            card.assignment.due_on or date.max,
            card.assignment.assigned_at,
        ),
    )


def expired_certificates(tracks: list[TrackProgress], today: date) -> dict[int, date]:
    """Track id → the last valid day of the person's latest certificate on it, for the tracks
    where that certificate has expired and no cycle is open to renew it."""
    found = {}
    for track in tracks:
        latest = track.latest_certificate
        if latest is None or track.assignment is not None:
            continue
        if certificate_state(latest, today) == EXPIRED:
            found[track.track.id] = latest.valid_until
    return found


def completed_tracks(tracks: list[TrackProgress]) -> list[TrackProgress]:
    """The tracks the person completed, the latest first."""
    done = [track for track in tracks if track.completed_at is not None]
    return sorted(done, key=lambda track: track.completed_at, reverse=True)


class StartOutcome(enum.StrEnum):
    OPENED = "opened"
    ALREADY_ASSIGNED = "already_assigned"  # a second tab, or a manager got there first
    ALREADY_COMPLETED = "already_completed"


class NotSelfEnrol(Exception):
    """The track is not one anyone may start: a manager, HR or a rule assigns it."""


def start_track(person: Person, slug: str, origin: RequestOrigin) -> StartOutcome | None:
    """Assign a self-enrol track to the person, with no due date (flush only); None when no
    active track has that slug. Starting twice (two tabs) opens one assignment."""
    track = db.session.scalar(select(Track).where(Track.slug == slug, Track.retired_at.is_(None)))
    if track is None:
        return None
    if not track.self_enrol:
        raise NotSelfEnrol(slug)
    if completed_track(person, track):
        # A new cycle of a completed track is a recertification, which its certificate opens.
        return StartOutcome.ALREADY_COMPLETED
    opened = open_assignments([NewAssignment(person.id, track.id, BY_SELF)])
    if not opened:
        return StartOutcome.ALREADY_ASSIGNED
    details = {"track": track.slug, "assignment_id": opened[0]}
    record_event(
        "assignment.self_enrol", origin=origin, actor=person, subject=person, details=details
    )
    return StartOutcome.OPENED


def completed_track(person: Person, track: Track) -> bool:
    query = select(TrackCompletion.id).where(
        TrackCompletion.person_id == person.id, TrackCompletion.track_id == track.id
    )
    return db.session.scalar(query.limit(1)) is not None
