"""Recording audit events, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert

from app.audit.models import AuditEvent
from app.audit.origin import RequestOrigin
from app.extensions import db

SECRET_KEYS = {"password", "token", "password_hash", "new_password", "current_password"}


def record_event(
    action: str,
    *,
    origin: RequestOrigin,
    actor=None,
    subject=None,
    details: dict | None = None,
) -> None:
    """Add an audit event. Passwords and tokens are refused, whoever passes them."""
    clean = without_secrets(details)
    db.session.add(
        AuditEvent(
            action=action,
            actor_id=getattr(actor, "id", None),
            subject_id=getattr(subject, "id", None),
            details=clean,
            ip=origin.ip[:45],
            request_id=origin.request_id,
        )
    )


def record_events(
    action: str, *, origin: RequestOrigin, events: Iterable[tuple[int | None, dict]], actor=None
) -> None:
    """Add one event per (subject id, details) in one statement, for an operation that changes
    many people at once (a rule withdrawing their assignments): the same rows as
    ``record_event``, without a round trip each."""
    rows = [
        {
            "action": action,
            "actor_id": getattr(actor, "id", None),
            "subject_id": subject_id,
            "details": without_secrets(details),
            "ip": origin.ip[:45],
            "request_id": origin.request_id,
        }
        for subject_id, details in events
    ]
    if rows:
        db.session.execute(insert(AuditEvent), rows)


def without_secrets(details: dict | None) -> dict:
    return {k: v for k, v in (details or {}).items() if k not in SECRET_KEYS}
