"""Relais: the application factory. Named steps, no side effects beyond building the app."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from flask import Flask, g, has_request_context, request, session
from sqlalchemy import event

from app.config import (
    base_settings,
    engine_options,
    refuse_unsafe_production,
    settings_from_environment,
)
from app.extensions import babel, csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIRECTORY = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    configure(app, config)
    register_request_id(app)
    register_security(app)
    register_access_log(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_cli(app)
    register_request_hooks(app)
    register_form_translations(app)
    register_page_translations(app)
    register_template_helpers(app)
    return app


def configure(app: Flask, overrides: dict | None) -> None:
    app.config.update(base_settings())
    app.config.update(settings_from_environment(Path(app.instance_path)))
    app.config.update(overrides or {})
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    refuse_unsafe_production(app.config)


def register_request_id(app: Flask) -> None:
    # First of the before_request hooks: a request refused by any check after it (authorization,
    # CSRF, rate limits) is logged with its id.
    @app.before_request
    def assign_request_id():
        g.request_id = str(uuid.uuid4())


def register_security(app: Flask) -> None:
    # Before the extensions: the authorization check then runs ahead of CSRF, so a person
    # without the right role hears 403, not a token complaint.
    from app.security import register_security as register

    register(app)


def register_access_log(app: Flask) -> None:
    # gunicorn masks through gunicorn.conf.py; this covers the development server (flask run).
    from app.access_log import mask_development_server_log

    mask_development_server_log()


def register_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (the whole schema, for Alembic and create_all)
    from app.content.version import watch_content_changes

    db.init_app(app)
    with app.app_context():
        configure_database_engine(db.engine)
    watch_content_changes(db.session)
    migrate.init_app(app, db, directory=MIGRATIONS_DIRECTORY, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "people.login"
    login_manager.user_loader(load_signed_in_person)
    babel.init_app(app, locale_selector=select_locale)


def configure_database_engine(engine) -> None:
    """SQLite enforces foreign keys and waits for locks only when asked, on every connection;
    its file, when SQLite would create it, is created readable by its owner only."""
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database or ""

    @event.listens_for(engine, "do_connect")
    def sqlite_owner_only_file(_dialect, _record, _arguments, _parameters):
        if database and database != ":memory:" and not database.startswith("file:"):
            create_owner_only_file(Path(database))

    @event.listens_for(engine, "connect")
    def sqlite_pragmas(connection, _record):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def create_owner_only_file(path: Path) -> None:
    """Create an empty file that only its owner can read: the database holds password hashes
    and sessions. SQLite gives its journal files the same mode.

    A missing folder is not created: if the database's folder went away (an unmounted volume),
    a new empty database in its place would hide the outage, so SQLite refuses to open instead.
    ``make run`` creates instance/ owner-only."""
    if path.exists() or not path.parent.is_dir():
        return
    # Without O_EXCL: if another process created it meanwhile, its file is left as it is.
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def register_blueprints(app: Flask) -> None:
    from app import admin, assignments, certificates, champions, learning, people, quiz

    app.register_blueprint(people.blueprint())
    app.register_blueprint(learning.blueprint())
    app.register_blueprint(quiz.blueprint())
    app.register_blueprint(assignments.blueprint())
    app.register_blueprint(certificates.blueprint())
    app.register_blueprint(champions.blueprint())
    app.register_blueprint(admin.blueprint(), url_prefix="/admin")


def register_errorhandlers(app: Flask) -> None:
    from app.errors import register_errorhandlers as register

    register(app)


def register_cli(app: Flask) -> None:
    from app.cli import register_cli as register

    register(app)


def register_request_hooks(app: Flask) -> None:
    @app.context_processor
    def inject_layout_values():
        # The layout's two forms (language, sign out) need only their CSRF field, which
        # base.html writes from csrf_token(): building two WTForms forms on every page cost more
        # than the rest of the layout. The routes they post to read them with their forms.
        return {"current_language": select_locale()}


def register_form_translations(app: Flask) -> None:
    from app.form_translations import register_form_translations as register

    register(app)


def register_page_translations(app: Flask) -> None:
    from app.page_translations import register_page_translations as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from app import numbers, timezones

    timezones.register_template_helpers(app)
    numbers.register_template_helpers(app)


def loaded_language(person) -> str | None:
    """The language of the person Flask-Login has loaded, if it has (an error page replaces
    them with nobody first: it reads nothing from the database)."""
    if person is None or not person.is_authenticated:
        return None
    return person.language


def load_signed_in_person(person_id: str):
    """Flask-Login's loader: the cookie counts only while its server-side session is open."""
    from app.database import utcnow
    from app.people.sessions import SESSION_TOKEN_KEY, person_for_session

    try:
        identifier = int(person_id)
    except (TypeError, ValueError):
        return None
    return person_for_session(identifier, session.get(SESSION_TOKEN_KEY), utcnow())


def select_locale() -> str:
    """The person's preference, then the language chosen on the switch, then the browser's.

    The person counts only once loaded (the authorization check loads them first): choosing a
    language never loads them, so an error page speaks without the database, and their
    preference is kept in the session cookie for such a page.
    """
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # command line, e-mails built outside a request
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    preferred = loaded_language(g.get("_login_user"))
    if preferred in languages:
        if session.get("language") != preferred:
            session["language"] = preferred
        return preferred
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )
