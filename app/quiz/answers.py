"""A quiz form read into stored responses, and stored responses graded in either language.

Form values name shown positions (see each type's ``choice_order``); stored responses name
original indices, so they mean the same in French and English. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.quiz.types import question_type
from app.quiz.types.base import Grade
from app.quiz.types.responses import N_, ResponseError, quoted

# Fields every quiz form carries besides the answers.
FORM_FIELDS = frozenset({"csrf_token", "revision"})


@dataclass(frozen=True)
class SlotForm:
    """What reading a slot's fields needs: its position, question (one language) and order."""

    position: int
    question: dict
    order: dict

    @property
    def name(self) -> str:
        return f"q{self.position}"

    def field_names(self) -> set[str]:
        return question_type(self.question["type"]).field_names(self.name, self.order)

    def read(self, form) -> object:
        kind = question_type(self.question["type"])
        if not kind.graded:
            raise ResponseError(N_("This question cannot be answered here."))
        return kind.read_form(self.question, self.order, self.name, form)


def read_answers(slots: list[SlotForm], form) -> dict[int, object]:
    """Position → stored response for every slot, from a form's values (``getlist``).

    A field left out means no answer (an unticked radio sends nothing). Anything an honest
    form cannot send — an unknown field, a second value, a choice that is not offered — raises
    ResponseError, and nothing is saved.
    """
    expected = set().union(*(slot.field_names() for slot in slots)) if slots else set()
    for key in form:
        if key not in expected and key not in FORM_FIELDS:
            raise ResponseError(
                N_("“%(field)s” is not a question of this attempt."), field=quoted(key)
            )
    return {slot.position: slot.read(form) for slot in slots}


def grade_stored(question: dict, stored: object) -> Grade:
    """The grade of a stored response, for the question in one language."""
    kind = question_type(question["type"])
    return kind.grade(question, kind.response(question, stored))


def best_grade(question: Mapping[str, dict], stored: object, prefer: str) -> tuple[Grade, str]:
    """The grade in the language that credits the response most (a learner may answer a short
    answer in either language), and that language; ``prefer`` wins a tie."""
    languages = sorted(question, key=lambda language: language != prefer)
    graded = [(grade_stored(question[lang], stored), lang) for lang in languages]
    return max(graded, key=lambda found: found[0].fraction)
