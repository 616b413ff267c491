"""Certificates: what one was when it was issued, frozen, and the PDFs rendered of it.

A certificate is issued once per person, track and cycle (a unique key), in the transaction that
records the track's completion. Its row holds every fact it states as it was at that moment (the
holder's name, the track's title in both languages, the grade, the credits, the expiry, the
template version), so later edits of the person, the track or the template change nothing
already issued. The PDF is rendered once from those facts and stored with its SHA-256
(``CertificateDocument``); a re-issue renders a new version and keeps the old one.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import UTCDateTime, utcnow
from app.extensions import db

VALID, REVOKED = "valid", "revoked"  # a certificate's stored state; "expired" is read from dates


class Certificate(db.Model):
    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("person_id", "track_id", "cycle", name="uq_certificate_cycle"),
        UniqueConstraint("serial_year", "serial_number", name="uq_certificate_serial_number"),
        CheckConstraint(f"state IN ('{VALID}', '{REVOKED}')", name="state"),
        CheckConstraint("cycle > 0", name="cycle_positive"),
        CheckConstraint("serial_number > 0", name="serial_positive"),
        CheckConstraint("credits >= 0", name="credits_not_negative"),
        CheckConstraint(
            f"(state = '{REVOKED}') = (revoked_at IS NOT NULL)", name="revoked_has_date"
        ),
        Index("ix_certificate_track_state", "track_id", "state"),
        Index("ix_certificate_valid_until", "valid_until"),
        # HR's register lists the newest first and pages: read in this index's order.
        Index("ix_certificate_issued_order", "valid_from", "serial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # RL-2026-000123: what people read and quote; sequential per year of issue.
    serial: Mapped[str] = mapped_column(String(20), unique=True)
    serial_year: Mapped[int]
    serial_number: Mapped[int]
    # The secret in the verification URL and the QR code: 192 random bits, used nowhere else.
    verification_code: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id"))
    cycle: Mapped[int]
    completion_id: Mapped[int] = mapped_column(ForeignKey("track_completion.id"), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The facts it states, frozen at issue.
    holder_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5))  # the holder's; the other is the subtitle
    track_slug: Mapped[str] = mapped_column(String(80))
    track_title: Mapped[dict] = mapped_column(JSON)  # {"fr": ..., "en": ...}
    grade: Mapped[float | None]  # the mean of the course grades of the cycle, within [0, 1]
    credits: Mapped[int]  # champion credits while it is valid
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)  # the last day it is valid
    template_version: Mapped[str] = mapped_column(String(40))
    accent_colour: Mapped[str] = mapped_column(String(7))  # the track's colour, "#1f5f8b"
    issuer: Mapped[dict] = mapped_column(JSON)  # name, signatory, signatory title, URL
    # The Open Badges identifier: the holder's e-mail at issue, salted and hashed (never the
    # e-mail itself), "sha256$<hex>".
    identity_salt: Mapped[str] = mapped_column(String(64))
    identity_hash: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(12), default=VALID)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    revocation_reason: Mapped[str] = mapped_column(Text, default="")
    reason_is_public: Mapped[bool] = mapped_column(default=False)
    # Set when a PDF is wanted (at issue, at a re-issue) and cleared once it is stored: what
    # ``certificates render-pending`` renders.
    render_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Why and by whom that PDF is wanted, when HR asked for it (a re-issue left to
    # ``render-pending``): the document it renders carries them. "" and None at issue.
    render_reason: Mapped[str] = mapped_column(Text, default="")
    render_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    documents: Mapped[list[CertificateDocument]] = relationship(
        back_populates="certificate",
        order_by="CertificateDocument.version",
        cascade="all, delete-orphan",
        lazy="raise",
    )


class CertificateDocument(db.Model):
    """One rendering of a certificate: the PDF bytes, their SHA-256 and the signed credential
    embedded in them. Version 1 is the first; each re-issue adds the next and keeps the others."""

    __tablename__ = "certificate_document"
    __table_args__ = (
        UniqueConstraint("certificate_id", "version", name="uq_certificate_document_version"),
        CheckConstraint("version > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"), index=True)
    version: Mapped[int]
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    template_version: Mapped[str] = mapped_column(String(40))
    credential_jwt: Mapped[str] = mapped_column(Text)  # the Open Badges VC-JWT it embeds
    holder_name: Mapped[str] = mapped_column(String(200))  # as printed on this version
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was re-issued; "" at first
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    certificate: Mapped[Certificate] = relationship(back_populates="documents")


class SerialCounter(db.Model):
    """The last serial number issued in a year. Taking the next one is an UPDATE of this row,
    which holds its lock to the end of the issuing transaction: serials are gap-free and
    never repeat, on PostgreSQL as on SQLite."""

    __tablename__ = "certificate_serial_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)
