"""What a question type is: one class that reads its GIFT, stores its JSON, reads its form,
grades, and says what its attempt and review pages show. Pure: no Flask, no database.

The stored JSON of a question is ``{"type", "text", "format", ...}`` plus what its type adds.
A stored response is what ``read_form`` returned: plain JSON in original indices, so it means
the same in French and English.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from app.quiz.types.gift_syntax import Segment

DECIMALS = 7  # Moodle keeps fractions and marks to seven decimals


@dataclass(frozen=True)
class Grade:
    fraction: float
    feedback: tuple[str, ...] = ()  # the feedback of the answers that applied, in file order
    # The same feedback as safe HTML, each in its own format (what a review page shows).
    html: tuple[str, ...] = field(default=(), compare=False)
    # Which of the question's answer keys applied, by index: the two languages' keys pair by
    # index, so the review can show the same answers' feedback in the reader's language.
    answers: tuple[int, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.fraction <= 1:
            raise ValueError(f"a grade's fraction lies within [0, 1], not {self.fraction}")


NO_CREDIT = Grade(0.0)


class NotAutoGradedError(ValueError):
    """The question is not graded by the machine (essay, description) or its type is unknown."""


def bounded(fraction: float) -> float:
    return round(min(1.0, max(0.0, float(fraction))), DECIMALS)


def arranged(indices: Iterable[int], shuffle: bool, rng: random.Random) -> list[int]:
    ordered = list(indices)
    if shuffle:
        rng.shuffle(ordered)
    return ordered


@dataclass(frozen=True)
class Labels:
    """Words a type may show that the page's language decides (true/false)."""

    true: str = "True"
    false: str = "False"


class QuestionType:
    """One question type. An instance is the part of a parsed question its type adds (its
    ``body``); the class methods work on stored JSON, as attempts keep it."""

    name: ClassVar[str]
    graded: ClassVar[bool] = True
    # Moodle's GIFT reader tries the types in this order (lowest first); None: not from GIFT.
    gift_order: ClassVar[int | None] = None
    # Why a course bank, which feeds random draws of graded questions, refuses this type.
    bank_refusal: ClassVar[str | None] = None

    # --- GIFT ---------------------------------------------------------------------------

    @classmethod
    def reads(cls, answers: str | None) -> bool:
        """Whether GIFT's answer block (None: there is none) is of this type."""
        return False

    @classmethod
    def parse(cls, block: Segment | None) -> QuestionType:
        raise NotImplementedError(f"{cls.name} questions are not read from GIFT")

    def to_json(self) -> dict:
        return {}

    @classmethod
    def from_json(cls, data: dict) -> QuestionType:
        return cls()

    def to_gift(self) -> tuple[str, list[str]] | None:
        """The answer block's head and items; None: the question has no block at all."""
        raise NotImplementedError(f"{self.name} questions are not written as GIFT")

    @classmethod
    def structure(cls, question: dict) -> dict[str, object]:
        """What must be the same in both languages, by name: everything graded, nothing worded."""
        return {}

    # --- the attempt --------------------------------------------------------------------

    @classmethod
    def template(cls) -> str:
        """The partial that shows the question's form controls (and, disabled, its review)."""
        return f"quiz/types/{cls.name}.html"

    @classmethod
    def choice_order(cls, question: dict, shuffle: bool, rng: random.Random) -> dict:
        """Shown position → original index, for the parts of the question that have an order."""
        return {}

    @classmethod
    def field_names(cls, name: str, order: dict) -> set[str]:
        return {name}

    @classmethod
    def read_form(cls, question: dict, order: dict, name: str, form) -> object:
        """The stored response from a form's values (a MultiDict-like ``getlist``)."""
        raise NotImplementedError(f"{cls.name} questions take no answer")

    @classmethod
    def response(cls, question: dict, stored: object) -> object:
        """The stored response as ``grade`` takes it, for the question in one language."""
        return stored

    @classmethod
    def grade(cls, question: dict, response: object) -> Grade:
        raise NotAutoGradedError(f"{cls.name} questions are not auto-graded")

    @classmethod
    def view(cls, question: dict, order: dict, stored: object, name: str, labels: Labels):
        """What the partial shows besides the question's text: a mapping of plain values."""
        return {}

    # --- the review ---------------------------------------------------------------------

    @classmethod
    def answered(cls, stored: object) -> bool:
        """Whether the stored response holds an answer (the review says when it does not)."""
        return stored not in (None, "", [], {})

    @classmethod
    def right_answers(cls, question: dict, labels: Labels) -> list[str]:
        return []

    # --- item analysis ------------------------------------------------------------------

    @classmethod
    def offered(cls, question: dict, labels: Labels) -> list[Tallied]:
        """Every option a learner may choose, so that one nobody chose still shows, at 0."""
        return []

    @classmethod
    def tallied(cls, question: dict, stored: object, labels: Labels) -> list[Tallied]:
        """What the stored response chose, as item analysis counts it; empty: no answer."""
        return []


@dataclass(frozen=True)
class Tallied:
    """One thing a response chose: the part of the question it answers ("" for a question of
    one part, the premise of a matching item), the option's plain text, and whether it earns
    credit."""

    part: str
    text: str
    right: bool


@dataclass(frozen=True)
class Choice:
    value: str  # the shown position, the only thing the form sends back
    html: str  # the choice's text as safe HTML, in its own format
    chosen: bool
