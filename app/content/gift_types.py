"""The question types GIFT expresses, one class each (parse, JSON, export), in one registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from app.content.gift_matching import Matching, Pair
from app.content.gift_numerical import NO_FULL_MARK, Numerical, NumericalAnswer
from app.content.gift_syntax import (
    TRIM,
    GiftSyntaxError,
    Segment,
    escape,
    format_weight,
    percent,
    refuse_text_before,
    release,
    take_weight,
)

__all__ = ["QUESTION_TYPES", "Answer", "NumericalAnswer", "Pair", "Question", "classify"]

CHOICE_NO_FULL_MARK = (
    "no answer is worth 100 %; mark the right answer with = or make the weights reach 100 %"
)


@dataclass(frozen=True)
class Answer:
    text: str
    fraction: float
    feedback: str = ""

    def to_json(self) -> dict:
        return {"text": self.text, "fraction": self.fraction, "feedback": self.feedback}

    @classmethod
    def from_json(cls, data: dict) -> Answer:
        return cls(data["text"], float(data["fraction"]), data.get("feedback", ""))

    def to_gift(self, marker: str, plain_fraction: float) -> str:
        # A text starting with % would read as a weight, so it always gets an explicit one.
        if self.fraction == plain_fraction and not self.text.startswith("%"):
            weight = ""
        else:
            weight = format_weight(self.fraction)
        feedback = f"#{escape(self.feedback)}" if self.feedback else ""
        return f"{marker}{weight}{escape(self.text)}{feedback}"


def read_answer(segment: Segment, default: float) -> Answer:
    fraction, rest = take_weight(segment, default)
    text, feedback = rest.partition("#")
    if not text.clean():
        raise GiftSyntaxError(
            "an answer is empty; write its text after the = or ~, or remove the marker",
            segment.start,
        )
    return Answer(text.clean(), fraction, feedback.clean() if feedback else "")


@dataclass(frozen=True)
class MultipleChoice:
    type: ClassVar[str] = "multichoice"
    single: bool
    answers: tuple[Answer, ...]

    @classmethod
    def parse(cls, block: Segment) -> MultipleChoice:
        lead, items = block.split("~=")
        refuse_text_before(lead, "answer", "start every answer with = (right) or ~ (wrong)")
        answers = tuple(read_answer(text, 1.0 if mark == "=" else 0.0) for mark, text in items)
        # Moodle's rule: one = anywhere makes it single-answer; all ~ lets learners pick several.
        question = cls(single=any(mark == "=" for mark, _ in items), answers=answers)
        question.check()
        return question

    def check(self) -> None:
        if len(self.answers) < 2:
            raise GiftSyntaxError(
                "a multiple-choice question needs at least two choices; "
                "add answers starting with ~ (wrong) or = (right)"
            )
        if all("->" in answer.text for answer in self.answers):
            raise GiftSyntaxError(
                "every choice contains ->, so this reads as a matching question written with ~; "
                "write matching items as =question -> answer (and = -> answer for an extra "
                "wrong answer)"
            )
        if self.single and not any(answer.fraction == 1.0 for answer in self.answers):
            raise GiftSyntaxError(CHOICE_NO_FULL_MARK)
        total = sum(answer.fraction for answer in self.answers if answer.fraction > 0)
        if not self.single and total == 0:
            raise GiftSyntaxError(CHOICE_NO_FULL_MARK)
        # Moodle's own check for multiple-answer questions: 3 x 33.33333 % still counts as 100 %.
        if not self.single and round(total, 2) != 1:
            raise GiftSyntaxError(
                f"the positive weights add up to {percent(total)}, not 100 %; "
                "adjust the ~%weight% values or mark a single right answer with ="
            )

    def to_json(self) -> dict:
        return {"single": self.single, "answers": [answer.to_json() for answer in self.answers]}

    @classmethod
    def from_json(cls, data: dict) -> MultipleChoice:
        return cls(bool(data["single"]), tuple(Answer.from_json(a) for a in data["answers"]))

    def to_gift(self) -> tuple[str, list[str]]:
        marks = ["=" if self.single and a.fraction == 1.0 else "~" for a in self.answers]
        if marks and "~" not in marks:
            marks[-1] = "~"  # GIFT reads a block without any ~ as a short answer
        items = [
            answer.to_gift(mark, 1.0 if mark == "=" else 0.0)
            for mark, answer in zip(marks, self.answers, strict=True)
        ]
        return "", items


@dataclass(frozen=True)
class ShortAnswer:
    type: ClassVar[str] = "shortanswer"
    answers: tuple[Answer, ...]

    @classmethod
    def parse(cls, block: Segment) -> ShortAnswer:
        lead, items = block.split("=")
        # Moodle reads text before the first = as one more full-mark answer: {Paris} works.
        segments = ([lead] if lead.clean() else []) + [text for _, text in items]
        answers = []
        for segment in segments:
            answer = read_answer(segment, 1.0)
            if "->" in answer.text or "->" in answer.feedback:
                raise GiftSyntaxError(
                    f"the answer '{answer.text}' contains ->, which GIFT keeps for matching "
                    "questions; rephrase it (→ works), or write a matching question with at "
                    "least two =question -> answer items",
                    segment.start,
                )
            answers.append(answer)
        if not any(answer.fraction == 1.0 for answer in answers):
            raise GiftSyntaxError(NO_FULL_MARK)
        return cls(tuple(answers))

    def to_json(self) -> dict:
        return {"answers": [answer.to_json() for answer in self.answers]}

    @classmethod
    def from_json(cls, data: dict) -> ShortAnswer:
        return cls(tuple(Answer.from_json(answer) for answer in data["answers"]))

    def to_gift(self) -> tuple[str, list[str]]:
        return "", [answer.to_gift("=", 1.0) for answer in self.answers]


@dataclass(frozen=True)
class TrueFalse:
    type: ClassVar[str] = "truefalse"
    correct: bool
    feedback_right: str = ""
    feedback_wrong: str = ""

    @classmethod
    def parse(cls, block: Segment) -> TrueFalse:
        # {T#shown when the learner is wrong#shown when right}, as Moodle splits it.
        parts = block.text.split("#")
        if len(parts) > 3:
            raise GiftSyntaxError(
                "a true/false answer has at most two feedbacks, "
                "{T#shown when wrong#shown when right}; write \\# for a literal #"
            )
        wrong, right = (release(part).strip(TRIM) for part in [*parts[1:], "", ""][:2])
        correct = parts[0].strip(TRIM) in ("T", "TRUE")
        return cls(correct, feedback_right=right, feedback_wrong=wrong)

    def to_json(self) -> dict:
        return {
            "correct": self.correct,
            "feedback_right": self.feedback_right,
            "feedback_wrong": self.feedback_wrong,
        }

    @classmethod
    def from_json(cls, data: dict) -> TrueFalse:
        return cls(bool(data["correct"]), data["feedback_right"], data["feedback_wrong"])

    def to_gift(self) -> tuple[str, list[str]]:
        head = "T" if self.correct else "F"
        if self.feedback_wrong or self.feedback_right:
            head += f"#{escape(self.feedback_wrong)}"
        if self.feedback_right:
            head += f"#{escape(self.feedback_right)}"
        return head, []


@dataclass(frozen=True)
class Essay:
    type: ClassVar[str] = "essay"

    @classmethod
    def parse(cls, block: Segment) -> Essay:
        return cls()

    def to_json(self) -> dict:
        return {}

    @classmethod
    def from_json(cls, data: dict) -> Essay:
        return cls()

    def to_gift(self) -> tuple[str, list[str]]:
        return "", []


@dataclass(frozen=True)
class Description(Essay):
    """Text shown between questions; it has no answer block at all."""

    type: ClassVar[str] = "description"


Body = MultipleChoice | ShortAnswer | TrueFalse | Numerical | Matching | Essay

QUESTION_TYPES: dict[str, type[Body]] = {
    kind.type: kind
    for kind in (MultipleChoice, TrueFalse, ShortAnswer, Numerical, Matching, Essay, Description)
}


def classify(answers: str | None) -> str:
    """Moodle's tests, in Moodle's order, on the answer block without its general feedback."""
    if answers is None:
        return Description.type
    if not answers:
        return Essay.type
    if answers.startswith("#"):
        return Numerical.type
    if "~" in answers:
        return MultipleChoice.type
    if "=" in answers and "->" in answers:
        return Matching.type
    head = answers.split("#", 1)[0].strip(TRIM)
    return TrueFalse.type if head in ("T", "TRUE", "F", "FALSE") else ShortAnswer.type


@dataclass(frozen=True)
class Question:
    """One parsed question: ``body`` holds what its type adds; ``line`` is where it starts."""

    text: str
    body: Body
    id: str | None = None
    format: str = "moodle"
    category: str | None = None
    general_feedback: str = ""
    line: int = 0

    @property
    def type(self) -> str:
        return self.body.type
