"""Refused requests (403, CSRF failures, 429, refused reset links) are logged with their request
id, and audited up to a limit per address so that a flood of them cannot fill the audit log."""

import logging
from datetime import timedelta

import time_machine
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.database import utcnow
from app.extensions import db
from tests.conftest import sign_in
from tests.factories import make_person


def security_events(action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def log_lines(caplog, action: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if f"security event {action} " in r.getMessage()]


def test_a_forbidden_page_is_audited_and_logged_with_the_request_id(client, login_as, caplog):
    person = login_as("employee")
    caplog.set_level(logging.WARNING)
    response = client.get("/admin/audit", environ_base={"REMOTE_ADDR": "192.0.2.10"})
    assert response.status_code == 403
    request_id = response.headers["X-Request-ID"]
    [event] = security_events("security.forbidden")
    assert (event.actor_id, event.ip, event.request_id) == (person.id, "192.0.2.10", request_id)
    assert event.details == {"route": "/admin/audit", "method": "GET"}
    [line] = log_lines(caplog, "security.forbidden")
    assert f"request_id={request_id}" in line and "ip=192.0.2.10" in line


def test_a_csrf_failure_is_audited_and_logged(csrf_app, caplog):
    client = csrf_app.test_client()
    client.get("/login")
    caplog.set_level(logging.WARNING)
    response = client.post("/language", data={"language": "en", "csrf_token": "forged"})
    assert response.status_code == 400
    [event] = security_events("security.csrf_refused")
    assert event.actor_id is None
    assert event.request_id == response.headers["X-Request-ID"]
    assert event.details["route"] == "/language"
    assert event.details["method"] == "POST"
    assert "CSRF" in event.details["reason"]
    assert len(log_lines(caplog, "security.csrf_refused")) == 1


def test_a_rate_limited_request_is_audited_and_logged(client, app, caplog):
    person = make_person()
    db.session.commit()
    for _ in range(5):
        sign_in(client, person.email, "wrong guess")
    caplog.set_level(logging.WARNING)
    response = sign_in(client, person.email, "wrong guess")
    assert response.status_code == 429
    [event] = security_events("security.rate_limited")
    assert event.request_id == response.headers["X-Request-ID"]
    assert event.details["route"] == "/login"
    assert event.details["limit"] == "5 per 1 minute"
    assert len(log_lines(caplog, "security.rate_limited")) == 1


def test_a_refused_reset_link_is_audited_without_its_token(client, app, caplog):
    caplog.set_level(logging.WARNING)
    client.get("/password/reset/a-guessed-token-0123456789")
    response = client.get("/password/reset")
    assert response.status_code == 400
    [event] = security_events("security.reset_refused")
    assert event.request_id == response.headers["X-Request-ID"]
    assert event.details == {"route": "/password/reset", "method": "GET"}
    [line] = log_lines(caplog, "security.reset_refused")
    assert "a-guessed-token" not in line
    assert "a-guessed-token" not in str([e.details for e in db.session.scalars(select(AuditEvent))])


def test_a_flood_of_refusals_is_audited_up_to_the_limit_and_logged_in_full(
    client, login_as, caplog
):
    login_as("employee")
    caplog.set_level(logging.WARNING)
    attacker = {"REMOTE_ADDR": "203.0.113.66"}
    with time_machine.travel(utcnow(), tick=False) as clock:
        for _ in range(30):
            assert client.get("/admin/audit", environ_base=attacker).status_code == 403
        assert len(security_events("security.forbidden")) == 10
        assert len(log_lines(caplog, "security.forbidden")) == 30
        # Another address is counted apart, and the next minute is counted afresh.
        client.get("/admin/outbox", environ_base={"REMOTE_ADDR": "198.51.100.8"})
        assert len(security_events("security.forbidden")) == 11
        clock.shift(timedelta(seconds=61))
        client.get("/admin/audit", environ_base=attacker)
        assert len(security_events("security.forbidden")) == 12


def test_a_migration_run_in_the_process_leaves_the_application_log_on(app, tmp_path):
    """Alembic configures logging from alembic.ini; the loggers that exist stay enabled."""
    from flask_migrate import upgrade

    from app import create_app
    from tests.conftest import settings_for_tests

    migrated = create_app(settings_for_tests(f"sqlite:///{tmp_path / 'migrated.sqlite'}"))
    with migrated.app_context():
        upgrade()
        db.engine.dispose()
    assert not app.logger.disabled
    assert not migrated.logger.disabled
