"""The quiz's operations, as its views and commands call them: find a quiz and an attempt,
start, save, submit, close, regrade, and the pages they show. Services flush; the caller
commits once; grading records what it completes (learning's completion) in that transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.audit.origin import RequestOrigin
from app.content.models import Course
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import course_cycle
from app.learning.services import AfterCourse, find_course, next_course_after
from app.people.models import Person
from app.people.roles import Role
from app.quiz.attempts import (
    AttemptClosed,
    QuizRefused,
    close_attempt,
    close_overdue,
    is_overdue,
    open_attempt,
    save_answers,
    start_attempt,
    submit_attempt,
)
from app.quiz.flags import FlagResult, NoSuchQuestion, flag_question
from app.quiz.models import QuizAttempt
from app.quiz.pages import AttemptPage, attempt_page
from app.quiz.regrade import RegradeReport, regrade_course
from app.quiz.results import Standing, attempts_of, standing_of
from app.quiz.review import ReviewPage, quiz_over, review_page, review_shows
from app.quiz.saving import SaveResult
from app.quiz.types import Labels
from app.quiz.types.responses import ResponseError

__all__ = [
    "AttemptClosed",
    "FlagResult",
    "NoSuchQuestion",
    "QuizRefused",
    "RegradeReport",
    "ResponseError",
    "SaveResult",
    "attempt_page_for",
    "attempts_of",
    "close_if_overdue",
    "close_overdue",
    "find_admin",
    "find_attempt",
    "find_course",
    "flag_question",
    "overview_page",
    "regrade_course",
    "review_page_for",
    "save_answers",
    "standing_of",
    "start_attempt",
    "submit_attempt",
]


@dataclass(frozen=True)
class OverviewPage:
    course: Course
    current: QuizAttempt | None  # the open attempt, if any
    standing: Standing
    attempts: list[QuizAttempt]
    over: bool

    def shows(self, attempt: QuizAttempt) -> frozenset[str]:
        """What the review of ``attempt`` may show now."""
        return review_shows(attempt, self.course, self.standing)


def find_attempt(attempt_id: int) -> QuizAttempt | None:
    return db.session.get(QuizAttempt, attempt_id)


def course_of(attempt: QuizAttempt) -> Course:
    return db.session.get(Course, attempt.course_id)


def find_admin(email: str) -> Person | None:
    """The active admin with this e-mail address (any case), or None."""
    person = db.session.scalar(
        select(Person).where(func.lower(Person.email) == email.strip().lower())
    )
    if person is None or not person.active or not person.has_granted_role(Role.ADMIN):
        return None
    return person


def close_if_overdue(
    attempt: QuizAttempt | None, origin: RequestOrigin, now: datetime | None = None
) -> bool:
    """Close and grade an open attempt past its deadline; whether it was closed now."""
    now = now or utcnow()
    if attempt is None or not is_overdue(attempt, now):
        return False
    close_attempt(attempt, now, closed_by="deadline", origin=origin)
    return True


def overview_page(person: Person, course: Course, origin: RequestOrigin) -> OverviewPage:
    """The quiz page: the open attempt (closed first if its time is up), standing, attempts."""
    current = open_attempt(person, course)
    if close_if_overdue(current, origin):
        current = None
    # The open attempt's cycle, else the one a new attempt would start in.
    cycle = current.cycle if current is not None else course_cycle(person.id, course.id)
    standing = standing_of(person.id, course, cycle)
    return OverviewPage(
        course=course,
        current=current,
        standing=standing,
        attempts=attempts_of(person.id, course.id, cycle),
        over=quiz_over(course, standing),
    )


def attempt_page_for(attempt: QuizAttempt, language: str, labels: Labels) -> AttemptPage:
    return attempt_page(course_of(attempt), attempt, language, labels)


@dataclass(frozen=True)
class ReviewNext:
    """The review page's data, and where to go after a pass: the track's next course."""

    page: ReviewPage
    standing: Standing
    after: AfterCourse | None  # only once the attempt passed


def review_page_for(
    attempt: QuizAttempt, person: Person, language: str, labels: Labels
) -> ReviewNext:
    course = course_of(attempt)
    standing = standing_of(person.id, course, attempt.cycle)  # the standing of its own cycle
    after = next_course_after(person, course) if attempt.passed else None
    return ReviewNext(review_page(course, attempt, standing, language, labels), standing, after)
