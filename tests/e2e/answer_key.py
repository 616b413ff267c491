"""The right answer to each question of a course, found by the app's own question types in the
bank the content loader parsed from quizzes/ (never written down here: the banks change), and
given in the attempt page as a learner would, by the question's text and its labels."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict

from app.content.specs import CourseSpec
from app.quiz.review import outcome_of
from app.quiz.types import question_type
from app.quiz.types.base import Labels
from app.quiz.types.formats import question_html

NAME = "q"  # the form name the types are asked about; the page's own names do not matter


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(html: str) -> str:
    """An HTML fragment's text as the page's textContent reads it, whitespace folded."""
    reader = _Text()
    reader.feed(html)
    return folded("".join(reader.parts))


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class RightAnswer:
    """What to do in one question: choices to tick, a text to type, or an answer per item."""

    choices: tuple[str, ...] = ()
    typed: str | None = None
    pairs: tuple[tuple[str, str], ...] = ()


def fraction(kind, question: dict, order: dict, form: dict) -> float:
    stored = kind.read_form(question, order, NAME, MultiDict(form))
    return kind.grade(question, kind.response(question, stored)).fraction


def right_choices(kind, question: dict, order: dict, view: dict) -> tuple[str, ...]:
    """One choice worth full marks; of several, every one worth something, together 100 %."""
    worth = {c.value: fraction(kind, question, order, {NAME: c.value}) for c in view["choices"]}
    if view["multiple"]:
        chosen = [value for value, share in worth.items() if share > 0]
        full = fraction(kind, question, order, MultiDict([(NAME, v) for v in chosen]))
        assert outcome_of(full) == "right", (question["id"], full)  # 3 x 33.33333% is 0.9999999
    else:
        chosen = [next(value for value, share in worth.items() if share == 1)]
    return tuple(plain(c.html) for c in view["choices"] if c.value in chosen)


def right_text(kind, question: dict, order: dict, labels: Labels) -> str:
    """A right answer as shown in the review, made typeable (a range's or tolerance's first
    number, a wildcard dropped), then checked with the type's own grading."""
    for shown in kind.right_answers(question, labels):
        candidate = re.split(r" [±–] ", plain(shown))[0].replace("*", "")
        if fraction(kind, question, order, {NAME: candidate}) == 1:
            return candidate
    raise AssertionError(f"no typeable right answer to {question['id']}")


def right_answer(question: dict, labels: Labels) -> RightAnswer:
    kind = question_type(question["type"])
    # Any order does: the answer is found by its text, and the page shows its own order.
    order = kind.choice_order(question, False, random.Random(0))
    view = kind.view(question, order, None, NAME, labels)
    if "choices" in view:
        return RightAnswer(choices=right_choices(kind, question, order, view))
    if "items" in view:
        options = {option.value: plain(option.html) for option in view["options"]}
        # Each item's own answer: the option whose choice alone scores that item.
        pairs = []
        for shown, item in enumerate(view["items"]):
            for value, text in options.items():
                form = {f"{NAME}-{shown}": value}
                if fraction(kind, question, order, form) > 0:
                    pairs.append((plain(item.html), text))
                    break
        return RightAnswer(pairs=tuple(pairs))
    return RightAnswer(typed=right_text(kind, question, order, labels))


def answer_key(course: CourseSpec, language: str, labels: Labels) -> dict[str, RightAnswer]:
    """Question text (as the page shows it) → its right answer, for every question of the bank."""
    key = {}
    for bank_question in course.questions:
        question = bank_question.data[language]
        text = plain(question_html(question["text"], question.get("format", "moodle")))
        key[text] = right_answer(question, labels)
    return key


def give(group, answer: RightAnswer) -> None:
    """Answer one question (its fieldset) on the attempt page, by label as a person reads it."""
    for text in answer.choices:
        group.get_by_label(text, exact=True).check()
    if answer.typed is not None:
        group.get_by_role("textbox").fill(answer.typed)
    for item, text in answer.pairs:
        group.get_by_label(item, exact=True).select_option(label=text)


def shown_text(group) -> str:
    return folded(group.locator(".question-text").text_content())
