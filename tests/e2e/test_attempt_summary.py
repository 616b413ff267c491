"""The summary before submitting, in a real browser: two of ten questions answered, the summary
says eight are not, a link leads back to one of them, and the final button grades once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.content.loader import load_content
from app.content.sync import sync_content
from app.database import utcnow
from app.extensions import db
from app.quiz.models import GRADED, QuizAttempt
from tests.content.content_cases import Write
from tests.e2e.test_answers_survive import learner, open_attempt, question
from tests.quiz.quiz_content import quiz_tree, sync_quiz


def bank(statement: str) -> str:
    return "\n".join(f"::q{n}::{statement} {n}.{{T}}\n" for n in range(1, 11))


@pytest.fixture
def ten_questions(app, tmp_path):
    tree = quiz_tree(
        tmp_path / "content",
        Write("quizzes/basics.en.gift", bank("Statement")),
        Write("quizzes/basics.fr.gift", bank("Affirmation")),
        shuffle_choices="false",
    )
    sync_content(load_content(tree))
    db.session.commit()


def test_the_summary_lists_the_unanswered_and_the_final_button_submits(
    server, browser, ten_questions
):
    email, person_id = learner()
    context = browser.new_context(locale="en-GB")
    page = open_attempt(context, server, email)
    attempt_url = page.url
    panel = page.get_by_role("navigation", name="Questions of this attempt")
    expect(panel.get_by_role("link")).to_have_count(10)
    expect(panel.get_by_role("link", name="Not answered")).to_have_count(10)
    question(page, 1).get_by_label("True").check()
    question(page, 2).get_by_label("False").check()
    # The panel follows the answers as they change, in words.
    expect(panel.get_by_role("link", name="Question 1 Answered")).to_be_visible()
    expect(panel.get_by_role("link", name="Question 2 Answered")).to_be_visible()
    expect(panel.get_by_role("link", name="Not answered")).to_have_count(8)
    # Keyboard: a panel link, reached by focus and followed with Enter, leads to its question.
    panel.get_by_role("link", name="Question 9 Not answered").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(attempt_url + "#question-9")
    page.keyboard.press("Tab")
    expect(question(page, 9).get_by_label("True")).to_be_focused()

    page.get_by_role("button", name="Submit and finish").click()
    expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+/summary$"))
    expect(page.get_by_role("heading", name="Summary of attempt 1", level=1)).to_be_visible()
    expect(page.get_by_text("2 answered, 8 not answered, of 10 questions.")).to_be_visible()
    expect(page.get_by_role("row", name="Question 7 Not answered")).to_be_visible()
    db.session.rollback()
    assert (
        db.session.scalar(select(QuizAttempt.state).where(QuizAttempt.person_id == person_id))
        == "open"
    )

    page.get_by_role("link", name="Question 7").click()
    expect(page).to_have_url(attempt_url + "#question-7")
    question(page, 7).get_by_label("True").check()
    page.get_by_role("button", name="Submit and finish").click()
    expect(page.get_by_text("3 answered, 7 not answered, of 10 questions.")).to_be_visible()
    expect(page.get_by_role("row", name="Question 7 Answered")).to_be_visible()

    page.get_by_role("button", name="Submit all and finish").click()
    expect(page.get_by_role("heading", name="Attempt 1: review", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Score: 2 / 10 (20%)")
    context.close()
    db.session.rollback()
    attempt = db.session.scalar(select(QuizAttempt).where(QuizAttempt.person_id == person_id))
    assert attempt.state == GRADED
    assert [slot.response is not None for slot in attempt.slots].count(True) == 3


def move_deadline(person_id: int, seconds: int) -> None:
    db.session.rollback()
    attempt = db.session.scalar(select(QuizAttempt).where(QuizAttempt.person_id == person_id))
    attempt.deadline_at = utcnow() + timedelta(seconds=seconds)
    db.session.commit()


def test_the_countdown_stays_in_view_and_is_announced_at_5_and_1_minutes(
    server, browser, app, tmp_path
):
    sync_quiz(tmp_path / "content", time_limit_minutes=15)
    email, person_id = learner()
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = open_attempt(context, server, email)
    countdown, alert = page.get_by_role("timer"), page.locator("#countdown-alert")
    expect(countdown).to_have_attribute("aria-live", "off")
    expect(alert).to_have_attribute("aria-live", "assertive")
    expect(alert).to_have_text("")  # 15 minutes left: nothing to say yet

    page.get_by_role("button", name="Submit and finish").scroll_into_view_if_needed()
    box = countdown.bounding_box()
    assert page.evaluate("window.scrollY") > 0 and 0 <= box["y"] < 844

    move_deadline(person_id, 5 * 60 + 2)
    page.reload()
    expect(alert).to_have_text("5 minutes left.", timeout=6000)
    move_deadline(person_id, 60 + 2)
    page.reload()
    expect(alert).to_have_text("1 minute left.", timeout=6000)
    move_deadline(person_id, 3 * 60)
    page.reload()
    page.wait_for_timeout(1500)
    expect(alert).to_have_text("")  # the 5-minute mark was crossed before this page: not said
    context.close()
