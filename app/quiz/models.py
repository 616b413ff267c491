"""Quiz attempts and the questions each one drew, frozen at the start.

The database holds the invariants: one open attempt per person and course (a partial unique
index), attempt numbers unique per person and course, and state changes made by conditional
updates, so that racing requests end in a refused write rather than a second grade.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import UTCDateTime, utcnow
from app.extensions import db

OPEN, SUBMITTED, GRADED = "open", "submitted", "graded"


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempt"
    __table_args__ = (
        UniqueConstraint("person_id", "course_id", "number"),
        Index(
            "one_open_attempt",
            "person_id",
            "course_id",
            unique=True,
            sqlite_where=text("state = 'open'"),
            postgresql_where=text("state = 'open'"),
        ),
        CheckConstraint("state IN ('open', 'submitted', 'graded')", name="known_state"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("fraction IS NULL OR (fraction >= 0 AND fraction <= 1)", name="fraction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    number: Mapped[int]  # 1, 2, 3… for this person and course
    # The person's cycle on the course when it started: a renewal passes the quiz again, with
    # the attempts of its own cycle.
    cycle: Mapped[int] = mapped_column(default=1)
    course_version: Mapped[int]  # the content version the questions were drawn from
    settings: Mapped[dict] = mapped_column(JSON)  # the quiz settings in force at the start
    state: Mapped[str] = mapped_column(String(12), default=OPEN)
    # Bumped by every save and by the submit: the conditional update that bumps it takes the
    # attempt's row first, so a save and the submit of the same attempt never interleave.
    revision: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(12))  # learner | deadline
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[float | None]  # marks earned
    max_score: Mapped[float | None]
    fraction: Mapped[float | None]  # score / max_score, within [0, 1]
    passed: Mapped[bool | None]
    regraded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    slots: Mapped[list[AttemptSlot]] = relationship(
        back_populates="attempt", order_by="AttemptSlot.position", cascade="all, delete-orphan"
    )


class AttemptSlot(db.Model):
    """One drawn question: its content in both languages and its choice order, as drawn."""

    __tablename__ = "attempt_slot"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        CheckConstraint("fraction IS NULL OR (fraction >= 0 AND fraction <= 1)", name="fraction"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id", ondelete="CASCADE"))
    position: Mapped[int]  # 1-based, as shown
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    question: Mapped[dict] = mapped_column(JSON)  # the parser's JSON per language, frozen
    order: Mapped[dict] = mapped_column(JSON)  # shown position → original index, per part
    mark: Mapped[float] = mapped_column(default=1.0)
    response: Mapped[dict | None] = mapped_column(JSON)  # {"value": …} in original indices
    # Moodle's sequence check, per question: bumped by each write of the response. A page sends
    # the value it holds; a write from an older one is refused, so another tab's answer stays.
    sequence: Mapped[int] = mapped_column(default=0)
    # The key of the save that wrote the response ("<page>-<count>", made by the page): a retry
    # of that save, or a later save from the same page, is not mistaken for another tab.
    save_key: Mapped[str | None] = mapped_column(String(80))
    # Moodle's "flag question": the learner's own mark to come back to it. Never graded, and
    # not part of the response, so flagging neither bumps the sequence nor makes a tab stale.
    flagged: Mapped[bool] = mapped_column(default=False)
    fraction: Mapped[float | None]
    score: Mapped[float | None]

    attempt: Mapped[QuizAttempt] = relationship(back_populates="slots")
