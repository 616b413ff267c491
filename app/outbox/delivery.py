"""Delivery of the outbox over SMTP: each message claimed by one sender at a time, retried with
exponential backoff when refused, given up after the most attempts, never lost.

Several ``outbox send`` may run at once (two servers' cron). A sender claims one message in one
conditional ``UPDATE … RETURNING``: the row must still be pending, due and unclaimed (or its
claim lapsed) when the update runs. PostgreSQL re-checks that condition on the row it locks and
``SKIP LOCKED`` passes over rows another sender is claiming; SQLite runs one writer at a time,
so the second sender's update finds the row claimed. The claim is committed before the SMTP
conversation and the outcome after it, each in its own short transaction: a sender that dies
leaves a claim that lapses (the lease), and the message is tried again. The one window left is
a sender dying after the server accepted and before the outcome is written: the retry then
carries the same Message-ID, so the receiving side can tell it is one message.
"""

from __future__ import annotations

import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from sqlalchemy import and_, or_, select, update

from app.database import utcnow
from app.extensions import db
from app.outbox.models import FAILED, PENDING, SENT, OutboxMessage
from app.outbox.services import unsealed

# Sent with the claim, so the SMTP conversation needs nothing more from the database.
CLAIMED_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.claim_token,
    OutboxMessage.attempts,
    OutboxMessage.created_at,
    OutboxMessage.recipient,
    OutboxMessage.cc,
    OutboxMessage.subject,
    OutboxMessage.body,
    OutboxMessage.html_body,
    OutboxMessage.message_id,
    OutboxMessage.sensitive,
)
SMTP_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a refused message is tried again (the OUTBOX_ settings)."""

    max_attempts: int
    base: timedelta
    cap: timedelta
    lease: timedelta

    @classmethod
    def from_config(cls, config) -> RetryPolicy:
        return cls(
            max_attempts=config["OUTBOX_MAX_ATTEMPTS"],
            base=timedelta(seconds=config["OUTBOX_RETRY_BASE_SECONDS"]),
            cap=timedelta(seconds=config["OUTBOX_RETRY_CAP_SECONDS"]),
            lease=timedelta(seconds=config["OUTBOX_LEASE_SECONDS"]),
        )

    def delay_after(self, attempts: int) -> timedelta:
        """The wait after the given number of failed attempts: base, 2 × base, 4 × base, …"""
        return min(self.base * 2 ** (max(attempts, 1) - 1), self.cap)


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0


def claimable(now: datetime):
    """Pending, due, and claimed by nobody (or by a sender whose lease ran out)."""
    return and_(
        OutboxMessage.state == PENDING,
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now),
    )


def claim_next_email(now: datetime, policy: RetryPolicy):
    """Claim the message due first and count the attempt; its columns, or None when none is
    due. The attempt is counted at the claim, so a message that kills its sender still runs
    out of attempts instead of being retried for ever."""
    candidate = (
        select(OutboxMessage.id)
        .where(claimable(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has no row locks to skip
        .scalar_subquery()
    )
    claim = (
        update(OutboxMessage)
        .where(OutboxMessage.id == candidate, claimable(now))
        .values(
            claim_token=secrets.token_hex(16),
            claimed_until=now + policy.lease,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(*CLAIMED_COLUMNS)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(claim).first()


def record_outcome(claimed, error: str | None, now: datetime, policy: RetryPolicy) -> None:
    """Write what the attempt gave, only while the claim is still this sender's."""
    if error is None:
        values = {"state": SENT, "sent_at": now, "last_error": ""}
        if claimed.sensitive:
            values.update(body="", html_body="")
    elif claimed.attempts >= policy.max_attempts:
        values = {"state": FAILED, "last_error": error[:500]}
    else:
        next_attempt = now + policy.delay_after(claimed.attempts)
        values = {"last_error": error[:500], "next_attempt_at": next_attempt}
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == claimed.id, OutboxMessage.claim_token == claimed.claim_token)
        .values(claim_token=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )


def deliver_pending_emails(limit: int = 200) -> DeliveryReport:
    """Send what is due over SMTP, one claimed message at a time. Commits each claim and each
    outcome at once (see the module's docstring); needs SMTP_HOST."""
    config = current_app.config
    policy = RetryPolicy.from_config(config)
    sent = failed = 0
    while sent + failed < limit:
        claimed = claim_next_email(utcnow(), policy)
        db.session.commit()
        if claimed is None:
            break
        if claimed.attempts > policy.max_attempts:  # its last sender died during the last try
            error = "the last attempt was interrupted; no attempt is left"
        else:
            error = attempt_delivery(claimed, config)
        record_outcome(claimed, error, utcnow(), policy)
        db.session.commit()
        sent, failed = (sent + 1, failed) if error is None else (sent, failed + 1)
    return DeliveryReport(sent=sent, failed=failed)


def attempt_delivery(claimed, config) -> str | None:
    """Hand the message to the SMTP server; the error as text when it is refused."""
    try:
        with smtplib.SMTP(
            config["SMTP_HOST"], config["SMTP_PORT"], timeout=SMTP_TIMEOUT_SECONDS
        ) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(email_of(claimed, config["MAIL_FROM"]))
    except (OSError, smtplib.SMTPException) as error:
        return f"{type(error).__name__}: {error}"
    return None


def email_of(claimed, sender: str) -> EmailMessage:
    """The e-mail as sent: text, and its HTML alternative when there is one; secrets unsealed."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = claimed.recipient
    if claimed.cc:
        email["Cc"] = claimed.cc
    email["Subject"] = claimed.subject
    email["Date"] = format_datetime(claimed.created_at)
    if claimed.message_id:
        email["Message-ID"] = claimed.message_id
    email.set_content(unsealed(claimed.body))
    if claimed.html_body:
        email.add_alternative(unsealed(claimed.html_body), subtype="html")
    return email
