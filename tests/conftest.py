"""Fixtures: an app with a fresh database per test, a client, and sign-in helpers.

The schema is built once per run (SQLite file by default, PostgreSQL when TEST_DATABASE_URL is
set); each test starts from empty tables.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app
from app.config import normalise_database_url
from app.extensions import db
from tests.factories import TEST_PASSWORD, make_person

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def settings_for_tests(database_url: str, **overrides) -> dict:
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_KEY_PREFIX": f"relais-test-{uuid.uuid4().hex}",
        "PUBLIC_BASE_URL": "https://relais.example",
        # Cheap argon2 parameters keep the suite fast; production uses argon2-cffi's defaults.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
    }
    settings.update(overrides)
    return settings


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        return normalise_database_url(TEST_DATABASE_URL)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'relais-test.sqlite'}"


@pytest.fixture(scope="session")
def schema(database_url):
    """Build the schema once per run, from empty."""
    app = create_app(settings_for_tests(database_url))
    with app.app_context():
        db.drop_all()
        drop_alembic_version()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def drop_alembic_version() -> None:
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def empty_all_tables() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


class IsolatedClient(FlaskClient):
    """Each request gets its own application context, as in production.

    Without this, requests would reuse the test's context and share ``g`` (and the signed-in
    person Flask-Login caches there) from one request to the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app_factory(database_url, schema):
    """Build an app on the test database; tables are emptied before each test."""
    apps = []

    def build(**overrides):
        app = create_app(settings_for_tests(database_url, **overrides))
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False)
    with app.app_context():
        empty_all_tables()
        yield app
        db.session.remove()


@pytest.fixture
def csrf_app(app_factory):
    """An app with CSRF protection on, as in production."""
    app = app_factory()
    with app.app_context():
        empty_all_tables()
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


def sign_in(client, email: str, password: str = TEST_PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


@pytest.fixture
def login_as(client):
    """Sign in a new person with the given roles (or a given person); returns the person."""

    def do(role_or_person="employee", **overrides):
        if isinstance(role_or_person, str):
            person = make_person(roles=_roles_for(role_or_person), **overrides)
            if role_or_person == "manager":
                make_person(manager=person)
            db.session.commit()
        else:
            person = role_or_person
        response = sign_in(client, person.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return person

    return do


def _roles_for(name: str) -> tuple[str, ...]:
    return {"employee": (), "manager": (), "hr": ("hr",), "admin": ("admin",)}[name]


CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"


# --- what ran, for .ci/run ------------------------------------------------------------------

_ran = {"e2e_passed": 0, "redis_passed": 0}


def pytest_runtest_logreport(report):
    if report.when != "call" or not report.passed:
        return
    if "e2e" in report.keywords:
        _ran["e2e_passed"] += 1
    if "redis" in report.keywords:
        _ran["redis_passed"] += 1


def pytest_sessionfinish(session, exitstatus):
    target = os.environ.get("RELAIS_TEST_REPORT")
    if not target:
        return
    import json

    database = "postgresql" if TEST_DATABASE_URL.startswith("postgres") else "sqlite"
    Path(target).write_text(json.dumps({"database": database, **_ran}))
