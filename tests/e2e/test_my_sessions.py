"""My sessions in a browser: signed in twice, a person ends the other session from the page."""

import re

from playwright.sync_api import expect

from app.extensions import db
from tests.e2e.test_fits_a_phone import fits
from tests.factories import TEST_PASSWORD, make_person

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)


def sign_in(page, server, email):
    page.goto(server + "/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/$"))
    menu = page.locator("summary", has_text="Menu")
    if menu.is_visible():  # on a phone the header's menu is folded
        menu.click()
    expect(page.get_by_role("link", name="Mes sessions")).to_be_visible()


def test_end_the_other_session_and_that_browser_is_signed_out(server, browser, app):
    person = make_person(language="fr")
    db.session.commit()
    phone = browser.new_context(locale="fr-FR", user_agent=IPHONE)
    desk = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    other, mine = phone.new_page(), desk.new_page()
    sign_in(other, server, person.email)
    sign_in(mine, server, person.email)

    mine.get_by_role("link", name="Mes sessions").click()
    expect(mine.get_by_role("heading", name="Mes sessions")).to_be_visible()
    expect(mine.get_by_role("heading", name=re.compile("cette session"))).to_be_visible()
    expect(mine.get_by_role("heading", name="Safari sur iOS")).to_be_visible()
    fits(mine, "my sessions")

    mine.get_by_role("button", name="Mettre fin à cette session").click()
    expect(mine.get_by_role("status")).to_contain_text("La session est terminée")
    expect(mine.get_by_role("heading", name="Safari sur iOS")).to_have_count(0)

    other.reload()
    expect(other).to_have_url(re.compile(r"/login"))
    mine.reload()
    expect(mine.get_by_role("heading", name="Mes sessions")).to_be_visible()
    phone.close()
    desk.close()
