"""Security events (refused requests: 403, CSRF failures, 429, refused reset links): each one
goes to the application log with its request id, and to the audit log up to a limit per
address, so that whoever sends a flood of refused requests cannot flood the audit log."""

from __future__ import annotations

from flask import current_app
from limits import parse

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.extensions import limiter


def record_security_event(
    action: str, *, origin: RequestOrigin, actor=None, details: dict | None = None
) -> bool:
    """Log the event, and add it to the audit log while its address is within the limit
    (``SECURITY_EVENT_AUDIT_LIMIT``); True if it was added. The caller commits."""
    audited = _within_audit_limit(origin.ip)
    current_app.logger.warning(
        "security event %s ip=%s request_id=%s actor=%s details=%s audit=%s",
        action,
        origin.ip or "-",
        origin.request_id or "-",
        getattr(actor, "id", "-"),
        details or {},
        "recorded" if audited else "over the limit, not recorded",
    )
    if audited:
        record_event(action, origin=origin, actor=actor, details=details)
    return audited


def _within_audit_limit(ip: str) -> bool:
    limit = parse(current_app.config["SECURITY_EVENT_AUDIT_LIMIT"])
    try:
        return limiter.limiter.hit(limit, "security-event-audit", ip or "unknown")
    except Exception:  # the limits' storage is unreachable: the log line above still stands
        current_app.logger.exception("security event limit unavailable; event not audited")
        return False
