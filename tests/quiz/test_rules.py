"""Quiz settings at work: attempts allowed, delay, draws, shuffling, grading method, and bank
edits that never regrade by themselves (an admin's regrade does, and is recorded)."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.quiz.draw import choice_order, draw_questions
from app.quiz.results import course_grade, reaches
from tests.content.content_cases import Replace
from tests.quiz.attempt_helpers import answers, attempts, reload, start, submit
from tests.quiz.quiz_content import quiz_tree, sync_quiz


def refused_start(client) -> str:
    response = client.post("/courses/basics/quiz/start")
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_no_attempt_beyond_the_number_allowed(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c", attempts_allowed=1)
    login_as("employee", language="en")
    submit(client, start(client), {})
    assert "You have used all 1 attempts of this quiz." in refused_start(client)
    assert len(attempts()) == 1


def test_the_delay_between_attempts_is_kept(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c", delay_minutes=30)
    login_as("employee", language="en")
    submit(client, start(client), {})
    assert "You can start another attempt in 30 minutes." in refused_start(client)
    assert len(attempts()) == 1


def test_questions_per_attempt_draws_that_many(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c", questions_per_attempt=2)
    login_as("employee", language="en")
    attempt = start(client)
    assert len(attempt.slots) == 2
    assert [slot.position for slot in attempt.slots] == [1, 2]


def test_draw_takes_so_many_questions_per_category(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c", draw="{basics/choices: 2, basics/typed: 1}")
    login_as("employee", language="en")
    attempt = start(client)
    categories = [slot.question["en"]["category"] for slot in attempt.slots]
    assert sorted(categories) == ["basics/choices", "basics/choices", "basics/typed"]


def test_without_shuffling_choices_keep_the_bank_order(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c", shuffle_choices="false")
    login_as("employee", language="en")
    attempt = start(client)
    assert attempt.slots[0].order == {"answers": [0, 1, 2]}
    assert attempt.slots[5].order["items"] == [0, 1, 2]


def test_matching_answers_are_shuffled_even_without_shuffling():
    question = {
        "type": "matching",
        "pairs": [{"question": f"q{n}", "answer": f"a{n}"} for n in range(8)],
    }
    orders = {
        tuple(choice_order(question, False, random.Random(seed))["options"]) for seed in range(20)
    }
    assert len(orders) > 1


def test_a_draw_is_a_subset_in_bank_order():
    class Entry:
        def __init__(self, position, category):
            self.position, self.category = position, category

    bank = [Entry(n, "a" if n % 2 else "b") for n in range(10)]
    drawn = draw_questions(bank, {"questions_per_attempt": 4}, random.Random(3))
    assert len(drawn) == 4 and [e.position for e in drawn] == sorted(e.position for e in drawn)
    per_category = draw_questions(bank, {"draw": {"a": 2, "b": 1}}, random.Random(3))
    assert sorted(e.category for e in per_category) == ["a", "a", "b"]


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", 0.9), ("last", 0.5), ("first", 0.2), ("average", 0.5333333)],
)
def test_grading_methods_across_attempts(method, expected):
    assert course_grade([0.2, 0.9, 0.5], method) == pytest.approx(expected)


def test_no_graded_attempt_means_no_grade():
    assert course_grade([], "highest") is None
    assert not reaches(None, 0)


def test_the_pass_mark_is_compared_without_rounding_surprises():
    assert reaches(0.7, 70) and reaches(0.6, 60) and not reaches(0.5999, 60)


def test_the_grading_method_decides_whether_the_course_is_passed(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c", grading_method="last")
    login_as("employee", language="en")
    first = start(client)
    submit(client, first, answers(first, right=True))
    second = start(client)
    submit(client, second, {})
    html = client.get("/courses/basics/quiz").get_data(as_text=True)
    assert "You have not passed this quiz yet." in html


def test_an_edited_bank_keeps_grades_until_an_admin_regrades(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "v1")
    learner = login_as("employee", language="en")
    attempt = start(client)
    choose = attempt.slots[0]
    right_then = choose.order["answers"].index(0)  # "The community team" was the right answer
    submit(client, attempt, {"q1": str(right_then)})
    assert reload(attempt).slots[0].fraction == 1.0

    swapped = quiz_tree(
        tmp_path / "v2",
        Replace("quizzes/basics.en.gift", "=The community team", "~The community team"),
        Replace("quizzes/basics.en.gift", "~Nobody", "=Nobody"),
        Replace("quizzes/basics.fr.gift", "=L'équipe communauté", "~L'équipe communauté"),
        Replace("quizzes/basics.fr.gift", "~Personne", "=Personne"),
    )
    sync_content(load_content(swapped))
    db.session.commit()
    assert reload(attempt).slots[0].fraction == 1.0  # the attempt keeps what it drew

    admin = login_as("admin", language="en")
    result = app.test_cli_runner().invoke(args=["quiz", "regrade", "basics", "--by", admin.email])
    assert result.output == "1 attempt(s) regraded, 1 grade(s) changed.\n"
    regraded = reload(attempt)
    assert regraded.slots[0].fraction == 0.0 and regraded.regraded_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "quiz.regrade"))
    assert (event.actor_id, event.subject_id) == (admin.id, learner.id)
    assert event.details["before"] == pytest.approx(1 / 6)
    assert event.details["after"] == 0.0


def test_only_an_admin_can_regrade(app, tmp_path, login_as):
    sync_quiz(tmp_path / "c")
    hr = login_as("hr")
    result = app.test_cli_runner().invoke(args=["quiz", "regrade", "basics", "--by", hr.email])
    assert result.exit_code == 2
    assert f"{hr.email} is not an active admin" in result.output
