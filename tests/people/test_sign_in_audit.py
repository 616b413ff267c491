"""What the audit log keeps of a failed sign-in: a known account's address, never the text an
unknown visitor typed (it may be a passphrase typed in the wrong box), only a keyed hash of it."""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import sign_in
from tests.factories import make_person

PASSPHRASE = "Correct Horse Battery Staple 1987"


def failures() -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == "sign_in.failure")
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_a_known_account_is_recorded_by_its_address(app, client):
    person = make_person(email="connu@relais.example")
    db.session.commit()

    sign_in(client, "  Connu@Relais.example ", "not the password")

    [event] = failures()
    assert event.details == {"email": "connu@relais.example"}
    assert event.subject_id == person.id


def test_what_an_unknown_visitor_typed_is_kept_only_as_a_keyed_hash(app, client):
    sign_in(client, PASSPHRASE, "anything")

    [event] = failures()
    key = app.config["SECRET_KEY"].encode()
    typed = PASSPHRASE.strip().lower().encode()
    expected = hmac.new(key, typed, hashlib.sha256).hexdigest()[:16]
    assert event.details == {"typed_hash": expected}
    assert event.subject_id is None
    assert PASSPHRASE.lower() not in str(event.details).lower()


def test_the_same_text_typed_twice_gives_the_same_hash_and_another_text_another(app, client):
    sign_in(client, "stranger@relais.example", "one")
    sign_in(client, "STRANGER@relais.example", "two")
    sign_in(client, "other@relais.example", "three")

    first, second, third = (event.details["typed_hash"] for event in failures())
    assert first == second != third


def test_the_hash_depends_on_the_secret_key(app_factory):
    hashes = []
    for secret in ("a-first-secret-key-long-enough-0123456789", "another-secret-key-0123456789ab"):
        other = app_factory(WTF_CSRF_ENABLED=False, SECRET_KEY=secret)
        with other.app_context():
            sign_in(other.test_client(), "stranger@relais.example", "guess")
            hashes.append(failures()[-1].details["typed_hash"])
            db.session.remove()
    assert hashes[0] != hashes[1]


def test_the_audit_page_never_shows_what_an_unknown_visitor_typed(app, client, login_as):
    sign_in(app.test_client(), PASSPHRASE, "anything")
    login_as("admin", language="en")

    page = client.get("/admin/audit", query_string={"action": "sign_in.failure"})

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "sign_in.failure" in html and "typed text (hash): " in html
    assert PASSPHRASE.lower() not in html.lower()


def test_a_reset_asked_for_an_unknown_address_keeps_only_the_hash_too(app, client):
    client.post("/password/forgot", data={"email": "inconnu@relais.example"})

    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "password.reset_unknown")
    )
    assert set(event.details) == {"typed_hash"}
    assert "inconnu" not in str(event.details)
