"""What a certificate is on a given day: revoked as stored, else expired once its last valid day
has passed where its holder works, else valid. One rule for the holder's pages, the public
verification, the champion credits, HR's register and its exports; only "revoked" is stored."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from app.certificates.models import REVOKED, VALID

EXPIRED = "expired"  # read from the dates, never stored
STATES = (VALID, EXPIRED, REVOKED)


def state_on(state: str, valid_until: date | None, today: date) -> str:
    """VALID, EXPIRED or REVOKED, from the stored state and the last valid day."""
    if state == REVOKED:
        return REVOKED
    if valid_until is not None and valid_until < today:
        return EXPIRED
    return VALID


def certificate_state(certificate, today: date) -> str:
    """The same, of anything with the certificate's ``state`` and ``valid_until`` (a row, a
    model, the facts a page read)."""
    return state_on(certificate.state, certificate.valid_until, today)


def state_name(state: str) -> str:
    """The state in the current language."""
    return {VALID: _("Valid"), EXPIRED: _("Expired"), REVOKED: _("Revoked")}[state]
