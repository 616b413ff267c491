"""The countdown of a timed attempt: not read aloud each second, and a region beside it for the
5- and 1-minute warnings, in the reader's language; it stays in view (sticky)."""

from __future__ import annotations

import html as markup
import json
import re
from pathlib import Path

import pytest

from tests.quiz.attempt_helpers import start
from tests.quiz.quiz_content import sync_quiz


@pytest.fixture
def timed_quiz(app, tmp_path):
    sync_quiz(tmp_path / "c", time_limit_minutes=15)


@pytest.mark.parametrize(
    ("language", "five", "one"),
    [
        ("en", "5 minutes left.", "1 minute left."),
        ("fr", "Il reste 5 minutes.", "Il reste 1 minute."),
    ],
)
def test_the_countdown_is_silent_and_the_warnings_have_a_live_region(
    timed_quiz, client, login_as, language, five, one
):
    login_as("employee", language=language)
    attempt = start(client)
    html = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert 'id="countdown"' in html and 'role="timer" aria-live="off"' in html
    assert '<p class="visually-hidden" id="countdown-alert" aria-live="assertive"' in html
    words = script_words(html)
    assert (words["five"], words["one"]) == (five, one)


def script_words(page: str) -> dict[str, str]:
    """The words quiz.js shows, as the page carries them (JSON, HTML-escaped)."""
    found = re.search(r'data-words="([^"]*)"', page).group(1)
    return json.loads(markup.unescape(found))


def test_an_untimed_attempt_has_no_countdown(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c")
    login_as("employee", language="en")
    attempt = start(client)
    html = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert 'id="countdown"' not in html and 'id="countdown-alert"' not in html


def test_the_countdown_stays_in_view():
    css = (Path(__file__).parents[2] / "app/static/relais.css").read_text()
    rule = css[css.index("#countdown {") :]
    assert "position: sticky" in rule[: rule.index("}")]
