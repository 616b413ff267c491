"""No answer is lost on the attempt page, in a real browser against a live server: switching
language or reloading right after answering, two tabs answering different questions, a save
whose response is lost after it was written, and a database away for a moment."""

from __future__ import annotations

import re
import shutil
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.quiz.models import GRADED, AttemptSlot, QuizAttempt
from tests.conftest import empty_all_tables
from tests.factories import TEST_PASSWORD, make_person
from tests.live_server import live_server
from tests.quiz.quiz_content import sync_quiz

SAVED = re.compile(r"Answers saved at ")
WORDS = {
    "en": {"email": "E-mail address", "password": "Password", "sign_in": "Sign in",
           "start": "Start the quiz", "answer": "Your answer"},
    "fr": {"email": "Adresse e-mail", "password": "Mot de passe", "sign_in": "Se connecter",
           "start": "Commencer le quiz", "answer": "Votre réponse"},
}  # fmt: skip


def question(page, number: int):
    return page.get_by_role("group", name=f"Question {number}", exact=True)


def learner(language: str = "en") -> tuple[str, int]:
    person = make_person(language=language)
    # Read before the commit: no transaction stays open in this process while the server works.
    email, person_id = person.email, person.id
    db.session.commit()
    return email, person_id


def open_attempt(context, base_url: str, email: str, language: str = "en"):
    words = WORDS[language]
    page = context.new_page()
    page.goto(base_url + "/login")
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"]).fill(TEST_PASSWORD)
    page.get_by_role("button", name=words["sign_in"]).click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(base_url + "/courses/basics/quiz")
    page.get_by_role("button", name=words["start"]).click()
    expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+$"))
    page.wait_for_load_state()  # quiz.js (deferred) runs before "load": a learner reads first
    return page


def stored(person_id: int) -> dict[int, object]:
    """Position → stored response of the person's attempt, as the database holds it now."""
    db.session.rollback()
    slots = db.session.scalars(
        select(AttemptSlot)
        .join(QuizAttempt)
        .where(QuizAttempt.person_id == person_id)
        .order_by(AttemptSlot.position)
    )
    return {slot.position: slot.response and slot.response["value"] for slot in slots}


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "content")


def test_an_answer_then_english_within_half_a_second_is_kept(server, browser, quiz):
    email, person_id = learner("fr")
    context = browser.new_context(locale="fr-FR")
    page = open_attempt(context, server, email, "fr")
    question(page, 4).get_by_label("Votre réponse").fill("zebra-keyword")
    page.get_by_role("button", name="English").click()  # before the autosave's 600 ms

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(question(page, 4).get_by_label("Your answer")).to_have_value("zebra-keyword")
    assert stored(person_id)[4] == "zebra-keyword"
    context.close()


def reload(page, attempt_url: str) -> None:
    page.reload()


def leave_by_the_menu_and_come_back(page, attempt_url: str) -> None:
    page.get_by_role("button", name="My learning").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto(attempt_url)


@pytest.mark.parametrize("leave", [reload, leave_by_the_menu_and_come_back])
def test_answers_given_just_before_leaving_the_page_are_kept(server, browser, quiz, leave):
    email, person_id = learner()
    context = browser.new_context(locale="en-GB")
    page = open_attempt(context, server, email)
    question(page, 4).get_by_label("Your answer").fill("zebra-keyword")
    question(page, 3).get_by_label("False").check()
    leave(page, page.url)  # before the autosave's 600 ms

    expect(question(page, 4).get_by_label("Your answer")).to_have_value("zebra-keyword")
    expect(question(page, 3).get_by_label("False")).to_be_checked()
    expect(page.get_by_role("status")).to_contain_text(SAVED)
    assert {3: False, 4: "zebra-keyword"}.items() <= stored(person_id).items()
    context.close()


def test_two_tabs_answering_different_questions_both_keep_their_answers(server, browser, quiz):
    email, person_id = learner()
    context = browser.new_context(locale="en-GB")
    first = open_attempt(context, server, email)
    second = context.new_page()
    second.goto(first.url)

    question(second, 4).get_by_label("Your answer").fill("zebra-keyword")
    expect(second.get_by_role("status")).to_contain_text(SAVED)
    question(first, 3).get_by_label("False").check()
    expect(first.get_by_role("status")).to_contain_text(SAVED)
    expect(first.get_by_text("another tab")).to_have_count(0)
    assert {3: False, 4: "zebra-keyword"}.items() <= stored(person_id).items()

    first.get_by_role("button", name="Submit and finish").click()
    first.get_by_role("button", name="Submit all and finish").click()
    expect(first.get_by_role("heading", name="Attempt 1: review", level=1)).to_be_visible()
    db.session.rollback()
    attempt = db.session.scalar(select(QuizAttempt).where(QuizAttempt.person_id == person_id))
    assert attempt.state == GRADED
    assert [slot.fraction for slot in attempt.slots][2:4] == [1.0, 1.0]
    context.close()


def test_a_save_whose_response_was_lost_after_it_was_written_is_not_refused(server, browser, quiz):
    email, person_id = learner()
    context = browser.new_context(locale="en-GB")
    page = open_attempt(context, server, email)
    lost = []

    def lose_the_response(route):
        route.fetch()  # the server has the request, writes it, and answers...
        lost.append(route.request.url)
        route.abort("connectionreset")  # ...but the answer never reaches the page

    page.route("**/save", lose_the_response, times=1)
    question(page, 4).get_by_label("Your answer").fill("zebra-keyword")
    expect(page.get_by_role("status")).to_contain_text(SAVED, timeout=15_000)
    assert len(lost) == 1
    assert stored(person_id)[4] == "zebra-keyword"

    with page.expect_response(lambda response: response.url.endswith("/save")) as saved:
        question(page, 4).get_by_label("Your answer").fill("zebra-keyword, again")
    assert saved.value.status == 200
    assert saved.value.json()["kept"] == []
    expect(page.get_by_role("status")).to_contain_text(SAVED)
    assert stored(person_id)[4] == "zebra-keyword, again"
    expect(page.get_by_text("another tab")).to_have_count(0)
    context.close()


@pytest.fixture
def database_that_can_go_away(app_factory, tmp_path):
    """A SQLite file in a directory the test can move away and back; yields (url, directory)."""
    directory = tmp_path / "database"
    directory.mkdir()
    url = f"sqlite:///{directory / 'relais.sqlite'}"
    app = app_factory(WTF_CSRF_ENABLED=False, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        empty_all_tables()
        sync_quiz(tmp_path / "content")
        yield url, directory
        db.session.remove()


def test_a_database_away_for_a_moment_gets_a_json_error_a_retry_and_the_answer_saved(
    browser, database_that_can_go_away, tmp_path
):
    url, directory = database_that_can_go_away
    email, person_id = learner()
    settings = {
        "SQLALCHEMY_DATABASE_URI": url,
        "NEW_CONNECTION_PER_REQUEST": True,
        "RATELIMIT_KEY_PREFIX": f"relais-e2e-{uuid.uuid4().hex}",
    }
    with live_server(settings) as base_url:
        context = browser.new_context(locale="en-GB")
        page = open_attempt(context, base_url, email)
        away = tmp_path / "database-away"
        shutil.move(directory, away)
        try:
            with page.expect_response(lambda response: response.url.endswith("/save")) as failed:
                question(page, 4).get_by_label("Your answer").fill("zebra-keyword")
            assert failed.value.status == 503
            assert failed.value.headers["content-type"] == "application/json"
            assert failed.value.json()["error"]["status"] == 503
            expect(page.get_by_role("status")).to_have_text("Not saved yet, retrying…")
            dialogs = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
            page.close(run_before_unload=True)  # leaving now warns: the answer is not saved
            expect(page.get_by_role("status")).to_have_text("Not saved yet, retrying…")
            assert dialogs == ["beforeunload"]
        finally:
            shutil.move(away, directory)
        expect(page.get_by_role("status")).to_contain_text(SAVED, timeout=20_000)
        context.close()
    assert stored(person_id)[4] == "zebra-keyword"
