"""A certificate's page for HR: its frozen facts, its documents (every version, with its date,
reason, who asked and digest, each downloadable as stored) and its history."""

from __future__ import annotations

import hashlib

import pytest

from app.audit.origin import COMMAND_LINE
from app.audit.services import record_event
from app.extensions import db
from app.people.models import Person
from tests.certificates.register_helpers import make_certificate, store_pdf
from tests.factories import make_person


@pytest.fixture
def certificate(app):
    holder = make_person(display_name="Ana Lima", language="en")
    hr = make_person(roles=("hr",), display_name="Rita HR")
    found = make_certificate(holder, grade=0.875)
    store_pdf(found, b"%PDF-1.7 first")
    store_pdf(found, b"%PDF-1.7 second", reason="Logo fixed", requested_by_id=hr.id)
    record_event(
        "certificate.issue",
        origin=COMMAND_LINE,
        actor=holder,
        subject=holder,
        details={"serial": found.serial, "track": "employees", "cycle": 1},
    )
    db.session.commit()
    return found


def test_the_page_shows_the_frozen_facts_and_every_version(certificate, client, login_as):
    login_as("hr", language="en")
    html = client.get(f"/admin/certificates/{certificate.serial}").get_data(as_text=True)
    assert f"Certificate {certificate.serial}" in html
    assert "Ana Lima" in html and "Employees&#39; track" in html
    assert "88%" in html  # the grade
    assert hashlib.sha256(b"%PDF-1.7 first").hexdigest() in html
    assert hashlib.sha256(b"%PDF-1.7 second").hexdigest() in html
    assert "Logo fixed" in html and "Rita HR" in html and "First issue" in html
    assert f"/admin/certificates/{certificate.serial}/v1.pdf" in html
    assert f"/admin/certificates/{certificate.serial}/v2.pdf" in html
    assert "Issued" in html and "Cycle 1" in html  # the history


def test_each_version_downloads_as_stored(certificate, client, login_as):
    login_as("hr", language="en")
    first = client.get(f"/admin/certificates/{certificate.serial}/v1.pdf")
    second = client.get(f"/admin/certificates/{certificate.serial}/v2.pdf")
    assert (first.data, second.data) == (b"%PDF-1.7 first", b"%PDF-1.7 second")
    assert first.mimetype == "application/pdf"
    disposition = first.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="{certificate.serial}-Ana-Lima-v1.pdf"'


@pytest.mark.parametrize(
    "path",
    [
        "RL-2026-999999",
        "RL-2026-999999/v1.pdf",
        "{serial}/v3.pdf",
        "{serial}/v0.pdf",
        "{serial}/v99999999999999999999.pdf",
        "..%2F..%2Fetc",
    ],
    ids=[
        "unknown",
        "unknown-pdf",
        "no-such-version",
        "version-zero",
        "version-huge",
        "path-tricks",
    ],
)
def test_what_does_not_exist_is_not_found(certificate, client, login_as, path):
    login_as("hr", language="en")
    response = client.get("/admin/certificates/" + path.format(serial=certificate.serial))
    assert response.status_code == 404


def test_a_corrected_name_is_shown_beside_the_printed_one(certificate, client, login_as):
    db.session.get(Person, certificate.person_id).display_name = "Ana Lima-Souza"
    db.session.commit()
    login_as("hr", language="en")
    html = client.get(f"/admin/certificates/{certificate.serial}").get_data(as_text=True)
    assert "Name today" in html and "Ana Lima-Souza" in html
    assert 'name="reissue-use_current_name"' in html  # the choice to print it


def test_the_page_reads_in_french(certificate, client, login_as):
    login_as("hr", language="fr")
    html = client.get(f"/admin/certificates/{certificate.serial}").get_data(as_text=True)
    assert f"Certificat {certificate.serial}" in html
    assert "Ce qu’il atteste, figé à la délivrance" in html
    assert "Révoquer le certificat" in html and "Réémettre le certificat" in html


def test_a_certificate_without_pdf_says_it_is_pending(app, client, login_as):
    pending = make_certificate()
    db.session.commit()
    login_as("hr", language="en")
    html = client.get(f"/admin/certificates/{pending.serial}").get_data(as_text=True)
    assert "No PDF is stored yet" in html
