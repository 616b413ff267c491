"""The audit log records the origin its caller passes: the request's, or the command line's."""

from flask import g
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.audit.origin import COMMAND_LINE, RequestOrigin, request_origin
from app.audit.services import record_event
from app.extensions import db
from tests.factories import TEST_PASSWORD, make_person


def only_event(action: str) -> AuditEvent:
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action))
    return event


def test_an_event_keeps_the_origin_given_and_drops_secrets(app):
    person = make_person()
    record_event(
        "example.done",
        origin=RequestOrigin(ip="192.0.2.7", request_id="r-1"),
        actor=person,
        subject=person,
        details={"course": "x", "password": "hunter2", "token": "t"},
    )
    db.session.commit()
    event = only_event("example.done")
    assert (event.ip, event.request_id) == ("192.0.2.7", "r-1")
    assert (event.actor_id, event.subject_id) == (person.id, person.id)
    assert event.details == {"course": "x"}


def test_request_origin_reads_the_client_address_and_the_request_id(app):
    with app.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.4"}):
        g.request_id = "the-request"  # what the factory's before_request hook assigns
        origin = request_origin()
    assert origin == RequestOrigin(ip="198.51.100.4", request_id="the-request")


def test_a_sign_in_is_recorded_with_the_request_it_came_from(app, client):
    person = make_person()
    db.session.commit()
    response = client.post(
        "/login",
        data={"email": person.email, "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert response.status_code == 302
    event = only_event("sign_in.success")
    assert event.ip == "203.0.113.9"
    assert event.request_id == response.headers["X-Request-ID"]


def test_a_command_is_recorded_as_the_command_line(app):
    result = app.test_cli_runner().invoke(
        args=["people", "add-office", "lyon", "Lyon", "--country", "FR", "--timezone", "UTC"]
    )
    assert result.exit_code == 0, result.output
    event = only_event("office.created")
    assert (event.ip, event.request_id) == (COMMAND_LINE.ip, "cli")
