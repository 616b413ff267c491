"""Grading one response as Moodle does: a fraction in [0, 1] and the feedback that applies.

Entry points: ``parse_response`` (raw form values → typed response), ``grade`` (question and
response → ``Grade``), ``score`` and ``attempt_fraction``. Question types are registered in
``QUESTION_TYPES``; essay and description questions are never auto-graded and raise
``NotAutoGradedError``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache

from app.quiz.responses import (
    Response,
    matched_items,
    parse_matching,
    parse_multichoice,
    parse_text,
    parse_truefalse,
)

DECIMALS = 7  # Moodle keeps fractions and marks to seven decimals
WHITESPACE = re.compile(r"\s+")
# Moodle's wildcard: a run of unescaped stars; ``\*`` is a literal star.
WILDCARD = re.compile(r"(?<!\\)\*+")
# Optional sign, digits with a decimal point or comma, optional exponent; ASCII digits only.
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]{1,4})?")
# Enough digits that value ± tolerance is exact for any two floats (1e308 ± 5e-324).
EXACT = Context(prec=1000)


@dataclass(frozen=True)
class Grade:
    fraction: float
    feedback: tuple[str, ...] = ()  # the feedback of the answers that applied, in file order

    def __post_init__(self) -> None:
        if not 0 <= self.fraction <= 1:
            raise ValueError(f"a grade's fraction lies within [0, 1], not {self.fraction}")


NO_CREDIT = Grade(0.0)


class NotAutoGradedError(ValueError):
    """The question is not graded by the machine (essay, description) or its type is unknown."""


def bounded(fraction: float) -> float:
    return round(min(1.0, max(0.0, float(fraction))), DECIMALS)


def feedback_of(answers: Iterable[dict]) -> tuple[str, ...]:
    return tuple(answer["feedback"] for answer in answers if answer.get("feedback"))


def grade_multichoice(question: dict, response: int | frozenset[int] | None) -> Grade:
    """One choice: its fraction. Several: the sum of theirs. Either way within [0, 1]."""
    answers = question["answers"]
    if response is None:
        return NO_CREDIT
    chosen = [answers[response]] if question["single"] else [answers[i] for i in sorted(response)]
    # fsum is exact, so the order the answers come in cannot change the sum.
    fraction = math.fsum(answer["fraction"] for answer in chosen)
    return Grade(bounded(fraction), feedback_of(chosen))


def grade_truefalse(question: dict, response: bool | None) -> Grade:
    if response is None:
        return NO_CREDIT
    if response == question["correct"]:
        return Grade(1.0, texts(question.get("feedback_right")))
    return Grade(0.0, texts(question.get("feedback_wrong")))


def texts(*candidates: str | None) -> tuple[str, ...]:
    return tuple(text for text in candidates if text)


def grade_shortanswer(question: dict, response: str) -> Grade:
    """The first answer in file order that matches wins, as in Moodle."""
    folded = fold_response(response)
    # A blank response is no answer at all: not even a catch-all ``*`` gives it feedback.
    if not folded:
        return NO_CREDIT
    for answer in question["answers"]:
        if accepts_text(answer["text"], folded):
            return Grade(bounded(answer["fraction"]), feedback_of([answer]))
    return NO_CREDIT


def fold_response(text: str) -> str:
    """Case, accents and runs of whitespace erased, as answer keys are compared."""
    return WHITESPACE.sub(" ", fold(text)).strip()


def fold(text: str) -> str:
    # Unicode's compatibility caseless match (D146): ligatures, widths and cases made equal...
    folded = unicodedata.normalize("NFD", text).casefold()
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", folded).casefold())
    # ...then the accents dropped, so "Équipe" is "equipe".
    return "".join(char for char in folded if not unicodedata.combining(char))


@lru_cache(maxsize=4096)
def wildcard_pieces(answer_text: str) -> tuple[str, ...]:
    """The literal pieces between an answer key's wildcards, folded like a response."""
    pieces = [
        WHITESPACE.sub(" ", fold(piece.replace("\\*", "*")))
        for piece in WILDCARD.split(answer_text)
    ]
    pieces[0], pieces[-1] = pieces[0].lstrip(), pieces[-1].rstrip()
    return tuple(pieces)


def accepts_text(answer_text: str, folded_response: str) -> bool:
    """Whether an answer key, wildcards and all, matches the whole of a folded response."""
    pieces = wildcard_pieces(answer_text)
    if len(pieces) == 1:
        return folded_response == pieces[0]
    first, *middle, last = pieces
    end = len(folded_response) - len(last)
    if end < len(first) or not folded_response.startswith(first):
        return False
    if not folded_response.endswith(last):
        return False
    # Taking each piece at its leftmost place is enough for stars, and needs no backtracking
    # regular expression that an author's ``*a*b*c*`` could make slow.
    position = len(first)
    for piece in middle:
        found = folded_response.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def parse_number(text: str) -> Decimal | None:
    """The number a learner typed (``11,5`` as ``11.5``), or None for blank or not a number."""
    text = text.strip()
    if not NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", "."))


def accepts_number(answer: dict, number: Decimal) -> bool:
    """Whether ``number`` lies in an answer's range, bounds included; a catch-all takes all."""
    if answer.get("value") is not None:
        value, tolerance = exact(answer["value"]), abs(exact(answer.get("tolerance") or 0))
        low, high = EXACT.subtract(value, tolerance), EXACT.add(value, tolerance)
    else:
        low, high = exact(answer.get("min"), "-Infinity"), exact(answer.get("max"), "Infinity")
    if low.is_nan() or high.is_nan():
        return False
    return low <= number <= high


def exact(number: float | int | str | None, missing: str = "NaN") -> Decimal:
    """A float's shortest decimal form: 0.1 is 0.1 here, so 0.1 ± 0.2 takes 0.3 exactly."""
    if number is None:
        return Decimal(missing)
    try:
        value = Decimal(str(number))
    except (InvalidOperation, ValueError):
        return Decimal("NaN")
    # A bound that is not a finite number (bad content) accepts nothing rather than crashing.
    return value if value.is_finite() else Decimal("NaN")


def grade_numerical(question: dict, response: str) -> Grade:
    """The first answer in file order whose range holds the number wins, as in Moodle."""
    number = parse_number(response)
    # Not a number (or blank): wrong, and no answer applies, not even the catch-all (Moodle).
    if number is None:
        return NO_CREDIT
    for answer in question["answers"]:
        if accepts_number(answer, number):
            return Grade(bounded(answer["fraction"]), feedback_of([answer]))
    return NO_CREDIT


def grade_matching(question: dict, response: dict[int, str]) -> Grade:
    """The share of the items matched with their own answer."""
    items = matched_items(question)
    if not items:
        return NO_CREDIT
    pairs = question["pairs"]
    right = sum(1 for index in items if response.get(index) == pairs[index]["answer"])
    return Grade(bounded(right / len(items)))


@dataclass(frozen=True)
class QuestionType:
    """What the grader knows of a question type: how to read its form and how to grade it."""

    parse_response: Callable[[dict, object], Response]
    grade: Callable[[dict, Response], Grade]


QUESTION_TYPES: dict[str, QuestionType] = {
    "multichoice": QuestionType(parse_multichoice, grade_multichoice),
    "truefalse": QuestionType(parse_truefalse, grade_truefalse),
    "shortanswer": QuestionType(parse_text, grade_shortanswer),
    "numerical": QuestionType(parse_text, grade_numerical),
    "matching": QuestionType(parse_matching, grade_matching),
}
NOT_AUTO_GRADED = frozenset({"essay", "description"})


def question_type(question: dict) -> QuestionType:
    name = question["type"]
    if name in NOT_AUTO_GRADED:
        raise NotAutoGradedError(f"{name} questions are not auto-graded")
    if name not in QUESTION_TYPES:
        raise NotAutoGradedError(f"unknown question type {name!r}")
    return QUESTION_TYPES[name]


def is_auto_graded(question: dict) -> bool:
    return question["type"] in QUESTION_TYPES


def parse_response(question: dict, raw: object) -> Response:
    """The typed response to ``question`` from raw form values; ``ResponseError`` if malformed."""
    return question_type(question).parse_response(question, raw)


def grade(question: dict, response: Response) -> Grade:
    """Grade a response that ``parse_response`` returned for this same question."""
    return question_type(question).grade(question, response)


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
