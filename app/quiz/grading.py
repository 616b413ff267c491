"""Marks as Moodle counts them: a question's score from its fraction, an attempt's total.

Each question type grades its own responses (``app.quiz.types``, through ``answers``); this is
what adds them up. Pure: no Flask, no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from app.quiz.types.base import DECIMALS, Grade, bounded

__all__ = ["DECIMALS", "Grade", "attempt_fraction", "score"]


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
