"""Every page type passes axe-core with no violation of any impact, in French and in English, on a
desk (1280 × 800) and on a phone (390 × 844): the repository's real content for the learner's
pages, a bank of every question type for the quiz pages. Forms are also checked showing their
errors, and lists with more than one row."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import today_for
from app.outbox.models import OutboxMessage
from app.outbox.services import body_to_send
from app.people.roles import Role
from tests.e2e.accessibility import assert_accessible
from tests.e2e.phrases import Words
from tests.e2e.test_answers_survive import WORDS, learner, open_attempt, question
from tests.e2e.test_attempt_summary import move_deadline
from tests.factories import TEST_PASSWORD, make_audit_event, make_outbox_message, make_person
from tests.learning.assignment_helpers import assign
from tests.quiz.quiz_content import sync_quiz

REPOSITORY = Path(__file__).resolve().parents[2]
VIEWPORTS = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
COURSE = "emp-social-culture"
PEOPLE_COLUMNS = b"email,name,department,office,manager_email,roles,language\n"
BAD_PEOPLE = PEOPLE_COLUMNS + b"not-an-address,,,mars,,,xx\n"
GOOD_PEOPLE = PEOPLE_COLUMNS + b"new@relais.example,New Person,hr,quebec,,,fr\n"


def check(page, server: str, path: str, what: str, status: int = 200) -> None:
    response = page.goto(server + path)
    assert response is not None and response.status == status, f"{what}: {path}"
    assert_accessible(page, what)


def sign_in(page, server: str, email: str, language: str) -> None:
    words = WORDS[language]
    page.goto(server + "/login")
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"], exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name=words["sign_in"]).click()
    page.wait_for_url(re.compile(r"/$"))


def reset_path(recipient: str) -> str:
    """The path of the reset link the outbox would send to ``recipient``."""
    db.session.rollback()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == recipient))
    return re.search(r"/password/reset/\S+", body_to_send(message)).group(0)


@pytest.fixture
def admin_and_report(app, request):
    """An administrator (who sees every page) managing one employee, with an overdue track
    and its manager's message on home, beside the tracks anyone may start."""
    language = request.node.callspec.params["language"]
    sync_content(load_content(REPOSITORY))
    admin = make_person(roles=[Role.ADMIN.value, Role.HR.value], department="it", language=language)
    employee = make_person(manager=admin, department="communication", language=language)
    manager = make_person(display_name="Maude Tremblay")
    late = today_for(admin) - timedelta(days=3)
    assign(admin, "employees", due_on=late, by=manager, message="Avant le lancement.\nMerci !")
    make_audit_event(action="sign_in.success", actor_id=employee.id, details={"email": "x@y.z"})
    make_outbox_message(recipient=admin.email, subject="Réinitialisation")
    found = {"admin": admin.email, "employee": employee.email, "employee_id": employee.id}
    db.session.commit()
    return found


def signed_out_pages(page, server: str, say: Words, employee: str) -> None:
    """Sign-in (and refused), the reset pages (link sent, refused, new password), not found."""
    check(page, server, "/login", "sign-in")
    page.get_by_label(say("E-mail address")).fill(employee)
    page.get_by_label(say("Password"), exact=True).fill("not the password")
    page.get_by_role("button", name=say("Sign in")).click()
    assert_accessible(page, "sign-in refused")
    check(page, server, "/password/forgot", "forgot password")
    page.get_by_label(say("E-mail address")).fill(employee)
    page.get_by_role("button", name=say("Send me a reset link")).click()
    page.wait_for_url(re.compile(r"/login$"))
    assert_accessible(page, "reset link sent")
    check(page, server, "/password/reset/not-a-token", "reset link refused", 400)
    page.goto(server + reset_path(employee))
    page.get_by_role("button", name=say("Set my password")).click()
    assert_accessible(page, "new password, with its errors")
    check(page, server, "/no-such-page", "not found, signed out", 404)


def people_import(page, server: str, say: Words) -> None:
    """The import page refusing a file (its problems listed), then checking a good one."""
    check(page, server, "/admin/people/import", "people import")
    upload = page.get_by_label(say("CSV file"))
    upload.set_input_files({"name": "bad.csv", "mimeType": "text/csv", "buffer": BAD_PEOPLE})
    page.get_by_role("button", name=say("Import")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "people import, refused")
    upload.set_input_files({"name": "good.csv", "mimeType": "text/csv", "buffer": GOOD_PEOPLE})
    page.get_by_label(say("Check only (import nothing)")).check()
    page.get_by_role("button", name=say("Import")).click()
    expect(page.get_by_role("heading", name=say("Check only: nothing was changed"))).to_be_visible()
    assert_accessible(page, "people import, checked")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_type_has_no_axe_violation(
    server, browser, admin_and_report, language, viewport
):
    people, say = admin_and_report, Words(language)
    context = browser.new_context(locale=f"{language}-FR", viewport=VIEWPORTS[viewport])
    page = context.new_page()
    signed_out_pages(page, server, say, people["employee"])
    elsewhere = browser.new_context(locale=f"{language}-FR")  # a second session, to end
    sign_in(elsewhere.new_page(), server, people["admin"], language)

    sign_in(page, server, people["admin"], language)
    assert_accessible(page, "home")
    if viewport == "phone":
        page.locator("summary", has_text=say("Menu")).click()
        assert_accessible(page, "home, menu open")
    pages = [
        ("/tracks", "catalog"),
        ("/tracks/employees", "track"),
        (f"/courses/{COURSE}", "course"),
        ("/charter", "charter"),
        ("/account/sessions", "my sessions, two of them"),
        ("/admin/audit", "audit log"),
        ("/admin/outbox", "outbox"),
        (f"/admin/people/{people['employee_id']}/sessions", "a person's sessions"),
        (f"/courses/{COURSE}/quiz", "quiz, not started"),
    ]
    for path, what in pages:
        check(page, server, path, what)
    check(page, server, "/no-such-page", "not found, signed in", 404)
    check(page, server, "/account/password", "password change")
    page.get_by_role("button", name=say("Change password")).click()
    assert_accessible(page, "password change, with its errors")
    people_import(page, server, say)
    page.goto(server + f"/courses/{COURSE}")
    page.locator(f"a[href*='/courses/{COURSE}/lessons/']").first.click()
    expect(page).to_have_url(re.compile(r"/lessons/"))
    assert_accessible(page, "lesson")

    page.goto(server + f"/courses/{COURSE}/quiz")
    page.get_by_role("button", name=say("Start the quiz")).click()
    expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+$"))
    assert_accessible(page, "attempt")
    page.get_by_role("button", name=say("Submit and finish"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/summary$"))
    assert_accessible(page, "summary, nothing answered")
    page.get_by_role("button", name=say("Submit all and finish"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/review$"))
    assert_accessible(page, "review, nothing answered")
    check(page, server, f"/courses/{COURSE}/quiz", "quiz, with its attempts table")
    check(page, server, "/admin/item-analysis", "item analysis, the courses")
    check(page, server, f"/admin/item-analysis/{COURSE}", "item analysis of a course")
    elsewhere.close()
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_question_type_has_no_axe_violation(
    server, browser, app, tmp_path, language, viewport
):
    """Choices, several choices, true/false, a word, a number, pairs; a time limit, so the
    countdown shows; answered, the summary, a save refused once time is up, the review."""
    sync_quiz(tmp_path / "content", time_limit_minutes=15, attempts_allowed=1)
    email, person_id = learner(language)
    say = Words(language)
    context = browser.new_context(locale=f"{language}-FR", viewport=VIEWPORTS[viewport])
    page = open_attempt(context, server, email, language)
    assert_accessible(page, "attempt, every question type")
    question(page, 3).get_by_role("radio").first.check()
    question(page, 4).get_by_role("textbox").fill("31")
    question(page, 2).get_by_role("button", name=say("Flag this question")).click()
    expect(
        question(page, 2).get_by_role("button", name=say("Flag this question"))
    ).to_have_attribute("aria-pressed", "true")
    assert_accessible(page, "attempt, some answered, one flagged")
    page.get_by_role("button", name=say("Submit and finish"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/summary$"))
    assert_accessible(page, "summary, some answered, one flagged")
    page.get_by_role("link", name=say("Back to the attempt")).click()
    expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+$"))
    move_deadline(person_id, -60)
    page.get_by_role("button", name=say("Save my answers")).click()
    expect(page.get_by_role("heading", name=say("Answer not saved"))).to_be_visible()
    assert_accessible(page, "save refused, time up")
    page.get_by_role("link", name=say("Back to the attempt")).click()
    expect(page).to_have_url(re.compile(r"/review$"))
    assert_accessible(page, "review, every question type")
    context.close()
