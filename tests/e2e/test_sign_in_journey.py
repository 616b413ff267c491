"""First journey: sign in, switch language, sign out; a copied cookie no longer works."""

import re

from playwright.sync_api import expect

from app.extensions import db
from tests.factories import TEST_PASSWORD, make_person


def test_sign_in_switch_language_sign_out_and_copied_cookie_dies(server, browser, app):
    person = make_person(display_name="Gestion de communauté Paris", language="fr")
    db.session.commit()
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()

    page.goto(server + "/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    page.get_by_label("Adresse e-mail").fill(person.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Bonjour, Gestion de communauté Paris")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Hello, Gestion de communauté Paris")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    copied_cookies = context.cookies()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    thief = browser.new_context()
    thief.add_cookies(copied_cookies)
    stolen = thief.new_page()
    stolen.goto(server + "/")
    expect(stolen).to_have_url(re.compile(r"/login"))
    expect(stolen.get_by_role("button", name=re.compile("Se connecter|Sign in"))).to_be_visible()
    thief.close()
    context.close()


def test_wrong_password_is_announced_in_french(server, browser, app):
    person = make_person()
    db.session.commit()
    page = browser.new_page(locale="fr-FR")
    page.goto(server + "/login")
    page.get_by_label("Adresse e-mail").fill(person.email)
    page.get_by_label("Mot de passe").fill("not the right one")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("status")).to_contain_text("Adresse e-mail ou mot de passe incorrect")
    page.close()
