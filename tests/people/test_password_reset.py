"""Password reset: same answer for everyone, a link from configuration, single use, expiry."""

import re
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.database import utcnow
from app.extensions import db
from app.outbox.models import OutboxMessage
from tests.conftest import sign_in
from tests.factories import TEST_PASSWORD, make_person

NEW_PASSWORD = "a fresh and long passphrase"


def reset_link(recipient: str) -> str:
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == recipient))
    return re.search(r"https://\S+", message.body).group(0)


def ask_reset(client, email, **headers):
    return client.post("/password/forgot", data={"email": email}, headers=headers)


def test_known_and_unknown_addresses_get_the_same_answer(client, app):
    person = make_person()
    db.session.commit()
    known = ask_reset(client, person.email)
    unknown = ask_reset(client, "nobody@relais.example")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    flash_known = client.get("/login").get_data(as_text=True)
    assert "Si un compte utilise cette adresse" in flash_known
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_the_request_only_queues_the_email_even_with_a_mail_server_configured(client, app):
    # A closed port: a delivery attempted inside the request would count an attempt and an error.
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=9, SMTP_STARTTLS=False)
    person = make_person()
    db.session.commit()
    assert ask_reset(client, person.email).status_code == 302
    message = db.session.scalar(select(OutboxMessage))
    assert (message.sent_at, message.attempts, message.last_error) == (None, 0, "")


def test_link_uses_the_configured_host_not_the_request_host(client, app):
    person = make_person()
    db.session.commit()
    ask_reset(client, person.email, Host="evil.example")
    link = reset_link(person.email)
    assert link.startswith("https://relais.example/password/reset/")


def test_email_is_written_in_the_person_language(client, app):
    person = make_person(language="en")
    db.session.commit()
    ask_reset(client, person.email)
    message = db.session.scalar(select(OutboxMessage))
    assert message.subject == "Reset your Relais password"


def test_link_sets_a_new_password_once_and_ends_sessions(client, app):
    person = make_person()
    db.session.commit()
    signed_in = app.test_client()
    sign_in(signed_in, person.email)
    ask_reset(client, person.email)
    path = reset_link(person.email).removeprefix("https://relais.example")
    opened = client.get(path)
    assert opened.headers["Location"] == "/password/reset"  # the token leaves the address bar
    response = client.post(
        "/password/reset", data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in.get("/").status_code == 302
    assert sign_in(app.test_client(), person.email, TEST_PASSWORD).status_code == 400
    assert sign_in(app.test_client(), person.email, NEW_PASSWORD).status_code == 302
    again = app.test_client()
    again.get(path)
    assert again.get("/password/reset").status_code == 400  # single use


def test_link_expires(client, app):
    person = make_person()
    db.session.commit()
    with time_machine.travel(utcnow(), tick=False) as clock:
        ask_reset(client, person.email)
        path = reset_link(person.email).removeprefix("https://relais.example")
        clock.shift(timedelta(hours=app.config["PASSWORD_RESET_HOURS"], minutes=1))
        client.get(path)
        page = client.get("/password/reset")
    assert page.status_code == 400
    assert "n’est plus valide" in page.get_data(as_text=True)


def test_weak_new_password_is_refused_and_link_stays_usable(client, app):
    person = make_person()
    db.session.commit()
    ask_reset(client, person.email)
    client.get(reset_link(person.email).removeprefix("https://relais.example"))
    response = client.post(
        "/password/reset", data={"new_password": "password", "confirm": "password"}
    )
    assert response.status_code == 200
    assert "plus courants" in response.get_data(as_text=True)
    ok = client.post(
        "/password/reset", data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert ok.status_code == 302


def test_tokens_never_reach_the_audit_log(client, app):
    person = make_person()
    db.session.commit()
    ask_reset(client, person.email)
    token = reset_link(person.email).rsplit("/", 1)[1]
    client.get(f"/password/reset/{token}")
    client.post("/password/reset", data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    for event in db.session.scalars(select(AuditEvent)):
        assert token not in str(event.details) and NEW_PASSWORD not in str(event.details)


def test_made_up_token_is_refused(client, app):
    client.get("/password/reset/made-up-token")
    assert client.get("/password/reset").status_code == 400
