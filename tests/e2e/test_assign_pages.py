"""The assign page (the form, its preview, its refusals) and an assignment's page, in a real
browser: on a phone (390 × 844) no page scrolls sideways, and axe-core finds no violation, in
French and in English, with a reporting line of 40 people with long addresses."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.content.loader import load_content
from app.content.models import Track
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import BY_PERSON, NewAssignment, open_assignments, today_for
from tests.content.content_cases import MINIMAL
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_answers_survive import WORDS
from tests.e2e.test_fits_a_phone import PHONE, fits
from tests.e2e.test_fits_a_phone import sign_in as sign_in_page
from tests.factories import make_person

LONG = "a.very.long.address.that.does.not.fit.on.a.phone.{n}@relais-long-domain.example"
WORDS_OF = {
    "en": {"assign": "Assign a track", "preview": "Preview", "track": "Track",
           "move": "Move the due date", "confirm": "Confirm and assign",
           "assigned": "is assigned to 39 people"},
    "fr": {"assign": "Attribuer un parcours", "preview": "Aperçu", "track": "Parcours",
           "move": "Déplacer l’échéance", "confirm": "Confirmer et attribuer",
           "assigned": "est attribué à 39 personnes"},
}  # fmt: skip


@pytest.fixture
def line(app):
    """A manager over 40 people, one of whom has the track open; the manager's address and
    that assignment's id."""
    sync_content(load_content(MINIMAL))
    manager = make_person(display_name="Direction Québec")
    reports = [
        make_person(manager=manager, email=LONG.format(n=n), display_name=f"Report {n}")
        for n in range(40)
    ]
    track = db.session.scalar(select(Track))
    due = today_for(reports[0]) + timedelta(days=5)
    new = NewAssignment(reports[0].id, track.id, BY_PERSON, due, "Hello", manager.id)
    (assignment_id,) = open_assignments([new])
    email = manager.email
    db.session.commit()
    return email, assignment_id


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_assign_pages_fit_a_phone_and_pass_axe(server, browser, line, language):
    email, assignment_id = line
    words = WORDS_OF[language]
    context = browser.new_context(locale=f"{language}-FR", viewport=PHONE)
    page = context.new_page()
    sign_in_page(page, server, email, WORDS[language])
    if page.locator("html").get_attribute("lang") != language:
        page.locator("summary", has_text="Menu").click()
        page.get_by_role("button", name="Français" if language == "fr" else "English").click()
        expect(page.locator("html")).to_have_attribute("lang", language)

    page.goto(server + "/assign")
    expect(page.get_by_role("heading", name=words["assign"], level=1)).to_be_visible()
    fits(page, "assign form")
    assert_accessible(page, "assign form")

    page.get_by_role("button", name=words["preview"]).click()  # nothing chosen: refused
    expect(page.locator(".errors").first).to_be_visible()
    page.wait_for_load_state()
    fits(page, "assign form with errors")
    assert_accessible(page, "assign form with errors")

    page.get_by_label(words["track"], exact=True).select_option(index=1)
    page.locator("#who-direct").check()
    page.locator("#due-days").check()
    page.locator("#due_days").fill("10")
    page.get_by_role("button", name=words["preview"]).click()
    expect(page.locator("#preview-heading")).to_be_visible()
    page.wait_for_load_state()  # measured once the whole page is laid out, not while it streams
    fits(page, "assign preview")
    assert_accessible(page, "assign preview")
    page.get_by_role("button", name=words["confirm"]).click()  # CSRF on, as in production
    expect(page.locator(".flash").first).to_contain_text(words["assigned"])
    page.wait_for_load_state()
    fits(page, "assign form after confirming")

    page.goto(server + f"/assignments/{assignment_id}")
    fits(page, "assignment")
    assert_accessible(page, "assignment")
    page.get_by_role("button", name=words["move"]).click()  # no date, no reason: refused
    expect(page).to_have_url(re.compile(rf"/assignments/{assignment_id}/due$"))
    page.wait_for_load_state()
    fits(page, "assignment with errors")
    assert_accessible(page, "assignment with errors")
    context.close()
