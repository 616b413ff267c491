"""Public verification: anyone with a certificate's code learns, without signing in, whether it
is valid, expired or revoked, and what it states — nothing more about the holder — as a page in
their language and as JSON with stable keys."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest

from app.certificates.models import REVOKED, Certificate
from app.certificates.verification import certificate_state
from tests.certificates.issued import issue_for
from tests.factories import make_person
from tests.query_counter import counted_statements

REVOKED_AT = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)


def page(client, code: str, language: str = "en"):
    return client.get(f"/verify/{code}", headers={"Accept-Language": language})


def main_text(response) -> str:
    """The text of the page's main region, as a reader hears it (tags out, entities read)."""
    html = response.get_data(as_text=True)
    main = html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.fixture
def holder(quiz):
    return make_person(
        language="en", display_name="Ana Lima", email="ana.lima@relais.example", office=None
    )


def revoked_with_public_reason(holder):
    return issue_for(
        holder,
        state=REVOKED,
        revoked_at=REVOKED_AT,
        revocation_reason="Issued by mistake.",
        reason_is_public=True,
    )


def test_a_valid_certificate_says_valid_with_what_it_states(holder, client):
    certificate = issue_for(holder)
    response = page(client, certificate.verification_code)
    assert response.status_code == 200
    text = main_text(response)
    assert "Certificate RL-2026-000001 Valid This certificate is authentic and valid today." in text
    assert "Holder Ana Lima Track Employees Serial number RL-2026-000001" in text
    issued = certificate.valid_from
    assert f"Issued on {issued:%b} {issued.day}, {issued.year}" in text
    assert "Valid until" in text and "Issuer Relais" in text


def test_the_page_speaks_french_to_a_french_browser(holder, client):
    certificate = issue_for(holder)
    text = main_text(page(client, certificate.verification_code, "fr-CA,fr;q=0.9"))
    assert "Valide Ce certificat est authentique et valide aujourd’hui." in text
    assert "Titulaire Ana Lima Parcours Collaborateurs Numéro de série RL-2026-000001" in text


def test_an_expired_certificate_says_since_when(holder, client):
    yesterday = date.today() - timedelta(days=2)
    certificate = issue_for(holder, valid_until=yesterday)
    text = main_text(page(client, certificate.verification_code))
    day = f"{yesterday:%b} {yesterday.day}, {yesterday.year}"
    assert f"Expired This certificate is authentic, but its validity ended on {day}." in text


def test_a_revoked_certificate_says_since_when_and_the_public_reason(holder, client):
    certificate = revoked_with_public_reason(holder)
    text = main_text(page(client, certificate.verification_code))
    assert "Revoked This certificate was revoked on Dec 3, 2026: it is no longer valid." in text
    assert "Reason given by the issuer: Issued by mistake." in text
    assert "Revoked on Dec 3, 2026" in text


def test_a_reason_hr_kept_private_is_not_shown(holder, client):
    certificate = issue_for(
        holder, state=REVOKED, revoked_at=REVOKED_AT, revocation_reason="Private matter."
    )
    response = page(client, certificate.verification_code)
    assert "Private matter" not in response.get_data(as_text=True)
    assert "Reason given" not in main_text(response)
    data = client.get(f"/verify/{certificate.verification_code}.json").get_json()
    assert (data["state"], data["revocation_reason"]) == ("revoked", None)


def test_nothing_more_about_the_person_is_told(holder, client):
    certificate = issue_for(holder)
    html = page(client, certificate.verification_code).get_data(as_text=True)
    data = client.get(f"/verify/{certificate.verification_code}.json").get_data(as_text=True)
    for secret in ("ana.lima", certificate.identity_hash, certificate.identity_salt, "grade"):
        assert secret not in html
        assert secret not in data


def test_the_json_has_the_documented_keys(holder, client):
    certificate = issue_for(holder)
    response = client.get(f"/verify/{certificate.verification_code}.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data.pop("checked_at").endswith("Z")
    assert data == {
        "state": "valid",
        "serial": "RL-2026-000001",
        "holder_name": "Ana Lima",
        "track": {"slug": "employees", "title": {"fr": "Collaborateurs", "en": "Employees"}},
        "issued_on": certificate.valid_from.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "issuer": {"name": "Relais", "url": "https://relais.example"},
        "revoked_at": None,
        "revocation_reason": None,
        "verification_url": f"https://relais.example/verify/{certificate.verification_code}",
    }


def test_the_json_of_a_revoked_certificate_says_when(holder, client):
    certificate = revoked_with_public_reason(holder)
    data = client.get(f"/verify/{certificate.verification_code}.json").get_json()
    assert data["state"] == "revoked"
    assert data["revoked_at"] == "2026-12-03T15:30:00Z"
    assert data["revocation_reason"] == "Issued by mistake."


def test_a_signed_in_visitor_sees_the_same_and_nobody_is_sent_to_sign_in(holder, client):
    certificate = issue_for(holder)
    for suffix in ("", ".json"):
        response = client.get(f"/verify/{certificate.verification_code}{suffix}")
        assert response.status_code == 200
        assert "Location" not in response.headers


def test_no_cache_keeps_a_verification(holder, client):
    certificate = issue_for(holder)
    for suffix in ("", ".json"):
        response = client.get(f"/verify/{certificate.verification_code}{suffix}")
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_the_form_takes_a_code_or_the_whole_address(holder, client):
    certificate = issue_for(holder)
    code = certificate.verification_code
    for typed in (code, f"  {code} ", f"https://relais.example/verify/{code}"):
        response = client.get("/verify", query_string={"code": typed})
        assert response.status_code == 303
        assert response.headers["Location"] == f"/verify/{code}"


def test_the_empty_form_invites_a_code(client, app):
    response = client.get("/verify", headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    text = main_text(response)
    assert text.startswith("Vérifier un certificat Chacun peut vérifier ici un certificat Relais")
    assert "Code de vérification" in text


def test_the_page_runs_one_query_however_many_certificates(quiz, client):
    code = issue_for().verification_code
    with counted_statements() as few:
        assert page(client, code).status_code == 200
    for _ in range(20):
        issue_for()
    with counted_statements() as many:
        assert page(client, code).status_code == 200
    assert len(few) == len(many), (few, many)
    assert len(many) == 1, many


def test_the_visitors_choice_of_language_wins_over_the_browser(holder, client):
    code = issue_for(holder).verification_code
    response = client.post("/language", data={"language": "fr", "next": f"/verify/{code}"})
    assert response.headers["Location"] == f"/verify/{code}"
    text = main_text(page(client, code, language="en"))
    assert "Valide Ce certificat est authentique" in text


def test_the_last_valid_day_is_valid_and_revoked_wins_over_expired():
    last_day = date(2028, 11, 30)
    certificate = Certificate(state="valid", valid_until=last_day)
    assert certificate_state(certificate, last_day) == "valid"
    assert certificate_state(certificate, last_day + timedelta(days=1)) == "expired"
    certificate.state = REVOKED
    assert certificate_state(certificate, last_day + timedelta(days=1)) == "revoked"
    assert certificate_state(Certificate(state="valid", valid_until=None), last_day) == "valid"
