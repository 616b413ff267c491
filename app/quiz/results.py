"""A learner's quiz grade for a course, across the attempts of one cycle, by the course's grading
method: a renewal (cycle 2, 3 …) passes the quiz again, and only its own attempts count."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select

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


def attempts_of(person_id: int, course_id: int, cycle: int) -> list[QuizAttempt]:
    """The person's attempts on the course in ``cycle``, in order."""
    query = (
        select(QuizAttempt)
        .where(
            QuizAttempt.person_id == person_id,
            QuizAttempt.course_id == course_id,
            QuizAttempt.cycle == cycle,
        )
        .order_by(QuizAttempt.number)
    )
    return list(db.session.scalars(query))


def standing_from(attempts: Iterable, course: Course) -> Standing:
    """The standing from a course's attempts (anything with ``state`` and ``fraction``), in
    attempt order."""
    attempts = list(attempts)
    fractions = [attempt.fraction for attempt in attempts if attempt.state == GRADED]
    grade = course_grade(fractions, course.quiz.get("grading_method", "highest"))
    return Standing(grade, reaches(grade, course.quiz["pass_mark"]), len(attempts), len(fractions))


def standing_of(person_id: int, course: Course, cycle: int) -> Standing:
    return standing_from(attempts_of(person_id, course.id, cycle), course)


def attempts_select(person_id: int) -> Select:
    """The person's attempts as rows of (course_id, number, state, fraction, cycle): the part of
    the learner's one query (``learning.state``) that the quiz knows how to write."""
    return select(
        QuizAttempt.course_id,
        QuizAttempt.number,
        QuizAttempt.state,
        QuizAttempt.fraction,
        QuizAttempt.cycle,
    ).where(QuizAttempt.person_id == person_id)


def people_attempts_select(people, course_ids) -> Select:
    """The attempts of many people on ``course_ids`` as rows of (person_id, course_id, number,
    state, fraction, cycle), ordered so that each person's attempts on a course come in order."""
    return (
        select(
            QuizAttempt.person_id,
            QuizAttempt.course_id,
            QuizAttempt.number,
            QuizAttempt.state,
            QuizAttempt.fraction,
            QuizAttempt.cycle,
        )
        .where(QuizAttempt.person_id.in_(people), QuizAttempt.course_id.in_(list(course_ids)))
        .order_by(QuizAttempt.person_id, QuizAttempt.course_id, QuizAttempt.number)
    )


class CompletionResults:
    """The quiz results learning reads (``learning.completion.QuizResults``)."""

    def attempts_select(self, person_id: int) -> Select:
        return attempts_select(person_id)

    def people_attempts_select(self, people, course_ids) -> Select:
        return people_attempts_select(people, course_ids)

    def standings_from(
        self, attempts: Mapping[int, Iterable], courses: Sequence
    ) -> dict[int, Standing]:
        return {course.id: standing_from(attempts.get(course.id, ()), course) for course in courses}

    def standing(self, person_id: int, course: Course, cycle: int) -> Standing:
        return standing_of(person_id, course, cycle)

    def last_passed(self, person_id: int, course: Course, cycle: int) -> QuizAttempt | None:
        attempts = reversed(attempts_of(person_id, course.id, cycle))
        return next((attempt for attempt in attempts if attempt.passed), None)
