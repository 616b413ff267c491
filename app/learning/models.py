"""What a learner has done with the content: lessons read and charter versions accepted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime, utcnow
from app.extensions import db


class LessonRead(db.Model):
    """A lesson marked as read, once per person (the primary key makes a second mark a no-op)."""

    __tablename__ = "lesson_read"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), primary_key=True, index=True)
    course_version: Mapped[int]  # the course's content version when it was read
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CharterAcceptance(db.Model):
    """ "I have read and accept version N": one row per person and charter version."""

    __tablename__ = "charter_acceptance"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charter.id"), primary_key=True)
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
