"""When the database is out of reach, the error itself must not need it: the JSON autosave gets
a JSON error it can retry, a page gets an error page in the right language, and neither looks
the person up (their language comes from the session cookie or the browser)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app import create_app
from app.people.sessions import SESSION_TOKEN_KEY
from tests.conftest import settings_for_tests

# Nothing listens on port 1; the directory of the SQLite file does not exist.
UNREACHABLE = {
    "postgresql": "postgresql://relais@127.0.0.1:1/relais",
    "sqlite": "sqlite:////nonexistent-relais-directory/relais.sqlite",
}


@pytest.fixture(params=sorted(UNREACHABLE))
def away(request):
    """A client of an app whose database cannot be reached, signed in by its cookie alone."""
    app = create_app(settings_for_tests(UNREACHABLE[request.param], WTF_CSRF_ENABLED=False))
    return app.test_client()


def signed_in(client: FlaskClient, language: str | None) -> FlaskClient:
    with client.session_transaction() as session:
        session["_user_id"] = "1"
        session["_fresh"] = True
        session[SESSION_TOKEN_KEY] = "a-sign-in-session-token"
        if language:
            session["language"] = language
    return client


def test_the_autosave_gets_a_json_error_it_can_retry(away):
    response = signed_in(away, "en").post(
        "/quiz/attempts/1/save",
        data={"q1-sequence": "0", "q1": "0"},
        headers={"Accept": "application/json"},
    )
    assert (response.status_code, response.mimetype) == (503, "application/json")
    assert response.headers["Retry-After"] == "5"
    assert response.get_json() == {
        "error": {
            "status": 503,
            "title": "Unavailable for a moment",
            "message": "The service cannot reach its data right now. Try again in a few seconds.",
        }
    }


@pytest.mark.parametrize(
    ("language", "accept_language", "title"),
    [
        ("en", "fr", "Unavailable for a moment"),
        ("fr", "en", "Indisponible un instant"),
        (None, "en-GB,en;q=0.9", "Unavailable for a moment"),
        (None, "fr-CA", "Indisponible un instant"),
    ],
)
def test_a_page_gets_an_error_page_in_the_session_s_or_the_browser_s_language(
    away, language, accept_language, title
):
    response = signed_in(away, language).get(
        "/quiz/attempts/1", headers={"Accept-Language": accept_language}
    )
    assert (response.status_code, response.mimetype) == (503, "text/html")
    html = response.get_data(as_text=True)
    assert f"<h1>{title} " in html
    assert f'<html lang="{language or accept_language[:2]}">' in html


def test_a_json_request_gets_json_even_for_an_unknown_page(away):
    response = away.post("/nowhere", json={"q1": "0"})
    assert (response.status_code, response.mimetype) == (404, "application/json")
