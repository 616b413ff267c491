"""People, offices, roles and the server-side records of sign-in sessions and reset tokens."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from app.database import UTCDateTime, utcnow
from app.extensions import db
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES
from app.people.roles import GRANTABLE_ROLES, Role


class Office(db.Model):
    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(64))


class PersonRole(db.Model):
    """A role granted explicitly; ``employee`` and ``manager`` are never stored."""

    __tablename__ = "person_role"
    __table_args__ = (
        CheckConstraint(
            "role IN (" + ", ".join(f"'{r.value}'" for r in GRANTABLE_ROLES) + ")",
            name="grantable_role",
        ),
    )

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class Person(UserMixin, db.Model):
    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(
            "language IN (" + ", ".join(f"'{code}'" for code in LANGUAGES) + ")", name="language"
        ),
        CheckConstraint("manager_id IS NULL OR manager_id <> id", name="not_own_manager"),
        Index("ix_person_manager_id", "manager_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased by the service, so the unique constraint is case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(100), default="")
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    language: Mapped[str] = mapped_column(String(2), default=DEFAULT_LANGUAGE)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    active: Mapped[bool] = mapped_column(default=True)
    hired_on: Mapped[date | None] = mapped_column(Date)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    office: Mapped[Office | None] = relationship(lazy="joined")
    manager: Mapped[Person | None] = relationship(remote_side=[id], lazy="joined", join_depth=1)
    granted_roles: Mapped[list[PersonRole]] = relationship(
        lazy="selectin", cascade="all, delete-orphan"
    )
    # Whether the person has active reports, when the query that loaded them asked (the
    # sign-in lookup does, for the menu and the manager policy); None otherwise.
    has_active_reports: Mapped[bool | None] = query_expression()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def role_names(self) -> set[str]:
        return {Role.EMPLOYEE.value} | {r.role for r in self.granted_roles}

    def has_granted_role(self, role: Role) -> bool:
        return str(role) in {r.role for r in self.granted_roles}


class SignInSession(db.Model):
    """One browser sign-in; the cookie carries its token, the server decides if it still counts."""

    __tablename__ = "sign_in_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(40))
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class PasswordReset(db.Model):
    """A single-use reset token; only its hash is stored."""

    __tablename__ = "password_reset"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
