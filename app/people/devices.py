"""Device cookies: a browser where a person has signed in before carries a signed cookie naming
that account, so its sign-in attempts are counted apart from a stranger's (OWASP's device
cookies), and the ceiling shared by every client never locks that browser out."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

DEVICE_COOKIE_DAYS = 180


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="relais-device")


def _account(email: str) -> str:
    # A digest, so that the cookie (signed, not encrypted) does not show the address.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def new_device_cookie(email: str) -> str:
    return _serializer().dumps({"account": _account(email), "device": secrets.token_urlsafe(16)})


def known_device(cookie: str | None, email: str) -> str | None:
    """The device's id if the cookie is ours, recent enough and names this account, else None."""
    if not cookie or not email:
        return None
    try:
        payload = _serializer().loads(cookie, max_age=DEVICE_COOKIE_DAYS * 86400)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("account") != _account(email):
        return None
    device = payload.get("device")
    return device if isinstance(device, str) else None
