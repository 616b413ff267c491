"""Times as people read them: in their office's zone, named, in the page's language.

The formatting itself, the zone each person gets, and the filters as templates call them; the
pages themselves are checked in tests/test_local_times_on_pages.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from flask import current_app, render_template_string
from flask_login import login_user

from app.extensions import db
from app.timezones import (
    date_text,
    datetime_text,
    day_text,
    display_timezone,
    time_text,
    zone_of,
)
from tests.factories import make_office, make_person

PARIS, TORONTO = ZoneInfo("Europe/Paris"), ZoneInfo("America/Toronto")
FR, EN = Locale.parse("fr"), Locale.parse("en")
# CLDR puts a narrow no-break space (U+202F) between an English time and its AM or PM.
WINTER = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
SUMMER = datetime(2026, 7, 1, 8, 30, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "zone", "locale", "expected"),
    [
        (WINTER, PARIS, FR, "1er déc. 2026, 09:30 (heure normale d’Europe centrale)"),
        (WINTER, PARIS, EN, "Dec 1, 2026, 9:30\u202fAM (Central European Standard Time)"),
        (WINTER, TORONTO, FR, "1er déc. 2026, 03:30 (heure normale de l’Est nord-américain)"),
        (WINTER, TORONTO, EN, "Dec 1, 2026, 3:30\u202fAM (Eastern Standard Time)"),
        (SUMMER, PARIS, FR, "1er juil. 2026, 10:30 (heure d’été d’Europe centrale)"),
        (SUMMER, TORONTO, EN, "Jul 1, 2026, 4:30\u202fAM (Eastern Daylight Time)"),
        (WINTER, ZoneInfo("UTC"), EN, "Dec 1, 2026, 8:30\u202fAM (Coordinated Universal Time)"),
    ],
    ids=["paris-fr", "paris-en", "toronto-fr", "toronto-en", "paris-fr-summer", "toronto-en-summer",
         "utc-en"],
)  # fmt: skip
def test_a_datetime_is_shown_in_the_zone_and_language_with_the_zone_named(
    moment, zone, locale, expected
):
    assert datetime_text(moment, zone, locale) == expected


def test_seconds_are_shown_when_asked():
    assert datetime_text(SUMMER, PARIS, FR, seconds=True) == (
        "1er juil. 2026, 10:30:15 (heure d’été d’Europe centrale)"
    )
    assert datetime_text(SUMMER, TORONTO, EN, seconds=True) == (
        "Jul 1, 2026, 4:30:15\u202fAM (Eastern Daylight Time)"
    )


def test_a_time_alone_names_its_zone_too():
    assert time_text(WINTER, PARIS, FR) == "09:30 (heure normale d’Europe centrale)"
    assert time_text(SUMMER, TORONTO, EN, seconds=True) == "4:30:15\u202fAM (Eastern Daylight Time)"


def test_a_date_is_the_day_in_the_zone():
    late_evening_in_toronto = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    assert date_text(late_evening_in_toronto, TORONTO, EN) == "Dec 1, 2026"
    assert date_text(late_evening_in_toronto, PARIS, FR) == "2 déc. 2026"
    assert date_text(date(2026, 12, 1), PARIS, FR) == "1er déc. 2026"
    assert date_text(date(2026, 12, 1), PARIS, EN) == "Dec 1, 2026"


@pytest.mark.parametrize(
    ("day", "width", "locale", "expected"),
    [
        (date(2026, 9, 1), "medium", FR, "1er sept. 2026"),
        (date(2026, 12, 1), "long", FR, "1er décembre 2026"),
        (date(2026, 12, 1), "full", FR, "mardi 1er décembre 2026"),
        (date(2026, 12, 1), "medium", Locale.parse("fr_CA"), "1er déc. 2026"),
        (date(2026, 12, 2), "long", FR, "2 décembre 2026"),
        (date(2026, 12, 11), "medium", FR, "11 déc. 2026"),
        (date(2026, 12, 21), "medium", FR, "21 déc. 2026"),
        (date(2026, 12, 1), "short", FR, "01/12/2026"),
        (date(2026, 12, 1), "short", Locale.parse("fr_BE"), "1/12/26"),
        (date(2026, 9, 1), "medium", EN, "Sep 1, 2026"),
        (date(2026, 12, 1), "long", EN, "December 1, 2026"),
    ],
    ids=[
        "medium-fr", "long-fr", "full-fr", "medium-fr-ca", "second-fr", "eleventh-fr",
        "twenty-first-fr", "numeric-fr", "numeric-fr-be", "medium-en", "long-en",
    ],
)  # fmt: skip
def test_french_writes_1er_for_the_first_of_the_month_in_words_only(day, width, locale, expected):
    assert day_text(day, width, locale) == expected


def test_an_aware_datetime_in_another_offset_is_the_same_moment():
    same_moment = WINTER.astimezone(timezone(timedelta(hours=-5)))
    assert datetime_text(same_moment, PARIS, FR) == datetime_text(WINTER, PARIS, FR)


# Paris moves its clocks forward on 29 March 2026 at 01:00 UTC and back on 25 October at 01:00
# UTC; Toronto forward on 8 March at 07:00 UTC.
CLOCK_CHANGES = {
    "paris-last-winter-minute": (
        "2026-03-29 00:59",
        PARIS,
        "01:59 (heure normale d’Europe centrale)",
    ),
    "paris-first-summer-minute": (
        "2026-03-29 01:00",
        PARIS,
        "03:00 (heure d’été d’Europe centrale)",
    ),
    "paris-repeated-hour-summer": (
        "2026-10-25 00:30",
        PARIS,
        "02:30 (heure d’été d’Europe centrale)",
    ),
    "paris-repeated-hour-winter": (
        "2026-10-25 01:30",
        PARIS,
        "02:30 (heure normale d’Europe centrale)",
    ),
    "toronto-last-winter-minute": (
        "2026-03-08 06:59",
        TORONTO,
        "01:59 (heure normale de l’Est nord-américain)",
    ),
    "toronto-first-summer-minute": (
        "2026-03-08 07:00",
        TORONTO,
        "03:00 (heure d’été de l’Est nord-américain)",
    ),
}


@pytest.mark.parametrize("case", sorted(CLOCK_CHANGES))
def test_the_clock_changes_are_followed_and_the_repeated_hour_reads_two_ways(case):
    utc, zone, expected = CLOCK_CHANGES[case]
    assert time_text(datetime.fromisoformat(utc).replace(tzinfo=UTC), zone, FR) == expected


@pytest.mark.parametrize("show", [datetime_text, time_text, date_text])
def test_a_naive_datetime_is_refused(show):
    with pytest.raises(ValueError, match="naive datetimes are refused"):
        show(datetime(2026, 12, 1, 8, 30), PARIS, FR)


# --- whose zone --------------------------------------------------------------------------------


def test_a_person_sees_their_office_zone_and_others_the_default(app):
    quebec = make_person(office=make_office("quebec"))
    paris = make_person(office=make_office("paris"))
    nowhere = make_person(office=None)
    assert zone_of(quebec, "Europe/Paris") == TORONTO
    assert zone_of(paris, "America/Toronto") == PARIS
    assert zone_of(nowhere, "Europe/Paris") == PARIS
    assert zone_of(None, "Europe/Paris") == PARIS


def test_the_default_zone_is_paris(app):
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == "Europe/Paris"
    with app.test_request_context():
        assert display_timezone() == PARIS


PAGE = (
    "{{ moment | local_datetime }}|{{ moment | local_datetime(seconds=true) }}|"
    "{{ moment | local_time }}|{{ moment | local_date }}|{{ display_timezone().key }}"
)


def rendered_for(person, moment: datetime) -> list[str]:
    with current_app.test_request_context():
        if person is not None:
            login_user(person)
        return render_template_string(PAGE, moment=moment).split("|")


SEEN_FROM = {
    "quebec-en": [
        "Dec 1, 2026, 3:30\u202fAM (Eastern Standard Time)",
        "Dec 1, 2026, 3:30:00\u202fAM (Eastern Standard Time)",
        "3:30\u202fAM (Eastern Standard Time)",
        "Dec 1, 2026",
        "America/Toronto",
    ],
    "paris-fr": [
        "1er déc. 2026, 09:30 (heure normale d’Europe centrale)",
        "1er déc. 2026, 09:30:00 (heure normale d’Europe centrale)",
        "09:30 (heure normale d’Europe centrale)",
        "1er déc. 2026",
        "Europe/Paris",
    ],
}


@pytest.mark.parametrize("office_and_language", sorted(SEEN_FROM))
def test_the_filters_show_a_person_their_office_time_in_their_language(app, office_and_language):
    office, language = office_and_language.split("-")
    person = make_person(office=make_office(office), language=language)
    db.session.commit()
    assert rendered_for(person, WINTER) == SEEN_FROM[office_and_language]


def test_the_filters_show_a_visitor_the_default_zone_in_the_default_language(app):
    assert rendered_for(None, SUMMER)[0] == "1er juil. 2026, 10:30 (heure d’été d’Europe centrale)"


def test_the_filters_refuse_a_naive_datetime(app):
    with pytest.raises(ValueError, match="naive datetimes are refused"):
        rendered_for(None, datetime(2026, 12, 1, 8, 30))
