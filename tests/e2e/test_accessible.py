"""Every page type passes axe-core with no violation of any impact, in French and in English, on a
desk (1280 × 800) and on a phone (390 × 844): the repository's real content for the learner's
pages, a bank of every question type for the quiz pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.outbox.models import OutboxMessage
from app.outbox.services import body_to_send
from app.people.roles import Role
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_answers_survive import WORDS, learner, open_attempt, question
from tests.factories import TEST_PASSWORD, make_audit_event, make_outbox_message, make_person
from tests.quiz.quiz_content import sync_quiz

REPOSITORY = Path(__file__).resolve().parents[2]
VIEWPORTS = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
COURSE = "emp-social-culture"
TEXTS = {
    "en": {"forgot": "Send me a reset link", "submit": "Submit and finish",
           "submit_all": "Submit all and finish", "menu": "Menu"},
    "fr": {"forgot": "M’envoyer un lien de réinitialisation", "submit": "Envoyer et terminer",
           "submit_all": "Tout envoyer et terminer", "menu": "Menu"},
}  # fmt: skip


def check(page, server: str, path: str, what: str, status: int = 200) -> None:
    response = page.goto(server + path)
    assert response is not None and response.status == status, f"{what}: {path}"
    assert_accessible(page, what)


def reset_path(recipient: str) -> str:
    """The path of the reset link the outbox would send to ``recipient``."""
    db.session.rollback()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == recipient))
    return re.search(r"/password/reset/\S+", body_to_send(message)).group(0)


def sign_in(page, server: str, email: str, language: str) -> None:
    words = WORDS[language]
    page.goto(server + "/login")
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"], exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name=words["sign_in"]).click()
    page.wait_for_url(re.compile(r"/$"))


@pytest.fixture
def admin_and_report(app, request):
    """An administrator (who sees every page) managing one employee, so home shows a team."""
    language = request.node.callspec.params["language"]
    sync_content(load_content(REPOSITORY))
    admin = make_person(roles=[Role.ADMIN.value, Role.HR.value], department="it", language=language)
    employee = make_person(manager=admin, department="communication", language=language)
    make_audit_event(action="sign_in.success", actor_id=employee.id, details={"email": "x@y.z"})
    make_outbox_message(recipient=admin.email, subject="Réinitialisation")
    found = {"admin": admin.email, "employee": employee.email, "employee_id": employee.id}
    db.session.commit()
    return found


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_type_has_no_axe_violation(
    server, browser, admin_and_report, language, viewport
):
    people, texts = admin_and_report, TEXTS[language]
    context = browser.new_context(locale=f"{language}-FR", viewport=VIEWPORTS[viewport])
    page = context.new_page()
    check(page, server, "/login", "sign-in")
    page.get_by_label(WORDS[language]["email"]).fill(people["employee"])
    page.get_by_label(WORDS[language]["password"], exact=True).fill("not the password")
    page.get_by_role("button", name=WORDS[language]["sign_in"]).click()
    assert_accessible(page, "sign-in refused")
    check(page, server, "/password/forgot", "forgot password")
    page.get_by_label(WORDS[language]["email"]).fill(people["employee"])
    page.get_by_role("button", name=texts["forgot"]).click()
    page.wait_for_url(re.compile(r"/login$"))
    assert_accessible(page, "reset link sent")
    check(page, server, "/password/reset/not-a-token", "reset link refused", 400)
    page.goto(server + reset_path(people["employee"]))
    assert_accessible(page, "new password")
    check(page, server, "/no-such-page", "not found, signed out", 404)

    sign_in(page, server, people["admin"], language)
    assert_accessible(page, "home")
    if viewport == "phone":
        page.locator("summary", has_text=texts["menu"]).click()
        assert_accessible(page, "home, menu open")
    pages = [
        ("/tracks", "catalog"),
        ("/tracks/employees", "track"),
        (f"/courses/{COURSE}", "course"),
        ("/charter", "charter"),
        ("/account/password", "password change"),
        ("/account/sessions", "my sessions"),
        ("/admin/people/import", "people import"),
        ("/admin/audit", "audit log"),
        ("/admin/outbox", "outbox"),
        (f"/admin/people/{people['employee_id']}/sessions", "a person's sessions"),
        (f"/courses/{COURSE}/quiz", "quiz, not started"),
    ]
    for path, what in pages:
        check(page, server, path, what)
    check(page, server, "/no-such-page", "not found, signed in", 404)
    page.goto(server + f"/courses/{COURSE}")
    page.locator(f"a[href*='/courses/{COURSE}/lessons/']").first.click()
    expect(page).to_have_url(re.compile(r"/lessons/"))
    assert_accessible(page, "lesson")

    page.goto(server + f"/courses/{COURSE}/quiz")
    page.get_by_role("button", name=WORDS[language]["start"]).click()
    expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+$"))
    assert_accessible(page, "attempt")
    page.get_by_role("button", name=texts["submit"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/summary$"))
    assert_accessible(page, "summary")
    page.get_by_role("button", name=texts["submit_all"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/review$"))
    assert_accessible(page, "review")
    check(page, server, f"/courses/{COURSE}/quiz", "quiz, with its attempts table")
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_question_type_has_no_axe_violation(
    server, browser, app, tmp_path, language, viewport
):
    """Choices, several choices, true/false, a word, a number, pairs; a time limit, so the
    countdown shows; answered, then the summary and the review with its right answers."""
    sync_quiz(tmp_path / "content", time_limit_minutes=15, attempts_allowed=1)
    email, _ = learner(language)
    context = browser.new_context(locale=f"{language}-FR", viewport=VIEWPORTS[viewport])
    page = open_attempt(context, server, email, language)
    assert_accessible(page, "attempt, every question type")
    question(page, 3).get_by_role("radio").first.check()
    question(page, 4).get_by_label(WORDS[language]["answer"]).fill("31")
    assert_accessible(page, "attempt, some answered")
    page.get_by_role("button", name=TEXTS[language]["submit"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/summary$"))
    assert_accessible(page, "summary, some answered")
    page.get_by_role("button", name=TEXTS[language]["submit_all"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/review$"))
    assert_accessible(page, "review, every question type")
    context.close()
