"""The summary before the final submit (Moodle's "Summary of attempt"): "Submit and finish"
saves the answers and shows each question answered or not; only its button grades, once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.database import utcnow
from app.extensions import db
from app.quiz.models import GRADED, OPEN
from tests.quiz.attempt_helpers import (
    answers,
    attempts,
    reload,
    save,
    sequence_fields,
    start,
    submit,
)
from tests.quiz.quiz_content import sync_quiz


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "c")


def finish(client, attempt, fields: dict):
    return client.post(
        f"/quiz/attempts/{attempt.id}/finish", data={**sequence_fields(attempt), **fields}
    )


def test_submit_and_finish_saves_then_shows_the_summary_without_grading(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    html = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert f'formaction="/quiz/attempts/{attempt.id}/finish"' in html

    response = finish(client, attempt, answers(attempt, only={1, 3}))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/quiz/attempts/{attempt.id}/summary")
    saved = reload(attempt)
    assert saved.state == OPEN
    assert [slot.response is not None for slot in saved.slots] == [
        True, False, True, False, False, False
    ]  # fmt: skip

    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Summary of attempt 1" in html
    assert "2 answered, 4 not answered, of 6 questions." in html
    assert html.count("<strong>Not answered</strong>") == 4
    assert html.count("<td>Answered</td>") == 2
    for position in range(1, 7):
        assert f'href="/quiz/attempts/{attempt.id}#question-{position}"' in html
    assert f'action="/quiz/attempts/{attempt.id}/submit"' in html
    assert "Submit all and finish" in html
    assert reload(attempt).state == OPEN


def test_nothing_answered_is_said_and_not_graded(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    response = finish(client, attempt, {})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0 answered, 6 not answered, of 6 questions." in html
    assert reload(attempt).state == OPEN and reload(attempt).fraction is None


def test_the_summary_button_grades_once_with_the_saved_answers(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    finish(client, attempt, answers(attempt))
    # The summary's form sends no answer: only the csrf token, with the test's CSRF off.
    response = client.post(f"/quiz/attempts/{attempt.id}/submit", data={})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/quiz/attempts/{attempt.id}/review")
    graded = reload(attempt)
    assert (graded.state, graded.fraction) == (GRADED, 1.0)
    again = client.post(f"/quiz/attempts/{attempt.id}/submit", data={})
    assert again.headers["Location"].endswith("/review")
    assert [(a.state, a.fraction) for a in attempts()] == [(GRADED, 1.0)]


def test_once_graded_the_summary_and_finish_lead_to_the_review(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, answers(attempt))
    assert (
        client.get(f"/quiz/attempts/{attempt.id}/summary").headers["Location"].endswith("/review")
    )
    response = finish(client, reload(attempt), answers(attempt, right=False))
    assert response.headers["Location"].endswith("/review")
    assert reload(attempt).fraction == 1.0


def test_the_summary_is_in_french(quiz, client, login_as):
    login_as("employee", language="fr")
    attempt = start(client)
    finish(client, attempt, answers(attempt, only={2}))
    html = client.get(f"/quiz/attempts/{attempt.id}/summary").get_data(as_text=True)
    assert "Récapitulatif de la tentative 1" in html
    assert "1 avec réponse, 5 sans réponse, sur 6 questions." in html
    assert "Tout envoyer et terminer" in html


@pytest.fixture
def timed_quiz(app, tmp_path):
    sync_quiz(tmp_path / "c", time_limit_minutes=10)


def test_past_the_deadline_finish_closes_and_grades_the_saved_answers(timed_quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    save(client, attempt, answers(attempt, only={1}))
    late = reload(attempt)
    late.deadline_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    response = finish(client, reload(attempt), answers(attempt))
    assert response.headers["Location"].endswith(f"/quiz/attempts/{attempt.id}/review")
    graded = reload(attempt)
    assert (graded.state, graded.closed_by) == (GRADED, "deadline")
    assert [slot.response is not None for slot in graded.slots].count(True) == 1


def test_a_timed_summary_past_the_deadline_closes_and_grades(timed_quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    late = reload(attempt)
    late.deadline_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    response = client.get(f"/quiz/attempts/{attempt.id}/summary")
    assert response.headers["Location"].endswith("/review")
    assert reload(attempt).state == GRADED


def nav_of(html: str) -> str:
    start = html.index('<nav class="quiz-nav"')
    return html[start : html.index("</nav>", start)]


def test_the_attempt_page_lists_every_question_answered_or_not_in_words(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    save(client, attempt, answers(attempt, only={2, 5}))
    nav = nav_of(client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True))
    assert 'aria-label="Questions of this attempt"' in nav
    assert nav.count("<li>") == 6
    for position in range(1, 7):
        assert f'href="#question-{position}" data-question="{position}"' in nav
    assert nav.count('class="answered">') == 2 and nav.count('class="unanswered">') == 4
    assert nav.count('<span class="nav-state">Answered</span>') == 2
    assert nav.count('<span class="nav-state">Not answered</span>') == 4
    assert 'data-question="2" class="answered">Question 2' in nav


def test_the_panel_speaks_french(quiz, client, login_as):
    login_as("employee", language="fr")
    attempt = start(client)
    html = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    nav = nav_of(html)
    assert 'aria-label="Questions de cette tentative"' in nav
    assert nav.count("Sans réponse") == 6
