"""HR's certificate routes refuse employees and managers (403) and change nothing for them:
no revocation, no re-issue, no e-mail, no audit event, no PDF handed out."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.certificates.models import VALID, Certificate, CertificateDocument
from app.extensions import db
from app.outbox.models import OutboxMessage
from app.people.models import Person
from tests.certificates.register_helpers import make_certificate, store_pdf


@pytest.fixture
def certificate(app):
    found = make_certificate()
    store_pdf(found)
    db.session.commit()
    return found


def snapshot(certificate_id: int) -> tuple:
    db.session.expire_all()
    row = db.session.get(Certificate, certificate_id)
    return (
        row.state,
        row.holder_name,
        row.render_requested_at,
        db.session.scalar(select(func.count()).select_from(CertificateDocument)),
        db.session.scalar(select(func.count()).select_from(OutboxMessage)),
        db.session.scalar(select(func.count()).where(AuditEvent.action.like("certificate.%"))),
    )


def routes(serial: str) -> list[tuple[str, str, dict]]:
    reason = {"reason": "Because", "revoke-reason": "Because", "reissue-reason": "Because"}
    return [
        ("GET", "/admin/certificates", {}),
        ("GET", "/admin/certificates.zip", {}),
        ("GET", f"/admin/certificates/{serial}", {}),
        ("GET", f"/admin/certificates/{serial}/v1.pdf", {}),
        ("POST", f"/admin/certificates/{serial}/revoke", reason),
        ("POST", f"/admin/certificates/{serial}/reissue", reason),
        ("GET", "/admin/certificates/reissue", {}),
        ("POST", "/admin/certificates/reissue", {**reason, "previewed": "x"}),
    ]


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_employees_and_managers_are_refused_and_nothing_changes(certificate, client, login_as, who):
    # The manager manages the holder: managing someone gives no say over their certificates.
    person = login_as(who)
    holder = db.session.get(Person, certificate.person_id)
    holder.manager_id = person.id
    db.session.commit()
    before = snapshot(certificate.id)
    for method, path, data in routes(certificate.serial):
        response = client.open(path, method=method, data=data)
        assert response.status_code == 403, (method, path)
        assert b"%PDF" not in response.get_data() and b"PK\x03\x04" not in response.get_data()
    assert snapshot(certificate.id) == before
    assert before[0] == VALID


def test_the_holder_may_not_revoke_their_own_certificate(certificate, client, login_as):
    holder = db.session.get(Person, certificate.person_id)
    login_as(holder)
    before = snapshot(certificate.id)
    response = client.post(
        f"/admin/certificates/{certificate.serial}/revoke", data={"revoke-reason": "Mine"}
    )
    assert response.status_code == 403
    assert snapshot(certificate.id) == before
