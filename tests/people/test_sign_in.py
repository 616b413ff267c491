"""Sign-in, sign-out and the server-side session: a copied cookie dies with its session."""

from datetime import timedelta

import time_machine
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.audit.origin import COMMAND_LINE
from app.database import utcnow
from app.extensions import db
from app.people.models import Person, SignInSession
from app.people.passwords import HashingParameters, hash_password
from app.people.services import deactivate_person
from tests.conftest import sign_in
from tests.factories import TEST_PASSWORD, make_person


def session_cookie(client, app):
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def clone_client(app, cookie_value):
    clone = app.test_client()
    clone.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie_value)
    return clone


def test_wrong_password_is_refused_with_a_generic_message(client, app):
    person = make_person()
    db.session.commit()
    response = sign_in(client, person.email, "not the password")
    assert response.status_code == 400
    assert "Adresse e-mail ou mot de passe incorrect" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_unknown_and_known_emails_get_the_same_answer(client, app):
    person = make_person()
    db.session.commit()
    known = sign_in(client, person.email, "not the password").get_data(as_text=True)
    unknown = sign_in(client, "nobody@relais.example", "not the password").get_data(as_text=True)
    strip = lambda html: html.replace(person.email, "").replace("nobody@relais.example", "")  # noqa: E731
    assert strip(known) == strip(unknown)


def test_email_is_case_insensitive(client, app):
    make_person(email="mixed.case@relais.example")
    db.session.commit()
    assert sign_in(client, "  Mixed.Case@Relais.Example ").status_code == 302


def test_inactive_person_cannot_sign_in(client, app):
    person = make_person(active=False)
    db.session.commit()
    assert sign_in(client, person.email).status_code == 400


def test_copied_cookie_is_refused_after_logout(client, app):
    person = make_person()
    db.session.commit()
    sign_in(client, person.email)
    copied = session_cookie(client, app)
    client.post("/logout")
    thief = clone_client(app, copied)
    assert thief.get("/").status_code == 302
    record = db.session.scalar(select(SignInSession).where(SignInSession.person_id == person.id))
    assert record.end_reason == "logout"


def test_deactivation_ends_every_session(client, app):
    person = make_person()
    db.session.commit()
    sign_in(client, person.email)
    assert client.get("/").status_code == 200
    deactivate_person(db.session.get(Person, person.id), actor=None, origin=COMMAND_LINE)
    db.session.commit()
    assert client.get("/").status_code == 302


def test_password_change_ends_other_sessions_but_not_this_one(client, app):
    person = make_person()
    db.session.commit()
    other = app.test_client()
    sign_in(other, person.email)
    sign_in(client, person.email)
    response = client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302


def test_password_change_needs_the_current_password(client, app):
    person = make_person()
    db.session.commit()
    sign_in(client, person.email)
    response = client.post(
        "/account/password",
        data={
            "current_password": "wrong guess",
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert sign_in(app.test_client(), person.email).status_code == 302  # old one still works


def test_idle_session_times_out(client, app):
    person = make_person()
    db.session.commit()
    with time_machine.travel(utcnow(), tick=False) as clock:
        sign_in(client, person.email)
        clock.shift(timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] - 1))
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1))
        assert client.get("/").status_code == 302


def test_session_has_an_absolute_lifetime(client, app):
    person = make_person()
    db.session.commit()
    with time_machine.travel(utcnow(), tick=False) as clock:
        sign_in(client, person.email)
        hours = app.config["SESSION_ABSOLUTE_HOURS"]
        for _ in range(hours * 2 + 1):  # active every 30 minutes: never idle
            clock.shift(timedelta(minutes=30))
            response = client.get("/")
        assert response.status_code == 302


def test_tampered_cookie_is_ignored(client, app):
    person = make_person()
    db.session.commit()
    sign_in(client, person.email)
    value = session_cookie(client, app)
    tampered = clone_client(app, value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    assert tampered.get("/").status_code == 302


def test_password_is_rehashed_when_parameters_change(client, app):
    person = make_person(password=None)
    person.password_hash = hash_password(TEST_PASSWORD, HashingParameters(1, 16, 1))
    db.session.commit()
    old_hash = person.password_hash
    assert sign_in(client, person.email).status_code == 302
    db.session.expire_all()
    refreshed = db.session.get(Person, person.id)
    assert refreshed.password_hash != old_hash
    assert "m=8," in refreshed.password_hash  # the app's current memory cost


def test_sign_ins_and_failures_are_audited_without_secrets(client, app):
    person = make_person()
    db.session.commit()
    sign_in(client, person.email, "wrong guess here")
    sign_in(client, person.email)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["sign_in.failure", "sign_in.success"]
    assert events[0].subject_id == person.id and events[0].ip == "127.0.0.1"
    assert events[1].request_id
    for event in events:
        assert TEST_PASSWORD not in str(event.details)
        assert "wrong guess here" not in str(event.details)


def test_the_session_cookie_is_http_only(client, app):
    person = make_person()
    db.session.commit()
    response = sign_in(client, person.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
