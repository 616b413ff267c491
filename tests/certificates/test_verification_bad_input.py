"""Every bad input of the verification pages, each its own test: an unknown or malformed code
gets the one plain "not found" (404, the same page, the same single lookup, JSON too); the
form says what to type; past the rate limit, the visitor is told how long to wait."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
import uuid

import pytest

from tests.certificates.issued import issue_for
from tests.certificates.test_verification import main_text
from tests.live_server import live_server
from tests.query_counter import counted_statements

NOT_FOUND_EN = (
    "Certificate not found No certificate has this verification code. Check the code or the "
    "address printed on the certificate, then try again."
)
NOT_FOUND_FR = (
    "Certificat introuvable Aucun certificat ne porte ce code de vérification. Vérifiez le "
    "code ou l’adresse imprimés sur le certificat, puis réessayez."
)
NOT_FOUND_JSON = {
    "error": {
        "status": 404,
        "title": "Certificate not found",
        "message": "No certificate has this verification code. Check the code or the address "
        "printed on the certificate, then try again.",
    }
}
SERIAL_MESSAGE = (
    "This is a certificate's serial number, which cannot be checked on its own. Type the "
    "verification code instead: it is in the link and under the QR code on the certificate."
)
EMPTY_MESSAGE = "Type the verification code printed on the certificate."

# What a code in an address may be instead of a real one (as typed in the address bar).
BAD_CODES = {
    "unknown": "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0",  # the right shape, issued to nobody
    "too-short": "abc123",
    "bad-characters": "Zm9vYmFy*YmF6cXV4!cXV1eGNvcmdl$Z3Jh",
    "very-long": "A" * 5000,
    "percent-encoded-junk": "%00%FF%2F..%2F%2e%2e%E2%80%AE%0d%0aSet-Cookie:x",
    "serial": "RL-2026-000001",
    "sql": "' OR '1'='1",
    "with-a-slash": "abc/def/ghi",
}


@pytest.fixture
def issued(quiz):
    """A real certificate exists (serial RL-…-000001), so that a miss is a real miss."""
    return issue_for()


@pytest.mark.parametrize("code", BAD_CODES.values(), ids=BAD_CODES.keys())
def test_a_bad_code_in_the_address_is_plainly_not_found(issued, client, code):
    response = client.get(f"/verify/{code}", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert main_text(response).startswith(NOT_FOUND_EN)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("code", BAD_CODES.values(), ids=BAD_CODES.keys())
def test_a_bad_code_in_the_json_address_is_plainly_not_found(issued, client, code):
    response = client.get(f"/verify/{code}.json", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.get_json() == NOT_FOUND_JSON


@pytest.mark.parametrize("code", BAD_CODES.values(), ids=BAD_CODES.keys())
def test_a_bad_code_gets_the_same_page_as_an_unknown_one_after_the_same_lookup(
    issued, client, code
):
    with counted_statements() as unknown_statements:
        unknown = client.get(f"/verify/{BAD_CODES['unknown']}")
    with counted_statements() as bad_statements:
        bad = client.get(f"/verify/{code}")
    assert main_text(bad) == main_text(unknown)
    assert len(bad_statements) == len(unknown_statements) == 1


def test_not_found_speaks_french(issued, client):
    response = client.get(f"/verify/{BAD_CODES['unknown']}", headers={"Accept-Language": "fr"})
    assert main_text(response).startswith(NOT_FOUND_FR)


def test_the_json_not_found_speaks_french(issued, client):
    response = client.get(
        f"/verify/{BAD_CODES['too-short']}.json", headers={"Accept-Language": "fr"}
    )
    assert response.get_json()["error"]["message"].startswith("Aucun certificat ne porte ce code")


# --- the form ----------------------------------------------------------------------------------


def form(client, typed: str, language: str = "en"):
    return client.get(
        "/verify", query_string={"code": typed}, headers={"Accept-Language": language}
    )


def field_value(response) -> str:
    html = response.get_data(as_text=True)
    return html.split('name="code" type="text" value="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("typed", ["", "   ", "\t\n"], ids=["nothing", "spaces", "blank-lines"])
def test_an_empty_form_asks_for_the_code(issued, client, typed):
    response = form(client, typed)
    assert response.status_code == 400
    assert main_text(response).startswith(f"Verify a certificate {EMPTY_MESSAGE}")


def test_an_empty_form_asks_in_french(issued, client):
    response = form(client, "", "fr")
    assert "Saisissez le code de vérification imprimé sur le certificat." in main_text(response)


@pytest.mark.parametrize(
    "typed", ["RL-2026-000001", "rl-2026-000001", "RL2026000001", " RL-2026-999999 "]
)
def test_a_serial_typed_instead_of_a_code_is_explained(issued, client, typed):
    response = form(client, typed)
    assert response.status_code == 400
    assert main_text(response).startswith(f"Verify a certificate {SERIAL_MESSAGE}")
    assert field_value(response) == typed  # kept as typed


def test_a_serial_tells_nothing_of_whether_it_exists(issued, client):
    existing = form(client, issued.serial)
    unknown = form(client, "RL-2026-999999")
    assert main_text(existing).replace(issued.serial, "S") == main_text(unknown).replace(
        "RL-2026-999999", "S"
    )
    assert existing.status_code == unknown.status_code == 400


def test_a_serial_in_french(issued, client):
    response = form(client, "RL-2026-000001", "fr")
    assert "Ceci est le numéro de série d’un certificat" in main_text(response)


@pytest.mark.parametrize(
    "code",
    [value for key, value in BAD_CODES.items() if key != "serial"],
    ids=[key for key in BAD_CODES if key != "serial"],
)
def test_a_bad_code_typed_in_the_form_is_not_found_and_kept(issued, client, code):
    response = form(client, code)
    assert response.status_code == 404
    assert main_text(response).startswith(NOT_FOUND_EN)
    assert field_value(response) == escape_attribute(code)  # kept as typed


def test_the_address_of_an_unknown_certificate_pasted_is_not_found(issued, client):
    response = form(client, f"https://relais.example/verify/{BAD_CODES['unknown']}")
    assert response.status_code == 404
    assert main_text(response).startswith(NOT_FOUND_EN)


def escape_attribute(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


# --- the rate limit ------------------------------------------------------------------------------

TOO_MANY_EN = "Too many attempts (429) Wait 60 seconds, then try again."


@pytest.fixture
def limited(quiz, app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False, VERIFICATION_LIMIT_PER_IP="3 per minute")
    with app.app_context():
        issue_for()
        yield app.test_client()


def test_past_the_limit_the_page_says_to_wait(limited):
    for _ in range(3):
        assert limited.get(f"/verify/{BAD_CODES['unknown']}").status_code == 404
    response = limited.get(f"/verify/{BAD_CODES['unknown']}", headers={"Accept-Language": "en"})
    assert response.status_code == 429
    assert main_text(response).startswith(TOO_MANY_EN)
    # The limiter counts down to its window's end: 60 seconds, or 59 once a second has turned.
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_past_the_limit_the_json_says_to_wait(limited):
    for _ in range(3):
        limited.get(f"/verify/{BAD_CODES['unknown']}.json")
    response = limited.get(
        f"/verify/{BAD_CODES['unknown']}.json", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 429
    assert response.get_json() == {
        "error": {
            "status": 429,
            "title": "Too many attempts",
            "message": "Wait 60 seconds, then try again.",
        }
    }


def test_the_form_the_pages_and_the_json_share_one_limit(limited):
    limited.get("/verify", query_string={"code": "x"})
    limited.get(f"/verify/{BAD_CODES['unknown']}")
    limited.get(f"/verify/{BAD_CODES['unknown']}.json")
    assert limited.get("/verify").status_code == 429


def test_past_the_limit_in_french(limited):
    for _ in range(3):
        limited.get("/verify")
    response = limited.get("/verify", headers={"Accept-Language": "fr"})
    assert main_text(response).startswith(
        "Trop de tentatives (429) Attendez 60 secondes, puis réessayez."
    )


TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.mark.redis
@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL is not set (no Redis to share)")
def test_two_servers_share_the_verification_limit_through_redis(issued, database_url):
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": TEST_REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"relais-test-{uuid.uuid4().hex}",
        "VERIFICATION_LIMIT_PER_IP": "4 per minute",
    }
    path = f"/verify/{BAD_CODES['unknown']}.json"
    with live_server(settings) as first, live_server(settings) as second:
        statuses = [status_of(url + path) for url in (first, second, first, second)]
        assert statuses == [404] * 4
        assert (status_of(first + path), status_of(second + path)) == (429, 429)


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - a test server
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code
