"""Every page type fits a phone: at 390 × 844, for each role, in French and in English, no page
scrolls sideways (the document is no wider than the viewport)."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import today_for
from app.people.roles import Role
from tests.e2e.test_answers_survive import WORDS
from tests.factories import TEST_PASSWORD, make_audit_event, make_outbox_message, make_person
from tests.learning.assignment_helpers import assign

REPOSITORY = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
COURSE = "emp-social-culture"
SUBMIT = {"en": "Submit and finish", "fr": "Envoyer et terminer"}
SUBMIT_ALL = {"en": "Submit all and finish", "fr": "Tout envoyer et terminer"}
# RELAIS_SHOTS=<folder>: screenshots of the home and audit pages, to look at.
SHOTS = os.environ.get("RELAIS_SHOTS")
LONG = "a.very.long.address.that.does.not.fit.on.a.phone.at.all@relais-long-domain.example"


def fits(page, what: str) -> None:
    # A click's navigation or a URL match returns before the stylesheet has loaded, and a page
    # measured without its CSS is wider than the page a person sees (518 px for the team page).
    page.wait_for_load_state("load")
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{what} ({page.url}) is {width[0]} px wide at {width[1]} px"


@pytest.fixture
def people(app):
    sync_content(load_content(REPOSITORY))
    manager = make_person(display_name="Direction Québec", department="leadership")
    employee = make_person(manager=manager, department="communication", email=LONG)
    # A manager's message with a word too long for a phone, on an overdue track.
    message = "À terminer avant le lancement : " + "anticonstitutionnellement" * 4 + "\nMerci"
    late = today_for(employee) - timedelta(days=3)
    assign(employee, "employees", due_on=late, by=manager, message=message)
    hr = make_person(roles=[Role.HR.value], department="hr")
    admin = make_person(roles=[Role.ADMIN.value], department="it")
    make_audit_event(
        action="sign_in.success",
        actor_id=employee.id,
        details={"user_agent": "Mozilla/5.0 " + "x" * 200, "email": LONG},
    )
    # Long, yet within the subject column's 200 characters (PostgreSQL enforces it).
    make_outbox_message(recipient=LONG, subject="Réinitialisation " + "très longue " * 12)
    found = {
        "employee": (employee.email, employee.id),
        "manager": (manager.email, manager.id),
        "hr": (hr.email, hr.id),
        "admin": (admin.email, admin.id),
    }
    db.session.commit()
    return found


def sign_in(page, server: str, email: str, words: dict) -> None:
    page.goto(server + "/login")
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"], exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name=words["sign_in"]).click()
    page.wait_for_url(re.compile(r"/$"))


def visit(page, server: str, path: str, what: str) -> None:
    response = page.goto(server + path)
    assert response is not None and response.ok, f"{what}: {path} answered {response.status}"
    fits(page, what)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("role", ["employee", "manager", "hr", "admin"])
def test_no_page_scrolls_sideways_on_a_phone(server, browser, people, role, language):
    words = WORDS[language]
    email, _ = people[role]
    context = browser.new_context(locale=f"{language}-FR", viewport=PHONE)
    page = context.new_page()
    for path, what in (("/login", "sign-in"), ("/password/forgot", "forgot password")):
        visit(page, server, path, what)
    sign_in(page, server, email, words)
    if page.locator("html").get_attribute("lang") != language:
        page.locator("summary", has_text="Menu").click()
        page.get_by_role("button", name="Français" if language == "fr" else "English").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.wait_for_load_state()
    fits(page, "home")
    pages = [
        ("/tracks", "catalog"),
        ("/tracks/employees", "track"),
        (f"/courses/{COURSE}", "course"),
        ("/charter", "charter"),
        ("/account/password", "password change"),
        ("/account/sessions", "my sessions"),
    ]
    if role in ("hr", "admin"):
        pages.append(("/admin/people/import", "people import"))
    if role == "admin":
        pages += [
            ("/admin/audit", "audit log"),
            ("/admin/outbox", "outbox"),
            (f"/admin/people/{people['employee'][1]}/sessions", "admin person sessions"),
            ("/admin/item-analysis", "item analysis"),
        ]
    for path, what in pages:
        visit(page, server, path, what)
    if role == "admin" and SHOTS:
        for path, name in (("/", "home"), ("/admin/audit", "audit")):
            page.goto(server + path)
            page.screenshot(path=f"{SHOTS}/{name}-{language}.png", full_page=True)

    page.goto(server + f"/courses/{COURSE}")
    page.locator(f"a[href*='/courses/{COURSE}/lessons/']").first.click()
    expect(page).to_have_url(re.compile(r"/lessons/"))
    fits(page, "lesson")
    visit(page, server, f"/courses/{COURSE}/quiz", "quiz overview")
    page.get_by_role("button", name=words["start"]).click()
    expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+$"))
    fits(page, "attempt")
    page.get_by_role("button", name=SUBMIT[language], exact=True).click()
    expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+/summary$"))
    fits(page, "summary")
    page.get_by_role("button", name=SUBMIT_ALL[language], exact=True).click()
    expect(page).to_have_url(re.compile(r"/review$"))
    fits(page, "review")
    if role == "admin":  # the report of the attempt just graded: long questions, wide table
        visit(page, server, f"/admin/item-analysis/{COURSE}", "item analysis report")
    context.close()


def test_the_header_folds_into_a_menu_on_a_phone_and_not_on_a_desk(server, browser, people):
    email, _ = people["admin"]
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    sign_in(page, server, email, WORDS["fr"])
    audit = page.get_by_role("link", name="Journal d’audit")
    expect(audit).to_be_hidden()
    page.locator("summary", has_text="Menu").focus()
    page.keyboard.press("Enter")  # a keyboard opens it: no script involved
    expect(audit).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()  # folded again: on a desk its items show all the same
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    expect(audit).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    context.close()
