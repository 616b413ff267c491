"""Graded attempts built from chosen responses, for item analysis: each attempt stores the
responses given and is graded by the application's own grader, as a submit grades it."""

from __future__ import annotations

import random

from sqlalchemy import select

from app.content.models import Course, Question
from app.database import utcnow
from app.extensions import db
from app.quiz.attempts import attempt_totals, grade_slots
from app.quiz.draw import choice_order
from app.quiz.models import GRADED, AttemptSlot, QuizAttempt
from tests.factories import make_person

# Responses to the quiz bank of tests/quiz/quiz_content.py, by question name, in original
# indices, each worth the fraction named.
RIGHT = {
    "choose": 0,
    "several": [0, 1],
    "truth": False,
    "word": "zebra-keyword",
    "number": "31",
    "pairs": {"0": 0, "1": 1, "2": 2},
}
WRONG = {
    "choose": 1,
    "several": [2],
    "truth": True,
    "word": "lion",
    "number": "1000",
    "pairs": {"0": 1, "1": 0, "2": 2},
}
HALF = {"several": [0]}  # worth 0.5


def bank(slug: str = "basics") -> tuple[Course, dict[str, Question]]:
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    questions = db.session.scalars(select(Question).where(Question.course_id == course.id))
    return course, {question.name: question for question in questions}


def graded_attempt(course: Course, responses: dict[Question, object]) -> QuizAttempt:
    """A graded attempt of a new learner that drew ``responses``' questions and gave them."""
    person = make_person(password=None)
    attempt = QuizAttempt(
        person_id=person.id,
        course_id=course.id,
        number=1,
        course_version=course.version,
        settings={"pass_mark": 60},
        state=GRADED,
        graded_at=utcnow(),
    )
    for position, (question, stored) in enumerate(responses.items(), start=1):
        first_language = next(iter(question.data.values()))
        attempt.slots.append(
            AttemptSlot(
                position=position,
                question_id=question.id,
                question=question.data,
                order=choice_order(first_language, False, random.Random(0)),
                mark=1.0,
                response=None if stored is None else {"value": stored},
            )
        )
    grade_slots(attempt, person.language)
    attempt_totals(attempt)
    db.session.add(attempt)
    db.session.flush()
    return attempt


def matrix_attempts(course: Course, questions: dict[str, Question], rows: list[dict]) -> None:
    """One graded attempt per row: question name → the response given (RIGHT, WRONG, HALF)."""
    for row in rows:
        graded_attempt(course, {questions[name]: stored for name, stored in row.items()})
    db.session.commit()
