"""The issue's "done when", the holder's part, in a real browser against a live server: the
learner finishes the track (the charter, last), the certificate appears on the home page, and
its PDF downloads under its serial's name; the PDF's text shows the name, the track and the
serial, and pikepdf reads a PDF/A-3B with one embedded credential. In French and in English, on
a desk and on a phone, with axe-core on the page; a PDF not stored yet says so, in words."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from app.certificates.models import Certificate
from app.extensions import db
from tests.certificates.conftest import TEMPLATES
from tests.conftest import sign_in as sign_in_client
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_accessible import VIEWPORTS, sign_in
from tests.e2e.test_fits_a_phone import fits
from tests.factories import make_person
from tests.learning.test_completion import pass_quiz, read_everything
from tests.live_server import live_server
from tests.quiz.quiz_content import sync_quiz

WORDS = {
    "en": {"charter": "I have read and accept version 1 of the charter", "accept": "Accept",
           "heading": "My certificates", "download": "Download %s (PDF)", "valid": "Valid",
           "prepared": "Your certificate is being prepared"},
    "fr": {"charter": "J'ai lu et j'accepte la version 1 de la charte", "accept": "Accepter",
           "heading": "Mes certificats", "download": "Télécharger %s (PDF)", "valid": "Valide",
           "prepared": "Votre certificat est en préparation"},
}  # fmt: skip


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "content")


def all_but_the_charter(client, language: str) -> str:
    """A learner who has read the lessons and passed the quiz (through the test client): only
    the charter is left, which they accept in the browser. Their e-mail address."""
    person = make_person(language=language, display_name="Learner One")
    email = person.email
    db.session.commit()
    assert sign_in_client(client, email).status_code == 302
    read_everything(client)
    pass_quiz(client)
    db.session.rollback()  # no transaction stays open here while the server works
    return email


def the_serial() -> str:
    db.session.rollback()
    return db.session.scalars(select(Certificate.serial)).one()


@pytest.mark.parametrize("viewport", ["desk", "phone"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_finishing_the_track_puts_the_certificate_on_home_and_its_pdf_downloads(
    server, browser, quiz, client, language, viewport
):
    words = WORDS[language]
    email = all_but_the_charter(client, language)
    context = browser.new_context(
        locale=language, viewport=VIEWPORTS[viewport], accept_downloads=True
    )
    page = context.new_page()
    sign_in(page, server, email, language)
    page.goto(server + "/charter")
    page.get_by_label(words["charter"]).check()
    page.get_by_role("button", name=words["accept"], exact=True).click()

    page.get_by_role("link", name="Relais", exact=True).click()
    serial = the_serial()
    certificates = page.get_by_role("region", name=words["heading"])
    expect(certificates).to_contain_text(serial)
    expect(certificates).to_contain_text(words["valid"])
    assert_accessible(page, f"home with a certificate, {language}, {viewport}")
    fits(page, f"home with a certificate, {language}, {viewport}")

    with page.expect_download() as download_info:
        certificates.get_by_role("link", name=words["download"] % serial).click()
    download = download_info.value
    assert download.suggested_filename == f"{serial}.pdf"
    pdf = Path(download.path()).read_bytes()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Learner One" in text and serial in text
    assert {"fr": "Collaborateurs", "en": "Employees"}[language] in text  # the track's title
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.open_metadata().pdfa_status == "3B"
        assert list(document.attachments) == [f"{serial}-credential.jwt"]
        assert len(document.Root.AF) == 1
    context.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_pdf_not_stored_yet_says_it_is_being_prepared(
    app, database_url, browser, quiz, client, language, tmp_path
):
    # The server's template lacks its seal: its rendering fails, and the PDF stays wanted.
    broken = shutil.copytree(TEMPLATES, tmp_path / "broken")
    (broken / "images" / "seal.svg").unlink()
    settings = {"SQLALCHEMY_DATABASE_URI": database_url, "CERTIFICATE_TEMPLATES": str(broken)}
    words = WORDS[language]
    email = all_but_the_charter(client, language)
    with live_server(settings) as server:
        context = browser.new_context(locale=language, viewport=VIEWPORTS["phone"])
        page = context.new_page()
        sign_in(page, server, email, language)
        page.goto(server + "/charter")
        page.get_by_label(words["charter"]).check()
        page.get_by_role("button", name=words["accept"], exact=True).click()
        response = page.goto(f"{server}/certificates/{the_serial()}.pdf")
        assert response.status == 503
        expect(page.get_by_role("heading", level=1)).to_have_text(words["prepared"])
        assert_accessible(page, f"certificate being prepared, {language}")
        fits(page, f"certificate being prepared, {language}")
        assert re.search(r"/certificates/RL-\d{4}-\d{6}\.pdf$", page.url)
        context.close()
