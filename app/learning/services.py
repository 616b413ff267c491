"""What the learner pages call: finding what a URL names, each page's data, and the three
things a learner does (reading a lesson, accepting the charter, each with the completion it
earns, and starting a track anyone may start).

The page data is built in ``progress``, ``assigned``, ``lessons`` and ``charter``; this module is
the one views import. Services flush; the view commits once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from app.audit.origin import RequestOrigin
from app.certificates.held import HeldCertificate, held_certificates
from app.content.models import Course, Lesson
from app.content.snapshot import TrackEntry
from app.learning.assigned import (
    AssignedTrack,
    NotSelfEnrol,
    StartOutcome,
    assigned_track,
    assigned_tracks,
    completed_tracks,
    start_track,
)
from app.learning.charter import CharterChanged, CharterStatus, accept_charter, charter_status
from app.learning.completion import update_completion
from app.learning.cycles import today_for
from app.learning.lessons import LessonPage, find_asset, find_course, find_lesson, lesson_page_in
from app.learning.lessons import mark_lesson_read as record_lesson_read
from app.learning.progress import (
    AfterCourse,
    CourseProgress,
    TrackProgress,
    courses_progress,
    next_course_after,
    progress_in,
)
from app.learning.state import LearnerState, learner_state
from app.people.models import Person

__all__ = [
    "AfterCourse",
    "CharterChanged",
    "CharterStatus",
    "CoursePage",
    "HomePage",
    "NotSelfEnrol",
    "StartOutcome",
    "TrackPage",
    "accept_current_charter",
    "catalog_for",
    "charter_status",
    "course_page_for",
    "find_asset",
    "find_course",
    "find_lesson",
    "home_page_for",
    "lesson_page_for",
    "next_course_after",
    "read_lesson",
    "start_track",
    "track_page_for",
]


@dataclass(frozen=True)
class HomePage:
    person: Person
    manager: str | None  # the manager's name, for the profile
    assigned: list[AssignedTrack]  # the soonest due first, each with its next step
    completed: list[TrackProgress]  # the latest first
    to_start: list[TrackProgress]  # self-enrol tracks neither assigned nor completed
    certificates: list[HeldCertificate]  # every one the person holds, the latest first


@dataclass(frozen=True)
class TrackPage:
    progress: TrackProgress
    assigned: AssignedTrack | None  # when the track is assigned to the person


@dataclass(frozen=True)
class CoursePage:
    progress: CourseProgress
    tracks: list[TrackEntry]  # the tracks that hold the course, for the way back


# Each page reads the person's state in one query (``learner_state``), which also names the
# catalog snapshot to use; what a URL names is looked up in that snapshot (None: a 404).


def home_page_for(person: Person) -> HomePage:
    """The home page: the person's assignments, their certificates, what they completed, what
    they may start, and who they are in the organisation."""
    state = learner_state(person)
    tracks = progress_in(state, list(state.catalog.tracks))
    today = today_of(person)
    return HomePage(
        person=person,
        manager=state.manager,
        assigned=assigned_tracks(tracks, today),
        completed=completed_tracks(tracks),
        to_start=[track for track in tracks if track.may_start],
        certificates=held_certificates(person.id, today),
    )


def today_of(person: Person) -> date:
    return today_for(person, current_app.config["BABEL_DEFAULT_TIMEZONE"])


def catalog_for(person: Person) -> list[TrackProgress]:
    return catalog_in(learner_state(person))


def catalog_in(state: LearnerState) -> list[TrackProgress]:
    """Every track, those assigned to the person first (then in the order of tracks.yml)."""
    tracks = progress_in(state, list(state.catalog.tracks))
    return sorted(tracks, key=lambda track: not track.mine)


def track_page_for(person: Person, slug: str) -> TrackPage | None:
    state = learner_state(person)
    track = state.catalog.track(slug)
    if track is None:
        return None
    progress = progress_in(state, [track])[0]
    return TrackPage(progress, assigned_track(progress, today_of(person)))


def course_page_for(person: Person, slug: str) -> CoursePage | None:
    state = learner_state(person)
    course = state.catalog.course(slug)
    if course is None:
        return None
    progress = courses_progress(state, [course])[course.id]
    return CoursePage(progress, state.catalog.tracks_with(course.id))


def lesson_page_for(person: Person, course_slug: str, slug: str) -> LessonPage | None:
    return lesson_page_in(learner_state(person), course_slug, slug)


def read_lesson(person: Person, course: Course, lesson: Lesson, origin: RequestOrigin) -> None:
    """Record the lesson as read (once) and whatever that completes."""
    if record_lesson_read(person, lesson):
        update_completion(person, course, origin=origin)


def accept_current_charter(person: Person, version: int, origin: RequestOrigin) -> None:
    """Record the acceptance of ``version`` (CharterChanged if it is no longer the current one)
    and the tracks it completes."""
    if accept_charter(person, version, origin):
        update_completion(person, origin=origin)
