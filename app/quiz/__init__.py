"""Quizzes: attempts (start, save, submit, close at the deadline), grading and review.

The question types (``types``: GIFT, form, grade, page, review, one class each in one
registry), ``grading``, ``answers`` and ``draw`` are pure Python: no Flask, no database. Routes
attach themselves when the factory asks for the blueprint, so that importing the pure core (as
the content package does for the registry) never pulls in the views.
"""

from flask import Blueprint

bp = Blueprint("quiz", __name__)


@bp.record_once
def give_completion_its_results(state) -> None:
    """Completion (learning, below the quiz) reads quiz results through what the app holds."""
    from app.learning.completion import QUIZ_RESULTS
    from app.quiz.results import CompletionResults

    state.app.extensions[QUIZ_RESULTS] = CompletionResults()


def blueprint() -> Blueprint:
    """The blueprint with its routes attached."""
    from app.quiz import views  # noqa: F401  (routes attach themselves to bp)

    return bp
