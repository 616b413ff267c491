"""The champions programme's own records: who chose to appear in the directory. Credits and
levels are read from valid certificates, never stored, so they lapse the moment one expires or
is revoked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime, utcnow
from app.extensions import db


class ChampionListing(db.Model):
    """A person who chose to appear in the champions directory; deleting the row withdraws."""

    __tablename__ = "champion_listing"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    listed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
