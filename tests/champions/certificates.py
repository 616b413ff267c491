"""Certificates for the champions tests, inserted as issuing would leave them (each with the
track completion it was issued for), so that credits can be tested without passing quizzes."""

from __future__ import annotations

import itertools
import secrets
from datetime import date, timedelta

from sqlalchemy import select

from app.certificates.models import REVOKED, Certificate, CertificateDocument
from app.content.models import Track
from app.database import utcnow
from app.extensions import db
from app.learning.models import TrackCompletion

_serials = itertools.count(1)
TODAY = date(2026, 12, 1)  # the tests' day (time-machine moves the clock there)


def track(slug: str) -> Track:
    return db.session.scalar(select(Track).where(Track.slug == slug))


def make_certificate(person, track: Track, **overrides) -> Certificate:
    """A valid certificate of ``track`` for ``person``, issued today for the track's validity;
    ``revoked=True`` revokes it, ``pdf=True`` stores a (placeholder) PDF for it."""
    revoked, pdf = overrides.pop("revoked", False), overrides.pop("pdf", False)
    cycle = overrides.get("cycle", 1)
    completion = TrackCompletion(person_id=person.id, track_id=track.id, cycle=cycle)
    db.session.add(completion)
    db.session.flush()
    number = next(_serials)
    valid_from = overrides.pop("valid_from", TODAY)
    values = {
        "serial": f"RL-2026-{number:06d}",
        "serial_year": 2026,
        "serial_number": number,
        "verification_code": secrets.token_urlsafe(24),
        "person_id": person.id,
        "track_id": track.id,
        "cycle": cycle,
        "completion_id": completion.id,
        "holder_name": person.display_name,
        "language": person.language,
        "track_slug": track.slug,
        "track_title": dict(track.title),
        "grade": 1.0,
        "credits": track.champion_credits,
        "valid_from": valid_from,
        "valid_until": valid_from + timedelta(days=30 * track.validity_months),
        "template_version": "test",
        "accent_colour": track.colour,
        "issuer": {"name": "Relais"},
        "identity_salt": "salt",
        "identity_hash": "sha256$" + "0" * 64,
    }
    values.update(overrides)
    if revoked:
        values.update(state=REVOKED, revoked_at=utcnow(), revocation_reason="test")
    certificate = Certificate(**values)
    db.session.add(certificate)
    db.session.flush()
    if pdf:
        db.session.add(
            CertificateDocument(
                certificate_id=certificate.id,
                version=1,
                pdf=b"%PDF-1.7",
                sha256="0" * 64,
                size=8,
                template_version="test",
                credential_jwt="",
                holder_name=person.display_name,
            )
        )
        db.session.flush()
    return certificate
