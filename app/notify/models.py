"""The message log: one row per message key, so a message is queued once however often (and
from however many processes) the code that sends it runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime, utcnow
from app.extensions import db


class MessageLog(db.Model):
    __tablename__ = "message_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: the database, not a check before inserting, decides who queued the message.
    key: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(60))
    recipient: Mapped[str] = mapped_column(String(254))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Kept when the outbox is emptied one day: the key still says the message went out.
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="SET NULL"), index=True
    )
