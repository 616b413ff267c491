"""Fixtures: an app with a fresh database per test, a client, and sign-in helpers.

The schema is built once per run (SQLite file by default, PostgreSQL when TEST_DATABASE_URL is
set); each test starts from empty tables. Under pytest-xdist each worker has its own database.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from app import create_app
from app.config import normalise_database_url
from app.extensions import db
from tests.factories import TEST_PASSWORD, make_person

pytest_plugins = ["tests.run_report", "pytester"]

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
# Set by pytest-xdist in each worker process ("gw0", "gw1", ...).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


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
    """The run's database; xdist workers get a SQLite file each (their own temporary
    directory) or a PostgreSQL database each, named after the given one and the worker."""
    if not TEST_DATABASE_URL:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'relais-test.sqlite'}"
    url = normalise_database_url(TEST_DATABASE_URL)
    if not XDIST_WORKER or not url.startswith("postgresql"):
        return url
    return create_worker_database(url, XDIST_WORKER)


def create_worker_database(url: str, worker: str) -> str:
    """Create ``<database>_<worker>`` beside the given database unless it exists; its URL."""
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                quoted = connection.dialect.identifier_preparer.quote(name)
                # template0 accepts no connections, so two workers can copy it at once.
                connection.execute(text(f"CREATE DATABASE {quoted} TEMPLATE template0"))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def schema(database_url, run_record):
    """Build the schema once per run, from empty; record the database the engine reports."""
    app = create_app(settings_for_tests(database_url))
    with app.app_context():
        run_record.database = db.engine.dialect.name
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


@pytest.fixture
def inner_pytester(pytester, monkeypatch):
    """A pytester for runs in a subprocess that import this repository's ``tests`` package,
    free of the variables that steer the outer run (.ci/run sets them)."""
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    for name in (
        "PYTEST_ADDOPTS",
        "PYTEST_XDIST_WORKER",
        "RELAIS_TEST_REPORT",
        "RELAIS_REQUIRE_E2E",
    ):
        monkeypatch.delenv(name, raising=False)
    return pytester
