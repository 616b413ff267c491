"""The e-mail outbox: queued in the caller's transaction, delivered afterwards by a command."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from app.database import utcnow
from app.extensions import db
from app.outbox.models import OutboxMessage

# A secret that a message carries (a reset link's token) is never stored, not even until the
# message is sent: the body keeps a placeholder naming a random seal, and the secret is derived
# from the seal and SECRET_KEY only when the message goes out. The caller stores just a hash of
# it. So whoever reads the database (a dump, a backup, the outbox table) holds no working link,
# sent or not, with or without a mail server; wiping the body once sent (still done for
# sensitive messages) would leave the links readable until delivery, and for ever without SMTP.
# Changing SECRET_KEY voids the links of messages still queued; they expire within hours anyway.
SEAL = re.compile(r"\{sealed:([A-Za-z0-9_-]{22})\}")


def new_sealed_secret() -> tuple[str, str]:
    """A (placeholder, secret) pair: the placeholder goes in the body, the secret only into a
    hash the caller keeps; the outbox puts the secret in place of the placeholder at sending."""
    seal = secrets.token_urlsafe(16)
    return "{sealed:" + seal + "}", _unseal(seal)


def _unseal(seal: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"relais-outbox-seal:" + seal.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def body_to_send(message: OutboxMessage) -> str:
    """The body as delivered: every sealed placeholder replaced by its secret."""
    return SEAL.sub(lambda match: _unseal(match.group(1)), message.body)


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
    email.set_content(body_to_send(message))
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
