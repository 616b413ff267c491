"""An e-mail waiting in the outbox, being sent, sent, or given up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime, utcnow
from app.extensions import db

PENDING = "pending"
SENT = "sent"
FAILED = "failed"
STATES = (PENDING, SENT, FAILED)


class OutboxMessage(db.Model):
    """An e-mail written in the same transaction as the change that caused it.

    A pending message is due at ``next_attempt_at``. A sender claims it by setting
    ``claim_token`` and ``claimed_until`` in one conditional update; the claim lapses at
    ``claimed_until``, so a message whose sender died is retried rather than lost."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint("state IN (" + ", ".join(f"'{s}'" for s in STATES) + ")", name="state"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_outbox_message_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipient: Mapped[str] = mapped_column(String(254))
    # Addresses in copy, separated by ", " as in the header.
    cc: Mapped[str] = mapped_column(String(1000), default="")
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # The HTML alternative of ``body``; empty for a plain-text e-mail.
    html_body: Mapped[str] = mapped_column(Text, default="")
    # Made when queued, so that every attempt carries the same one and a receiver can tell a
    # retry after a lost acknowledgement from a new message.
    message_id: Mapped[str] = mapped_column(String(250), default="")
    # A sensitive body (a reset link) is never shown in the admin pages and is wiped once sent.
    sensitive: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(10), default=PENDING)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32))
