"""Recording audit events, in the caller's transaction."""

from __future__ import annotations

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
    clean = {k: v for k, v in (details or {}).items() if k not in SECRET_KEYS}
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
