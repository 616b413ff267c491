"""The synced content: tracks, courses and their versions, lessons, questions, files, the charter.

Rows are never deleted when content leaves the repository (progress, attempts and certificates
point at them); they are marked ``retired_at`` instead and come back if the content does.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import UTCDateTime, utcnow
from app.extensions import db


class Track(db.Model):
    __tablename__ = "track"
    __table_args__ = (
        CheckConstraint("validity_months > 0", name="validity_positive"),
        CheckConstraint("champion_credits >= 0", name="credits_not_negative"),
        CheckConstraint("renewal_days >= 0", name="renewal_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    audience: Mapped[str] = mapped_column(String(40))
    title: Mapped[dict] = mapped_column(JSON)
    summary: Mapped[dict] = mapped_column(JSON)
    requires_charter: Mapped[bool] = mapped_column(default=False)
    # Anyone may start it (tracks.yml ``self_enrol``), which opens an assignment with no due date.
    self_enrol: Mapped[bool] = mapped_column(default=False)
    # The assignment rules tracks.yml proposes for the track, as plain dicts; the assignments
    # domain seeds its rules from them once, after which the rules in the database are the truth.
    default_rules: Mapped[list] = mapped_column(JSON, default=list)
    validity_months: Mapped[int]
    champion_credits: Mapped[int]
    # A new cycle opens this many days before a certificate expires (Totara's renewal window).
    renewal_days: Mapped[int] = mapped_column(default=60)
    colour: Mapped[str] = mapped_column(String(7), default="#1f5f8b")  # the certificate's accent
    position: Mapped[int]
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    track_courses: Mapped[list[TrackCourse]] = relationship(
        back_populates="track", order_by="TrackCourse.position", cascade="all, delete-orphan"
    )


class Course(db.Model):
    __tablename__ = "course"
    __table_args__ = (CheckConstraint("version > 0", name="version_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[dict] = mapped_column(JSON)
    summary: Mapped[dict] = mapped_column(JSON)
    quiz: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)
    fingerprint: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course", order_by="Lesson.position"
    )


class TrackCourse(db.Model):
    __tablename__ = "track_course"
    __table_args__ = (UniqueConstraint("track_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    position: Mapped[int]
    required: Mapped[bool] = mapped_column(default=True)

    track: Mapped[Track] = relationship(back_populates="track_courses")
    course: Mapped[Course] = relationship()


class CourseVersion(db.Model):
    """Each content version of a course, kept so a completion can name the one it was."""

    __tablename__ = "course_version"
    __table_args__ = (UniqueConstraint("course_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    version: Mapped[int]
    fingerprint: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Lesson(db.Model):
    __tablename__ = "lesson"
    __table_args__ = (
        UniqueConstraint("course_id", "slug"),
        CheckConstraint("minutes > 0", name="minutes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    title: Mapped[dict] = mapped_column(JSON)
    minutes: Mapped[int]
    body: Mapped[dict] = mapped_column(JSON)  # Markdown per language
    # The body as sanitised HTML per language, built at sync (``assets.lesson_html``): pages
    # serve it as it is, so no request parses Markdown.
    html: Mapped[dict] = mapped_column(JSON)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship(back_populates="lessons")


class Question(db.Model):
    """A bank question in both languages; attempts copy what they draw, so edits never regrade."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("course_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    category: Mapped[str | None] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON)  # the GIFT parser's JSON, per language
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CourseAsset(db.Model):
    """An image or attachment of a course, stored at sync so pages never read the disk."""

    __tablename__ = "course_asset"
    __table_args__ = (UniqueConstraint("course_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    path: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(60))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Charter(db.Model):
    """One published version of the company charter; a new version is a new row."""

    __tablename__ = "charter"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    effective: Mapped[date] = mapped_column(Date)
    title: Mapped[dict] = mapped_column(JSON)
    body: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ContentVersion(db.Model):
    """One row: a number that grows with every change to the content tables (a sync, a course
    retired), so that each app server can tell whether its catalog snapshot is still current
    with one cheap read (``app.content.version``)."""

    __tablename__ = "content_version"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int]
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
