"""An attempt's life through HTTP: start, save, reload, submit, grade, review, once."""

from __future__ import annotations

import pytest

from app.learning.models import CourseCompletion
from app.quiz.models import GRADED, OPEN
from tests.quiz.attempt_helpers import answers, attempts, reload, save, start, submit
from tests.quiz.quiz_content import sync_quiz


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "c")


def test_start_draws_and_freezes_every_question_of_the_bank(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    assert (attempt.number, attempt.state, attempt.course_version) == (1, OPEN, 1)
    assert [slot.question["en"]["id"] for slot in attempt.slots] == [
        "choose",
        "several",
        "truth",
        "word",
        "number",
        "pairs",
    ]
    assert set(attempt.slots[0].question) == {"fr", "en"}


def test_starting_again_resumes_the_open_attempt(quiz, client, login_as):
    login_as("employee")
    first = start(client)
    assert start(client).id == first.id
    assert len(attempts()) == 1


def test_all_right_answers_score_full_marks_and_pass(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    response = submit(client, attempt, answers(attempt, right=True))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/quiz/attempts/{attempt.id}/review")
    graded = reload(attempt)
    assert (graded.state, graded.fraction, graded.passed) == (GRADED, 1.0, True)
    assert [slot.fraction for slot in graded.slots] == [1.0] * 6


def test_wrong_answers_score_nothing(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, answers(attempt, right=False))
    graded = reload(attempt)
    assert (graded.fraction, graded.passed) == (0.0, False)


def test_saved_answers_come_back_on_reload(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    response = save(client, attempt, {"q4": "zebra", "q5": "30,5"})
    assert response.status_code == 303
    html = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert 'value="zebra"' in html and 'value="30,5"' in html
    assert [slot.sequence for slot in reload(attempt).slots] == [0, 0, 0, 1, 1, 0]


def test_a_second_submission_lands_on_the_same_result(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    fields = answers(attempt, right=True)
    first = submit(client, attempt, fields, sequence=0)
    second = submit(client, attempt, answers(attempt, right=False), sequence=0)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert reload(attempt).fraction == 1.0
    assert len(attempts()) == 1


def test_completion_needs_the_lessons_read_as_well_as_the_quiz(quiz, client, login_as):
    from app.extensions import db

    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, answers(attempt))
    assert db.session.query(CourseCompletion).count() == 0
    client.post("/courses/basics/lessons/01-first/read")
    client.post("/courses/basics/lessons/02-second/read")
    completions = db.session.query(CourseCompletion).all()
    assert [(c.course_version, c.fraction, c.attempt_id) for c in completions] == [
        (1, 1.0, attempt.id)
    ]
