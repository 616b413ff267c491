"""The champion page and the champions directory on a phone, as a person uses them: at 390 px
nothing scrolls sideways and axe finds nothing, in French and in English; appearing in the
directory and finding oneself there by office work by role and label. HR's roster too; and
the same on a desktop screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.assignments.team_helpers import sync_repository_content
from tests.champions.certificates import make_certificate, track
from tests.champions.people import champion, listed
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_answers_survive import WORDS
from tests.e2e.test_fits_a_phone import PHONE, fits, sign_in
from tests.factories import make_person

TEXT = {
    "en": {
        "menu": "Menu",
        "my_page": "My champion page",
        "directory": "Champions",
        "appear": "Appear in the directory",
        "appeared": "You appear in the champions directory.",
        "withdraw": "No longer appear in the directory",
        "office": "Office",
        "filter": "Filter",
        "level": "Level: Ambassador",
        "roster": "Champions roster",
    },
    "fr": {
        "menu": "Menu",
        "my_page": "Ma page champion",
        "directory": "Champions",
        "appear": "Apparaître dans l’annuaire",
        "appeared": "Vous apparaissez dans l’annuaire des champions.",
        "withdraw": "Ne plus apparaître dans l’annuaire",
        "office": "Bureau",
        "filter": "Filtrer",
        "level": "Niveau\u202f: Ambassadeur",
        "roster": "Registre des champions",
    },
}
LONG_NAME = "Marie-Amélie de La Tour-Saint-Jean-Baptiste-Villeneuve"
DESKTOP = {"width": 1280, "height": 800}
SIZES = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


@pytest.fixture
def learner(app):
    sync_repository_content()
    person = make_person(display_name=LONG_NAME, language="en")
    make_certificate(person, track("community-managers"), pdf=True)
    make_certificate(person, track("employees"), cycle=1, revoked=True)
    listed(champion("Paul Paris", "paris", "fr", "employees"))
    listed(champion("Quentin Québec", "quebec", "en", "employees", "executives"))
    db.session.commit()
    return person


def open_menu_link(page, name: str) -> None:
    summary = page.locator("summary", has_text="Menu")
    if summary.is_visible():  # on a phone the menu is folded
        summary.click()
    page.get_by_role("navigation", name=re.compile("Main|Principal")).get_by_role(
        "link", name=name, exact=True
    ).click()


@SIZES
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_champion_page_and_the_directory_fit_a_phone(
    server, browser, learner, language, viewport
):
    learner.language = language
    db.session.commit()
    text = TEXT[language]
    context = browser.new_context(locale=f"{language}-FR", viewport=viewport)
    page = context.new_page()
    sign_in(page, server, learner.email, WORDS[language])
    open_menu_link(page, text["my_page"])
    expect(page.get_by_role("heading", level=1)).to_have_text(text["my_page"])
    expect(page.get_by_text(text["level"])).to_be_visible()
    fits(page, "champion page")
    assert_accessible(page, "champion page")
    page.get_by_role("button", name=text["appear"]).click()
    expect(page.get_by_role("status")).to_contain_text(text["appeared"])
    expect(page.get_by_role("button", name=text["withdraw"])).to_be_visible()
    fits(page, "champion page, listed")
    assert_accessible(page, "champion page, listed")

    open_menu_link(page, text["directory"])
    expect(page.get_by_role("heading", name=LONG_NAME)).to_be_visible()
    fits(page, "directory")
    assert_accessible(page, "directory")
    page.get_by_label(text["office"]).select_option("paris")
    page.get_by_role("button", name=text["filter"]).click()
    expect(page).to_have_url(re.compile(r"office=paris"))
    expect(page.get_by_role("heading", level=2)).to_have_text(["Paul Paris"])
    fits(page, "directory, filtered")
    assert_accessible(page, "directory, filtered")
    context.close()


@SIZES
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_roster_fits_a_phone(server, browser, learner, language, viewport):
    hr = make_person(roles=("hr",), language=language)
    db.session.commit()
    context = browser.new_context(locale=f"{language}-FR", viewport=viewport)
    page = context.new_page()
    sign_in(page, server, hr.email, WORDS[language])
    open_menu_link(page, TEXT[language]["roster"])
    expect(page.get_by_role("region", name=TEXT[language]["roster"])).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(4)  # the header and three people
    fits(page, "roster")
    assert_accessible(page, "roster")
    context.close()
