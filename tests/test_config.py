"""Configuration: development defaults, and production refusing unsafe settings by name."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.config import UnsafeConfigurationError, engine_options, settings_from_environment
from tests.factories import SIGNING_KEY

REPOSITORY = Path(__file__).resolve().parent.parent

SAFE_PRODUCTION = {
    "RELAIS_ENV": "production",
    "SECRET_KEY": "7f3c9a1e5b2d8046c1e9f7a3b5d20e8c4a6f1b3d5e7092c4",
    "DATABASE_URL": "postgresql://relais@db/relais",
    "RATELIMIT_STORAGE_URI": "redis://cache:6379/0",
    "PUBLIC_BASE_URL": "https://relais.example",
    "CERTIFICATE_SIGNING_KEY": SIGNING_KEY,
}


PUBLIC_HALF = json.dumps(
    {k: v for k, v in json.loads(SAFE_PRODUCTION["CERTIFICATE_SIGNING_KEY"]).items() if k != "d"}
)


def build(tmp_path: Path, **environ):
    settings = settings_from_environment(tmp_path, environ)
    return create_app({**settings, "TESTING": False})


def test_development_reads_the_secret_make_run_keeps(tmp_path):
    (tmp_path / "secret_key").write_text("kept-by-make-run\n")
    assert settings_from_environment(tmp_path, {})["SECRET_KEY"] == "kept-by-make-run"


def test_development_without_a_kept_secret_uses_a_random_one_and_writes_nothing(tmp_path):
    first = settings_from_environment(tmp_path, {})["SECRET_KEY"]
    second = settings_from_environment(tmp_path, {})["SECRET_KEY"]
    assert len(first) == 64
    assert first != second
    assert list(tmp_path.iterdir()) == []


def test_a_given_secret_is_used_and_nothing_is_written(tmp_path):
    settings = settings_from_environment(tmp_path, {"SECRET_KEY": "given" * 10})
    assert settings["SECRET_KEY"] == "given" * 10
    assert list(tmp_path.iterdir()) == []


def test_development_defaults_to_sqlite_in_instance(tmp_path):
    settings = settings_from_environment(tmp_path, {})
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'relais.sqlite'}"
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://"
    assert settings["SESSION_COOKIE_NAME"] == "relais_session"


def test_postgres_urls_use_psycopg3(tmp_path):
    settings = settings_from_environment(tmp_path, {"DATABASE_URL": "postgres://u@h/d"})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/d"


def test_safe_production_starts_with_hardened_cookie(tmp_path):
    app = build(tmp_path, **SAFE_PRODUCTION)
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-relais"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["DEVICE_COOKIE_NAME"] == "__Host-relais-device"  # Secure, as the session's


def test_company_name_comes_from_the_environment(tmp_path):
    assert settings_from_environment(tmp_path, {})["COMPANY_NAME"] == ""
    settings = settings_from_environment(tmp_path, {"COMPANY_NAME": " Exemplaire Inc. "})
    assert settings["COMPANY_NAME"] == "Exemplaire Inc."


@pytest.mark.parametrize(
    ("change", "setting"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is missing"),
        ({"SECRET_KEY": "changeme"}, "SECRET_KEY is too short or a known default"),
        ({"SECRET_KEY": "a" * 40}, "SECRET_KEY repeats too few different characters"),
        ({"SECRET_KEY": "abcd" * 10}, "SECRET_KEY repeats too few different characters"),
        ({"FLASK_DEBUG": "1"}, "FLASK_DEBUG must be off"),
        ({"DATABASE_URL": "sqlite:////srv/relais.sqlite"}, "DATABASE_URL points at SQLite"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI is in-process memory"),
        ({"PUBLIC_BASE_URL": "http://relais.example"}, "PUBLIC_BASE_URL must be an https://"),
        ({"PUBLIC_BASE_URL": ""}, "PUBLIC_BASE_URL is missing; set the site's public https://"),
        ({"PUBLIC_BASE_URL": "https://"}, "PUBLIC_BASE_URL must be an https://"),
        ({"PUBLIC_BASE_URL": "https://relais.example/?a=1"}, "PUBLIC_BASE_URL must be an address"),
        ({"CERTIFICATE_SIGNING_KEY": ""}, "CERTIFICATE_SIGNING_KEY is missing; give every server"),
        ({"CERTIFICATE_SIGNING_KEY": "{not json"}, "CERTIFICATE_SIGNING_KEY must be an Ed25519"),
        ({"CERTIFICATE_SIGNING_KEY": PUBLIC_HALF}, "CERTIFICATE_SIGNING_KEY must hold the private"),
        (
            {"CERTIFICATE_SIGNING_KEY": '{"kty": "RSA", "n": "x", "e": "AQAB"}'},
            "must be an Ed25519",
        ),
    ],
    ids=[
        "no-secret",
        "weak-secret",
        "one-character-secret",
        "patterned-secret",
        "debug",
        "sqlite",
        "memory-limits",
        "plain-http",
        "no-public-address",
        "public-address-without-host",
        "public-address-with-query",
        "no-signing-key",
        "signing-key-not-json",
        "signing-key-public-half",
        "signing-key-not-ed25519",
    ],
)
def test_production_refuses_unsafe_setting(tmp_path, change, setting):
    with pytest.raises(UnsafeConfigurationError) as refusal:
        build(tmp_path, **{**SAFE_PRODUCTION, **change})
    assert setting in str(refusal.value)


@pytest.mark.parametrize(
    "make_secret", [secrets.token_hex, secrets.token_urlsafe], ids=["hex", "urlsafe"]
)
def test_production_accepts_a_random_secret(tmp_path, make_secret):
    secret = make_secret(32)
    assert (
        build(tmp_path, **{**SAFE_PRODUCTION, "SECRET_KEY": secret}).config["SECRET_KEY"] == secret
    )


def test_production_trusts_only_the_public_host(tmp_path):
    settings = settings_from_environment(tmp_path, SAFE_PRODUCTION)
    assert settings["TRUSTED_HOSTS"] == ["relais.example"]
    assert settings_from_environment(tmp_path, {})["TRUSTED_HOSTS"] is None  # development


def test_trusted_hosts_can_be_listed(tmp_path):
    environ = {**SAFE_PRODUCTION, "TRUSTED_HOSTS": "relais.example, .relais.internal"}
    settings = settings_from_environment(tmp_path, environ)
    assert settings["TRUSTED_HOSTS"] == ["relais.example", ".relais.internal"]


def test_production_refuses_another_host_before_any_redirect(tmp_path):
    environ = {
        **SAFE_PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite'}",
        "ALLOW_SQLITE_IN_PRODUCTION": "1",
    }
    client = build(tmp_path, **environ).test_client()
    response = client.get("/admin//audit", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.headers.get("Location", "")
    assert "Location" not in response.headers
    # The public host still gets the usual redirect of the merged slash.
    response = client.get("/admin//audit", base_url="https://relais.example")
    assert response.status_code in (301, 308)
    assert response.headers["Location"].startswith("https://relais.example/admin/audit")


def test_production_may_use_sqlite_when_explicitly_allowed(tmp_path):
    app = build(
        tmp_path,
        **{
            **SAFE_PRODUCTION,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite'}",
            "ALLOW_SQLITE_IN_PRODUCTION": "1",
        },
    )
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def test_production_never_generates_a_secret(tmp_path):
    settings = settings_from_environment(tmp_path, {"RELAIS_ENV": "production"})
    assert settings["SECRET_KEY"] is None
    assert not (tmp_path / "secret_key").exists()


PLAIN_REFUSAL = [
    "Refusing to start in production: SECRET_KEY is too short or a known default",
    "Refusing to start in production: DATABASE_URL points at SQLite; use PostgreSQL or set"
    " ALLOW_SQLITE_IN_PRODUCTION=1",
    "Refusing to start in production: RATELIMIT_STORAGE_URI is in-process memory; use redis://"
    " so limits hold across servers",
    "Refusing to start in production: PUBLIC_BASE_URL must be an https:// address",
]


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-c", "import wsgi"],
        [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "routes"],
    ],
    ids=["import-wsgi", "flask-cli"],
)
def test_unsafe_production_prints_one_line_per_problem_and_exits(tmp_path, command):
    settings = {"SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "PUBLIC_BASE_URL"}
    environ = {k: v for k, v in os.environ.items() if k not in settings and k != "FLASK_DEBUG"}
    environ.update(
        RELAIS_ENV="production",
        SECRET_KEY="changeme",
        DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite'}",
        RATELIMIT_STORAGE_URI="memory://",
        PUBLIC_BASE_URL="http://relais.example",
    )
    result = subprocess.run(
        command, cwd=REPOSITORY, env=environ, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == PLAIN_REFUSAL
    assert result.stdout == ""


def test_without_public_base_url_production_has_no_made_up_address(tmp_path):
    environ = {k: v for k, v in SAFE_PRODUCTION.items() if k != "PUBLIC_BASE_URL"}
    assert settings_from_environment(tmp_path, environ)["PUBLIC_BASE_URL"] == ""
    assert settings_from_environment(tmp_path, {})["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"


def test_outbox_retry_settings_come_from_the_environment(tmp_path):
    environ = {
        "OUTBOX_MAX_ATTEMPTS": "4",
        "OUTBOX_RETRY_BASE_SECONDS": "30",
        "OUTBOX_RETRY_CAP_SECONDS": "900",
        "OUTBOX_LEASE_SECONDS": "120",
    }
    settings = settings_from_environment(tmp_path, environ)
    assert {name: settings[name] for name in environ} == {
        "OUTBOX_MAX_ATTEMPTS": 4,
        "OUTBOX_RETRY_BASE_SECONDS": 30,
        "OUTBOX_RETRY_CAP_SECONDS": 900,
        "OUTBOX_LEASE_SECONDS": 120,
    }


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OUTBOX_MAX_ATTEMPTS", "0", "OUTBOX_MAX_ATTEMPTS must be at least 1, not 0"),
        ("OUTBOX_RETRY_BASE_SECONDS", "-5", "OUTBOX_RETRY_BASE_SECONDS must be at least 1, not -5"),
        ("OUTBOX_LEASE_SECONDS", "soon", "OUTBOX_LEASE_SECONDS must be a whole number, not 'soon'"),
    ],
    ids=["no-attempt", "negative-backoff", "lease-not-a-number"],
)
def test_outbox_retry_settings_refuse_what_cannot_work(tmp_path, name, value, message):
    with pytest.raises(UnsafeConfigurationError) as refusal:
        settings_from_environment(tmp_path, {name: value})
    assert refusal.value.messages() == [f"Refusing to start: {message}"]


def test_a_postgresql_connection_is_checked_before_each_use():
    assert engine_options("postgresql+psycopg://relais@db/relais") == {"pool_pre_ping": True}


def test_a_sqlite_file_is_not_pinged_before_each_request():
    assert engine_options("sqlite:////srv/relais/relais.sqlite") == {"pool_pre_ping": False}


def test_the_engine_pings_only_a_database_server(app):
    from app.extensions import db

    with app.app_context():
        assert db.engine.pool._pre_ping == (db.engine.dialect.name != "sqlite")
