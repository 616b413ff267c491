"""The certificates of a register view as one ZIP, streamed: each stored PDF (its latest
version) is read from the database only when the archive reaches it and is let go before the
next, so a view of 500 certificates never holds more than one PDF in memory. A CSV manifest
comes first and lists every certificate of the view, those whose PDF is not rendered yet as
pending. PDFs are stored as they are (already compressed): no time spent deflating them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from zipstream import ZIP_STORED, ZipStream

from app.certificates.models import Certificate, CertificateDocument
from app.certificates.register import RegisterRequest, ordering, selection
from app.certificates.states import certificate_state, state_name
from app.csv_export import csv_lines
from app.database import utcnow
from app.extensions import db

NAME_LENGTH = 60
MANIFEST = "manifest.csv"


@dataclass(frozen=True)
class ArchiveEntry:
    """One certificate of the archive: its facts and its latest document (None: pending)."""

    serial: str
    holder_name: str
    track_title: dict
    valid_from: date
    valid_until: date | None
    state: str
    document_id: int | None
    version: int | None
    sha256: str | None

    @property
    def filename(self) -> str | None:
        return f"{self.serial}-{safe_name(self.holder_name)}.pdf" if self.document_id else None


def safe_name(name: str) -> str:
    """A name as a file name any system opens: ASCII letters, digits and hyphens only, so no
    path, drive, dot-dot or control character can come through."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_name)
    return "-".join(words)[:NAME_LENGTH].strip("-") or "certificate"


def archive_entries(selected) -> list[ArchiveEntry]:
    """The ``selected`` certificates (a select of ids), in the register's order, with their
    latest document's id and digest, never its bytes: one query."""
    latest = (
        select(
            CertificateDocument.certificate_id,
            func.max(CertificateDocument.version).label("version"),
        )
        .where(CertificateDocument.certificate_id.in_(selected))
        .group_by(CertificateDocument.certificate_id)
        .subquery()
    )
    query = (
        select(
            Certificate.id,
            Certificate.serial,
            Certificate.holder_name,
            Certificate.track_title,
            Certificate.valid_from,
            Certificate.valid_until,
            Certificate.state,
            CertificateDocument.id.label("document_id"),
            CertificateDocument.version,
            CertificateDocument.sha256,
        )
        .outerjoin(latest, latest.c.certificate_id == Certificate.id)
        .outerjoin(
            CertificateDocument,
            (CertificateDocument.certificate_id == Certificate.id)
            & (CertificateDocument.version == latest.c.version),
        )
        .where(Certificate.id.in_(selected))
        .order_by(*ordering())
    )
    return [
        ArchiveEntry(
            serial=row.serial,
            holder_name=row.holder_name,
            track_title=row.track_title,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            state=row.state,
            document_id=row.document_id,
            version=row.version,
            sha256=row.sha256,
        )
        for row in db.session.execute(query)
    ]


def state_label(entry: ArchiveEntry, today: date) -> str:
    return state_name(certificate_state(entry, today))


def manifest_lines(entries: list[ArchiveEntry], language: str, today: date) -> Iterator[bytes]:
    header = [
        _("Serial"),
        _("Name"),
        _("Track"),
        _("Issued on"),
        _("Valid until"),
        _("State"),
        _("Version"),
        _("SHA-256"),
        _("File"),
    ]
    rows = (
        [
            entry.serial,
            entry.holder_name,
            entry.track_title.get(language) or next(iter(entry.track_title.values()), ""),
            entry.valid_from.isoformat(),
            entry.valid_until.isoformat() if entry.valid_until else "",
            state_label(entry, today),
            entry.version or "",
            entry.sha256 or "",
            entry.filename or _("pending: not rendered yet"),
        ]
        for entry in entries
    )
    for line in csv_lines(header, rows):
        yield line.encode("utf-8")


def pdf_of(document_id: int) -> Iterator[bytes]:
    """The document's bytes, read when the archive reaches this file, and dropped after."""
    yield db.session.scalar(
        select(CertificateDocument.pdf).where(CertificateDocument.id == document_id)
    )


def certificate_archive(raw: RegisterRequest, language: str) -> ZipStream:
    """The view's certificates as a ZIP to stream: the manifest, then one PDF each."""
    entries = archive_entries(selection(raw))
    today = utcnow().date()
    archive = ZipStream(compress_type=ZIP_STORED)
    archive.add(manifest_lines(entries, language, today), MANIFEST)
    for entry in entries:
        if entry.document_id is not None:
            archive.add(pdf_of(entry.document_id), entry.filename)
    return archive


def archive_name() -> str:
    return f"certificates-{utcnow().date().isoformat()}.zip"
