"""Configuration: development defaults, and production refusing unsafe settings by name."""

from pathlib import Path

import pytest

from app import create_app
from app.config import UnsafeConfigurationError, settings_from_environment

SAFE_PRODUCTION = {
    "RELAIS_ENV": "production",
    "SECRET_KEY": "x" * 48,
    "DATABASE_URL": "postgresql://relais@db/relais",
    "RATELIMIT_STORAGE_URI": "redis://cache:6379/0",
    "PUBLIC_BASE_URL": "https://relais.example",
}


def build(tmp_path: Path, **environ):
    settings = settings_from_environment(tmp_path, environ)
    return create_app({**settings, "TESTING": False})


def test_development_generates_a_secret_once_and_keeps_it(tmp_path):
    first = settings_from_environment(tmp_path, {})["SECRET_KEY"]
    second = settings_from_environment(tmp_path, {})["SECRET_KEY"]
    assert len(first) == 64
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


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


@pytest.mark.parametrize(
    ("change", "setting"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is missing"),
        ({"SECRET_KEY": "changeme"}, "SECRET_KEY is too short or a known default"),
        ({"FLASK_DEBUG": "1"}, "FLASK_DEBUG must be off"),
        ({"DATABASE_URL": "sqlite:////srv/relais.sqlite"}, "DATABASE_URL points at SQLite"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI is in-process memory"),
        ({"PUBLIC_BASE_URL": "http://relais.example"}, "PUBLIC_BASE_URL must be an https://"),
    ],
    ids=["no-secret", "weak-secret", "debug", "sqlite", "memory-limits", "plain-http"],
)
def test_production_refuses_unsafe_setting(tmp_path, change, setting):
    with pytest.raises(UnsafeConfigurationError) as refusal:
        build(tmp_path, **{**SAFE_PRODUCTION, **change})
    assert setting in str(refusal.value)


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
