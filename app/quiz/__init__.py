"""Quizzes: attempts (start, save, submit, close at the deadline), grading and review.

The question types (``types``: GIFT, form, grade, page, review, one class each in one
registry), ``grading``, ``answers`` and ``draw`` are pure Python: no Flask, no database.
"""

from flask import Blueprint

bp = Blueprint("quiz", __name__)

from app.quiz import views  # noqa: E402,F401
