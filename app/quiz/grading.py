"""Grading as Moodle does: a fraction in [0, 1] per question, marks, and an attempt's total.

``grade`` hands a question to its type in the registry (``app.quiz.types``); essay and
description questions are never auto-graded and raise ``NotAutoGradedError``. Pure: no Flask,
no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from app.quiz.types import QUESTION_TYPES, question_type
from app.quiz.types.base import DECIMALS, Grade, NotAutoGradedError, bounded

__all__ = [
    "DECIMALS",
    "Grade",
    "NotAutoGradedError",
    "attempt_fraction",
    "grade",
    "is_auto_graded",
    "score",
]


def is_auto_graded(question: dict) -> bool:
    kind = QUESTION_TYPES.get(question["type"])
    return kind is not None and kind.graded


def grade(question: dict, response: object) -> Grade:
    """Grade a response as the question's type reads it (see ``types.QuestionType.response``)."""
    return question_type(question["type"]).grade(question, response)


def score(fraction: float, mark: float) -> float:
    """The marks a question earns: its fraction of the question's maximum mark."""
    if not 0 <= fraction <= 1:
        raise ValueError(f"a fraction lies within [0, 1], not {fraction}")
    if mark < 0:
        raise ValueError(f"a mark cannot be negative: {mark}")
    return round(fraction * mark, DECIMALS)


def attempt_fraction(grades: Sequence[Grade], marks: Sequence[float] | None = None) -> float:
    """Marks earned over marks available, within [0, 1]; each question is worth 1 by default."""
    marks = [1.0] * len(grades) if marks is None else marks
    if len(marks) != len(grades):
        raise ValueError(f"{len(grades)} grades but {len(marks)} marks")
    if any(mark < 0 for mark in marks):
        raise ValueError("a mark cannot be negative")
    available = math.fsum(marks)
    if available <= 0:
        return 0.0
    # Unrounded scores: three questions worth 1/3 each, all right, must make exactly 1.
    earned = math.fsum(g.fraction * mark for g, mark in zip(grades, marks, strict=True))
    return bounded(earned / available)
