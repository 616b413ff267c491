"""The certificates a person holds, as their home page lists them, and who may download one.

A certificate is downloaded by its holder, HR and admins; to anyone else it does not exist
(404, the same answer as for a serial never issued: serials follow each other, so a different
answer would tell who holds which). Reading never renders: a PDF not stored yet is "being
prepared".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import exists, select

from app.certificates.models import VALID, Certificate, CertificateDocument
from app.certificates.states import state_on
from app.content.models import Track
from app.extensions import db
from app.people.models import Person
from app.people.roles import Role

# A certificate's standing on a given day; "expires soon" once its renewal window is open.
EXPIRES_SOON = "expires_soon"  # a valid one whose renewal window is open


@dataclass(frozen=True)
class HeldCertificate:
    """One certificate as its holder's pages show it (never the PDF's bytes)."""

    serial: str
    track_title: dict  # {"fr": ..., "en": ...}, as frozen at issue
    valid_from: date
    valid_until: date | None
    standing: str  # VALID | EXPIRES_SOON | EXPIRED | REVOKED
    revoked_at: datetime | None
    ready: bool  # a PDF is stored: it can be downloaded


def standing(state: str, valid_until: date | None, today: date, renewal_days: int) -> str:
    """Revoked, expired (the day after its last valid day), expiring soon (within the track's
    renewal window) or valid."""
    found = state_on(state, valid_until, today)
    if found == VALID and valid_until is not None and valid_until - today < timedelta(renewal_days):
        return EXPIRES_SOON
    return found


def held_certificates(person_id: int, today: date) -> list[HeldCertificate]:
    """Every certificate of the person, the latest first, in one statement."""
    has_pdf = exists().where(CertificateDocument.certificate_id == Certificate.id)
    rows = db.session.execute(
        select(
            Certificate.serial,
            Certificate.track_title,
            Certificate.valid_from,
            Certificate.valid_until,
            Certificate.state,
            Certificate.revoked_at,
            Track.renewal_days,
            has_pdf.label("ready"),
        )
        .join(Track, Track.id == Certificate.track_id)
        .where(Certificate.person_id == person_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    return [
        HeldCertificate(
            serial=row.serial,
            track_title=row.track_title,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            standing=standing(row.state, row.valid_until, today, row.renewal_days),
            revoked_at=row.revoked_at,
            ready=bool(row.ready),
        )
        for row in rows
    ]


def may_download(viewer: Person, holder_id: int) -> bool:
    """The holder, HR and admins."""
    return (
        holder_id == viewer.id
        or viewer.has_granted_role(Role.HR)
        or viewer.has_granted_role(Role.ADMIN)
    )


def certificate_for(viewer: Person, serial: str) -> Certificate | None:
    """The certificate of that serial if ``viewer`` may download it; else None, as if unknown."""
    certificate = db.session.scalar(select(Certificate).where(Certificate.serial == serial))
    if certificate is None or not may_download(viewer, certificate.person_id):
        return None
    return certificate


@dataclass(frozen=True)
class StoredPdf:
    serial: str
    pdf: bytes
    sha256: str


def stored_pdf(viewer: Person, serial: str) -> StoredPdf | None:
    """The latest stored PDF of the certificate, for a viewer who may download it: one
    statement. None when there is none to give (unknown, not theirs, or not rendered yet:
    ``certificate_for`` tells the last apart)."""
    row = db.session.execute(
        select(Certificate.person_id, CertificateDocument.pdf, CertificateDocument.sha256)
        .join(CertificateDocument, CertificateDocument.certificate_id == Certificate.id)
        .where(Certificate.serial == serial)
        .order_by(CertificateDocument.version.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    if not may_download(viewer, row.person_id):
        return None
    return StoredPdf(serial, row.pdf, row.sha256)
