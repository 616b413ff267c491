"""True or false: ``{T}``, ``{FALSE#shown when wrong#shown when right}``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from markupsafe import escape

from app.quiz.types.answer import text_html
from app.quiz.types.base import NO_CREDIT, Choice, Grade, QuestionType, Tallied
from app.quiz.types.formats import own_formats, tagged, take_format
from app.quiz.types.gift_syntax import TRIM, GiftSyntaxError, Segment, release
from app.quiz.types.gift_syntax import escape as gift_escape
from app.quiz.types.responses import N_, ResponseError, required_text, single_value

TRUTH_VALUES = {"true": True, "false": False}
HEADS = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass(frozen=True)
class TrueFalse(QuestionType):
    name: ClassVar[str] = "truefalse"
    gift_order: ClassVar[int] = 60
    correct: bool = True
    feedback_right: str = ""
    feedback_wrong: str = ""
    # Formats given by a leading tag, where they differ from the question's (None: the same).
    feedback_right_format: str | None = None
    feedback_wrong_format: str | None = None

    @classmethod
    def reads(cls, answers: str | None) -> bool:
        return bool(answers) and answers.split("#", 1)[0].strip(TRIM) in HEADS

    @classmethod
    def parse(cls, block: Segment, question_format: str = "moodle") -> TrueFalse:
        # {T#shown when the learner is wrong#shown when right}, as Moodle splits it.
        parts = block.text.split("#")
        if len(parts) > 3:
            raise GiftSyntaxError(
                "a true/false answer has at most two feedbacks, "
                "{T#shown when wrong#shown when right}; write \\# for a literal #"
            )
        wrong, right = (
            take_format(release(part).strip(TRIM), question_format)
            for part in [*parts[1:], "", ""][:2]
        )
        return cls(
            HEADS.get(parts[0].strip(TRIM), False),
            feedback_right=right[0],
            feedback_wrong=wrong[0],
            feedback_right_format=right[1],
            feedback_wrong_format=wrong[1],
        )

    def to_json(self) -> dict:
        found = {
            "correct": self.correct,
            "feedback_right": self.feedback_right,
            "feedback_wrong": self.feedback_wrong,
        }
        return found | own_formats(self, "feedback_right_format", "feedback_wrong_format")

    @classmethod
    def from_json(cls, data: dict) -> TrueFalse:
        return cls(
            bool(data["correct"]),
            data["feedback_right"],
            data["feedback_wrong"],
            data.get("feedback_right_format"),
            data.get("feedback_wrong_format"),
        )

    def to_gift(self, question_format: str = "moodle") -> tuple[str, list[str]]:
        def written(text: str, own: str | None) -> str:
            return tagged(text, own, question_format) + gift_escape(text) if text else ""

        head = "T" if self.correct else "F"
        if self.feedback_wrong or self.feedback_right:
            head += f"#{written(self.feedback_wrong, self.feedback_wrong_format)}"
        if self.feedback_right:
            head += f"#{written(self.feedback_right, self.feedback_right_format)}"
        return head, []

    @classmethod
    def structure(cls, question: dict) -> dict[str, object]:
        return {"right answer": question["correct"]}

    @classmethod
    def read_form(cls, question: dict, order: dict, name: str, form) -> bool | None:
        raw = single_value(form, name)
        if raw is None or raw == "":
            return None
        text = required_text(raw)
        if text not in TRUTH_VALUES:
            raise ResponseError(N_("The answer must be “true” or “false”."))
        return TRUTH_VALUES[text]

    @classmethod
    def grade(cls, question: dict, response: bool | None) -> Grade:
        if response is None:
            return NO_CREDIT
        fraction = 1.0 if response == question["correct"] else 0.0
        key = "feedback_right" if fraction else "feedback_wrong"
        if not question.get(key):
            return Grade(fraction)
        return Grade(fraction, (question[key],), (text_html(question, key, question),))

    @classmethod
    def view(cls, question: dict, order: dict, stored: object, name: str, labels) -> dict:
        choices = [
            Choice("true", str(escape(labels.true)), stored is True),
            Choice("false", str(escape(labels.false)), stored is False),
        ]
        return {"multiple": False, "choices": choices}

    @classmethod
    def right_answers(cls, question: dict, labels) -> list[str]:
        return [str(escape(labels.true if question["correct"] else labels.false))]

    @classmethod
    def offered(cls, question: dict, labels) -> list[Tallied]:
        correct = question["correct"]
        return [Tallied("", labels.true, correct), Tallied("", labels.false, not correct)]

    @classmethod
    def tallied(cls, question: dict, stored: object, labels) -> list[Tallied]:
        if stored is None:
            return []
        true, false = cls.offered(question, labels)
        return [true if stored else false]
