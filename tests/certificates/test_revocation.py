"""Revocation by HR: a reason, the choice of publishing it, a conditional update audited once,
the holder told by e-mail once (through the real SMTP server), and a second revocation that
changes nothing and says so."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.audit.origin import COMMAND_LINE
from app.certificates.models import REVOKED, VALID
from app.certificates.revocation import ReasonRefused, revoke_certificate
from app.extensions import db
from app.outbox.models import OutboxMessage
from tests.assignments.notify_helpers import text_and_html
from tests.certificates.register_helpers import certificate_row, make_certificate
from tests.factories import make_person
from tests.smtp_server import send


@pytest.fixture
def holder(app):
    person = make_person(display_name="Ana Lima", email="ana@relais.example", language="en")
    db.session.commit()
    return person


@pytest.fixture
def certificate(holder):
    found = make_certificate(holder, issued_on=date(2026, 3, 2))
    db.session.commit()
    return found


def revoke(client, serial: str, reason="Completed by someone else", publish=False):
    data = {"revoke-reason": reason}
    if publish:
        data["revoke-publish_reason"] = "y"
    return client.post(f"/admin/certificates/{serial}/revoke", data=data)


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_hr_revokes_with_a_reason_kept_private(certificate, client, login_as):
    hr = login_as("hr", language="en")
    response = revoke(client, certificate.serial)
    assert response.status_code == 302
    row = certificate_row(certificate.id)
    assert (row.state, row.revoked_by_id, row.reason_is_public) == (REVOKED, hr.id, False)
    assert row.revocation_reason == "Completed by someone else"
    assert row.revoked_at is not None
    [event] = events("certificate.revoked")
    assert event.actor_id == hr.id and event.subject_id == certificate.person_id
    assert event.details["serial"] == certificate.serial
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The certificate is revoked; its holder is told by e-mail." in page
    assert "Not shown on the public verification page" in page


def test_hr_may_publish_the_reason(certificate, client, login_as):
    login_as("hr", language="en")
    revoke(client, certificate.serial, publish=True)
    assert certificate_row(certificate.id).reason_is_public is True


def test_revoking_twice_says_so_and_changes_nothing(certificate, client, login_as):
    login_as("hr", language="en")
    revoke(client, certificate.serial, reason="First reason")
    before = certificate_row(certificate.id)
    revoked_at, messages = before.revoked_at, outbox_count()
    response = revoke(client, certificate.serial, reason="Second reason", publish=True)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This certificate was already revoked: nothing was changed." in page
    after = certificate_row(certificate.id)
    assert (after.revocation_reason, after.revoked_at, after.reason_is_public) == (
        "First reason",
        revoked_at,
        False,
    )
    assert len(events("certificate.revoked")) == 1
    assert outbox_count() == messages == 1


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Give a reason: it is kept in the certificate&#39;s history."),
        ("   \n\t ", "Give a reason: it is kept in the certificate&#39;s history."),
        ("x" * 501, "501 characters is too long; shorten it to 500 at most"),
    ],
    ids=["empty", "only-spaces", "too-long"],
)
def test_a_reason_that_cannot_be_kept_is_refused(certificate, client, login_as, reason, message):
    login_as("hr", language="en")
    response = revoke(client, certificate.serial, reason=reason)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert certificate_row(certificate.id).state == VALID
    assert events("certificate.revoked") == [] and outbox_count() == 0


def test_the_refusal_is_in_french_for_a_french_reader(certificate, client, login_as):
    login_as("hr", language="fr")
    response = revoke(client, certificate.serial, reason="")
    assert "Donnez une raison\u202f: elle est gardée dans l’historique du certificat." in (
        response.get_data(as_text=True)
    )


@pytest.mark.parametrize("serial", ["RL-2026-999999", "not-a-serial", "RL-2026-1"])
def test_an_unknown_serial_is_not_found(certificate, client, login_as, serial):
    login_as("hr", language="en")
    assert revoke(client, serial).status_code == 404
    assert certificate_row(certificate.id).state == VALID


def test_the_service_refuses_an_empty_reason(certificate, holder):
    with pytest.raises(ReasonRefused):
        revoke_certificate(
            certificate, by=holder, reason=" ", publish_reason=False, origin=COMMAND_LINE
        )
    assert certificate_row(certificate.id).state == VALID


def test_the_service_says_whether_it_revoked(certificate):
    hr = make_person(roles=("hr",))
    first = revoke_certificate(
        certificate, by=hr, reason="Fraud", publish_reason=True, origin=COMMAND_LINE
    )
    second = revoke_certificate(
        certificate, by=hr, reason="Again", publish_reason=False, origin=COMMAND_LINE
    )
    db.session.commit()
    assert (first, second) == (True, False)
    assert certificate_row(certificate.id).revocation_reason == "Fraud"


def test_the_holder_is_told_once_by_e_mail_in_english(
    app, certificate, client, login_as, smtp_server
):
    login_as("hr", language="fr")  # HR's language is not the holder's
    revoke(client, certificate.serial, reason="Quiz passed by a colleague")
    revoke(client, certificate.serial, reason="Again")
    handler, port = smtp_server()
    assert send(app, port).exit_code == 0
    assert send(app, port).exit_code == 0
    [mail] = handler.received()
    assert mail["To"] == "ana@relais.example"
    assert mail["Subject"] == f"Your certificate {certificate.serial} is revoked"
    text, html = text_and_html(mail)
    assert "Hello Ana Lima," in text
    assert (
        f"Your certificate {certificate.serial} for the track “Employees' track”, issued on "
        "March 2, 2026, has been revoked by HR." in text
    )
    assert "Reason: Quiz passed by a colleague" in text
    link = f"https://relais.example/verify/{certificate.verification_code}"
    assert link in text and f'<a href="{link}">' in html
    assert '<html lang="en">' in html


def test_a_french_holder_reads_it_in_french_with_the_reason_escaped(
    app, client, login_as, smtp_server
):
    holder = make_person(display_name="Léa Roy", email="lea@relais.example", language="fr")
    certificate = make_certificate(holder, issued_on=date(2026, 12, 1))
    db.session.commit()
    login_as("hr", language="en")
    revoke(client, certificate.serial, reason="<script>alert(1)</script> doublon")
    handler, port = smtp_server()
    send(app, port)
    [mail] = handler.received()
    assert mail["Subject"] == f"Votre certificat {certificate.serial} est révoqué"
    text, html = text_and_html(mail)
    assert "Bonjour Léa Roy," in text
    assert "délivré le 1er décembre 2026, a été révoqué par les RH." in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; doublon" in html
    assert "<script>" not in html


def test_a_deactivated_holder_gets_no_e_mail(certificate, holder, client, login_as):
    holder.active = False
    db.session.commit()
    login_as("hr", language="en")
    revoke(client, certificate.serial)
    assert certificate_row(certificate.id).state == REVOKED
    assert outbox_count() == 0


def test_the_page_of_a_revoked_certificate_offers_no_action(certificate, client, login_as):
    login_as("hr", language="en")
    revoke(client, certificate.serial, reason="Fraud", publish=True)
    page = client.get(f"/admin/certificates/{certificate.serial}").get_data(as_text=True)
    assert "Revoke the certificate" not in page and "Re-issue the certificate" not in page
    assert "Shown on the public verification page" in page and "Fraud" in page
