"""A person's progress as the pages show it, from one function (``progress_in``) that the home,
catalog, track and course pages share, and that the quiz review asks for the next course.

Per course: the lessons read, the quiz's state (not attempted, attempted, passed) and whether
the course is complete; per track: its courses, the charter where it asks for it, whether it is
complete (the rule of ``completion``), and the one next thing to do. It is built from the
catalog snapshot and the person's ``LearnerState`` (``learning.state``), which one query reads:
whatever the number of tracks, courses, lessons, attempts or people, nothing here queries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from app.content.snapshot import CourseEntry, LessonEntry, TrackEntry
from app.learning.catalog import LessonLine, Progress
from app.learning.charter import CharterStatus, status_of
from app.learning.completion import QuizStanding, quiz_results, required_courses_done
from app.learning.state import (
    CertificateFacts,
    CycleDone,
    LearnerState,
    OpenAssignment,
    learner_state,
)
from app.people.models import Person

NOT_ATTEMPTED, ATTEMPTED, PASSED = "not_attempted", "attempted", "passed"
# What a next step opens: a lesson (the first of all, or one after others were read), the
# course's quiz, or the charter.
START, CONTINUE, QUIZ, CHARTER = "start", "continue", "quiz", "charter"


@dataclass(frozen=True)
class QuizProgress:
    state: str  # NOT_ATTEMPTED | ATTEMPTED | PASSED
    grade: float | None  # within [0, 1], by the quiz's grading method
    pass_mark: int  # percent
    attempts_left: int | None  # None: unlimited
    in_progress: bool  # an attempt is open

    @property
    def can_attempt(self) -> bool:
        return self.in_progress or self.attempts_left is None or self.attempts_left > 0


@dataclass(frozen=True)
class NextStep:
    kind: str  # START | CONTINUE | QUIZ | CHARTER
    course: CourseEntry | None = None
    lesson: LessonEntry | None = None
    quiz: QuizProgress | None = None


@dataclass(frozen=True)
class CourseProgress:
    course: CourseEntry
    required: bool
    lessons: list[LessonLine]
    quiz: QuizProgress
    complete: bool  # recorded by completion: lessons read and quiz passed

    @property
    def read(self) -> Progress:
        return Progress(sum(line.read for line in self.lessons), len(self.lessons))

    @property
    def quizzes(self) -> Progress:
        return Progress(int(self.quiz.state == PASSED), 1)

    @property
    def minutes(self) -> int:
        return sum(line.lesson.minutes for line in self.lessons)

    @property
    def started(self) -> bool:
        return self.read.done > 0 or self.quiz.state != NOT_ATTEMPTED or self.quiz.in_progress

    def next_step(self, started: bool | None = None) -> NextStep | None:
        """The first unread lesson, else the quiz unless it is passed or has no attempt left.
        ``started`` says whether the person began what the step belongs to (this course by
        default): a first lesson is "Start", a later one "Continue"."""
        lesson = next((line.lesson for line in self.lessons if not line.read), None)
        if lesson is not None:
            begun = self.read.done > 0 if started is None else started
            return NextStep(CONTINUE if begun else START, self.course, lesson)
        if self.quiz.state != PASSED and self.quiz.can_attempt:
            return NextStep(QUIZ, self.course, quiz=self.quiz)
        return None


@dataclass(frozen=True)
class TrackProgress:
    track: TrackEntry
    courses: list[CourseProgress]
    charter: CharterStatus | None  # for a track that asks for the charter
    complete: bool
    assignment: OpenAssignment | None = None  # the person's open cycle on the track
    completed_at: datetime | None = None  # the last time the person completed it
    certificates: tuple[CertificateFacts, ...] = ()  # the person's on this track, by cycle
    cycles_done: tuple[CycleDone, ...] = ()  # the cycles completed, in order

    @property
    def latest_certificate(self) -> CertificateFacts | None:
        return self.certificates[-1] if self.certificates else None

    @property
    def renews(self) -> CertificateFacts | None:
        """The certificate the open cycle renews, when it is a renewal."""
        if self.assignment is None or self.assignment.renews_certificate_id is None:
            return None
        wanted = self.assignment.renews_certificate_id
        return next((c for c in self.certificates if c.id == wanted), None)

    @property
    def required(self) -> list[CourseProgress]:
        return [course for course in self.courses if course.required]

    @property
    def lessons(self) -> Progress:
        return sum((course.read for course in self.required), Progress(0, 0))

    @property
    def quizzes(self) -> Progress:
        return sum((course.quizzes for course in self.required), Progress(0, 0))

    @property
    def steps(self) -> Progress:
        """Lessons read, quizzes passed and the charter accepted, of all the track asks."""
        charter = Progress(0, 0)
        if self.charter is not None:
            charter = Progress(int(self.charter.accepted), 1)
        return self.lessons + self.quizzes + charter

    @property
    def minutes(self) -> int:
        return sum(course.minutes for course in self.courses)

    @property
    def started(self) -> bool:
        accepted = self.charter is not None and self.charter.accepted
        return accepted or any(course.started for course in self.courses)

    @property
    def mine(self) -> bool:
        """Assigned to the person: by a manager, a rule, or themselves."""
        return self.assignment is not None

    @property
    def may_start(self) -> bool:
        """Open to anyone, and neither assigned to the person nor completed by them."""
        return self.track.self_enrol and self.assignment is None and self.completed_at is None

    @property
    def next_step(self) -> NextStep | None:
        """The next thing the track asks: in a required course, in order, then the charter.
        None once the track is complete (where its certificate will be offered) or when what
        is left cannot be done (a quiz with no attempt left)."""
        started = self.started
        for course in self.required:
            step = course.next_step(started)
            if step is not None:
                return step
        if self.charter is not None and not self.charter.accepted:
            return NextStep(CHARTER)
        return None


def quiz_progress(course: CourseEntry, standing: QuizStanding) -> QuizProgress:
    allowed = course.quiz.get("attempts_allowed") or 0
    state = PASSED if standing.passed else ATTEMPTED if standing.graded else NOT_ATTEMPTED
    return QuizProgress(
        state=state,
        grade=standing.grade,
        pass_mark=course.quiz["pass_mark"],
        attempts_left=max(allowed - standing.attempts, 0) if allowed else None,
        in_progress=standing.attempts > standing.graded,
    )


def courses_progress(state: LearnerState, courses) -> dict[int, CourseProgress]:
    """Course id → progress for every course given (catalog entries)."""
    standings = quiz_results().standings_from(state.attempts, courses)
    return {
        course.id: CourseProgress(
            course=course,
            required=True,
            lessons=[
                LessonLine(lesson, lesson.id in state.lessons_read) for lesson in course.lessons
            ],
            quiz=quiz_progress(course, standings[course.id]),
            complete=course.id in state.courses_completed,
        )
        for course in courses
    }


def charter_progress(state: LearnerState) -> CharterStatus:
    charters = state.catalog.charters
    accepted = {
        charters[charter_id].version: at
        for charter_id, at in state.charters_accepted.items()
        if charter_id in charters
    }
    return status_of(state.catalog.charter, accepted)


def progress_in(state: LearnerState, tracks: list[TrackEntry]) -> list[TrackProgress]:
    """The person's progress in each track given (entries of ``state.catalog``)."""
    courses = list({link.course.id: link.course for t in tracks for link in t.courses}.values())
    found = courses_progress(state, courses)
    charter = charter_progress(state) if any(t.requires_charter for t in tracks) else None
    progress = []
    for track in tracks:
        own_charter = charter if track.requires_charter else None
        done = [link.course.id for link in track.courses if found[link.course.id].complete]
        complete = required_courses_done(track.required_course_ids, done) and (
            own_charter is None or own_charter.accepted
        )
        lines = [replace(found[link.course.id], required=link.required) for link in track.courses]
        progress.append(
            TrackProgress(
                track,
                lines,
                own_charter,
                complete,
                assignment=state.assignments.get(track.id),
                completed_at=state.tracks_completed.get(track.id),
                certificates=tuple(c for c in state.certificates if c.track_id == track.id),
                cycles_done=tuple(c for c in state.cycles_done if c.track_id == track.id),
            )
        )
    return progress


@dataclass(frozen=True)
class AfterCourse:
    """Where to go once a course is passed: the track it belongs to, and its next course."""

    track: TrackProgress
    course: CourseProgress | None  # None: no other course of the track is left to complete


def next_course_after(person: Person, course) -> AfterCourse | None:
    """The next course of the first track that holds ``course`` (a row or an entry), not yet
    complete: the first after it, else the first before it. None when no track holds it."""
    state = learner_state(person)
    tracks = state.catalog.tracks_with(course.id)
    if not tracks:
        return None
    track = progress_in(state, tracks[:1])[0]
    ids = [line.course.id for line in track.courses]
    here = ids.index(course.id) if course.id in ids else -1
    after = track.courses[here + 1 :] + track.courses[: max(here, 0)]
    left = next((line for line in after if not line.complete), None)
    return AfterCourse(track, left)
