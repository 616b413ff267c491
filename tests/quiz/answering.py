"""The path the application grades by, for tests: form values → stored response → grade.

A response is given as a learner means it, in original indices (``"2"``, ``["0", "1"]``,
``{"0": "Who produces?"}`` for matching); ``form_for`` writes the form a page shown in
``order`` sends for it, and ``graded`` reads that form and grades it as a submission does.
"""

from __future__ import annotations

import random

from werkzeug.datastructures import MultiDict

from app.quiz.answers import SlotForm, grade_stored, read_answers
from app.quiz.draw import choice_order
from app.quiz.types.base import Grade

NAME = "q1"


class InFileOrder(random.Random):
    """Shows every part in file order: the shown position is the original index."""

    def shuffle(self, x) -> None:
        return None


def natural_order(question: dict) -> dict:
    return choice_order(question, False, InFileOrder())


def form_for(question: dict, raw, order: dict | None = None) -> MultiDict:
    """The form values a page in ``order`` sends for the response ``raw`` (original indices)."""
    order = natural_order(question) if order is None else order
    if question["type"] == "matching":
        return matching_form(question, raw or {}, order)
    if raw is None:
        return MultiDict()
    if "answers" in order:
        shown = {str(original): str(position) for position, original in enumerate(order["answers"])}
        values = raw if isinstance(raw, list) else [raw]
        return MultiDict([(NAME, shown.get(value, value)) for value in values])
    return MultiDict([(NAME, raw)])


def matching_form(question: dict, raw: dict, order: dict) -> MultiDict:
    pairs = question["pairs"]
    item_shown = {str(item): shown for shown, item in enumerate(order["items"])}
    option_shown = {
        pairs[pair]["answer"]: str(shown) for shown, pair in enumerate(order["options"])
    }
    return MultiDict(
        [
            (f"{NAME}-{item_shown[str(item)]}", option_shown[answer] if answer else "")
            for item, answer in raw.items()
        ]
    )


def respond(question: dict, form, order: dict | None = None) -> object:
    """The stored response to ``question`` from a form (ResponseError if it is refused)."""
    order = natural_order(question) if order is None else order
    return read_answers([SlotForm(1, question, order)], form)[1]


def graded(question: dict, raw, order: dict | None = None) -> Grade:
    """The grade of the response ``raw``, sent from a page in ``order`` (file order if None)."""
    order = natural_order(question) if order is None else order
    return grade_stored(question, respond(question, form_for(question, raw, order), order))
