"""The issue's "done when", end to end in a real browser against a live server whose public
address is its own: a learner finishes the track, the certificate appears on the home page, its
PDF downloads and its text shows the name, track and serial; pikepdf reads a PDF/A-3B with one
embedded credential; that credential's JWT verifies against the site's published JWKS; the URL
in the QR code, decoded from the rendered page, says valid to a stranger; HR revokes it; the
same URL says revoked, and the learner's champion credits drop. The learner reads French on a
desk, HR English on a phone."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from playwright.sync_api import expect

from app.certificates.badges import ALGORITHM
from app.extensions import db
from tests.certificates.pdf_reading import (
    associated_files,
    attachments,
    pdf_text,
    pdfa_status,
    qr_codes,
)
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_accessible import VIEWPORTS, sign_in
from tests.e2e.test_certificate_download import all_but_the_charter, the_serial
from tests.e2e.test_fits_a_phone import fits
from tests.factories import make_person
from tests.live_server import live_server
from tests.quiz.quiz_content import sync_quiz

LEARNER = "Learner One"


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "content")


@pytest.fixture
def public_server(app, database_url):
    """A live server whose PUBLIC_BASE_URL is its own address: the QR code leads to it."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_KEY_PREFIX": f"relais-e2e-{uuid.uuid4().hex}",
    }
    with live_server(settings, public=True) as base_url:
        yield base_url


def finish_the_track_in_french(page, server: str, email: str) -> str:
    sign_in(page, server, email, "fr")
    page.goto(server + "/charter")
    page.get_by_label("J'ai lu et j'accepte la version 1 de la charte").check()
    page.get_by_role("button", name="Accepter", exact=True).click()
    page.get_by_role("link", name="Relais", exact=True).click()
    return the_serial()


def download_pdf(page, serial: str) -> bytes:
    certificates = page.get_by_role("region", name="Mes certificats")
    expect(certificates).to_contain_text(serial)
    with page.expect_download() as download_info:
        certificates.get_by_role("link", name=f"Télécharger {serial} (PDF)").click()
    assert download_info.value.suggested_filename == f"{serial}.pdf"
    return Path(download_info.value.path()).read_bytes()


def check_the_credential(page, server: str, pdf: bytes, serial: str) -> None:
    """The one embedded credential is a VC-JWT that the site's published key set verifies."""
    assert pdfa_status(pdf) == "3B"
    embedded = attachments(pdf)
    assert list(embedded) == [f"{serial}-credential.jwt"]
    assert associated_files(pdf) == [f"{serial}-credential.jwt"]  # listed once (#2917)
    keys = KeySet.import_key_set(page.request.get(server + "/.well-known/jwks.json").json())
    token = jwt.decode(embedded[f"{serial}-credential.jwt"].decode(), keys, algorithms=[ALGORITHM])
    assert "OpenBadgeCredential" in token.claims["type"]
    assert token.claims["name"].endswith(serial)


def check_champion_credits(page, server: str, credits: str, level: str) -> None:
    page.goto(server + "/champion")
    region = page.get_by_role("region", name="Mon niveau")
    expect(region).to_contain_text(credits)
    expect(region).to_contain_text(level)


def revoke_as_hr(browser, server: str, serial: str) -> None:
    hr = make_person(roles=["hr"], language="en", display_name="HR Officer")
    email = hr.email
    db.session.commit()
    context = browser.new_context(locale="en", viewport=VIEWPORTS["phone"])
    page = context.new_page()
    sign_in(page, server, email, "en")
    page.goto(server + "/admin/certificates")
    page.get_by_role("link", name=serial).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Certificate {serial}")
    revoke = page.get_by_role("region", name="Revoke")
    revoke.get_by_label("Reason", exact=True).fill("Issued by mistake: the charter was not read.")
    revoke.get_by_label("Show this reason on the public verification page").check()
    revoke.get_by_role("button", name="Revoke the certificate").click()
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page.locator(".certificate-state")).to_have_text("Revoked")
    fits(page, "the revoked certificate's page for HR")
    assert_accessible(page, "the revoked certificate's page for HR")
    context.close()


def test_a_certificate_from_the_track_to_its_revocation(public_server, browser, quiz, client):
    server = public_server
    email = all_but_the_charter(client, "fr")
    learner = browser.new_context(locale="fr", viewport=VIEWPORTS["desk"], accept_downloads=True)
    page = learner.new_page()
    serial = finish_the_track_in_french(page, server, email)

    pdf = download_pdf(page, serial)
    text = pdf_text(pdf)
    assert LEARNER in text and serial in text and "Collaborateurs" in text
    check_the_credential(page, server, pdf, serial)
    check_champion_credits(page, server, "10 crédits de mes certificats valides", "Relais")

    [address] = qr_codes(pdf)
    assert re.fullmatch(re.escape(server) + r"/verify/[A-Za-z0-9_-]{32,}", address)
    stranger = browser.new_context(locale="fr", viewport=VIEWPORTS["phone"])
    verification = stranger.new_page()
    verification.goto(address)
    expect(verification.get_by_role("heading", level=2)).to_have_text("Valide")
    expect(verification.get_by_role("main")).to_contain_text(LEARNER)

    revoke_as_hr(browser, server, serial)

    verification.reload()
    expect(verification.get_by_role("heading", level=2)).to_have_text("Révoqué")
    expect(verification.get_by_role("main")).to_contain_text("Issued by mistake")
    fits(verification, "the verification of a revoked certificate")
    check_champion_credits(
        page, server, "0 crédit de mes certificats valides", "Pas encore de niveau"
    )
    stranger.close()
    learner.close()
