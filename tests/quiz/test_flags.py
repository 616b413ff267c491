"""Flagging a question, as Moodle's "Flag question": a toggle on each question that works
without script (the whole form goes with it, so no answer is lost) and in place with it (JSON);
the navigation panel, the summary and the review show the flags; they never change a grade;
a finished or someone else's attempt refuses them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.database import utcnow
from app.extensions import db
from app.quiz.models import GRADED, OPEN
from tests.conftest import csrf_token_from, sign_in
from tests.factories import make_person
from tests.quiz.attempt_helpers import (
    answers,
    attempts,
    reload,
    sequence_fields,
    start,
    submit,
)
from tests.quiz.quiz_content import sync_quiz

JSON = {"Accept": "application/json"}


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "c")


def flag_url(attempt, position: int) -> str:
    return f"/quiz/attempts/{attempt.id}/questions/{position}/flag"


def flag(client, attempt, position: int, flagged: str = "1", json: bool = True, **fields):
    """Flag as the page's script does: the flag alone, asking for JSON."""
    headers = JSON if json else {}
    data = {"flagged": flagged, **fields}
    return client.post(flag_url(attempt, position), data=data, headers=headers)


def flags(attempt) -> list[bool]:
    return [slot.flagged for slot in reload(attempt).slots]


def page_of(client, attempt) -> str:
    return client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)


def nav_link(html: str, position: int) -> str:
    start_at = html.index(f'data-question="{position}"')
    return html[start_at : html.index("</a>", start_at)]


def flag_button(html: str, position: int) -> str:
    start_at = html.index(f'data-flag="{position}"')
    return html[start_at : html.index("</button>", start_at)]


def test_each_question_has_a_flag_toggle_that_saves_the_form_without_script(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    html = page_of(client, attempt)
    assert html.count('class="flag-button"') == 6
    button = flag_button(html, 2)
    assert 'name="flagged" value="1" aria-pressed="false"' in button
    assert f'formaction="{flag_url(attempt, 2)}"' in button
    assert "Flag this question" in button
    assert '<span class="nav-flag" hidden>' in nav_link(html, 2)


def test_enter_in_a_typed_answer_saves_rather_than_flags(quiz, client, login_as):
    """Implicit submission uses the form's first submit button: a hidden "save" one."""
    login_as("employee", language="en")
    attempt = start(client)
    html = page_of(client, attempt)
    form = html[html.index('id="attempt-form"') :]
    first = form[form.index("<button") : form.index("</button>")]
    assert f'formaction="/quiz/attempts/{attempt.id}/save" hidden' in first


def test_without_script_the_flag_button_saves_the_answers_and_sets_the_flag(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    form = {**sequence_fields(attempt), **answers(attempt, only={1, 4})}
    response = client.post(flag_url(attempt, 2), data={**form, "flagged": "1"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/quiz/attempts/{attempt.id}#question-2")
    saved = reload(attempt)
    assert flags(attempt) == [False, True, False, False, False, False]
    assert [slot.response is not None for slot in saved.slots][:4] == [True, False, False, True]
    assert saved.saved_at is not None

    html = page_of(client, attempt)
    assert "Question 2 is flagged." in html
    assert "Your answers are saved." in html
    assert 'name="flagged" value="0" aria-pressed="true"' in flag_button(html, 2)
    assert '<span class="nav-flag"> <span aria-hidden="true">⚑</span> Flagged</span>' in (
        nav_link(html, 2)
    )


def test_the_same_button_removes_the_flag(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    flag(client, attempt, 3, "1")
    response = client.post(flag_url(attempt, 3), data={**sequence_fields(attempt), "flagged": "0"})
    assert response.status_code == 303
    assert flags(attempt) == [False] * 6
    assert "Question 3 is no longer flagged." in page_of(client, attempt)


def test_in_place_the_flag_answers_json_and_moves_neither_save_time_nor_sequence(
    quiz, client, login_as
):
    login_as("employee", language="en")
    attempt = start(client)
    response = flag(client, attempt, 5)
    assert response.status_code == 200
    assert response.get_json() == {"position": 5, "flagged": True}
    flagged = reload(attempt)
    assert flags(attempt) == [False, False, False, False, True, False]
    assert flagged.saved_at is None
    assert [slot.sequence for slot in flagged.slots] == [0] * 6


def test_a_flag_makes_no_tab_stale(quiz, client, login_as):
    """A page loaded before another tab flagged a question still saves its answer to it."""
    login_as("employee", language="en")
    attempt = start(client)
    before = sequence_fields(attempt)
    flag(client, attempt, 4)
    response = client.post(
        f"/quiz/attempts/{attempt.id}/save",
        data={"q4-sequence": before["q4-sequence"], "q4": "zebra"},
        headers=JSON,
    )
    assert response.get_json()["kept"] == []
    assert reload(attempt).slots[3].response == {"value": "zebra"}


@pytest.mark.parametrize("right", [True, False])
def test_flags_never_change_the_grade(quiz, client, login_as, right):
    login_as("employee", language="en")
    flagged = start(client)
    for position in range(1, 7):
        flag(client, flagged, position)
    submit(client, flagged, answers(flagged, right=right))
    login_as("employee", language="en")
    plain = start(client)
    submit(client, plain, answers(plain, right=right))
    graded, other = reload(flagged), reload(plain)
    assert graded.state == other.state == GRADED
    assert (graded.fraction, graded.score) == (other.fraction, other.score)
    assert [s.fraction for s in graded.slots] == [s.fraction for s in other.slots]


def test_the_summary_lists_the_flagged_questions_with_links_back(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    flag(client, attempt, 2)
    flag(client, attempt, 5)
    html = client.get(f"/quiz/attempts/{attempt.id}/summary").get_data(as_text=True)
    assert "You flagged 2 questions to come back to." in html
    flagged_cell = ' · <strong class="flag-state"><span aria-hidden="true">⚑</span> Flagged'
    assert html.count(flagged_cell) == 2
    row = html[html.index(f'href="/quiz/attempts/{attempt.id}#question-5"') :]
    assert flagged_cell in row[: row.index("</tr>")]
    row = html[html.index(f'href="/quiz/attempts/{attempt.id}#question-4"') :]
    assert "Flagged" not in row[: row.index("</tr>")]


def test_the_summary_says_flags_in_french(quiz, client, login_as):
    login_as("employee", language="fr")
    attempt = start(client)
    flag(client, attempt, 1)
    html = client.get(f"/quiz/attempts/{attempt.id}/summary").get_data(as_text=True)
    assert "Vous avez marqué 1 question pour y revenir." in html
    assert "<strong>Sans réponse</strong> · <strong" in html
    assert "Marquée</strong>" in html
    assert "Marquer cette question" in page_of(client, attempt)


def test_the_review_shows_the_flags_discreetly(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    flag(client, attempt, 3)
    submit(client, attempt, {})
    html = client.get(f"/quiz/attempts/{attempt.id}/review").get_data(as_text=True)
    assert html.count("You flagged this question.") == 1
    third = html[html.index('id="question-3"') : html.index('id="question-4"')]
    assert "You flagged this question." in third


@pytest.mark.parametrize("json", [False, True], ids=["page", "json"])
def test_a_finished_attempt_refuses_flags(quiz, client, login_as, json):
    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, {})
    response = flag(client, attempt, 1, json=json)
    assert response.status_code == 409
    message = "This attempt is finished: its questions can no longer be flagged."
    if json:
        assert response.get_json() == {"error": message}
    else:
        assert message in response.get_data(as_text=True)
        assert "<h1>Flag not changed</h1>" in response.get_data(as_text=True)
    assert flags(attempt) == [False] * 6


def test_past_the_deadline_a_flag_is_refused_and_the_attempt_graded(
    app, tmp_path, client, login_as
):
    sync_quiz(tmp_path / "c", time_limit_minutes=10)
    login_as("employee", language="en")
    attempt = start(client)
    late = reload(attempt)
    late.deadline_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    response = flag(client, attempt, 1)
    assert response.status_code == 409
    assert "Time is up" in response.get_json()["error"]
    assert reload(attempt).state == GRADED
    assert flags(attempt) == [False] * 6


@pytest.mark.parametrize("json", [False, True], ids=["page", "json"])
def test_someone_else_s_attempt_refuses_flags(quiz, app, client, login_as, json):
    login_as("employee", language="en")
    attempt = start(client)
    someone = make_person(language="en")
    db.session.commit()
    other = app.test_client()
    sign_in(other, someone.email)
    response = flag(other, attempt, 1, json=json)
    assert response.status_code == 403
    if json:
        assert response.get_json()["error"]["message"] == (
            "Your account does not give access to this page."
        )
    assert flags(attempt) == [False] * 6


def test_a_question_the_attempt_does_not_have_is_not_found(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    response = flag(client, attempt, 7)
    assert response.status_code == 404
    assert response.get_json() == {"error": "This attempt has no question 7."}
    assert reload(attempt).state == OPEN


@pytest.mark.parametrize(
    "fields",
    [{"flagged": "2"}, {"flagged": ""}, {}, {"flagged": ["1", "0"]}],
    ids=["not-0-or-1", "empty", "missing", "twice"],
)
def test_a_damaged_flag_is_refused_and_changes_nothing(quiz, client, login_as, fields):
    login_as("employee", language="en")
    attempt = start(client)
    response = client.post(flag_url(attempt, 2), data=fields, headers=JSON)
    assert response.status_code == 400
    assert response.get_json() == {"error": "The flag of question 2 is damaged."}
    assert flags(attempt) == [False] * 6


def test_a_damaged_answer_sent_with_the_flag_changes_neither(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    data = {**sequence_fields(attempt), "q4": "zebra", "q9": "x", "flagged": "1"}
    response = client.post(flag_url(attempt, 2), data=data, headers=JSON)
    assert response.status_code == 400
    assert response.get_json() == {"error": "“q9” is not a question of this attempt."}
    assert flags(attempt) == [False] * 6
    assert reload(attempt).slots[3].response is None


def test_a_flag_needs_the_page_s_csrf_token(csrf_app, tmp_path):
    sync_quiz(tmp_path / "c")
    person = make_person(language="en")
    db.session.commit()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    sign_in(client, person.email, csrf_token=token)
    course_page = client.get("/courses/basics/quiz").get_data(as_text=True)
    client.post("/courses/basics/quiz/start", data={"csrf_token": csrf_token_from(course_page)})
    [attempt] = attempts()
    refused = flag(client, attempt, 1)
    assert refused.status_code == 400
    assert flags(attempt) == [False] * 6
    token = page_token(page_of(client, attempt))
    accepted = flag(client, attempt, 1, csrf_token=token)
    assert accepted.status_code == 200
    assert flags(attempt) == [True] + [False] * 5


def page_token(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start_at = html.index(marker) + len(marker)
    return html[start_at : html.index('"', start_at)]
