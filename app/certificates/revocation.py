"""Revocation by HR: a valid certificate becomes revoked, with a reason and HR's choice of
whether the public verification page shows that reason; audited, and the holder is told by
e-mail, once.

The change is a conditional update (``state = 'valid'`` → ``'revoked'``), so of two HR people
revoking at once one revokes and the other is told it was already done, and the e-mail's
message-log key makes its delivery once whichever process queues it. Credits need no update:
the champions programme counts valid certificates when it reads them, so they lapse at once.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.certificates.models import REVOKED, VALID, Certificate
from app.database import utcnow
from app.extensions import db
from app.notify.services import message_key, public_url, queue_message
from app.people.models import Person

REVOKED_MESSAGE = "certificate_revoked"
REASON_LIMIT = 500


class ReasonRefused(ValueError):
    """The reason is missing or too long: the message says what to write instead."""


def read_reason(text: str | None) -> str:
    """The reason as it will be kept; ``ReasonRefused`` with what is wrong."""
    reason = " ".join((text or "").split())
    if not reason:
        raise ReasonRefused(_("Give a reason: it is kept in the certificate's history."))
    if len(reason) > REASON_LIMIT:
        raise ReasonRefused(
            _(
                "%(length)d characters is too long; shorten it to %(limit)d at most",
                length=len(reason),
                limit=REASON_LIMIT,
            )
        )
    return reason


def revoke_certificate(
    certificate: Certificate,
    *,
    by: Person,
    reason: str,
    publish_reason: bool,
    origin: RequestOrigin,
) -> bool:
    """Revoke a valid certificate; False (nothing changed) when it is revoked already. Raises
    ``ReasonRefused`` for an empty or too long reason. Flush only: the caller commits, so the
    state, the audit event and the holder's e-mail land together or not at all."""
    reason = read_reason(reason)
    now = utcnow()
    statement = (
        update(Certificate)
        .where(Certificate.id == certificate.id, Certificate.state == VALID)
        .values(
            state=REVOKED,
            revoked_at=now,
            revoked_by_id=by.id,
            revocation_reason=reason,
            reason_is_public=bool(publish_reason),
        )
        .execution_options(synchronize_session="fetch")
    )
    if db.session.execute(statement).rowcount != 1:
        return False
    holder = db.session.get(Person, certificate.person_id)
    record_event(
        "certificate.revoked",
        origin=origin,
        actor=by,
        subject=holder,
        details={
            "serial": certificate.serial,
            "reason": reason,
            "reason_is_public": bool(publish_reason),
        },
    )
    tell_the_holder(certificate, holder, reason)
    return True


def tell_the_holder(certificate: Certificate, holder: Person, reason: str) -> None:
    """Queue the holder's e-mail, once per certificate whoever revokes it; a deactivated
    account gets none (its address may no longer be read by that person)."""
    if not holder.active:
        return
    context = {
        "serial": certificate.serial,
        "track_title": certificate.track_title,
        "valid_from": certificate.valid_from,
        "reason": reason,
        "verification_link": verification_url(certificate),
        "home_link": public_url("learning.home"),
    }
    key = message_key(REVOKED_MESSAGE, holder.id, about=f"certificate:{certificate.id}")
    queue_message(REVOKED_MESSAGE, holder, context, key=key)


def verification_url(certificate: Certificate) -> str:
    """The certificate's public page, where anyone now reads that it is revoked."""
    return f"{current_app.config['PUBLIC_BASE_URL']}/verify/{certificate.verification_code}"
