"""A quiz form read into stored responses, and stored responses graded in either language.

Form values name shown positions (see each type's ``choice_order``); stored responses name
original indices, so they mean the same in French and English. Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.quiz.types import question_type
from app.quiz.types.answer import credit
from app.quiz.types.base import Grade
from app.quiz.types.responses import N_, ResponseError, quoted

# Fields a quiz form carries besides the answers: its token, the key of the save and the mark
# of a beacon (both from the page's script), from the language switch of the attempt page the
# language to change to, and from a question's flag button the flag it asks for.
FORM_FIELDS = frozenset({"csrf_token", "save_key", "beacon", "language", "flagged"})
SEQUENCE_FIELD = "{name}-sequence"
SEQUENCE = re.compile(r"[0-9]{1,9}")
# What a page's script makes: a random name for the page, then a count of its saves.
SAVE_KEY = re.compile(r"[A-Za-z0-9]{8,64}-[0-9]{1,9}")


@dataclass(frozen=True)
class SlotForm:
    """What reading a slot's fields needs: its position, question (one language) and order."""

    position: int
    question: dict
    order: dict

    @property
    def name(self) -> str:
        return f"q{self.position}"

    @property
    def sequence_field(self) -> str:
        return SEQUENCE_FIELD.format(name=self.name)

    def field_names(self) -> set[str]:
        return question_type(self.question["type"]).field_names(self.name, self.order)

    def posted_sequence(self, form) -> int | None:
        """The sequence the page holds for this question; None: the page did not send it."""
        values = form.getlist(self.sequence_field)
        if not values:
            return None
        raw = values[0]
        if len(values) > 1 or not SEQUENCE.fullmatch(raw):
            raise ResponseError(
                N_("The form of question %(number)d is damaged."), number=self.position
            )
        return int(raw)

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
    refuse_unknown_fields(slots, form)
    return {slot.position: slot.read(form) for slot in slots}


class NoFields:
    """A form with nothing in it: what a page sends for a question left unanswered."""

    def getlist(self, name: str) -> list[str]:
        return []


NO_FIELDS = NoFields()


@dataclass(frozen=True)
class PostedAnswer:
    sequence: int  # the question's sequence on the page that sent it
    value: object  # the stored response read from the form
    blank: object  # what the form sends for no answer (an unticked radio sends nothing)


def read_posted(slots: list[SlotForm], form) -> dict[int, PostedAnswer]:
    """Position → what the page sent, for the questions whose sequence it sent: a page leaves
    out the questions it did not change (its script does), and those keep their answer."""
    refuse_unknown_fields(slots, form, sequences=True)
    posted = {}
    for slot in slots:
        sequence = slot.posted_sequence(form)
        if sequence is not None:
            posted[slot.position] = PostedAnswer(sequence, slot.read(form), slot.read(NO_FIELDS))
    return posted


def posted_save_key(form) -> str | None:
    """The key the page's script gave this save; None from a page without the script."""
    values = form.getlist("save_key")
    if not values:
        return None
    if len(values) > 1 or not SAVE_KEY.fullmatch(values[0]):
        raise ResponseError(N_("The form is damaged: its save key is not one a page makes."))
    return values[0]


def refuse_unknown_fields(slots: list[SlotForm], form, sequences: bool = False) -> None:
    expected = set().union(*(slot.field_names() for slot in slots)) if slots else set()
    if sequences:
        expected |= {slot.sequence_field for slot in slots}
    for key in form:
        if key not in expected and key not in FORM_FIELDS:
            raise ResponseError(
                N_("“%(field)s” is not a question of this attempt."), field=quoted(key)
            )


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


def reviewed_grade(question: Mapping[str, dict], stored: object, language: str) -> Grade:
    """The best grade (see ``best_grade``), with its feedback in the reader's ``language``.

    A response may earn its credit from the other language's keys (an English word typed in a
    French attempt); the banks pair answers by position (``content check`` holds them to the
    same order), so the feedback shown is that of the same answers in the reader's language.
    Types without answer keys (true/false, matching) grade alike in both, so ``language`` wins.
    """
    found, graded_in = best_grade(question, stored, prefer=language)
    if graded_in == language or language not in question or not found.answers:
        return found
    return credit(found.fraction, list(found.answers), question[language])
