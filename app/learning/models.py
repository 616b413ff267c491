"""What a learner has done with the content: lessons read, charter versions accepted, the
courses and tracks completed, and the assignments, each one cycle of a person on a track."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
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
    """A course completed: its lessons read and its quiz passed. Recorded once per person and
    cycle (see ``Assignment``)."""

    __tablename__ = "course_completion"
    __table_args__ = (UniqueConstraint("person_id", "course_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    course_version: Mapped[int]  # the content version of the attempt that passed
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_attempt.id"))
    fraction: Mapped[float]  # the quiz grade that completed it, within [0, 1]
    cycle: Mapped[int] = mapped_column(default=1)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TrackCompletion(db.Model):
    """A track completed: its required courses, and the charter where the track asks for it.
    Once per person and cycle; it closes that cycle's assignment, if there is one."""

    __tablename__ = "track_completion"
    __table_args__ = (UniqueConstraint("person_id", "track_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id"), index=True)
    charter_version: Mapped[int | None]  # the version accepted, for tracks that require it
    cycle: Mapped[int] = mapped_column(default=1)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


OPEN, COMPLETED, WITHDRAWN = "open", "completed", "withdrawn"  # an assignment's stored state
BY_PERSON, BY_RULE, BY_SELF = "person", "rule", "self"  # who opened it
BY_RENEWAL = "renewal"  # the renewal window of a certificate about to expire


class Assignment(db.Model):
    """One person's cycle on one track: who opened it and when, the due date, the message, and
    how it ended (the completion that closed it, or a withdrawal and its reason).

    At most one is open per person and track (a partial unique index), so two managers, a rule
    and a click on "start" racing each other open one. "Not started", "in progress" and
    "overdue" are read from what the person did and the date (``learning.cycles``); what is
    stored is the state that only changes by a conditional update: open → completed | withdrawn.
    """

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint(f"state IN ('{OPEN}', '{COMPLETED}', '{WITHDRAWN}')", name="state"),
        CheckConstraint(
            f"origin IN ('{BY_PERSON}', '{BY_RULE}', '{BY_SELF}', '{BY_RENEWAL}')", name="origin"
        ),
        CheckConstraint("cycle > 0", name="cycle_positive"),
        Index(
            "uq_assignment_open",
            "person_id",
            "track_id",
            unique=True,
            sqlite_where=text("state = 'open'"),
            postgresql_where=text("state = 'open'"),
        ),
        Index("ix_assignment_track_state", "track_id", "state"),
        Index("ix_assignment_due", "state", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id"))
    cycle: Mapped[int] = mapped_column(default=1)  # the completions that close it carry it
    state: Mapped[str] = mapped_column(String(12), default=OPEN)
    origin: Mapped[str] = mapped_column(String(12))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("assignment_rule.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_on: Mapped[date | None] = mapped_column(Date)  # None: no due date (self-enrolled)
    message: Mapped[str] = mapped_column(Text, default="")
    completion_id: Mapped[int | None] = mapped_column(ForeignKey("track_completion.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    # For a renewal: the certificate whose expiry it is due on.
    renews_certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
