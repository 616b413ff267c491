"""Assignment rules: who a track is given to automatically, and by when (Totara's dynamic
audiences, applied retroactively by ``reconcile``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime, utcnow
from app.extensions import db

FIXED, AFTER_JOINING, AFTER_MATCHING = "fixed", "after_joining", "after_matching"  # due kinds


class AssignmentRule(db.Model):
    """Everyone who matches every non-empty criterion gets the track, due as the rule says.

    A criterion is a list of accepted values (departments, office codes, granted roles,
    languages); an empty list accepts everyone. ``manager_id`` limits the rule to that
    manager's reporting line, all levels. A rule seeded from tracks.yml keeps its ``seed_key``
    so that it is seeded once: deleting it is recorded (``deleted_at``), and it stays deleted.
    """

    __tablename__ = "assignment_rule"
    __table_args__ = (
        CheckConstraint(
            f"due_kind IN ('{FIXED}', '{AFTER_JOINING}', '{AFTER_MATCHING}')", name="due_kind"
        ),
        CheckConstraint(
            f"(due_kind = '{FIXED}' AND due_on IS NOT NULL)"
            f" OR (due_kind <> '{FIXED}' AND due_days IS NOT NULL AND due_days >= 0)",
            name="due_complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    departments: Mapped[list] = mapped_column(JSON, default=list)
    offices: Mapped[list] = mapped_column(JSON, default=list)  # office codes
    roles: Mapped[list] = mapped_column(JSON, default=list)  # employee, manager, hr, admin
    languages: Mapped[list] = mapped_column(JSON, default=list)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    due_kind: Mapped[str] = mapped_column(String(20), default=AFTER_MATCHING)
    due_days: Mapped[int | None]
    due_on: Mapped[date | None] = mapped_column(Date)
    seed_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
