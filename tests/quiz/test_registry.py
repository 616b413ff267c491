"""A question type lives in one place: a type defined here, and registered for one test only,
goes through start → save → submit → review over HTTP without any other module knowing it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest
from jinja2 import ChoiceLoader, DictLoader
from markupsafe import escape
from sqlalchemy import select

from app.content.models import Question
from app.extensions import db
from app.quiz import types
from app.quiz.models import GRADED
from app.quiz.types.base import NO_CREDIT, Grade, QuestionType
from app.quiz.types.responses import N_, ResponseError, single_value, typed_text
from tests.quiz.attempt_helpers import reload, save, sequences_on, start, submit
from tests.quiz.quiz_content import sync_quiz


@dataclass(frozen=True)
class Riddle(QuestionType):
    """The learner names the answer to a riddle; a question mark is refused."""

    name: ClassVar[str] = "riddle"

    @classmethod
    def read_form(cls, question: dict, order: dict, name: str, form) -> str:
        text = typed_text(single_value(form, name))
        if "?" in text:
            raise ResponseError(N_("Answer the riddle, do not ask another one."))
        return text

    @classmethod
    def grade(cls, question: dict, response: str) -> Grade:
        if response.strip().lower() != question["solution"]:
            return NO_CREDIT
        return Grade(1.0, ("Well found.",), ("<em>Well found.</em>",))

    @classmethod
    def view(cls, question: dict, order: dict, stored: object, name: str, labels) -> dict:
        return {"typed": stored or ""}

    @classmethod
    def right_answers(cls, question: dict, labels) -> list[str]:
        return [str(escape(question["solution"]))]


PARTIAL = (
    '<label for="{{ slot.name }}">Your guess</label>'
    '<input class="riddle" id="{{ slot.name }}" name="{{ slot.name }}" '
    'value="{{ slot.data.typed }}"{% if disabled %} disabled{% endif %}>'
)


def riddle(text: str, solution: str) -> dict:
    return {"type": "riddle", "id": "echo", "text": text, "format": "moodle", "solution": solution}


@pytest.fixture
def riddle_quiz(app, tmp_path):
    types.register(Riddle)
    try:
        app.jinja_env.loader = ChoiceLoader(
            [DictLoader({Riddle.template(): PARTIAL}), app.jinja_env.loader]
        )
        sync_quiz(tmp_path / "c")
        first, *others = db.session.scalars(select(Question).order_by(Question.position))
        first.type = "riddle"
        first.data = {
            "en": riddle("What answers without a mouth?", "echo"),
            "fr": riddle("Qui répond sans bouche ?", "écho"),
        }
        for question in others:
            db.session.delete(question)
        db.session.commit()
        yield
    finally:
        types.unregister(Riddle)


def test_the_registry_is_left_as_it_was():
    assert "riddle" not in types.QUESTION_TYPES


def test_a_registered_type_is_asked_saved_submitted_and_reviewed(riddle_quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    page = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert "What answers without a mouth?" in page
    assert 'class="riddle" id="q1" name="q1" value=""' in page

    refused = save(client, attempt, {"q1": "who knows?"})
    assert refused.status_code == 400
    assert "Answer the riddle, do not ask another one." in refused.get_data(as_text=True)
    assert reload(attempt).slots[0].response is None

    assert save(client, attempt, {"q1": "Echo"}).status_code == 303
    page = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert 'value="Echo"' in page

    attempt = reload(attempt)
    response = submit(client, attempt, {"q1": "Echo", **sequences_on(page)})
    assert response.status_code == 303
    attempt = reload(attempt)
    assert (attempt.state, attempt.fraction, attempt.passed) == (GRADED, 1.0, True)

    review = client.get(f"/quiz/attempts/{attempt.id}/review").get_data(as_text=True)
    assert 'value="Echo" disabled' in review
    assert '<div class="feedback"><em>Well found.</em></div>' in review
    assert "<li>echo</li>" in review


def test_a_type_name_is_registered_once():
    with pytest.raises(ValueError, match="the question type 'multichoice' is already registered"):
        types.register(types.QUESTION_TYPES["multichoice"])
