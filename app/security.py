"""The policies that say who may use each route, and the headers every response carries.

Every view declares a policy with ``@requires(...)``; a request to an endpoint without one is
refused (deny by default). ``tests/test_authorization_matrix.py`` walks the URL map to prove it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from app.audit.origin import request_origin
from app.audit.security_events import record_security_event
from app.extensions import db
from app.people.roles import Role
from app.people.services import has_reports


@dataclass(frozen=True)
class Policy:
    """Who may use a route: a name for the matrix and a test on the signed-in person."""

    name: str
    needs_sign_in: bool
    allows: Callable[[object], bool]


def _is_manager(person) -> bool:
    cached = g.get("_is_manager")
    if cached is None:
        cached = g._is_manager = has_reports(person)
    return cached


PUBLIC = Policy("public", needs_sign_in=False, allows=lambda person: True)
SIGNED_IN = Policy("signed_in", needs_sign_in=True, allows=lambda person: True)
MANAGER = Policy("manager", needs_sign_in=True, allows=_is_manager)
HR = Policy("hr", needs_sign_in=True, allows=lambda p: p.has_granted_role(Role.HR))
ADMIN = Policy("admin", needs_sign_in=True, allows=lambda p: p.has_granted_role(Role.ADMIN))
HR_OR_ADMIN = Policy(
    "hr_or_admin",
    needs_sign_in=True,
    allows=lambda p: p.has_granted_role(Role.HR) or p.has_granted_role(Role.ADMIN),
)

# Those who give tracks to people and follow them: managers (within their reporting line,
# checked by the assignments services at each request), HR and admins (everyone).
MANAGER_HR_OR_ADMIN = Policy(
    "manager_hr_or_admin",
    needs_sign_in=True,
    allows=lambda p: HR_OR_ADMIN.allows(p) or _is_manager(p),
)

POLICY_ATTRIBUTE = "_relais_policy"


def requires(policy: Policy):
    """Declare who may use a view. The check itself runs in ``check_authorization``."""

    def decorate(view):
        setattr(view, POLICY_ATTRIBUTE, policy)
        return view

    return decorate


def policy_for_endpoint(app: Flask, endpoint: str | None) -> Policy | None:
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = app.view_functions.get(endpoint)
    return getattr(view, POLICY_ATTRIBUTE, None)


def check_authorization():
    """before_request: refuse any endpoint with no declared policy, then apply the policy."""
    if request.endpoint is None:
        return None  # Flask answers 404/405 itself
    policy = policy_for_endpoint(current_app, request.endpoint)
    if policy is None:
        current_app.logger.error("route %s declares no policy; refused", request.endpoint)
        abort(403)
    if not policy.needs_sign_in:
        return None
    if not current_user.is_authenticated:
        if request.method == "GET" and not request.path.startswith("/api/"):
            return redirect(url_for("people.login", next=request.full_path.rstrip("?")))
        abort(401)
    if not policy.allows(current_user):
        abort(403)
    return None


# --- security events -------------------------------------------------------------------------


def record_refusal(action: str, **details) -> None:
    """Log a refused request (and audit it, within the per-address limit), in a transaction of
    its own: whatever the refused request had begun is rolled back, the event is committed."""
    details = {
        # The route's pattern, not the path: a path may carry a token (a reset link).
        "route": request.url_rule.rule if request.url_rule else request.path[:200],
        "method": request.method,
        **details,
    }
    try:
        db.session.rollback()
        actor = current_user if current_user.is_authenticated else None
        record_security_event(action, origin=request_origin(), actor=actor, details=details)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("security event %s not recorded", action)


# --- safe redirects --------------------------------------------------------------------------

_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")


def safe_next_path(value: str | None) -> str | None:
    """Return ``value`` if it is a path on this site, else None (no open redirects)."""
    if not value or not isinstance(value, str) or len(value) > 2000:
        return None
    decoded = unquote(unquote(value))
    for candidate in (value, decoded):
        if _UNSAFE_CHARACTERS.search(candidate):
            return None
        if not candidate.startswith("/") or candidate.startswith("//"):
            return None
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return None
    return value


# --- headers ---------------------------------------------------------------------------------

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config.get("RELAIS_ENV") == "production":
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if g.get("request_id"):
        headers["X-Request-ID"] = g.request_id
    if current_user.is_authenticated or g.get("signed_in_this_request"):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


# --- proxies ---------------------------------------------------------------------------------


class TrustedProxyMiddleware:
    """Take the client address from X-Forwarded-For only when the hop that sent it is trusted.

    The header is read right to left, skipping trusted proxies; the first other address is the
    client. From anyone else the header is ignored, so a client cannot pick its own rate-limit key.
    """

    def __init__(self, wsgi_app, trusted: str):
        self.wsgi_app = wsgi_app
        self.networks = [
            ipaddress.ip_network(item.strip(), strict=False)
            for item in trusted.split(",")
            if item.strip()
        ]

    def is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def __call__(self, environ, start_response):
        remote = environ.get("REMOTE_ADDR", "")
        if self.networks and self.is_trusted(remote):
            hops = [h.strip() for h in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            for hop in reversed([h for h in hops if h]):
                if not self.is_trusted(hop):
                    environ["REMOTE_ADDR"] = hop
                    break
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip()
            if proto in {"http", "https"}:
                environ["wsgi.url_scheme"] = proto
        return self.wsgi_app(environ, start_response)


def register_security(app: Flask) -> None:
    app.before_request(check_authorization)
    app.after_request(add_security_headers)
    if app.config.get("TRUSTED_PROXIES"):
        app.wsgi_app = TrustedProxyMiddleware(app.wsgi_app, app.config["TRUSTED_PROXIES"])
