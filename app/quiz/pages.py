"""What the attempt page shows, as plain values in the reader's language.

The attempt page carries question texts and choice texts only: no fraction, no feedback, no
answer key — those reach a page only through ``review``, and only as the review options allow.
Each slot names the partial of its question type and the values that partial shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from app.content.models import Course
from app.quiz.models import QuizAttempt
from app.quiz.types import Labels, question_type
from app.quiz.types.formats import question_html


@dataclass(frozen=True)
class SlotView:
    position: int
    name: str
    html: str
    template: str  # the question type's partial
    data: Mapping = field(default_factory=dict)  # what the type's partial shows
    sequence: int = 0  # the slot's sequence, which the page sends back with its answer
    answered: bool = False  # whether the saved response holds an answer
    flagged: bool = False  # the learner's own mark, to come back to the question


@dataclass(frozen=True)
class AttemptPage:
    course: Course
    attempt: QuizAttempt
    slots: list[SlotView]
    deadline: datetime | None

    @property
    def unanswered(self) -> int:
        return sum(1 for slot in self.slots if not slot.answered)

    @property
    def flagged(self) -> int:
        return sum(1 for slot in self.slots if slot.flagged)


def in_language(question: dict, language: str) -> dict:
    return question.get(language) or next(iter(question.values()))


def slot_view(slot, language: str, labels: Labels) -> SlotView:
    question = in_language(slot.question, language)
    stored = slot.response["value"] if slot.response else None
    name = f"q{slot.position}"
    kind = question_type(question["type"])
    return SlotView(
        position=slot.position,
        name=name,
        html=question_html(question["text"], question.get("format", "moodle")),
        template=kind.template(),
        data=kind.view(question, slot.order, stored, name, labels),
        sequence=slot.sequence,
        answered=kind.answered(stored),
        flagged=slot.flagged,
    )


def attempt_page(
    course: Course, attempt: QuizAttempt, language: str, labels: Labels
) -> AttemptPage:
    slots = [slot_view(slot, language, labels) for slot in attempt.slots]
    return AttemptPage(course, attempt, slots, attempt.deadline_at)
