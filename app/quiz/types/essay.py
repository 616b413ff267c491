"""Essay (``{}``) and description (no answer block): read from GIFT and stored, never graded
by the machine, so a course bank refuses them; an attempt shows no control for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from app.quiz.types.base import QuestionType
from app.quiz.types.gift_syntax import Segment


@dataclass(frozen=True)
class Essay(QuestionType):
    name: ClassVar[str] = "essay"
    graded: ClassVar[bool] = False
    gift_order: ClassVar[int] = 20
    bank_refusal: ClassVar[str] = "is an essay, which cannot be graded automatically"

    @classmethod
    def reads(cls, answers: str | None) -> bool:
        return answers == ""

    @classmethod
    def template(cls) -> str:
        return "quiz/types/description.html"

    @classmethod
    def parse(cls, block: Segment | None, question_format: str = "moodle") -> Essay:
        return cls()

    def to_gift(self, question_format: str = "moodle") -> tuple[str, list[str]] | None:
        return "", []


@dataclass(frozen=True)
class Description(Essay):
    """Text shown between questions; it has no answer block at all."""

    name: ClassVar[str] = "description"
    gift_order: ClassVar[int] = 10
    bank_refusal: ClassVar[str] = "is a description (text with no answer), which carries no mark"

    @classmethod
    def reads(cls, answers: str | None) -> bool:
        return answers is None

    def to_gift(self, question_format: str = "moodle") -> None:
        return None
