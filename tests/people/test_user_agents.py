"""A session's device in plain words, from the user agent its browser sent."""

import pytest

from app.people.user_agents import describe_device

CASES = {
    "chrome-windows": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36",
        "Chrome on Windows",
    ),
    "safari-iphone": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
        "like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "Safari on iOS",
    ),
    "firefox-mac": (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Firefox on macOS",
    ),
    "chrome-android": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36",
        "Chrome on Android",
    ),
    "a-command-line-client": ("curl/8.5.0", "curl"),
    "nothing-sent": ("", "Unknown device"),
    "gibberish": ("<script>alert(1)</script>", "Unknown device"),
}


@pytest.mark.parametrize(("user_agent", "expected"), CASES.values(), ids=CASES.keys())
def test_the_device_in_plain_words(app, user_agent, expected):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert describe_device(user_agent) == expected


def test_the_device_in_french(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert describe_device(CASES["chrome-windows"][0]) == "Chrome sur Windows"
        assert describe_device("") == "Appareil inconnu"
