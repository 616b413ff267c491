"""Picking the reader's language out of the ``{"fr": ..., "en": ...}`` texts of the content."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale


def localized(texts: dict | None) -> str:
    """The text in the current language, else in the default one (content check requires both)."""
    if not texts:
        return ""
    language = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return texts.get(language) or texts.get(current_app.config["BABEL_DEFAULT_LOCALE"], "")
