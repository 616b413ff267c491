"""Helpers of HR's certificate tests: certificates stored as issuing stores them (with their
completion), a stored PDF version, and the register's forms."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date, timedelta

from sqlalchemy import func, select

from app.certificates.issuing import format_serial
from app.certificates.models import VALID, Certificate, CertificateDocument
from app.content.models import Track
from app.database import utcnow
from app.extensions import db
from app.learning.models import TrackCompletion
from tests.conftest import csrf_token_from
from tests.factories import make_person

TITLES = {"fr": "Parcours des employés", "en": "Employees' track"}
_numbers = itertools.count(1)


def make_track(slug: str = "employees", title: dict | None = None, position: int = 1) -> Track:
    existing = db.session.scalar(select(Track).where(Track.slug == slug))
    if existing is not None:
        return existing
    track = Track(
        slug=slug,
        audience="employees",
        title=title or TITLES,
        summary={"fr": "", "en": ""},
        validity_months=24,
        champion_credits=10,
        position=position,
    )
    db.session.add(track)
    db.session.flush()
    return track


def make_certificate(person=None, track=None, *, issued_on: date | None = None, **overrides):
    """A certificate as issuing stores it (completion, serial, frozen facts), PDF pending."""
    person = person or make_person()
    track = track or make_track()
    issued_on = issued_on or date.today() - timedelta(days=10)
    cycle = 1 + (
        db.session.scalar(
            select(func.count())
            .select_from(TrackCompletion)
            .where(TrackCompletion.person_id == person.id, TrackCompletion.track_id == track.id)
        )
        or 0
    )
    completion = TrackCompletion(person_id=person.id, track_id=track.id, cycle=cycle)
    db.session.add(completion)
    db.session.flush()
    number = next(_numbers)
    values = {
        "serial": format_serial(issued_on.year, number),
        "serial_year": issued_on.year,
        "serial_number": number,
        "verification_code": f"code-{number:06d}-" + "x" * 24,
        "person_id": person.id,
        "track_id": track.id,
        "cycle": cycle,
        "completion_id": completion.id,
        "holder_name": person.display_name,
        "language": person.language,
        "track_slug": track.slug,
        "track_title": dict(track.title),
        "grade": 0.9,
        "credits": track.champion_credits,
        "valid_from": issued_on,
        "valid_until": issued_on + timedelta(days=730),
        "template_version": "1",
        "accent_colour": "#1f5f8b",
        "issuer": {"name": "Relais", "signatory": "", "signatory_title": "", "url": ""},
        "identity_salt": "00" * 16,
        "identity_hash": "sha256$" + "0" * 64,
        "state": VALID,
        "render_requested_at": utcnow(),
    }
    values.update(overrides)
    certificate = Certificate(**values)
    db.session.add(certificate)
    db.session.flush()
    return certificate


def store_pdf(certificate: Certificate, pdf: bytes | None = None, **overrides):
    """A stored PDF version of the certificate (the next one), as rendering stores it."""
    pdf = pdf or b"%PDF-1.7\n" + certificate.serial.encode() + b"\n%%EOF\n"
    version = 1 + (
        db.session.scalar(
            select(func.max(CertificateDocument.version)).where(
                CertificateDocument.certificate_id == certificate.id
            )
        )
        or 0
    )
    values = {
        "certificate_id": certificate.id,
        "version": version,
        "pdf": pdf,
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "size": len(pdf),
        "template_version": certificate.template_version,
        "credential_jwt": "x.y.z",
        "holder_name": certificate.holder_name,
    }
    values.update(overrides)
    document = CertificateDocument(**values)
    db.session.add(document)
    certificate.render_requested_at = None
    db.session.flush()
    return document


def token(client, path: str) -> str:
    return csrf_token_from(client.get(path).get_data(as_text=True))


def certificate_row(certificate_id: int) -> Certificate:
    db.session.expire_all()
    return db.session.get(Certificate, certificate_id)
