"""What the types a learner types an answer into share (short answer, numerical): a list of
weighted answer keys in file order, one line of text on the page, kept as typed."""

from __future__ import annotations

from typing import ClassVar

from app.quiz.types.base import QuestionType, Tallied
from app.quiz.types.gift_syntax import GiftSyntaxError
from app.quiz.types.responses import single_value, typed_text

NO_FULL_MARK = (
    "no answer is worth 100%; write the right answer as =answer (without a weight) or =%100%answer"
)


class TypedAnswerType(QuestionType):
    # The class of one answer key (its own from_json and to_json); the subclass sets it.
    answer_class: ClassVar[type]
    numeric: ClassVar[bool] = False
    answers: tuple

    @classmethod
    def with_answers(cls, answers: list):
        if not any(answer.fraction == 1.0 for answer in answers):
            raise GiftSyntaxError(NO_FULL_MARK)
        return cls(tuple(answers))

    def to_json(self) -> dict:
        return {"answers": [answer.to_json() for answer in self.answers]}

    @classmethod
    def from_json(cls, data: dict):
        return cls(tuple(cls.answer_class.from_json(answer) for answer in data["answers"]))

    @classmethod
    def read_form(cls, question: dict, order: dict, name: str, form) -> str:
        return typed_text(single_value(form, name))

    @classmethod
    def response(cls, question: dict, stored: object) -> str:
        return stored or ""

    @classmethod
    def view(cls, question: dict, order: dict, stored: object, name: str, labels) -> dict:
        return {"text": stored or "", "numeric": cls.numeric}

    @classmethod
    def tallied(cls, question: dict, stored: object, labels) -> list[Tallied]:
        """The text as typed, its runs of white space made one: "Paris " and "Paris" count once."""
        text = " ".join(str(stored or "").split())
        if not text:
            return []
        return [Tallied("", text, cls.grade(question, cls.response(question, stored)).fraction > 0)]
