"""Format tags reach the pages: each choice and feedback is shown in its own format."""

from __future__ import annotations

import pytest

from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from tests.content.content_cases import Write
from tests.quiz.attempt_helpers import answers, reload, start, submit
from tests.quiz.quiz_content import quiz_tree

BANK = """::colour::What's between orange and green?{
=[markdown]*yellow*#[html]<b>right</b>, good!
~[plain]<blue>#[markdown]wrong, it's **yellow**
~red#wrong <i>again</i>
####[html]<p>Light <sup>splits</sup>.</p>}
"""


@pytest.fixture
def quiz(app, tmp_path):
    tree = quiz_tree(
        tmp_path / "c",
        Write("quizzes/basics.en.gift", BANK),
        Write("quizzes/basics.fr.gift", BANK),
    )
    sync_content(load_content(tree))
    db.session.commit()


def test_the_attempt_page_shows_each_choice_in_its_format(quiz, client, login_as):
    login_as("employee", language="en")
    page = client.get(f"/quiz/attempts/{start(client).id}").get_data(as_text=True)
    assert "<em>yellow</em></label>" in page
    assert "&lt;blue&gt;</label>" in page
    assert "red</label>" in page
    assert "[markdown]" not in page and "[plain]" not in page


def test_the_review_shows_each_feedback_in_its_format(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    assert submit(client, attempt, answers(attempt, right=True)).status_code == 303
    review = client.get(f"/quiz/attempts/{reload(attempt).id}/review").get_data(as_text=True)
    assert '<div class="feedback"><b>right</b>, good!</div>' in review
    assert '<div class="feedback"><p>Light <sup>splits</sup>.</p></div>' in review
    assert "<li><em>yellow</em></li>" in review
