"""The public verification pages in a browser, as a stranger holding a certificate sees them:
no sign-in; the code typed in the form leads to the verdict; valid, revoked and not found
pass axe and fit a phone, in French and in English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from app.certificates.models import REVOKED
from tests.certificates.issued import issue_for
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_fits_a_phone import PHONE, fits
from tests.factories import make_person
from tests.quiz.quiz_content import sync_quiz

WORDS = {
    "en": {
        "form": "Verify a certificate",
        "field": "Verification code",
        "button": "Verify",
        "valid": "Valid",
        "revoked": "Revoked",
        "missing": "Certificate not found",
        "serial": "This is a certificate's serial number",
    },
    "fr": {
        "form": "Vérifier un certificat",
        "field": "Code de vérification",
        "button": "Vérifier",
        "valid": "Valide",
        "revoked": "Révoqué",
        "missing": "Certificat introuvable",
        "serial": "Ceci est le numéro de série d’un certificat",
    },
}
# A name and a reason with words too long for a phone's width.
LONG_NAME = "Marie-Dominique " + "Vandenberghe-Lefebvre" * 3
LONG_REASON = "Délivré par erreur : " + "anticonstitutionnellement" * 4


@pytest.fixture
def certificates(app, tmp_path):
    sync_quiz(tmp_path / "content")
    valid = issue_for(make_person(display_name=LONG_NAME))
    revoked = issue_for(
        make_person(),
        state=REVOKED,
        revoked_at=datetime.now(UTC),
        revocation_reason=LONG_REASON,
        reason_is_public=True,
    )
    return valid.verification_code, valid.serial, revoked.verification_code


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["desk", "phone"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_stranger_verifies_a_certificate(server, browser, certificates, language, viewport):
    valid, serial, revoked = certificates
    words = WORDS[language]
    context = browser.new_context(locale=language, viewport=viewport)
    page = context.new_page()

    page.goto(server + "/verify")
    expect(page.get_by_role("heading", name=words["form"])).to_be_visible()
    assert_accessible(page, "verification form")
    fits(page, "verification form")

    page.get_by_label(words["field"]).fill(serial)
    page.get_by_role("button", name=words["button"]).click()
    expect(page.get_by_role("alert")).to_contain_text(words["serial"])
    expect(page.get_by_label(words["field"])).to_have_value(serial)  # kept as typed
    assert_accessible(page, "a serial typed")
    fits(page, "a serial typed")

    page.get_by_label(words["field"]).fill(f"{server}/verify/{valid}")
    page.get_by_role("button", name=words["button"]).click()
    expect(page.get_by_role("heading", name=words["valid"], exact=True)).to_be_visible()
    expect(page.get_by_text(LONG_NAME)).to_be_visible()
    assert_accessible(page, "a valid certificate")
    fits(page, "a valid certificate")

    page.goto(f"{server}/verify/{revoked}")
    expect(page.get_by_role("heading", name=words["revoked"], exact=True)).to_be_visible()
    expect(page.get_by_text(LONG_REASON)).to_be_visible()
    assert_accessible(page, "a revoked certificate")
    fits(page, "a revoked certificate")

    page.goto(f"{server}/verify/not-a-real-code")
    expect(page.get_by_role("heading", name=words["missing"])).to_be_visible()
    assert_accessible(page, "an unknown code")
    fits(page, "an unknown code")
    context.close()
