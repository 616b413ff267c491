"""Completion, recorded once per cycle: a course when its lessons are read and its quiz passed;
a track when its required courses are complete and, where it asks for it, the current charter
accepted. A track's completion closes the person's open assignment on it, whose cycle it
carries (``learning.cycles``); without an open assignment, it is cycle 1, recorded once. It
issues the cycle's certificate in the same transaction, by an explicit call, so that the two
commit together or not at all.

``update_completion`` is the one function that records them. It runs in the caller's
transaction (quiz grading, a lesson marked read, the charter accepted) and announces each new
completion on the ``course_completed`` and ``track_completed`` signals, in that transaction.

The quiz sits above learning: completion reads a learner's quiz results through the
``QuizResults`` the quiz gives the app (``app.extensions[QUIZ_RESULTS]``), never by importing it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from blinker import Namespace
from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.certificates.issuing import CompletedCycle, issue_certificate
from app.content.models import Course, Track
from app.extensions import db
from app.learning.catalog import active_lessons, lessons_read_by, tracks_with
from app.learning.charter import charter_status
from app.learning.cycles import COMPLETED, close_assignment, completion_cycle, open_cycles_on
from app.learning.models import CourseCompletion, TrackCompletion
from app.people.models import Person

signals = Namespace()
course_completed = signals.signal("course-completed")
track_completed = signals.signal("track-completed")


QUIZ_RESULTS = "relais.quiz_results"  # the key of the quiz's QuizResults in app.extensions


class QuizStanding(Protocol):
    passed: bool
    grade: float | None  # within [0, 1], by the quiz's grading method
    attempts: int  # every attempt started, graded or not
    graded: int


class PassedAttempt(Protocol):
    id: int
    course_version: int


class QuizResults(Protocol):
    """What completion needs to know of a learner's quiz on a course."""

    def standing(self, person_id: int, course: Course, cycle: int) -> QuizStanding:
        """The standing from the attempts of ``cycle`` only."""
        ...

    def last_passed(self, person_id: int, course: Course, cycle: int) -> PassedAttempt | None: ...

    def attempts_select(self, person_id: int) -> Select:
        """The person's attempts as (course_id, number, state, fraction, cycle) rows, for a
        caller that reads them within a query of its own (``learning.state``)."""
        ...

    def people_attempts_select(self, people, course_ids) -> Select:
        """The attempts of many people (``people``: ids, or a select of ids) on ``course_ids``,
        as (person_id, course_id, number, state, fraction) rows in order, for the pages that
        show a whole team's progress in a fixed number of queries."""
        ...

    def standings_from(
        self, attempts: Mapping[int, Iterable], courses: Sequence
    ) -> Mapping[int, QuizStanding]:
        """Course id → standing, from rows ``attempts_select`` gave, by course, in order."""
        ...


def quiz_results() -> QuizResults:
    return current_app.extensions[QUIZ_RESULTS]


@dataclass
class NewCompletions:
    courses: list[CourseCompletion] = field(default_factory=list)
    tracks: list[TrackCompletion] = field(default_factory=list)


def update_completion(
    person: Person, course: Course | None = None, attempt=None, *, origin: RequestOrigin
):
    """Record what ``person`` has just completed: ``course`` and the tracks that hold it, or
    (without a course) the tracks that require the charter. Flush only; returns what is new.
    ``origin`` is the request or command that caused it, for the audit log."""
    found = NewCompletions()
    tracks = tracks_with(course, their_courses=True) if course is not None else charter_tracks()
    # The open cycles of those tracks, read once: the course and each track need them (a hot
    # path: every submit comes here).
    cycles = open_cycles_on(person.id, [track.id for track in tracks])
    if course is not None:
        completion = complete_course(person, course, cycles, attempt, origin)
        if completion is not None:
            found.courses.append(completion)
    for track in tracks:
        completion = complete_track(person, track, origin, cycles.get(track.id))
        if completion is not None:
            found.tracks.append(completion)
    return found


def charter_tracks() -> list[Track]:
    query = select(Track).where(Track.requires_charter.is_(True), Track.retired_at.is_(None))
    return list(db.session.scalars(query))


def lessons_all_read(person: Person, course: Course) -> bool:
    lessons = active_lessons([course.id])[course.id]
    return len(lessons_read_by(person, [lesson.id for lesson in lessons])) == len(lessons)


def complete_course(
    person: Person, course: Course, cycles: dict, attempt, origin: RequestOrigin
) -> CourseCompletion | None:
    # The course's cycle is the highest of the open assignments on the tracks that hold it
    # (``cycles``: track id → (assignment id, cycle)).
    open_cycle = max((cycle for _id, cycle in cycles.values()), default=None)
    cycle = completion_cycle(
        recorded_cycles(CourseCompletion, person, course_id=course.id), open_cycle
    )
    if cycle is None:
        return None
    # One read of the attempts serves the pass check and the grade recorded (a hot path: every
    # submit runs it). Only the cycle's attempts count: a renewal passes the quiz again. The
    # lessons read stay read: reading them again would teach nothing the quiz does not check.
    standing = quiz_results().standing(person.id, course, cycle)
    if not standing.passed or not lessons_all_read(person, course):
        return None
    # Completed by a lesson read after the quiz: the attempt that passed is the last one graded.
    attempt = attempt or quiz_results().last_passed(person.id, course, cycle)
    completion = CourseCompletion(
        person_id=person.id,
        course_id=course.id,
        course_version=attempt.course_version if attempt is not None else course.version,
        attempt_id=attempt.id if attempt is not None else None,
        fraction=standing.grade,
        cycle=cycle,
    )
    if not inserted(completion):
        return None
    record_event(
        "course.complete",
        origin=origin,
        actor=person,
        subject=person,
        details={
            "course": course.slug,
            "version": completion.course_version,
            "grade": completion.fraction,
            "cycle": cycle,
        },
    )
    course_completed.send(completion, person=person, course=course)
    return completion


def required_courses(track: Track) -> set[int]:
    return {
        link.course_id
        for link in track.track_courses
        if link.required and link.course.retired_at is None
    }


def required_courses_done(required: Collection[int], complete: Collection[int]) -> bool:
    """The course half of a track's rule: it has required courses (their ids), and each is
    complete. The learner pages apply it to the catalog snapshot, completion to the rows."""
    return bool(required) and set(required) <= set(complete)


def recorded_courses(person: Person, course_ids: Collection[int], cycle: int) -> dict[int, float]:
    """Course id → grade, for the courses among ``course_ids`` that ``person`` completed in
    ``cycle`` (one query)."""
    query = select(CourseCompletion.course_id, CourseCompletion.fraction).where(
        CourseCompletion.person_id == person.id,
        CourseCompletion.course_id.in_(list(course_ids)),
        CourseCompletion.cycle == cycle,
    )
    return {course_id: fraction for course_id, fraction in db.session.execute(query)}


def complete_track(
    person: Person, track: Track, origin: RequestOrigin, open_cycle: tuple[int, int] | None
) -> TrackCompletion | None:
    """``open_cycle``: (assignment id, cycle) of the person's open assignment on the track."""
    if track.retired_at is not None:
        return None
    cycle = completion_cycle(
        recorded_cycles(TrackCompletion, person, track_id=track.id),
        open_cycle[1] if open_cycle else None,
    )
    if cycle is None:
        return None
    required = required_courses(track)
    grades = recorded_courses(person, required, cycle)
    if not required_courses_done(required, grades):
        return None
    charter_version = None
    if track.requires_charter:
        status = charter_status(person)
        if not status.accepted:
            return None
        charter_version = status.charter.version
    completion = TrackCompletion(
        person_id=person.id, track_id=track.id, charter_version=charter_version, cycle=cycle
    )
    if not inserted(completion):
        return None
    if open_cycle is not None:
        close_assignment(open_cycle[0], COMPLETED, completion_id=completion.id)
    record_event(
        "track.complete",
        origin=origin,
        actor=person,
        subject=person,
        details={"track": track.slug, "cycle": cycle},
    )
    grade = sum(grades.values()) / len(grades)
    issue_certificate(person, track, CompletedCycle(completion.id, cycle, grade), origin=origin)
    track_completed.send(completion, person=person, track=track)
    return completion


def recorded_cycles(model, person: Person, **where) -> set[int]:
    """The cycles in which ``person`` already completed what ``where`` names."""
    return set(db.session.scalars(select(model.cycle).filter_by(person_id=person.id, **where)))


def inserted(row) -> bool:
    """Insert in a savepoint: False when a racing request recorded the same completion."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return False
    return True
