"""HR's certificate pages as HR uses them, in French and in English, at 1280 px and on a phone
(390 px, nothing scrolls sideways), with axe finding nothing: the register filtered by role and
label, a certificate's page, its revocation (the page then says revoked), and the batch
re-issue's preview."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from app.certificates.documents import render_certificate
from app.certificates.models import REVOKED, Certificate
from app.database import utcnow
from app.extensions import db
from tests.certificates.register_helpers import make_certificate, make_track
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_answers_survive import WORDS
from tests.e2e.test_fits_a_phone import PHONE, fits, sign_in
from tests.factories import make_office, make_person

DESKTOP = {"width": 1280, "height": 800}
TEXT = {
    "en": {
        "state": "State",
        "filter": "Filter",
        "expired": "Expired",
        "reason": "Reason",
        "publish": "Show this reason on the public verification page",
        "revoke": "Revoke the certificate",
        "revoked": "Revoked",
        "reissue": "Re-issue this view…",
        "will": "will be re-issued",
    },
    "fr": {
        "state": "État",
        "filter": "Filtrer",
        "expired": "Expiré",
        "reason": "Raison",
        "publish": "Afficher cette raison sur la page publique de vérification",
        "revoke": "Révoquer le certificat",
        "revoked": "Révoqué",
        "reissue": "Réémettre cette vue…",
        "will": "(sera|seront) réémis",
    },
}


@pytest.fixture
def hr(app):
    today = date.today()
    track = make_track()
    office = make_office("louvain-la-neuve")
    long_name = "Marie-Amélie de La Tour-Saint-Jean-Baptiste-Villeneuve-sur-Lot"
    holders = [
        make_person(display_name=long_name, office=office, department="marketing"),
        make_person(display_name="Ana Lima", language="en"),
        make_person(display_name="Bo Tremblay"),
    ]
    current = make_certificate(holders[0], track, issued_on=today - timedelta(days=20))
    make_certificate(
        holders[1], track, issued_on=date(2023, 1, 10), valid_until=today - timedelta(days=1)
    )
    make_certificate(
        holders[2],
        track,
        issued_on=date(2025, 4, 1),
        state=REVOKED,
        revoked_at=utcnow(),
        revocation_reason="Doublon",
    )
    render_certificate(current.id)
    person = make_person(roles=("hr",), department="hr")
    db.session.commit()
    return person


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_hr_filters_opens_and_revokes_a_certificate(server, browser, hr, language, viewport):
    hr.language = language
    db.session.commit()
    words, text = WORDS[language], TEXT[language]
    context = browser.new_context(locale=f"{language}-FR", viewport=viewport)
    page = context.new_page()
    sign_in(page, server, hr.email, words)
    page.goto(server + "/admin/certificates")
    fits(page, "certificate register")
    assert_accessible(page, "certificate register")
    page.get_by_label(text["state"]).select_option("expired")
    page.get_by_role("button", name=text["filter"]).click()
    expect(page).to_have_url(re.compile(r"state=expired"))
    rows = page.get_by_role("row")
    expect(rows).to_have_count(2)  # the header and Ana Lima's
    expect(rows.nth(1)).to_contain_text(text["expired"])

    page.goto(server + "/admin/certificates")
    page.get_by_role("link", name=re.compile(r"RL-\d{4}-\d{6}")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("RL-")
    fits(page, "certificate page")
    assert_accessible(page, "certificate page")
    page.get_by_role("textbox", name=text["reason"]).last.fill("Quiz passé par un collègue")
    page.get_by_label(text["publish"]).check()
    page.get_by_role("button", name=text["revoke"]).click()
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page.locator(".certificate-state")).to_contain_text(text["revoked"])
    fits(page, "certificate page, revoked")
    assert_accessible(page, "certificate page, revoked")

    page.goto(server + "/admin/certificates")
    page.get_by_role("link", name=text["reissue"]).click()
    expect(page.get_by_text(re.compile(text["will"]))).to_be_visible()
    fits(page, "batch re-issue")
    assert_accessible(page, "batch re-issue")
    context.close()
    db.session.expire_all()
    assert db.session.query(Certificate).filter_by(state=REVOKED).count() == 2
