"""The app's own phrases, from its catalogs, so that a browser test reads a page in either
language without copying its words: exact texts, and patterns with a group for each value."""

from __future__ import annotations

import re

from babel import Locale
from flask_babel import force_locale, gettext, ngettext

from app.numbers import percent_text

SENTINEL = "\x00{}\x00"


class Words:
    """The app's own phrases in one language, from its catalogs: exact texts and patterns."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, message: str, **params) -> str:
        with force_locale(self.language):
            return gettext(message, **params)

    def plural(self, singular: str, plural: str, num: int, **params) -> str:
        with force_locale(self.language):
            return ngettext(singular, plural, num, **params)

    def pattern(self, message: str, **params) -> re.Pattern:
        """The phrase with each ``param=None`` as a group that takes any text."""
        fixed = {k: v for k, v in params.items() if v is not None}
        loose = {k: SENTINEL.format(k) for k, v in params.items() if v is None}
        escaped = re.escape(self(message, **fixed, **loose))
        for name, sentinel in loose.items():
            escaped = escaped.replace(re.escape(sentinel), f"(?P<{name}>.+?)")
        return re.compile(escaped)

    def percent(self, value: float) -> str:
        return percent_text(value, Locale.parse(self.language))
