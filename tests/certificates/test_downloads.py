"""The holder's downloads and their home page: the stored PDF served as an attachment with a
safe name, to its holder, HR and admins only (404 to anyone else, as for a serial never
issued); a PDF not stored yet is "being prepared", in the person's language, and is never
rendered at download; the credential as .json and .jwt; "My certificates" on home, at one SQL
statement more whatever their number."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.origin import COMMAND_LINE
from app.certificates.badges import credential, signed_credential
from app.certificates.documents import render_pending
from app.certificates.issuing import CompletedCycle, issue_certificate
from app.certificates.models import REVOKED, Certificate, CertificateDocument
from app.content.models import Track
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import today_for
from app.learning.models import TrackCompletion
from app.people.models import Person
from tests.certificates.test_documents import complete_by_the_quiz
from tests.conftest import sign_in
from tests.factories import make_person
from tests.query_counter import counted_statements


@pytest.fixture
def holder(quiz, client, login_as):
    """A learner signed in on ``client`` who has completed the track: one stored PDF."""
    person = login_as("employee", language="en", display_name="Learner One")
    complete_by_the_quiz(client)
    return person


def the_certificate() -> Certificate:
    db.session.expire_all()
    return db.session.scalars(select(Certificate)).one()


def stored_pdf() -> bytes:
    return db.session.scalars(select(CertificateDocument.pdf)).one()


def signed_in(app, role: str = "employee", **fields):
    person = make_person(roles=() if role in ("employee", "manager") else (role,), **fields)
    db.session.commit()
    other = app.test_client()
    assert sign_in(other, person.email).status_code == 302
    return other


def documents_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CertificateDocument))


# --- the PDF ----------------------------------------------------------------------------------


def test_the_holder_downloads_the_stored_pdf_as_an_attachment(holder, client):
    serial = the_certificate().serial
    response = client.get(f"/certificates/{serial}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename={serial}.pdf"
    assert response.data == stored_pdf()
    assert response.headers["ETag"].strip('"') == db.session.scalar(
        select(CertificateDocument.sha256)
    )
    assert response.headers["Cache-Control"] == "no-store"  # a personal document


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_hr_and_admins_download_anyone_s(holder, app, role):
    response = signed_in(app, role).get(f"/certificates/{the_certificate().serial}.pdf")
    assert (response.status_code, response.data) == (200, stored_pdf())


def test_another_employee_gets_the_same_404_as_for_a_serial_never_issued(holder, app):
    other = signed_in(app)
    serial = the_certificate().serial
    theirs = other.get(f"/certificates/{serial}.pdf")
    unknown = other.get("/certificates/RL-2026-999999.pdf")
    assert theirs.status_code == unknown.status_code == 404
    assert b"%PDF" not in theirs.data
    # The same page, but for the path it names (its language links come back to it).
    assert theirs.get_data(as_text=True).replace(serial, "RL-2026-999999") == unknown.get_data(
        as_text=True
    )


def test_the_holder_s_manager_does_not_download_it(holder, app):
    manager = make_person()
    db.session.get(Person, holder.id).manager_id = manager.id
    db.session.commit()
    client = app.test_client()
    sign_in(client, manager.email)
    assert client.get(f"/certificates/{the_certificate().serial}.pdf").status_code == 404


@pytest.mark.parametrize(
    "serial",
    ["rl-2026-000001", "RL-2026-1", "RL-2026-000001x", "RL_2026_000001", "..%2F..%2Fetc"],
    ids=["lower-case", "too-short", "trailing", "underscores", "escape"],
)
def test_a_malformed_serial_is_not_found(holder, client, serial):
    response = client.get(f"/certificates/{serial}.pdf")
    assert response.status_code == 404


def test_signed_out_the_download_asks_for_sign_in(holder, app):
    response = app.test_client().get(f"/certificates/{the_certificate().serial}.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?")


@pytest.mark.parametrize(
    ("language", "heading", "retry"),
    [
        ("en", "Your certificate is being prepared", "Try again in a minute."),
        ("fr", "Votre certificat est en préparation", "Réessayez dans une minute."),
    ],
)
def test_a_pdf_not_stored_yet_is_being_prepared_and_is_not_rendered_there(
    quiz, client, login_as, broken_template, app, language, heading, retry
):
    login_as("employee", language=language)
    complete_by_the_quiz(client)
    app.config["CERTIFICATE_TEMPLATES"] = str(broken_template.parent / "none")  # not rendered
    response = client.get(f"/certificates/{the_certificate().serial}.pdf")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    page = response.get_data(as_text=True)
    assert heading in page and retry in page
    assert documents_count() == 0
    assert the_certificate().render_requested_at is not None


def test_a_pending_pdf_of_someone_else_is_not_found(quiz, client, login_as, broken_template, app):
    login_as("employee", language="en")
    complete_by_the_quiz(client)
    assert signed_in(app).get(f"/certificates/{the_certificate().serial}.pdf").status_code == 404


# --- the credential ---------------------------------------------------------------------------


def test_the_holder_downloads_the_credential_as_json(holder, client):
    certificate = the_certificate()
    response = client.get(f"/certificates/{certificate.serial}.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename={certificate.serial}.json"
    )
    assert json.loads(response.data) == credential(certificate)


def test_the_holder_downloads_the_signed_credential_as_jwt(holder, client):
    certificate = the_certificate()
    response = client.get(f"/certificates/{certificate.serial}.jwt")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename={certificate.serial}.jwt"
    )
    assert response.get_data(as_text=True) == signed_credential(certificate)


@pytest.mark.parametrize("kind", ["json", "jwt"])
def test_another_employee_does_not_get_the_credential(holder, app, kind):
    response = signed_in(app).get(f"/certificates/{the_certificate().serial}.{kind}")
    assert response.status_code == 404


# --- the home page ----------------------------------------------------------------------------


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    start = page.index('id="certificates-heading"')
    return page[start : page.index("</section>", start)]


def test_home_lists_the_certificate_with_its_download(holder, client):
    certificate = the_certificate()
    section = home(client)
    assert "My certificates" in section
    assert certificate.track_title["en"] in section
    assert f"Number {certificate.serial}" in section
    assert "Valid" in section
    assert f'href="/certificates/{certificate.serial}.pdf"' in section
    assert f'href="/certificates/{certificate.serial}.json"' in section


def test_home_in_french(quiz, client, login_as):
    login_as("employee", language="fr")
    complete_by_the_quiz(client)
    section = home(client)
    assert "Mes certificats" in section and "Valide" in section
    assert f"Télécharger {the_certificate().serial} (PDF)" in section


def test_home_says_a_pdf_is_being_prepared(quiz, client, login_as, broken_template):
    login_as("employee", language="en")
    complete_by_the_quiz(client)
    section = home(client)
    assert "Its PDF is being prepared. Try again in a minute." in section
    assert ".pdf" not in section


@pytest.mark.parametrize(
    ("days_left", "standing"),
    [(-1, "Expired"), (0, "Expires soon"), (59, "Expires soon"), (60, "Valid")],
    ids=["expired", "last-day", "in-the-window", "before-the-window"],
)
def test_home_says_where_a_certificate_stands(holder, client, days_left, standing):
    certificate = the_certificate()
    certificate.valid_until = today_for(holder) + timedelta(days=days_left)
    db.session.commit()
    section = home(client)
    assert f'· <span class="certificate-standing">{standing}</span>' in section


def test_home_says_revoked_and_offers_no_download(holder, client):
    certificate = the_certificate()
    certificate.state, certificate.revoked_at = REVOKED, utcnow()
    db.session.commit()
    section = home(client)
    assert "Revoked" in section and "revoked on" in section
    assert ".pdf" not in section


def more_cycles(person, count: int) -> None:
    """Certificates of later cycles of the same track, rendered, as if renewed ``count`` times."""
    track = db.session.scalars(select(Track)).one()
    for cycle in range(2, 2 + count):
        completion = TrackCompletion(person_id=person.id, track_id=track.id, cycle=cycle)
        db.session.add(completion)
        db.session.flush()
        issue_certificate(
            person, track, CompletedCycle(completion.id, cycle, 1.0), origin=COMMAND_LINE
        )
    db.session.commit()
    assert render_pending().rendered == count


def test_home_runs_one_statement_for_the_certificates_whatever_their_number(holder, client):
    def statements() -> int:
        with counted_statements() as run:
            client.get("/")
        return len(run)

    one = statements()
    more_cycles(db.session.get(Person, holder.id), 4)
    assert statements() == one
    assert home(client).count('<li class="certificate') == 5
