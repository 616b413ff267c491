"""Redirect safety, security headers, CSRF, upload size and the error pages."""

import pytest

from app.extensions import db
from app.security import safe_next_path
from tests.conftest import csrf_token_from, sign_in
from tests.factories import SIGNING_KEY, make_person

UNSAFE_NEXT_VALUES = [
    "//evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "javascript:alert(1)",
    "http://evil.example/",
    "https://evil.example/",
    "\t//evil.example",
    "/\t/evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "%5C%5Cevil.example",
    " /home",
    "/home\r\nSet-Cookie: x=1",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "///evil.example",
    "/%09/evil.example",
    "",
    None,
]


@pytest.mark.parametrize("value", UNSAFE_NEXT_VALUES)
def test_unsafe_next_values_are_refused(value):
    assert safe_next_path(value) is None


@pytest.mark.parametrize("value", ["/", "/admin/audit?action=sign_in", "/account/password"])
def test_local_paths_are_kept(value):
    assert safe_next_path(value) == value


@pytest.mark.parametrize("value", UNSAFE_NEXT_VALUES[:12])
def test_login_never_redirects_off_site(client, app, value):
    person = make_person()
    db.session.commit()
    response = sign_in(client, person.email, next=value or "")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, app):
    person = make_person()
    db.session.commit()
    response = sign_in(client, person.email, next="/account/password")
    assert response.headers["Location"] == "/account/password"


def test_every_response_carries_security_headers(client, app):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # development is plain http
    assert client.get("/no-such-page").headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script(client, login_as):
    login_as("admin")
    for path in ("/login", "/", "/admin/audit", "/account/password"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "onclick=" not in html, path


def test_signed_in_pages_are_not_cached(client, login_as):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    login_as("employee")
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_hsts_in_production(app_factory):
    app = app_factory(
        RELAIS_ENV="production",
        CERTIFICATE_SIGNING_KEY=SIGNING_KEY,
        SESSION_COOKIE_SECURE=True,
        ALLOW_SQLITE_IN_PRODUCTION=True,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
    )
    response = app.test_client().get("/login", base_url="https://relais.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_login_without_csrf_token_is_refused_and_nothing_happens(csrf_app):
    person = make_person()
    db.session.commit()
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": person.email, "password": "x" * 10})
    assert response.status_code == 400
    assert "Recharge" in response.get_data(as_text=True)  # French by default
    assert client.get("/").status_code == 302  # still signed out


def test_forged_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    client.get("/login")
    response = client.post("/language", data={"language": "en", "csrf_token": "forged"})
    assert response.status_code == 400


def test_logout_needs_a_csrf_token(csrf_app):
    person = make_person()
    db.session.commit()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    client.post(
        "/login",
        data={
            "email": person.email,
            "password": "correct horse battery staple",
            "csrf_token": token,
        },
    )
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200  # a cross-site POST cannot sign anyone out


def test_oversized_upload_gets_413(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False, MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/login", data={"email": "a" * 5000})
    assert response.status_code == 413
    assert "1 Kio" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Page introuvable"), ("en", "Page not found")],
)
def test_error_pages_speak_the_browser_language(client, app, language, expected):
    response = client.get("/missing", headers={"Accept-Language": language})
    assert response.status_code == 404
    assert expected in response.get_data(as_text=True)


def test_method_not_allowed_page(client, app):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "Méthode non autorisée" in response.get_data(as_text=True)


def test_api_paths_get_json_errors(client, app):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_unexpected_error_is_a_generic_500(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    from app.security import PUBLIC

    boom._relais_policy = PUBLIC
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
