"""Question types, one class per module, in one registry: the type name → its class.

Everything that depends on a question's type — its GIFT, its stored JSON, its form, its grade,
its page and its review — asks the registry for the class. Pure: no Flask, no database.
"""

from __future__ import annotations

from app.quiz.types.base import Grade, Labels, NotAutoGradedError, QuestionType, Tallied
from app.quiz.types.essay import Description, Essay
from app.quiz.types.matching import Matching
from app.quiz.types.multichoice import MultipleChoice
from app.quiz.types.numerical import Numerical
from app.quiz.types.shortanswer import ShortAnswer
from app.quiz.types.truefalse import TrueFalse

__all__ = [
    "QUESTION_TYPES",
    "Grade",
    "Labels",
    "NotAutoGradedError",
    "QuestionType",
    "Tallied",
    "classify",
    "question_type",
    "register",
    "unregister",
]

QUESTION_TYPES: dict[str, type[QuestionType]] = {}


def register(kind: type[QuestionType]) -> type[QuestionType]:
    """Add a type to the registry (usable as a class decorator); a name is taken once."""
    if kind.name in QUESTION_TYPES:
        raise ValueError(f"the question type {kind.name!r} is already registered")
    QUESTION_TYPES[kind.name] = kind
    return kind


def unregister(kind: type[QuestionType]) -> None:
    if QUESTION_TYPES.get(kind.name) is kind:
        del QUESTION_TYPES[kind.name]


for _kind in (MultipleChoice, TrueFalse, ShortAnswer, Numerical, Matching, Essay, Description):
    register(_kind)


def question_type(name: str) -> type[QuestionType]:
    kind = QUESTION_TYPES.get(name)
    if kind is None:
        raise NotAutoGradedError(f"unknown question type {name!r}")
    return kind


def classify(answers: str | None) -> type[QuestionType]:
    """The type of a GIFT answer block (None: there is none), trying the types in Moodle's order."""
    readers = sorted(
        (kind for kind in QUESTION_TYPES.values() if kind.gift_order is not None),
        key=lambda kind: kind.gift_order,
    )
    return next(kind for kind in readers if kind.reads(answers))
