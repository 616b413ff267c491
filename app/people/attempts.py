"""Attempt counters for the limits a route decorator cannot express (per signed-in account, per
reset recipient), kept by the same Flask-Limiter storage as the sign-in limits (Redis in
production), so every server counts together."""

from __future__ import annotations

from flask import current_app
from limits import parse_many

from app.extensions import limiter


def _keys(scope: str, key: str) -> list[str]:
    return [current_app.config["RATELIMIT_KEY_PREFIX"], key, scope]


def attempts_left(setting: str, scope: str, key: str) -> bool:
    """Whether one more attempt fits within every limit of the setting ("5 per minute;20 per
    hour"), without counting it."""
    if not limiter.enabled:
        return True
    items = parse_many(current_app.config[setting])
    return all(limiter.limiter.test(item, *_keys(scope, key)) for item in items)


def count_attempt(setting: str, scope: str, key: str) -> bool:
    """Count one attempt in every window of the setting; False once any of them is exceeded."""
    if not limiter.enabled:
        return True
    items = parse_many(current_app.config[setting])
    # A list, not a generator: every window counts the attempt even after one is full.
    return all([limiter.limiter.hit(item, *_keys(scope, key)) for item in items])
