"""Numerical: ``{#3.14:0.01}``, ``{#1..5}``, weighted answers and ``~#`` feedback; the learner
types a number (``11,5`` reads as ``11.5``) and the first answer whose range holds it wins.

An answer that matches any number (``=*`` in GIFT, or the ``~#feedback`` shown for every other
answer) has neither a value nor a range; ``~#`` is such an answer, worth 0, placed last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from typing import ClassVar

from app.quiz.types.answer import credit
from app.quiz.types.base import NO_CREDIT, Grade
from app.quiz.types.formats import own_formats, tagged, take_format
from app.quiz.types.gift_syntax import (
    TRIM,
    GiftSyntaxError,
    Segment,
    escape,
    format_number,
    format_weight,
    parse_number,
    release,
    take_weight,
)
from app.quiz.types.typed import TypedAnswerType

# Optional sign, digits with a decimal point or comma, optional exponent; ASCII digits only.
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]{1,4})?")
# Enough digits that value ± tolerance is exact for any two floats (1e308 ± 5e-324).
EXACT = Context(prec=1000)


@dataclass(frozen=True)
class NumericalAnswer:
    fraction: float
    feedback: str = ""
    value: float | None = None
    tolerance: float | None = None
    min: float | None = None
    max: float | None = None
    feedback_format: str | None = None  # a tag's format, where it differs from the question's

    @property
    def matches_anything(self) -> bool:
        return self.value is None and self.min is None

    def to_json(self) -> dict:
        if self.value is not None:
            bounds = {"value": self.value, "tolerance": self.tolerance}
        elif self.min is not None:
            bounds = {"min": self.min, "max": self.max}
        else:
            bounds = {}
        found = {**bounds, "fraction": self.fraction, "feedback": self.feedback}
        return found | own_formats(self, "feedback_format")

    @classmethod
    def from_json(cls, data: dict) -> NumericalAnswer:
        numbers = {
            key: float(data[key]) for key in ("value", "tolerance", "min", "max") if key in data
        }
        return cls(
            fraction=float(data["fraction"]),
            feedback=data.get("feedback", ""),
            feedback_format=data.get("feedback_format"),
            **numbers,
        )

    def written_feedback(self, question_format: str) -> str:
        if not self.feedback:
            return ""
        return tagged(self.feedback, self.feedback_format, question_format) + escape(self.feedback)

    def to_gift(self, question_format: str) -> str:
        weight = "" if self.fraction == 1.0 else format_weight(self.fraction)
        if self.value is not None:
            number = f"{format_number(self.value)}:{format_number(self.tolerance or 0.0)}"
        elif self.min is not None and self.max is not None:
            number = f"{format_number(self.min)}..{format_number(self.max)}"
        else:
            number = "*"
        feedback = self.written_feedback(question_format)
        return f"={weight}{number}{'#' if feedback else ''}{feedback}"


@dataclass(frozen=True)
class Numerical(TypedAnswerType):
    name: ClassVar[str] = "numerical"
    gift_order: ClassVar[int] = 30
    answer_class: ClassVar[type] = NumericalAnswer
    numeric: ClassVar[bool] = True
    answers: tuple[NumericalAnswer, ...] = ()

    @classmethod
    def reads(cls, answers: str | None) -> bool:
        return bool(answers) and answers.startswith("#")

    @classmethod
    def parse(cls, block: Segment, question_format: str = "moodle") -> Numerical:
        # As in Moodle: everything after the first ~ is the feedback for any other answer.
        answers_part, wrong = Segment(block.text[1:], block.start + 1).partition("~")
        lead, items = answers_part.split("=")
        segments = ([lead] if lead.clean() else []) + [segment for _, segment in items]
        if not segments:
            raise GiftSyntaxError(
                "a numerical question needs an answer after #, such as {#3.14:0.01} or {#1..5}"
            )
        answers = [read_numerical_answer(segment, question_format) for segment in segments]
        if wrong is not None:
            answers.append(read_wrong_feedback(wrong, wrong.start - 1, question_format))
        return cls.with_answers(answers)

    def to_gift(self, question_format: str = "moodle") -> tuple[str, list[str]]:
        items = [answer.to_gift(question_format) for answer in self.answers]
        last = self.answers[-1] if self.answers else None
        if last is not None and last.matches_anything and last.fraction == 0.0:
            feedback = last.written_feedback(question_format)
            items[-1] = f"~#{feedback}" if feedback else "~"
        return "#", items

    @classmethod
    def structure(cls, question: dict) -> dict[str, object]:
        return {
            "answer weights": [answer["fraction"] for answer in question["answers"]],
            "numbers": [
                tuple(answer.get(key) for key in ("value", "tolerance", "min", "max"))
                for answer in question["answers"]
            ],
        }

    @classmethod
    def grade(cls, question: dict, response: str) -> Grade:
        """The first answer in file order whose range holds the number wins, as in Moodle."""
        number = typed_number(response)
        # Not a number (or blank): wrong, and no answer applies, not even the catch-all (Moodle).
        if number is None:
            return NO_CREDIT
        for index, answer in enumerate(question["answers"]):
            if accepts_number(answer, number):
                return credit(answer["fraction"], [index], question)
        return NO_CREDIT

    @classmethod
    def right_answers(cls, question: dict, labels) -> list[str]:
        full = [answer for answer in question["answers"] if answer["fraction"] >= 1]
        return [text for text in (number_text(answer) for answer in full) if text]


def number_text(answer: dict) -> str:
    if "min" in answer:
        return f"{answer['min']:g} – {answer['max']:g}"
    if "value" not in answer:
        return ""
    tolerance = answer.get("tolerance") or 0
    return f"{answer['value']:g} ± {tolerance:g}" if tolerance else f"{answer['value']:g}"


def typed_number(text: str) -> Decimal | None:
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


def read_feedback(part: Segment | None, question_format: str) -> tuple[str, str | None]:
    return take_format(part.clean() if part else "", question_format)


def read_numerical_answer(segment: Segment, question_format: str) -> NumericalAnswer:
    if not segment.clean():
        raise GiftSyntaxError("an answer is empty; write a number after the =", segment.start)
    fraction, rest = take_weight(segment, 1.0)
    number, feedback_part = rest.partition("#")
    feedback, own = read_feedback(feedback_part, question_format)
    text = number.text.strip(TRIM)
    if text == "*":
        return NumericalAnswer(fraction, feedback, feedback_format=own)
    if text.find("..") > 0:
        low, high = (part.strip(TRIM) for part in text.split("..", 1))
        minimum, maximum = _number(low, segment), _number(high, segment)
        if minimum > maximum:
            raise GiftSyntaxError(
                f"the range {release(text)} starts above its end; write min..max, such as 1..5",
                segment.start,
            )
        return NumericalAnswer(fraction, feedback, min=minimum, max=maximum, feedback_format=own)
    value_text, _, tolerance_text = text.partition(":") if text.find(":") > 0 else (text, "", "0")
    value = _number(value_text.strip(TRIM), segment)
    tolerance = parse_number(tolerance_text.strip(TRIM))
    if tolerance is None or tolerance < 0:
        raise GiftSyntaxError(
            f"the tolerance '{release(tolerance_text).strip(TRIM)}' is not a number of zero or "
            "more; write value:tolerance, such as 3.14:0.01",
            segment.start,
        )
    return NumericalAnswer(
        fraction, feedback, value=value, tolerance=tolerance, feedback_format=own
    )


def _number(text: str, segment: Segment) -> float:
    value = parse_number(text)
    if value is None:
        raise GiftSyntaxError(
            f"'{release(text)}' is not a number; write numbers with a decimal point, such as "
            "3.14, 3.14:0.01 (with a tolerance) or 1..5 (a range)",
            segment.start,
        )
    return value


def read_wrong_feedback(segment: Segment, at: int, question_format: str) -> NumericalAnswer:
    before, feedback = segment.partition("#")
    if before.clean():
        raise GiftSyntaxError(
            "write the feedback for any other answer as ~#feedback, after the = answers", at
        )
    text, own = read_feedback(feedback, question_format)
    return NumericalAnswer(0.0, text, feedback_format=own)
