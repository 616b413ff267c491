"""Password reset: same answer for everyone, a link from configuration, single use, expiry."""

import re
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.database import utcnow
from app.extensions import db
from app.outbox.models import OutboxMessage
from app.outbox.services import body_to_send
from app.people.models import PasswordReset
from app.people.sessions import token_digest
from tests.conftest import sign_in
from tests.factories import TEST_PASSWORD, make_person
from tests.people.test_password_change import change

NEW_PASSWORD = "a fresh and long passphrase"


def reset_link(recipient: str) -> str:
    """The link as the e-mail delivers it (the stored body holds a placeholder instead)."""
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == recipient))
    return re.search(r"https://\S+", body_to_send(message)).group(0)


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


def open_link(client, email):
    client.get(reset_link(email).removeprefix("https://relais.example"))


def post_new_password(client, password=NEW_PASSWORD):
    return client.post("/password/reset", data={"new_password": password, "confirm": password})


def test_a_password_change_cancels_a_link_asked_for_before(client, app):
    person = make_person()
    db.session.commit()
    ask_reset(client, person.email)
    signed_in = app.test_client()
    sign_in(signed_in, person.email)
    assert change(signed_in, TEST_PASSWORD, "the owner's own new phrase").status_code == 302
    open_link(client, person.email)
    assert client.get("/password/reset").status_code == 400
    assert post_new_password(client).status_code == 400


def test_a_password_set_any_other_way_cancels_the_link(client, app):
    from app.people.services import set_password

    person = make_person()
    db.session.commit()
    ask_reset(client, person.email)
    set_password(person, "set by a command or an admin page")
    db.session.commit()
    open_link(client, person.email)
    assert client.get("/password/reset").status_code == 400


def test_deactivation_cancels_the_link(client, app):
    from app.audit.origin import COMMAND_LINE
    from app.people.services import deactivate_person

    person = make_person()
    db.session.commit()
    ask_reset(client, person.email)
    deactivate_person(person, None, COMMAND_LINE)
    person.active = True  # even if reactivated later, the old link stays dead
    db.session.commit()
    open_link(client, person.email)
    assert client.get("/password/reset").status_code == 400


def test_deactivation_by_the_people_import_cancels_the_link(client, app):
    from app.audit.origin import COMMAND_LINE
    from app.people.importer import import_people

    kept = make_person(email="kept@relais.example")
    leaver = make_person()
    db.session.commit()
    ask_reset(client, leaver.email)
    csv = (
        "email,name,department,office,manager_email,roles,language\n"
        f"{kept.email},Kept,it,quebec,,admin,fr\n"
    )
    summary = import_people(
        csv.encode(), importer=None, origin=COMMAND_LINE, deactivate_missing=True, dry_run=False
    )
    db.session.commit()
    assert summary.deactivated == [leaver.email]
    db.session.refresh(leaver)
    leaver.active = True  # the check that follows is about the link, not the flag
    db.session.commit()
    open_link(client, leaver.email)
    assert client.get("/password/reset").status_code == 400


def test_a_new_link_cancels_the_older_one(client, app):
    person = make_person()
    db.session.commit()
    ask_reset(client, person.email)
    first = reset_link(person.email)
    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()
    ask_reset(client, person.email)
    second = reset_link(person.email)
    assert first != second
    old = app.test_client()
    old.get(first.removeprefix("https://relais.example"))
    assert old.get("/password/reset").status_code == 400
    client.get(second.removeprefix("https://relais.example"))
    assert post_new_password(client).status_code == 302


def test_a_deactivated_person_link_is_refused_like_an_unknown_one(client, app):
    person = make_person()
    db.session.commit()
    ask_reset(client, person.email)
    open_link(client, person.email)
    assert client.get("/password/reset").status_code == 200
    # Deactivated without going through the service (rows from before tokens were cancelled).
    person.active = False
    db.session.commit()
    unknown = app.test_client()
    unknown.get("/password/reset/made-up-token")
    expected = unknown.get("/password/reset").get_data(as_text=True)
    page = client.get("/password/reset")
    assert page.status_code == 400
    assert page.get_data(as_text=True).count("n’est plus valide") == 1
    assert _main(page.get_data(as_text=True)) == _main(expected)
    posted = post_new_password(client)
    assert posted.status_code == 400
    assert _main(posted.get_data(as_text=True)) == _main(expected)
    events = [e.action for e in db.session.scalars(select(AuditEvent))]
    assert "password.reset" not in events


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_resets_are_limited_per_recipient_with_the_same_answer(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False, TRUSTED_PROXIES="127.0.0.1/32")
    with app.app_context():
        from tests.conftest import empty_all_tables

        empty_all_tables()
        person = make_person()
        db.session.commit()
        answers = []
        for n in range(6):  # six clients behind the proxy, one request each
            client = app.test_client()
            response = ask_reset(client, person.email, **{"X-Forwarded-For": f"203.0.113.{n}"})
            answers.append((response.status_code, response.headers["Location"]))
            assert "Si un compte utilise cette adresse" in client.get("/login").get_data(
                as_text=True
            )
        assert answers == [(302, "/login")] * 6
        count = select(func.count(OutboxMessage.id)).where(OutboxMessage.recipient == person.email)
        assert app.config["PASSWORD_RESET_LIMIT_PER_RECIPIENT"] == "3 per hour"
        assert db.session.scalar(count) == 3
        limited = [
            e for e in db.session.scalars(select(AuditEvent)) if e.action.endswith("limited")
        ]
        assert len(limited) == 3
        db.session.remove()


def test_the_recipient_limit_answers_unknown_addresses_the_same_way(client, app):
    for _ in range(5):
        response = ask_reset(client, "nobody@relais.example")
        assert (response.status_code, response.headers["Location"]) == (302, "/login")


def test_the_stored_e_mail_holds_no_working_link(client, app):
    person = make_person()
    db.session.commit()
    ask_reset(client, person.email)
    stored = db.session.scalar(select(OutboxMessage)).body
    token = reset_link(person.email).rsplit("/", 1)[1]
    assert token not in stored
    assert re.search(r"/password/reset/\{sealed:[\w-]+\}", stored)
    for word in re.findall(r"[\w-]{16,}", stored):  # nothing in it opens the reset page
        probe = app.test_client()
        probe.get(f"/password/reset/{word}")
        assert probe.get("/password/reset").status_code == 400
    reset = db.session.scalar(select(PasswordReset))
    assert reset.token_hash == token_digest(token) and token not in reset.token_hash


def test_the_link_made_at_sending_depends_on_the_secret_key(client, app):
    person = make_person()
    db.session.commit()
    ask_reset(client, person.email)
    first = reset_link(person.email)
    app.config["SECRET_KEY"] = "another-secret-key-that-is-long-enough-9876543210"
    assert reset_link(person.email) != first  # a dump without SECRET_KEY cannot make it
