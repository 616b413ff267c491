"""``flask outbox send`` against a real SMTP server (aiosmtpd), started by each test."""

from __future__ import annotations

import email.policy
from email import message_from_bytes

from sqlalchemy import select

from app.extensions import db
from app.outbox.models import OutboxMessage
from app.outbox.services import new_sealed_secret, queue_email
from tests.smtp_server import send


def queued(recipient="ada@relais.example", subject="Bienvenue", body="Bonjour", sensitive=False):
    queue_email(recipient, subject, body, sensitive=sensitive)
    db.session.commit()


def test_send_delivers_marks_sent_and_a_second_run_sends_nothing(app, smtp_server):
    handler, port = smtp_server()
    queued(sensitive=True, body="https://relais.example/password/reset/secret")
    first = send(app, port)
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "sent 1, failed 0"
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["ada@relais.example"]
    delivered = message_from_bytes(envelope.content)
    assert delivered["To"] == "ada@relais.example"
    assert delivered["Subject"] == "Bienvenue"
    assert delivered["From"] == app.config["MAIL_FROM"]
    assert "https://relais.example/password/reset/secret" in delivered.get_payload()
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage))
    assert message.sent_at is not None
    assert (message.attempts, message.last_error, message.body) == (1, "", "")
    second = send(app, port)
    assert second.exit_code == 0
    assert second.output.strip() == "sent 0, failed 0"
    assert len(handler.envelopes) == 1


def test_a_sealed_secret_is_made_only_when_the_message_is_sent(app, smtp_server):
    handler, port = smtp_server()
    placeholder, secret = new_sealed_secret()
    queued(sensitive=True, body=f"https://relais.example/password/reset/{placeholder}")
    assert secret not in db.session.scalar(select(OutboxMessage)).body
    assert send(app, port).exit_code == 0
    content = handler.envelopes[0].content
    delivered = message_from_bytes(content, policy=email.policy.default).get_content()
    assert f"https://relais.example/password/reset/{secret}" in delivered
    assert placeholder not in delivered


def test_a_refused_delivery_stays_queued_with_the_error(app, smtp_server):
    handler, port = smtp_server(refusal="550 5.1.1 Mailbox unavailable")
    queued()
    result = send(app, port)
    assert handler.envelopes == []
    assert result.exit_code == 1
    assert result.output.strip() == "sent 0, failed 1"
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage))
    assert message.sent_at is None
    assert message.attempts == 1
    assert message.last_error.startswith("SMTPDataError: (550, b'5.1.1 Mailbox unavailable')")
    assert message.body == "Bonjour"


def test_without_smtp_host_nothing_is_delivered_and_the_command_says_so(app):
    queued()
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "SMTP_HOST is not set: nothing was delivered." in result.output
    assert db.session.scalar(select(OutboxMessage)).sent_at is None
