"""A quiz form read into stored responses, and stored responses graded in either language.

Form values name shown positions (see ``draw.choice_order``); stored responses name original
indices, so they mean the same in French and English. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.quiz.grading import Grade, grade
from app.quiz.responses import (
    N_,
    ResponseError,
    choice_index,
    parse_text,
    parse_truefalse,
    quoted,
    required_text,
)

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
        if self.question["type"] == "matching":
            return {f"{self.name}-{shown}" for shown in range(len(self.order["items"]))}
        return {self.name}


def read_answers(slots: list[SlotForm], form) -> dict[int, object]:
    """Position → stored response for every slot, from a form's values.

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
    return {slot.position: read_slot(slot, form) for slot in slots}


def single_value(form, name: str) -> str | None:
    values = form.getlist(name)
    if len(values) > 1:
        raise ResponseError(N_("This question takes one answer, not a list."))
    return values[0] if values else None


def read_slot(slot: SlotForm, form) -> object:
    question, kind = slot.question, slot.question["type"]
    if kind == "multichoice":
        answers = slot.order["answers"]
        if question["single"]:
            raw = single_value(form, slot.name)
            return None if raw in (None, "") else answers[choice_index(raw, len(answers))]
        chosen = [answers[choice_index(raw, len(answers))] for raw in form.getlist(slot.name)]
        if len(set(chosen)) != len(chosen):
            raise ResponseError(N_("The same answer is chosen twice."))
        return sorted(chosen)
    if kind == "truefalse":
        return parse_truefalse(question, single_value(form, slot.name))
    if kind in ("shortanswer", "numerical"):
        return parse_text(question, single_value(form, slot.name))
    if kind == "matching":
        return read_matching(slot, form)
    raise ResponseError(N_("This question cannot be answered here."))


def read_matching(slot: SlotForm, form) -> dict[str, int]:
    items, options = slot.order["items"], slot.order["options"]
    chosen = {}
    for shown, item in enumerate(items):
        raw = single_value(form, f"{slot.name}-{shown}")
        if raw in (None, ""):
            continue
        chosen[str(item)] = options[choice_index(required_text(raw), len(options))]
    return chosen


def grader_response(question: dict, stored: object) -> object:
    """The response the grader takes, for the question in one language."""
    kind = question["type"]
    if kind == "multichoice":
        if question["single"]:
            return stored
        return frozenset(stored or ())
    if kind == "matching":
        pairs = question["pairs"]
        return {int(item): pairs[pair]["answer"] for item, pair in (stored or {}).items()}
    if kind in ("shortanswer", "numerical"):
        return stored or ""
    return stored


def best_grade(question: Mapping[str, dict], stored: object, prefer: str) -> tuple[Grade, str]:
    """The grade in the language that credits the response most (a learner may answer a short
    answer in either language), and that language; ``prefer`` wins a tie."""
    languages = sorted(question, key=lambda language: language != prefer)
    graded = [
        (grade(question[lang], grader_response(question[lang], stored)), lang) for lang in languages
    ]
    return max(graded, key=lambda found: found[0].fraction)
