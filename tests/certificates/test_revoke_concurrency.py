"""Two HR people revoke the same certificate at the same moment, many times each, against a
live server in its own process: it is revoked once (one reason, one revoker), audited once,
and its holder is sent one e-mail. On a SQLite file and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.certificates.models import REVOKED, Certificate
from app.extensions import db
from app.notify.models import MessageLog
from app.outbox.models import OutboxMessage
from tests.certificates.register_helpers import make_certificate
from tests.factories import make_person
from tests.quiz import test_concurrency as quiz_concurrency
from tests.quiz.test_concurrency import all_at_once, post, served, sign_in_cookie

live_database = quiz_concurrency.live_database  # the same fixture: SQLite file, PostgreSQL
REQUESTS_EACH = 10


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_two_hr_people_revoking_at_once_revoke_once(live_database):
    holder = make_person(language="en", email="holder@relais.example")
    certificate = make_certificate(holder)
    hr = [make_person(roles=("hr",), language="en") for _ in range(2)]
    db.session.commit()
    path = f"/admin/certificates/{certificate.serial}/revoke"
    with served(live_database) as base_url:
        cookies = [sign_in_cookie(base_url, person.email) for person in hr]
        calls = [(cookies[n % 2], f"reason {n}") for n in range(2 * REQUESTS_EACH)]

        def revoke():
            cookie, reason = calls.pop()
            return post(base_url, path, cookie, {"revoke-reason": reason})

        results = all_at_once(len(calls), revoke)
    statuses = sorted(status for status, _location in results)
    assert statuses == [302] + [303] * (2 * REQUESTS_EACH - 1)  # one revoked, the rest told
    db.session.expire_all()
    row = db.session.get(Certificate, certificate.id)
    assert row.state == REVOKED and row.revoked_by_id in {person.id for person in hr}
    assert count(AuditEvent, AuditEvent.action == "certificate.revoked") == 1
    assert count(MessageLog) == 1
    assert count(OutboxMessage, OutboxMessage.recipient == "holder@relais.example") == 1
