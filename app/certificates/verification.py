"""Public verification: what anyone holding a certificate's verification code may learn of it.

The code (in the certificate's link and QR code) is the secret; a serial is printed on the
certificate for people to quote and reveals nothing on its own. A verifier learns whether the
certificate is valid, expired or revoked, and only what it states: the holder's name as issued,
the track, the dates, the serial and the issuer. Unknown and malformed codes are answered alike,
after the same single lookup, so the answer tells nothing about which codes exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from app.certificates.badges import timestamp
from app.certificates.models import REVOKED, Certificate
from app.certificates.states import certificate_state
from app.database import utcnow
from app.extensions import db
from app.people.models import Office, Person

# What ``secrets.token_urlsafe`` gives (issuing draws 24 bytes: 32 characters); 128 bits at
# least (22 characters) and at most the column's 64.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,64}")
SERIAL_PATTERN = re.compile(r"RL-?\d{4}-?\d{1,6}", re.IGNORECASE)
# Looked up in place of a malformed code: it can match nothing ("!" is outside the alphabet),
# and costs the same indexed lookup, so a malformed code is answered in the same time class.
NO_CODE = "!" * 32
LONGEST_TYPED = 2000  # a pasted address longer than this is not a certificate's


@dataclass(frozen=True)
class Verification:
    """A certificate as a verifier sees it."""

    certificate: Certificate
    state: str  # VALID, EXPIRED or REVOKED


def find_verification(code: str, now: datetime | None = None) -> Verification | None:
    """The certificate whose verification code is ``code``, with its state today in its
    holder's zone; None for an unknown or malformed code (one query either way)."""
    looked_up = code if CODE_PATTERN.fullmatch(code) else NO_CODE
    query = (
        select(Certificate, Office.timezone)
        .join(Person, Person.id == Certificate.person_id)
        .outerjoin(Office, Office.id == Person.office_id)
        .where(Certificate.verification_code == looked_up)
    )
    row = db.session.execute(query).first()
    if row is None:
        return None
    certificate, timezone = row
    zone = ZoneInfo(timezone or current_app.config["BABEL_DEFAULT_TIMEZONE"])
    today = (now or utcnow()).astimezone(zone).date()
    return Verification(certificate, certificate_state(certificate, today))


# --- what a person types in the form -----------------------------------------------------------

EMPTY, SERIAL, CODE = "empty", "serial", "code"


@dataclass(frozen=True)
class TypedCode:
    """What the verification form received: nothing, a serial, or something to look up."""

    kind: str  # EMPTY, SERIAL or CODE
    code: str = ""


def read_typed_code(text: str) -> TypedCode:
    """Read the form's field: a code, or the whole verification address pasted from a
    certificate (its last path segment is the code). A serial is recognised by its shape only
    (never looked up), so that the answer says how to find the code without telling whether
    that serial exists."""
    typed = text.strip()[:LONGEST_TYPED]
    if not typed:
        return TypedCode(EMPTY)
    if SERIAL_PATTERN.fullmatch(typed):
        return TypedCode(SERIAL)
    if "/" in typed:
        path = urlsplit(typed).path if "://" in typed else typed
        typed = unquote(path.rstrip("/").rsplit("/", 1)[-1]).removesuffix(".json")
    return TypedCode(CODE, typed)


# --- the same as data --------------------------------------------------------------------------


def verification_data(found: Verification, page_url: str, now: datetime | None = None) -> dict:
    """The verification as JSON (its keys are documented in docs/verification.md and stable)."""
    certificate = found.certificate
    revoked = found.state == REVOKED
    reason = certificate.revocation_reason if revoked and certificate.reason_is_public else None
    return {
        "state": found.state,
        "serial": certificate.serial,
        "holder_name": certificate.holder_name,
        "track": {"slug": certificate.track_slug, "title": dict(certificate.track_title)},
        "issued_on": certificate.valid_from.isoformat(),
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        "issuer": {
            "name": certificate.issuer.get("name", ""),
            "url": certificate.issuer.get("url", ""),
        },
        "revoked_at": timestamp(certificate.revoked_at) if revoked else None,
        "revocation_reason": reason or None,
        "verification_url": page_url,
        "checked_at": timestamp(now or utcnow()),
    }
