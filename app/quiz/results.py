"""A learner's quiz grade for a course, across attempts, by the course's grading method."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app.content.models import Course
from app.extensions import db
from app.quiz.grading import DECIMALS
from app.quiz.models import GRADED, QuizAttempt


@dataclass(frozen=True)
class Standing:
    grade: float | None  # within [0, 1], None before any graded attempt
    passed: bool
    attempts: int  # every attempt started, graded or not
    graded: int


def course_grade(fractions: Sequence[float], method: str) -> float | None:
    """Highest, last, first or average of the graded attempts' fractions, in attempt order."""
    if not fractions:
        return None
    if method == "last":
        return fractions[-1]
    if method == "first":
        return fractions[0]
    if method == "average":
        return round(sum(fractions) / len(fractions), DECIMALS)
    return max(fractions)


def reaches(fraction: float | None, pass_mark: int) -> bool:
    # Compared in whole hundredths of a percent, so 0.7 * 100 never reads as 69.999…
    return fraction is not None and round(fraction * 10000) >= pass_mark * 100


def attempts_of(person_id: int, course_id: int) -> list[QuizAttempt]:
    query = (
        select(QuizAttempt)
        .where(QuizAttempt.person_id == person_id, QuizAttempt.course_id == course_id)
        .order_by(QuizAttempt.number)
    )
    return list(db.session.scalars(query))


def standing_of(person_id: int, course: Course) -> Standing:
    attempts = attempts_of(person_id, course.id)
    fractions = [attempt.fraction for attempt in attempts if attempt.state == GRADED]
    grade = course_grade(fractions, course.quiz.get("grading_method", "highest"))
    return Standing(grade, reaches(grade, course.quiz["pass_mark"]), len(attempts), len(fractions))


class CompletionResults:
    """The quiz results completion reads (``learning.completion.QuizResults``)."""

    def standing(self, person_id: int, course: Course) -> Standing:
        return standing_of(person_id, course)

    def last_passed(self, person_id: int, course: Course) -> QuizAttempt | None:
        attempts = reversed(attempts_of(person_id, course.id))
        return next((attempt for attempt in attempts if attempt.passed), None)
