"""The device of a sign-in session in plain words ("Chrome on Windows"), read from the user agent
the browser sent at sign-in by ua-parser's rules, which it keeps up to date with new browsers."""

from __future__ import annotations

from flask_babel import gettext as _
from ua_parser import parse

# ua-parser's names, where a person knows another one.
FAMILIAR_NAMES = {"Mac OS X": "macOS", "Chrome Mobile": "Chrome", "Mobile Safari": "Safari"}


def _family(part) -> str | None:
    family = getattr(part, "family", None)
    if not family or family == "Other":
        return None
    return FAMILIAR_NAMES.get(family, family)


def describe_device(user_agent: str) -> str:
    """ "Firefox on Linux", "Safari on iOS"; as much as the user agent tells, else "Unknown"."""
    result = parse(user_agent or "")
    browser, system = _family(result.user_agent), _family(result.os)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    if browser:
        return browser
    if system:
        return _("A browser on %(system)s", system=system)
    return _("Unknown device")
