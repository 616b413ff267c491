"""Numbers as a person reads them: decimals and percentages in the page's language (0,5 and
85 % in French; 0.5 and 85% in English), for scores, marks and progress."""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_decimal, format_percent
from flask import Flask
from flask_babel import get_locale

# Marks are shown to two decimals at most; Moodle's seven would read as noise.
DECIMAL_PATTERN = "#,##0.##"


def number_text(value: float, locale: Locale) -> str:
    """ "0,5" / "0.5", "1 234" / "1,234": no trailing zeros, two decimals at most."""
    return format_decimal(value, format=DECIMAL_PATTERN, locale=locale)


def percent_text(percent: float, locale: Locale) -> str:
    """A percentage given out of 100: "85 %" / "85%", rounded to a whole number."""
    return format_percent(percent / 100, locale=locale)


def coefficient_text(value: float, locale: Locale) -> str:
    """A coefficient such as a correlation, always with two decimals so a column lines up:
    "0,10" / "0.10", "-0,22" / "-0.22"."""
    return format_decimal(value, format="0.00", locale=locale)


# The template filters: the same, in the language of the page being rendered.


def local_number(value: float) -> str:
    return number_text(value, get_locale())


def local_percent(percent: float) -> str:
    return percent_text(percent, get_locale())


def local_coefficient(value: float) -> str:
    return coefficient_text(value, get_locale())


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(local_number)
    app.add_template_filter(local_percent)
    app.add_template_filter(local_coefficient)
