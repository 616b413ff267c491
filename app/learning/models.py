"""What a learner has done with the content: lessons read, charter versions accepted, and
the courses and tracks completed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
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


class CourseCompletion(db.Model):
    """A course completed: its lessons read and its quiz passed. Recorded once per person."""

    __tablename__ = "course_completion"
    __table_args__ = (UniqueConstraint("person_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    course_version: Mapped[int]  # the content version of the attempt that passed
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_attempt.id"))
    fraction: Mapped[float]  # the quiz grade that completed it, within [0, 1]
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TrackCompletion(db.Model):
    """A track completed: its required courses, and the charter where the track asks for it."""

    __tablename__ = "track_completion"
    __table_args__ = (UniqueConstraint("person_id", "track_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id"), index=True)
    charter_version: Mapped[int | None]  # the version accepted, for tracks that require it
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
