"""The e-mail outbox: queued in the caller's transaction, delivered afterwards by a command."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Sequence
from email.utils import parseaddr

from flask import current_app
from sqlalchemy import insert, select

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


def unsealed(text: str) -> str:
    """The text as delivered: every sealed placeholder replaced by its secret."""
    return SEAL.sub(lambda match: _unseal(match.group(1)), text)


def body_to_send(message: OutboxMessage) -> str:
    """The plain-text body as delivered."""
    return unsealed(message.body)


def queue_email(recipient: str, subject: str, body: str, **options) -> OutboxMessage:
    """Queue an e-mail (plain text, with an HTML alternative when given: the options are
    ``email_values``'s); ``flask outbox send`` delivers it once the caller has committed."""
    message = OutboxMessage(**email_values(recipient, subject, body, **options))
    db.session.add(message)
    return message


def email_values(
    recipient: str,
    subject: str,
    body: str,
    *,
    html_body: str = "",
    cc: Iterable[str] = (),
    sensitive: bool = False,
) -> dict:
    """The columns of a queued e-mail, for ``queue_email`` and ``queue_emails``."""
    return {
        "recipient": recipient,
        "cc": ", ".join(cc),
        "subject": subject,
        "body": body,
        "html_body": html_body,
        "message_id": new_message_id(current_app.config["MAIL_FROM"]),
        "sensitive": sensitive,
    }


def queue_emails(emails: Sequence[dict]) -> list[int]:
    """Queue many e-mails (each given by ``email_values``) in one statement however many, so a
    command queuing thousands makes one round trip; their ids, in the order given."""
    if not emails:
        return []
    # Matched back by Message-ID (random, one per e-mail) rather than asking for the rows in the
    # order given, which SQLite can only do one row at a time.
    statement = insert(OutboxMessage).returning(OutboxMessage.id, OutboxMessage.message_id)
    ids = {row.message_id: row.id for row in db.session.execute(statement, list(emails))}
    return [ids[email["message_id"]] for email in emails]


def new_message_id(sender: str) -> str:
    """A unique Message-ID in the sender's domain: 128 random bits, no host name or process id,
    and short enough that the header is never folded."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return f"<{secrets.token_hex(16)}@{domain}>"


def recent_messages(limit: int = 100) -> list[OutboxMessage]:
    """The latest messages, newest first, for the admin page."""
    return list(
        db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit))
    )
