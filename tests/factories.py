"""Small factories: each makes one valid object, overridable field by field."""

from __future__ import annotations

import itertools
import json

from app.extensions import db
from app.models import AuditEvent, OutboxMessage
from app.people.models import Office, Person, PersonRole
from app.people.services import set_password

TEST_PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


# The key that production settings in tests sign credentials with (production on PostgreSQL
# refuses to start without one); made by `flask --app wsgi certificates new-signing-key`.
SIGNING_KEY = json.dumps(
    {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": "GO8woqBLXhYUQkZMkvOq-hLWo5VyCNe-m6wZk6u9I2s",
        "d": "BO0L031Go4DKZQEFIwjW4L6EYa4QJZOAeQX03RsKw4k",
    }
)


def make_office(code: str = "quebec", **overrides) -> Office:
    existing = db.session.query(Office).filter_by(code=code).one_or_none()
    if existing is not None:
        return existing
    defaults = {
        "quebec": ("Québec", "CA", "America/Toronto"),
        "louvain-la-neuve": ("Louvain-la-Neuve", "BE", "Europe/Brussels"),
        "paris": ("Paris", "FR", "Europe/Paris"),
    }.get(code, (code.title(), "FR", "Europe/Paris"))
    values = dict(zip(("name", "country", "timezone"), defaults, strict=True))
    values.update(overrides)
    office = Office(code=code, **values)
    db.session.add(office)
    db.session.flush()
    return office


def make_person(roles=(), password: str | None = TEST_PASSWORD, **overrides) -> Person:
    n = next(_sequence)
    values = {
        "email": f"person{n}@relais.example",
        "display_name": f"Person {n}",
        "department": "communication",
        "language": "fr",
    }
    values.update(overrides)
    if "office" not in values and "office_id" not in values:
        values["office"] = make_office()
    person = Person(**values)
    for role in roles:
        person.granted_roles.append(PersonRole(role=role))
    db.session.add(person)
    if password is not None:
        set_password(person, password)
    db.session.flush()
    return person


def make_audit_event(**overrides) -> AuditEvent:
    values = {"action": "person.deactivated", "details": {}, "ip": "", "request_id": ""}
    values.update(overrides)
    event = AuditEvent(**values)
    db.session.add(event)
    db.session.flush()
    return event


def make_outbox_message(**overrides) -> OutboxMessage:
    values = {"recipient": "learner@relais.example", "subject": "Welcome", "body": "Hello."}
    values.update(overrides)
    message = OutboxMessage(**values)
    db.session.add(message)
    db.session.flush()
    return message
