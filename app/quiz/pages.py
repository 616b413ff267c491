"""What the attempt and review pages show, as plain values in the reader's language.

The attempt page carries question texts and choice texts only: no fraction, no feedback, no
answer key — those reach a page only through ``review``, and only as the review options allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import nh3
from markupsafe import escape

from app.content.markdown import render
from app.content.models import Course
from app.quiz.models import QuizAttempt

FORMATTED = {"markdown", "html"}


def question_html(text: str, text_format: str) -> str:
    """A question's text as safe HTML (templates mark it ``| safe``): Markdown and HTML go
    through the sanitizer, anything else is escaped."""
    if text_format == "markdown":
        return render(text, lambda kind, target: target if kind == "link" else None)
    if text_format == "html":
        return nh3.clean(text, link_rel="noopener noreferrer")
    return "<br>".join(str(escape(line)) for line in text.split("\n"))


@dataclass(frozen=True)
class Choice:
    value: str  # the shown position, the only thing the form sends back
    text: str
    chosen: bool


@dataclass(frozen=True)
class MatchItem:
    name: str
    text: str
    chosen: str  # the shown position of the chosen option, or ""


@dataclass(frozen=True)
class SlotView:
    position: int
    name: str
    type: str
    html: str
    multiple: bool = False
    choices: list[Choice] = field(default_factory=list)
    text: str = ""
    items: list[MatchItem] = field(default_factory=list)
    options: list[Choice] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        if self.type in ("shortanswer", "numerical"):
            return bool(self.text.strip())
        if self.type == "matching":
            return any(item.chosen for item in self.items)
        return any(choice.chosen for choice in self.choices)


@dataclass(frozen=True)
class AttemptPage:
    course: Course
    attempt: QuizAttempt
    slots: list[SlotView]
    deadline: datetime | None


def in_language(question: dict, language: str) -> dict:
    return question.get(language) or next(iter(question.values()))


def slot_view(slot, language: str, true_false: tuple[str, str]) -> SlotView:
    question = in_language(slot.question, language)
    stored = slot.response["value"] if slot.response else None
    name = f"q{slot.position}"
    base = {"position": slot.position, "name": name, "type": question["type"]}
    html = question_html(question["text"], question.get("format", "moodle"))
    kind = question["type"]
    if kind == "multichoice":
        chosen = set(stored or []) if not question["single"] else {stored}
        choices = [
            Choice(str(shown), question["answers"][original]["text"], original in chosen)
            for shown, original in enumerate(slot.order["answers"])
        ]
        return SlotView(**base, html=html, multiple=not question["single"], choices=choices)
    if kind == "truefalse":
        choices = [
            Choice("true", true_false[0], stored is True),
            Choice("false", true_false[1], stored is False),
        ]
        return SlotView(**base, html=html, choices=choices)
    if kind == "matching":
        return matching_view(base, html, question, slot.order, stored or {})
    return SlotView(**base, html=html, text=stored or "")


def matching_view(base: dict, html: str, question: dict, order: dict, stored: dict):
    pairs = question["pairs"]
    options = [
        Choice(str(shown), pairs[pair]["answer"], False)
        for shown, pair in enumerate(order["options"])
    ]
    shown_of = {pair: str(shown) for shown, pair in enumerate(order["options"])}
    items = [
        MatchItem(
            f"{base['name']}-{shown}",
            pairs[item]["question"],
            shown_of.get(stored.get(str(item)), ""),
        )
        for shown, item in enumerate(order["items"])
    ]
    return SlotView(**base, html=html, items=items, options=options)


def attempt_page(course: Course, attempt: QuizAttempt, language: str, true_false) -> AttemptPage:
    slots = [slot_view(slot, language, true_false) for slot in attempt.slots]
    return AttemptPage(course, attempt, slots, attempt.deadline_at)
