"""The quiz page says how many attempts are left and which attempt's grade counts."""

from __future__ import annotations

import pytest

from tests.quiz.attempt_helpers import answers, start, submit
from tests.quiz.quiz_content import sync_quiz


def overview(client) -> str:
    return client.get("/courses/basics/quiz").get_data(as_text=True)


def test_attempts_left_count_down_as_attempts_start(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c", attempts_allowed=3)
    login_as("employee", language="en")
    assert "3 attempts left of 3" in overview(client)
    attempt = start(client)
    assert "2 attempts left of 3" in overview(client)  # the open attempt counts already
    submit(client, attempt, answers(attempt, right=False))
    assert "2 attempts left of 3" in overview(client)
    submit(client, (second := start(client)), answers(second, right=False))
    assert "1 attempt left of 3" in overview(client)
    submit(client, (third := start(client)), answers(third, right=False))
    html = overview(client)
    assert "0 attempts left of 3" in html and "Start a new attempt" not in html


def test_attempts_left_in_french(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c", attempts_allowed=3)
    login_as("employee", language="fr")
    start(client)
    assert "Il vous reste 2 tentatives sur 3" in overview(client)


def test_unlimited_attempts_say_so(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c")
    login_as("employee", language="en")
    html = overview(client)
    assert "Unlimited attempts" in html and "left of" not in html


@pytest.mark.parametrize(
    ("method", "english", "french"),
    [
        (None, "Highest grade counts", "La meilleure note compte"),
        ("highest", "Highest grade counts", "La meilleure note compte"),
        ("last", "Last attempt counts", "La dernière tentative compte"),
        ("first", "First attempt counts", "La première tentative compte"),
        ("average", "Average of all attempts counts", "La moyenne des tentatives compte"),
    ],
)
def test_the_grading_method_is_stated(app, tmp_path, client, login_as, method, english, french):
    settings = {"grading_method": method} if method else {}
    sync_quiz(tmp_path / "c", **settings)
    login_as("employee", language="en")
    assert english in overview(client)
    client.post("/language", data={"language": "fr"})
    assert french in overview(client)


@pytest.mark.parametrize(
    ("language", "rule", "not_passed"),
    [
        ("en", "Pass mark: 60%", "not passed (pass mark 60%)"),
        ("fr", "Seuil de réussite\u202f: 60\xa0%", "non réussi (seuil de réussite 60\xa0%)"),
    ],
)
def test_the_pass_mark_has_one_name_and_the_language_s_spacing(
    app, tmp_path, client, login_as, language, rule, not_passed
):
    sync_quiz(tmp_path / "c", review="{after_submit: [score], after_close: [score]}")
    login_as("employee", language=language)
    assert rule in overview(client)
    attempt = start(client)
    submit(client, attempt, answers(attempt, right=False))
    review = client.get(f"/quiz/attempts/{attempt.id}/review").get_data(as_text=True)
    assert not_passed in review
    assert "60 %" not in review  # no plain space before the percent, in either language
