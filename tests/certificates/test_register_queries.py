"""HR's certificate pages run a fixed number of SQL statements whatever the number of
certificates: the register in every view, at 30 and at 600 certificates; a certificate's page
with one document and with many; the ZIP, one statement per PDF beyond a fixed few (each PDF
is read alone, so that they never sit in memory together). Counted over HTTP, sign-in lookup
included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.audit.origin import COMMAND_LINE
from app.audit.services import record_event
from app.certificates.models import REVOKED
from app.database import utcnow
from app.extensions import db
from tests.certificates.register_helpers import make_certificate, make_track, store_pdf
from tests.factories import make_office, make_person
from tests.query_counter import counted_statements

VIEWS = {
    "default": {},
    "page 2": {"page": "2"},
    "expiring": {"state": "expiring"},
    "valid": {"state": "valid"},
    "revoked": {"state": "revoked"},
    "search": {"search": "person"},
    "track, office, department": {"track": "employees", "office": "paris", "department": "hr"},
    "issued in 2025": {"issued_from": "2025-01-01", "issued_to": "2025-12-31"},
}


def add_certificates(count: int) -> None:
    tracks = [make_track(), make_track("managers", {"fr": "Gestion", "en": "Managing"}, 2)]
    offices = [make_office("paris"), make_office("quebec")]
    for n in range(count):
        person = make_person(
            office=offices[n % 2], department=("hr", "sales", "it")[n % 3], password=None
        )
        extra = {"state": REVOKED, "revoked_at": utcnow()} if n % 7 == 0 else {}
        certificate = make_certificate(
            person, tracks[n % 2], issued_on=date(2025, 1, 1) + timedelta(days=n % 700), **extra
        )
        if n % 2:
            store_pdf(certificate)
    db.session.commit()


def statements(client, path: str, **query) -> int:
    client.get(path, query_string=query)  # warm what a first request caches
    with counted_statements() as counted:
        response = client.get(path, query_string=query)
        response.get_data()
    assert response.status_code == 200, (path, query)
    return len(counted)


def test_the_register_runs_the_same_statements_at_30_and_600(app, client, login_as):
    add_certificates(30)
    login_as("hr", language="en")
    small = {name: statements(client, "/admin/certificates", **q) for name, q in VIEWS.items()}
    add_certificates(570)
    large = {name: statements(client, "/admin/certificates", **q) for name, q in VIEWS.items()}
    print(large)
    assert small == large
    assert max(large.values()) <= 8


def test_the_batch_preview_runs_the_same_statements_at_30_and_600(app, client, login_as):
    add_certificates(30)
    login_as("hr", language="en")
    small = statements(client, "/admin/certificates/reissue")
    add_certificates(570)
    assert statements(client, "/admin/certificates/reissue") == small


@pytest.mark.parametrize("versions", [1, 12])
def test_a_certificate_page_runs_a_fixed_number_of_statements(app, client, login_as, versions):
    certificate = make_certificate()
    for n in range(versions):
        store_pdf(certificate, reason=f"fix {n}" if n else "")
        record_event(
            "certificate.reissued",
            origin=COMMAND_LINE,
            subject=make_person(password=None),
            details={"serial": certificate.serial, "reason": "fix"},
        )
    db.session.commit()
    login_as("hr", language="en")
    assert statements(client, f"/admin/certificates/{certificate.serial}") <= 6


def test_the_zip_reads_one_pdf_per_statement_beyond_a_fixed_few(app, client, login_as):
    add_certificates(30)
    login_as("hr", language="en")
    small = statements(client, "/admin/certificates.zip")
    add_certificates(30)
    large = statements(client, "/admin/certificates.zip")
    assert large - small == 15  # the 15 more PDFs, one statement each
