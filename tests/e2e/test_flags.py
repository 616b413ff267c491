"""Flagging questions in a real browser: in place with the page's script (the flag survives a
reload, the panel and the summary say so), and without script as a button that saves the form
(no answer typed on the page is lost)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.quiz.models import AttemptSlot, QuizAttempt
from tests.e2e.test_answers_survive import learner, open_attempt, question, stored
from tests.quiz.quiz_content import sync_quiz


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "content")


def flags(person_id: int) -> list[int]:
    """The positions the database holds flagged for the person's attempt."""
    db.session.rollback()
    return list(
        db.session.scalars(
            select(AttemptSlot.position)
            .join(QuizAttempt)
            .where(QuizAttempt.person_id == person_id, AttemptSlot.flagged)
            .order_by(AttemptSlot.position)
        )
    )


def flag_button(page, number: int):
    return question(page, number).get_by_role("button", name="Flag this question")


def test_a_flag_toggles_in_place_survives_a_reload_and_reaches_the_summary(server, browser, quiz):
    email, person_id = learner()
    context = browser.new_context(locale="en-GB")
    page = open_attempt(context, server, email)
    attempt_url = page.url
    panel = page.get_by_role("navigation", name="Questions of this attempt")
    expect(panel.get_by_role("listitem")).to_have_count(6)
    expect(panel.get_by_role("link", name=re.compile("Flagged"))).to_have_count(0)

    page.evaluate("window.stayedOnThisPage = true")
    flag_button(page, 2).click()
    expect(flag_button(page, 2)).to_have_attribute("aria-pressed", "true")
    expect(panel.get_by_role("link", name="Question 2 Not answered Flagged")).to_be_visible()
    assert page.evaluate("window.stayedOnThisPage") is True  # no reload: toggled in place
    assert flags(person_id) == [2]

    page.reload()
    expect(flag_button(page, 2)).to_have_attribute("aria-pressed", "true")
    expect(flag_button(page, 1)).to_have_attribute("aria-pressed", "false")
    expect(panel.get_by_role("link", name=re.compile("Flagged"))).to_have_count(1)
    # Still a list of links the keyboard follows: Enter on the flagged one leads to it.
    panel.get_by_role("link", name="Question 2 Not answered Flagged").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(attempt_url + "#question-2")

    page.get_by_role("button", name="Submit and finish").click()
    expect(page.get_by_role("heading", name="Summary of attempt 1", level=1)).to_be_visible()
    expect(page.get_by_text("You flagged 1 question to come back to.")).to_be_visible()
    expect(page.get_by_role("row", name="Question 2 Not answered · Flagged")).to_be_visible()
    page.get_by_role("link", name="Question 2").click()
    expect(page).to_have_url(attempt_url + "#question-2")

    flag_button(page, 2).click()  # pressed again: the flag comes off
    expect(flag_button(page, 2)).to_have_attribute("aria-pressed", "false")
    expect(panel.get_by_role("link", name=re.compile("Flagged"))).to_have_count(0)
    assert flags(person_id) == []
    context.close()


def test_without_script_the_flag_button_keeps_the_answers_typed_on_the_page(server, browser, quiz):
    email, person_id = learner()
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = open_attempt(context, server, email)
    question(page, 4).get_by_label("Your answer").fill("zebra-keyword")
    question(page, 3).get_by_label("False").check()
    flag_button(page, 5).click()

    expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+#question-5$"))
    expect(page.get_by_text("Question 5 is flagged.")).to_be_visible()
    expect(flag_button(page, 5)).to_have_attribute("aria-pressed", "true")
    expect(question(page, 4).get_by_label("Your answer")).to_have_value("zebra-keyword")
    assert {3: False, 4: "zebra-keyword"}.items() <= stored(person_id).items()
    assert flags(person_id) == [5]

    # Enter in a typed answer saves, as before flags existed; it flags nothing.
    question(page, 4).get_by_label("Your answer").fill("zebra")
    question(page, 4).get_by_label("Your answer").press("Enter")
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    assert stored(person_id)[4] == "zebra"
    assert flags(person_id) == [5]
    context.close()
