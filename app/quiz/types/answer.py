"""One weighted GIFT answer with its feedback (``=text#feedback``, ``~%50%text``), as
multiple-choice and short-answer questions write them."""

from __future__ import annotations

from dataclasses import dataclass

from app.quiz.types.base import Grade, bounded
from app.quiz.types.formats import inline_html, own_formats, tagged, take_format
from app.quiz.types.gift_syntax import GiftSyntaxError, Segment, escape, format_weight, take_weight


@dataclass(frozen=True)
class Answer:
    text: str
    fraction: float
    feedback: str = ""
    # A format given by a leading tag, where it differs from the question's (None: the same).
    text_format: str | None = None
    feedback_format: str | None = None

    def to_json(self) -> dict:
        found = {"text": self.text, "fraction": self.fraction, "feedback": self.feedback}
        return found | own_formats(self, "text_format", "feedback_format")

    @classmethod
    def from_json(cls, data: dict) -> Answer:
        return cls(
            data["text"],
            float(data["fraction"]),
            data.get("feedback", ""),
            data.get("text_format"),
            data.get("feedback_format"),
        )

    def to_gift(self, marker: str, plain_fraction: float, question_format: str) -> str:
        text_tag = tagged(self.text, self.text_format, question_format)
        # A text starting with % would read as a weight, so it always gets an explicit one.
        if self.fraction == plain_fraction and not (text_tag + self.text).startswith("%"):
            weight = ""
        else:
            weight = format_weight(self.fraction)
        feedback = ""
        if self.feedback:
            tag = tagged(self.feedback, self.feedback_format, question_format)
            feedback = f"#{tag}{escape(self.feedback)}"
        return f"{marker}{weight}{text_tag}{escape(self.text)}{feedback}"


def read_answer(segment: Segment, default: float, question_format: str) -> Answer:
    fraction, rest = take_weight(segment, default)
    text, feedback = rest.partition("#")
    if not text.clean():
        raise GiftSyntaxError(
            "an answer is empty; write its text after the = or ~, or remove the marker",
            segment.start,
        )
    answer_text, text_format = take_format(text.clean(), question_format)
    if not answer_text:
        raise GiftSyntaxError(
            "an answer is empty; write its text after the format tag", segment.start
        )
    feedback_text, feedback_format = take_format(
        feedback.clean() if feedback else "", question_format
    )
    return Answer(answer_text, fraction, feedback_text, text_format, feedback_format)


def text_format(item: dict, key: str, question: dict) -> str:
    """The format a stored text is in: its own, else its question's."""
    return item.get(f"{key}_format") or question.get("format", "moodle")


def text_html(item: dict, key: str, question: dict) -> str:
    """A stored text (``item[key]``) as safe HTML in its format, to sit in a label or a line."""
    return inline_html(item[key], text_format(item, key, question))


def credit(fraction: float, indices: list[int], question: dict) -> Grade:
    """The grade with the feedback of the answers that applied (``question["answers"]`` at
    ``indices``, in file order), each also as safe HTML in its own format."""
    given = [question["answers"][index] for index in indices]
    given = [item for item in given if item.get("feedback")]
    return Grade(
        bounded(fraction),
        tuple(item["feedback"] for item in given),
        tuple(text_html(item, "feedback", question) for item in given),
        tuple(indices),
    )
