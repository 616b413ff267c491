"""The templates' ``_()`` and ``ngettext()``, with the catalog found once per process and language.

Flask-Babel's template callables find the catalog again for every string: the domain, the
request's Babel context and the locale's name, each through Flask's context proxies, then
Jinja's newstyle wrapper calls through the template context twice more. A layout with about
twenty strings paid a few hundred microseconds a page for it. These do what Jinja's newstyle
gettext does (autoescaped, always a format string, ``num`` given to ngettext) with the
catalog of the locale Flask-Babel chose, ``force_locale`` included.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale, get_translations
from jinja2 import pass_eval_context
from markupsafe import Markup

# Filled by the first string of each language, as Flask-Babel's own cache: a catalog changes
# only when the application restarts.
_CATALOGS: dict = {}


def translations():
    locale = get_locale()
    if locale is None:  # outside a request and an application context: no catalog
        return get_translations()
    found = _CATALOGS.get(locale)
    if found is None:
        found = _CATALOGS[locale] = get_translations()
    return found


@pass_eval_context
def gettext(eval_context, string: str, **variables) -> str:
    text = translations().ugettext(string)
    if eval_context.autoescape:
        # As Jinja does: the catalog is ours, and Markup's % escapes the variables.
        text = Markup(text)  # noqa: S704
    return text % variables


@pass_eval_context
def ngettext(eval_context, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    text = translations().ungettext(singular, plural, num)
    if eval_context.autoescape:
        text = Markup(text)  # noqa: S704
    return text % variables


def register_page_translations(app: Flask) -> None:
    """After Flask-Babel: replaces the callables it installed (the i18n extension stays, with
    newstyle gettext on, so templates compile as before)."""
    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
