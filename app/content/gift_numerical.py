"""GIFT's numerical questions: ``{#3.14:0.01}``, ``{#1..5}``, weighted answers and ``~#`` feedback.

An answer that matches any number (``=*`` in GIFT, or the ``~#feedback`` shown for every other
answer) has neither a value nor a range; ``~#`` is such an answer, worth 0, placed last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from app.content.gift_syntax import (
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

NO_FULL_MARK = (
    "no answer is worth 100 %; write the right answer as =answer (without a weight) or =%100%answer"
)


@dataclass(frozen=True)
class NumericalAnswer:
    fraction: float
    feedback: str = ""
    value: float | None = None
    tolerance: float | None = None
    min: float | None = None
    max: float | None = None

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
        return {**bounds, "fraction": self.fraction, "feedback": self.feedback}

    @classmethod
    def from_json(cls, data: dict) -> NumericalAnswer:
        numbers = {
            key: float(data[key]) for key in ("value", "tolerance", "min", "max") if key in data
        }
        return cls(fraction=float(data["fraction"]), feedback=data.get("feedback", ""), **numbers)

    def to_gift(self) -> str:
        weight = "" if self.fraction == 1.0 else format_weight(self.fraction)
        if self.value is not None:
            number = f"{format_number(self.value)}:{format_number(self.tolerance or 0.0)}"
        elif self.min is not None and self.max is not None:
            number = f"{format_number(self.min)}..{format_number(self.max)}"
        else:
            number = "*"
        feedback = f"#{escape(self.feedback)}" if self.feedback else ""
        return f"={weight}{number}{feedback}"


@dataclass(frozen=True)
class Numerical:
    type: ClassVar[str] = "numerical"
    answers: tuple[NumericalAnswer, ...]

    @classmethod
    def parse(cls, block: Segment) -> Numerical:
        # As in Moodle: everything after the first ~ is the feedback for any other answer.
        answers_part, wrong = Segment(block.text[1:], block.start + 1).partition("~")
        lead, items = answers_part.split("=")
        segments = ([lead] if lead.clean() else []) + [segment for _, segment in items]
        if not segments:
            raise GiftSyntaxError(
                "a numerical question needs an answer after #, such as {#3.14:0.01} or {#1..5}"
            )
        answers = [read_numerical_answer(segment) for segment in segments]
        if wrong is not None:
            answers.append(read_wrong_feedback(wrong, wrong.start - 1))
        if not any(answer.fraction == 1.0 for answer in answers):
            raise GiftSyntaxError(NO_FULL_MARK)
        return cls(tuple(answers))

    def to_json(self) -> dict:
        return {"answers": [answer.to_json() for answer in self.answers]}

    @classmethod
    def from_json(cls, data: dict) -> Numerical:
        return cls(tuple(NumericalAnswer.from_json(answer) for answer in data["answers"]))

    def to_gift(self) -> tuple[str, list[str]]:
        items = [answer.to_gift() for answer in self.answers]
        last = self.answers[-1] if self.answers else None
        if last is not None and last.matches_anything and last.fraction == 0.0:
            items[-1] = f"~#{escape(last.feedback)}" if last.feedback else "~"
        return "#", items


def read_numerical_answer(segment: Segment) -> NumericalAnswer:
    if not segment.clean():
        raise GiftSyntaxError("an answer is empty; write a number after the =", segment.start)
    fraction, rest = take_weight(segment, 1.0)
    number, feedback_part = rest.partition("#")
    feedback = feedback_part.clean() if feedback_part else ""
    text = number.text.strip(TRIM)
    if text == "*":
        return NumericalAnswer(fraction, feedback)
    if text.find("..") > 0:
        low, high = (part.strip(TRIM) for part in text.split("..", 1))
        minimum, maximum = _number(low, segment), _number(high, segment)
        if minimum > maximum:
            raise GiftSyntaxError(
                f"the range {release(text)} starts above its end; write min..max, such as 1..5",
                segment.start,
            )
        return NumericalAnswer(fraction, feedback, min=minimum, max=maximum)
    value_text, _, tolerance_text = text.partition(":") if text.find(":") > 0 else (text, "", "0")
    value = _number(value_text.strip(TRIM), segment)
    tolerance = parse_number(tolerance_text.strip(TRIM))
    if tolerance is None or tolerance < 0:
        raise GiftSyntaxError(
            f"the tolerance '{release(tolerance_text).strip(TRIM)}' is not a number of zero or "
            "more; write value:tolerance, such as 3.14:0.01",
            segment.start,
        )
    return NumericalAnswer(fraction, feedback, value=value, tolerance=tolerance)


def _number(text: str, segment: Segment) -> float:
    value = parse_number(text)
    if value is None:
        raise GiftSyntaxError(
            f"'{release(text)}' is not a number; write numbers with a decimal point, such as "
            "3.14, 3.14:0.01 (with a tolerance) or 1..5 (a range)",
            segment.start,
        )
    return value


def read_wrong_feedback(segment: Segment, at: int) -> NumericalAnswer:
    before, feedback = segment.partition("#")
    if before.clean():
        raise GiftSyntaxError(
            "write the feedback for any other answer as ~#feedback, after the = answers", at
        )
    return NumericalAnswer(0.0, feedback.clean() if feedback else "")
