"""Dates and times as a person reads them: in their office's time zone, with the zone named, in
the page's language. Datetimes are stored as aware UTC and converted only here, for display.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import (
    format_date,
    format_time,
    get_date_format,
    get_datetime_format,
    get_timezone_name,
)
from flask import Flask, current_app, has_request_context
from flask_babel import get_locale
from flask_login import current_user

# What a language writes after the first day of the month, which CLDR's patterns leave out:
# French writes "1er décembre", "1er déc." (and "2 décembre" for the other days).
FIRST_OF_MONTH = {"fr": "er"}
# In a CLDR pattern: the day of the month in one letter ("dd" is a numeric date's), and a
# month written as a word ("MMM", "MMMM"); only such dates take the ordinal: 01/12/2026 stays.
DAY_FIELD = re.compile(r"(?<!d)d(?!d)")
MONTH_IN_WORDS = re.compile(r"[ML]{3,}")


def day_pattern(day: date, width: str, locale: Locale) -> str:
    """The CLDR date pattern of ``width``, with the ordinal of the first of the month where the
    language writes one. Quoted literals ('…') are left as they are."""
    pattern = get_date_format(width, locale=locale).pattern
    suffix = FIRST_OF_MONTH.get(locale.language)
    # Even parts lie outside quotes: only there is a letter a field.
    fields = pattern.split("'")[::2]
    if day.day != 1 or suffix is None or not any(MONTH_IN_WORDS.search(f) for f in fields):
        return pattern
    return "'".join(
        DAY_FIELD.sub(f"d'{suffix}'", part) if index % 2 == 0 else part
        for index, part in enumerate(pattern.split("'"))
    )


def day_text(day: date, width: str, locale: Locale) -> str:
    """ "1er déc. 2026", "2 déc. 2026", "Dec 1, 2026": a date as the language writes it."""
    return format_date(day, day_pattern(day, width, locale), locale=locale)


def zone_of(person, default: str) -> ZoneInfo:
    """A person's office zone; ``default`` for anonymous visitors and people without an office."""
    office = getattr(person, "office", None)
    return ZoneInfo(office.timezone if office is not None else default)


def display_timezone() -> ZoneInfo:
    """The zone this page shows times in: the signed-in person's office, else the default."""
    signed_in = has_request_context() and current_user.is_authenticated
    return zone_of(
        current_user if signed_in else None, current_app.config["BABEL_DEFAULT_TIMEZONE"]
    )


def in_zone(moment: datetime, zone: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        # A naive value would be read as the server's local time: refuse it rather than guess.
        raise ValueError("naive datetimes are refused: pass an aware UTC datetime")
    return moment.astimezone(zone)


def zone_name(moment: datetime, zone: ZoneInfo, locale: Locale) -> str:
    """The zone at that moment, as CLDR names it: "heure d’été d’Europe centrale", "Eastern
    Standard Time". Summer and winter are named apart, so the hour the clocks repeat in autumn
    still reads one way."""
    return get_timezone_name(in_zone(moment, zone), "long", locale=locale)


def datetime_text(moment: datetime, zone: ZoneInfo, locale: Locale, seconds: bool = False) -> str:
    """ "1er déc. 2026, 09:30 (heure normale d’Europe centrale)", "Dec 1, 2026, 3:30 AM (Eastern
    Standard Time)"; with ``seconds``, the time has its seconds."""
    local = in_zone(moment, zone)
    pattern = get_datetime_format("medium", locale=locale).replace("'", "")
    time = format_time(local, "medium" if seconds else "short", locale=locale)
    text = pattern.replace("{0}", time).replace("{1}", day_text(local, "medium", locale))
    return f"{text} ({zone_name(moment, zone, locale)})"


def time_text(moment: datetime, zone: ZoneInfo, locale: Locale, seconds: bool = False) -> str:
    """ "09:30 (heure normale d’Europe centrale)", "3:30 AM (Eastern Standard Time)"."""
    time = format_time(in_zone(moment, zone), "medium" if seconds else "short", locale=locale)
    return f"{time} ({zone_name(moment, zone, locale)})"


def date_text(day: date | datetime, zone: ZoneInfo, locale: Locale) -> str:
    """ "1er déc. 2026", "Dec 1, 2026"; a datetime is first taken to the zone, whose day it
    names."""
    if isinstance(day, datetime):
        day = in_zone(day, zone).date()
    return day_text(day, "medium", locale)


# The template filters: the same, in the zone and language of the page being rendered.


def local_datetime(moment: datetime, seconds: bool = False) -> str:
    return datetime_text(moment, display_timezone(), get_locale(), seconds)


def local_time(moment: datetime, seconds: bool = False) -> str:
    return time_text(moment, display_timezone(), get_locale(), seconds)


def local_date(day: date | datetime) -> str:
    return date_text(day, display_timezone(), get_locale())


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(local_datetime)
    app.add_template_filter(local_time)
    app.add_template_filter(local_date)
    # Machine-readable: quiz.js shows the time of an autosave in the same zone as the page.
    app.add_template_global(display_timezone)
