"""The team page as a manager uses it on a phone: at 390 px nothing scrolls sideways (the
table scrolls in its own region, the filters stack), axe finds nothing, in French and in
English; a filter, a sort and a reminder work by role and label, as a person would."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.assignments.team_helpers import assign, make_team, read_lessons, sync_repository_content
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_answers_survive import WORDS
from tests.e2e.test_fits_a_phone import PHONE, fits, sign_in
from tests.factories import make_person

TEXT = {
    "en": {"status": "Status", "overdue": "Overdue", "filter": "Filter", "remind": "Remind"},
    "fr": {"status": "État", "overdue": "En retard", "filter": "Filtrer", "remind": "Relancer"},
}


@pytest.fixture
def manager(app):
    sync_repository_content()
    team = make_team()
    today = date.today()
    lead, alice, bruno = team.reports
    long_name = make_person(
        display_name="Marie-Amélie de La Tour-Saint-Jean-Baptiste-Villeneuve", manager=lead
    )
    assign(lead, "employees", today - timedelta(days=4))
    assign(alice, "community-managers", today + timedelta(days=12))
    assign(bruno, "executives")
    assign(long_name, "community-managers", today + timedelta(days=1))
    read_lessons(alice, "cm-roles", 2)
    db.session.commit()
    return team.manager


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_team_page_fits_a_phone_and_is_accessible(server, browser, manager, language):
    manager.language = language
    db.session.commit()
    words, text = WORDS[language], TEXT[language]
    context = browser.new_context(locale=f"{language}-FR", viewport=PHONE)
    page = context.new_page()
    sign_in(page, server, manager.email, words)
    page.goto(server + "/team")
    fits(page, "team")
    assert_accessible(page, "team")
    expect(page.get_by_role("region")).to_be_visible()
    page.get_by_label(text["status"]).select_option("overdue")
    page.get_by_role("button", name=text["filter"]).click()
    expect(page).to_have_url(re.compile(r"status=overdue"))
    rows = page.get_by_role("row")
    expect(rows).to_have_count(2)  # the header and Louis
    expect(rows.nth(1)).to_contain_text(text["overdue"])
    rows.nth(1).get_by_role("button", name=re.compile(text["remind"])).click()
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"status=overdue"))
    fits(page, "team after a reminder")
    assert_accessible(page, "team after a reminder")
    context.close()
