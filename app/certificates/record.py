"""One certificate as HR sees it: the facts it froze at issue, its holder today, every document
rendered of it (never their bytes, only what they are) and its audit history. Read in a fixed
number of queries before rendering: the template does not query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.audit.models import AuditEvent
from app.certificates.archive import safe_name
from app.certificates.models import REVOKED, Certificate, CertificateDocument
from app.certificates.states import EXPIRED, certificate_state
from app.database import utcnow
from app.extensions import db
from app.i18n import N_
from app.people.models import Person
from app.timezones import zone_of

SERIAL = re.compile(r"RL-\d{4}-\d{6,9}")
MOST_VERSIONS = 10**6  # beyond any real history, and within every database's integers
EVENT_NAMES = {
    "certificate.issue": N_("Issued"),
    "certificate.revoked": N_("Revoked"),
    "certificate.reissued": N_("Re-issued"),
    "certificate.reissue_requested": N_("Re-issue asked (rendered by the next render-pending)"),
}


@dataclass(frozen=True)
class DocumentLine:
    version: int
    rendered_at: datetime
    reason: str
    requested_by: str | None
    sha256: str
    size: int
    template_version: str
    holder_name: str


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    name: str  # untranslated, from EVENT_NAMES
    actor: str | None
    reason: str
    details: dict


@dataclass(frozen=True)
class CertificateRecord:
    certificate: Certificate
    holder: Person
    revoked_by: str | None
    documents: list[DocumentLine]
    history: list[HistoryLine]
    today: date  # where the holder works

    @property
    def is_revoked(self) -> bool:
        return self.certificate.state == REVOKED

    @property
    def is_expired(self) -> bool:
        return certificate_state(self.certificate, self.today) == EXPIRED

    @property
    def name_differs(self) -> bool:
        """The person's name was changed since the certificate printed it."""
        return self.holder.display_name != self.certificate.holder_name


def find_certificate(serial: str) -> Certificate | None:
    """The certificate of a serial; None for one that is unknown or not a serial at all."""
    if not SERIAL.fullmatch(serial or ""):
        return None
    return db.session.scalar(select(Certificate).where(Certificate.serial == serial))


def certificate_record(serial: str) -> CertificateRecord | None:
    certificate = find_certificate(serial)
    if certificate is None:
        return None
    revoker = aliased(Person)
    holder, revoked_by = db.session.execute(
        select(Person, revoker.display_name)
        .outerjoin(revoker, revoker.id == certificate.revoked_by_id)
        .where(Person.id == certificate.person_id)
    ).one()
    zone = zone_of(holder, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return CertificateRecord(
        certificate=certificate,
        holder=holder,
        revoked_by=revoked_by if certificate.revoked_by_id else None,
        documents=documents_of(certificate),
        history=history_of(certificate),
        today=utcnow().astimezone(zone).date(),
    )


def documents_of(certificate: Certificate) -> list[DocumentLine]:
    requester = aliased(Person)
    query = (
        select(
            CertificateDocument.version,
            CertificateDocument.rendered_at,
            CertificateDocument.reason,
            requester.display_name.label("requested_by"),
            CertificateDocument.sha256,
            CertificateDocument.size,
            CertificateDocument.template_version,
            CertificateDocument.holder_name,
        )
        .outerjoin(requester, requester.id == CertificateDocument.requested_by_id)
        .where(CertificateDocument.certificate_id == certificate.id)
        .order_by(CertificateDocument.version.desc())
    )
    return [DocumentLine(**row._mapping) for row in db.session.execute(query)]


def history_of(certificate: Certificate) -> list[HistoryLine]:
    """The audit events about this certificate, oldest first."""
    actor = aliased(Person)
    query = (
        select(AuditEvent, actor.display_name)
        .outerjoin(actor, actor.id == AuditEvent.actor_id)
        .where(
            AuditEvent.subject_id == certificate.person_id,
            AuditEvent.action.in_(list(EVENT_NAMES)),
            AuditEvent.details["serial"].as_string() == certificate.serial,
        )
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    return [
        HistoryLine(
            at=event.occurred_at,
            name=EVENT_NAMES[event.action],
            actor=name,
            reason=(event.details or {}).get("reason", ""),
            details=event.details or {},
        )
        for event, name in db.session.execute(query)
    ]


def document_download(serial: str, version: int) -> tuple[bytes, str] | None:
    """One stored version's bytes and the name to save them under; None if there is none."""
    certificate = find_certificate(serial)
    if certificate is None or not 0 < version <= MOST_VERSIONS:
        return None
    pdf = db.session.scalar(
        select(CertificateDocument.pdf).where(
            CertificateDocument.certificate_id == certificate.id,
            CertificateDocument.version == version,
        )
    )
    if pdf is None:
        return None
    name = f"{certificate.serial}-{safe_name(certificate.holder_name)}-v{version}.pdf"
    return pdf, name
