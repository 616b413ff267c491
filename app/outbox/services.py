"""The e-mail outbox: queued in the caller's transaction, delivered afterwards by a command."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from app.database import utcnow
from app.extensions import db
from app.outbox.models import OutboxMessage


def queue_email(recipient: str, subject: str, body: str, sensitive: bool = False) -> None:
    """Queue an e-mail; ``flask outbox send`` delivers it once the caller has committed."""
    db.session.add(
        OutboxMessage(recipient=recipient, subject=subject, body=body, sensitive=sensitive)
    )


def deliver_pending_emails(limit: int = 50) -> tuple[int, int]:
    """Send what the outbox holds over SMTP; returns (sent, failed). Needs SMTP_HOST."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return 0, 0
    pending = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < 10)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = failed = 0
    for message in pending:
        message.attempts += 1
        try:
            _send(message, config)
        except (OSError, smtplib.SMTPException) as error:
            message.last_error = f"{type(error).__name__}: {error}"[:500]
            failed += 1
            continue
        message.sent_at = utcnow()
        message.last_error = ""
        if message.sensitive:
            message.body = ""
        sent += 1
    return sent, failed


def _send(message: OutboxMessage, config) -> None:
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(email)


def recent_messages(limit: int = 100) -> list[OutboxMessage]:
    """The latest messages, newest first, for the admin page."""
    return list(
        db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit))
    )
