"""Time limits: the deadline is kept at the start; late answers do not count; an attempt left
open is graded with what it saved, at the next visit or by ``flask quiz close-overdue``."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.database import utcnow
from app.extensions import db
from app.quiz.models import GRADED, OPEN
from tests.quiz.attempt_helpers import answer_slot, attempts, reload, save, start, submit
from tests.quiz.quiz_content import sync_quiz


@pytest.fixture
def timed_quiz(app, tmp_path):
    sync_quiz(tmp_path / "c", time_limit_minutes=10)


def move_deadline(attempt, seconds_from_now: float) -> None:
    """As if the attempt had started earlier: its deadline lies ``seconds_from_now`` away."""
    attempt = reload(attempt)
    attempt.deadline_at = utcnow() + timedelta(seconds=seconds_from_now)
    db.session.commit()


def right(attempt, position: int) -> dict:
    return answer_slot(attempt.slots[position - 1], right=True)


def test_the_deadline_is_set_at_the_start(timed_quiz, client, login_as):
    login_as("employee", language="en")
    before = utcnow()
    attempt = start(client)
    assert before + timedelta(minutes=10) <= attempt.deadline_at <= utcnow() + timedelta(minutes=10)
    html = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert 'id="countdown"' in html and attempt.deadline_at.isoformat() in html


def test_an_answer_within_the_grace_period_counts(timed_quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    move_deadline(attempt, -10)  # 10 s late, inside the 30 s grace
    assert save(client, reload(attempt), right(attempt, 1)).status_code == 303
    assert reload(attempt).slots[0].response is not None


def test_an_answer_after_the_grace_period_is_refused_and_the_attempt_graded(
    timed_quiz, client, login_as
):
    login_as("employee", language="en")
    attempt = start(client)
    save(client, attempt, right(attempt, 1))
    move_deadline(attempt, -60)
    response = save(client, reload(attempt), {**right(attempt, 1), **right(attempt, 2)}, json=True)
    assert response.status_code == 409
    assert "Time is up" in response.get_json()["error"]
    graded = reload(attempt)
    assert (graded.state, graded.closed_by) == (GRADED, "deadline")
    assert [slot.fraction for slot in graded.slots][:2] == [1.0, 0.0]


def test_a_late_submit_grades_only_what_was_saved_in_time(timed_quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    save(client, attempt, right(attempt, 3))
    move_deadline(attempt, -60)
    everything = {}
    for position in range(1, 7):
        everything.update(right(attempt, position))
    assert submit(client, reload(attempt), everything).status_code == 303
    graded = reload(attempt)
    assert [slot.fraction for slot in graded.slots] == [0, 0, 1.0, 0, 0, 0]


def test_the_next_visit_closes_an_overdue_attempt(timed_quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    move_deadline(attempt, -3600)
    response = client.get(f"/quiz/attempts/{attempt.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/quiz/attempts/{attempt.id}/review")
    assert reload(attempt).state == GRADED


def test_close_overdue_grades_each_overdue_attempt_once(timed_quiz, app, client, login_as):
    login_as("employee", language="en")
    overdue = start(client)
    save(client, overdue, right(overdue, 1))
    move_deadline(overdue, -3600)
    client.post("/logout")
    login_as("employee", language="en")
    running = start(client)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["quiz", "close-overdue"])
    second = runner.invoke(args=["quiz", "close-overdue"])
    assert first.output == "1 overdue attempt(s) closed and graded.\n"
    assert second.output == "0 overdue attempt(s) closed and graded.\n"
    states = {attempt.id: (attempt.state, attempt.fraction) for attempt in attempts()}
    assert states == {overdue.id: (GRADED, pytest.approx(1 / 6)), running.id: (OPEN, None)}
    assert reload(overdue).submitted_at == reload(overdue).deadline_at
