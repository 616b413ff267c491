"""WTForms' own messages ("This field is required.", …) in the reader's language, from WTForms'
catalog read once per process and language.

Flask-WTF reads that catalog from disk again on every request that builds a form (it keeps it
on the request only), and every page builds the language and sign-out forms of the layout:
about a third of a millisecond per page. Flask-WTF looks for the request's catalog in
``request.wtforms_translations``; the shared one put there chooses the language only when a
message is translated, so the signed-in person's preference is known by then.
"""

from __future__ import annotations

from functools import cache

from babel import support
from flask import Flask, request
from flask_babel import get_locale
from wtforms.i18n import messages_path


@cache
def catalog(language: str) -> support.Translations:
    return support.Translations.load(messages_path(), [language], domain="wtforms")


class SharedCatalog:
    """The process's catalogs, in the language of the request being served."""

    def ugettext(self, string: str) -> str:
        return catalog(str(get_locale())).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return catalog(str(get_locale())).ungettext(singular, plural, n)


SHARED = SharedCatalog()


def register_form_translations(app: Flask) -> None:
    @app.before_request
    def share_the_form_catalog() -> None:
        request.wtforms_translations = SHARED
