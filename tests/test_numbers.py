"""Numbers as people read them: decimals and percentages in the page's language."""

from __future__ import annotations

import pytest
from babel import Locale
from flask import current_app, render_template_string
from flask_login import login_user

from app.extensions import db
from app.numbers import coefficient_text, number_text, percent_text
from tests.factories import make_person

FR, EN = Locale.parse("fr"), Locale.parse("en")


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (0.5, FR, "0,5"),
        (0.5, EN, "0.5"),
        (1, FR, "1"),
        (2 / 3, FR, "0,67"),
        (2 / 3, EN, "0.67"),
        (1234.5, FR, "1\u202f234,5"),
        (1234.5, EN, "1,234.5"),
    ],
    ids=["half-fr", "half-en", "whole-fr", "third-fr", "third-en", "thousands-fr", "thousands-en"],
)
def test_a_mark_is_written_as_the_language_writes_decimals(value, locale, expected):
    assert number_text(value, locale) == expected


@pytest.mark.parametrize(
    ("percent", "locale", "expected"),
    [(85, FR, "85\u00a0%"), (85, EN, "85%"), (66.67, FR, "67\u00a0%"), (0, EN, "0%")],
    ids=["fr", "en", "rounded-fr", "zero-en"],
)
def test_a_percentage_is_written_as_the_language_writes_it(percent, locale, expected):
    assert percent_text(percent, locale) == expected


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [(0.1, FR, "0,10"), (0.1, EN, "0.10"), (-0.2234, FR, "-0,22"), (1, EN, "1.00")],
    ids=["tenth-fr", "tenth-en", "negative-fr", "one-en"],
)
def test_a_coefficient_always_has_two_decimals(value, locale, expected):
    assert coefficient_text(value, locale) == expected


@pytest.mark.parametrize(("language", "expected"), [("fr", "0,5|80\u00a0%"), ("en", "0.5|80%")])
def test_the_filters_follow_the_signed_in_person_s_language(app, language, expected):
    person = make_person(language=language)
    db.session.commit()
    with current_app.test_request_context():
        login_user(person)
        rendered = render_template_string("{{ 0.5 | local_number }}|{{ 80 | local_percent }}")
    assert rendered == expected
