"""No key before its time, and no write from a form an honest page cannot send.

Every feedback of the test bank carries a SECRET marker and the short answer's key is a word
that appears nowhere else: a page, a JSON answer or an error that shows one of them leaks.
"""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.conftest import sign_in
from tests.factories import make_person
from tests.quiz.attempt_helpers import answer_slot, attempts, reload, save, start, submit
from tests.quiz.quiz_content import SECRET_KEYS, sync_quiz

TYPES = {
    "multichoice-one": 1,
    "multichoice-several": 2,
    "truefalse": 3,
    "shortanswer": 4,
    "numerical": 5,
    "matching": 6,
}
MALFORMED = {
    1: {"q1": "7"},
    2: {"q2": ["0", "0"]},
    3: {"q3": "maybe"},
    4: {"q4": "x" * 1001},
    5: {"q5": "3\x00"},
    6: {"q6-0": "9"},
}


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(
        tmp_path / "c",
        review="{after_submit: [score], "
        "after_close: [score, correctness, feedback, correct_answers]}",
        attempts_allowed=3,
    )


def leaks(text: str, typed: dict | None = None) -> list[str]:
    """The secrets a text shows, but for what the learner typed (their page echoes it)."""
    echoed = " ".join(str(value) for value in (typed or {}).values())
    return [secret for secret in SECRET_KEYS if secret in text and secret not in echoed]


def snapshot(attempt) -> tuple:
    attempt = reload(attempt)
    return (
        attempt.state,
        attempt.revision,
        [(slot.response, slot.sequence, slot.save_key) for slot in attempt.slots],
    )


def fields_of(attempt, position: int, kind: str) -> dict:
    slot = attempt.slots[position - 1]
    if kind == "blank":
        return {}
    if kind == "malformed":
        return MALFORMED[position]
    return answer_slot(slot, right=kind == "right")


@pytest.mark.parametrize("kind", ["blank", "right", "wrong", "malformed"])
@pytest.mark.parametrize("question_type", sorted(TYPES))
def test_no_page_or_answer_shows_a_key_while_the_attempt_is_open(
    quiz, client, login_as, question_type, kind
):
    login_as("employee", language="en")
    attempt = start(client)
    fields = fields_of(attempt, TYPES[question_type], kind)
    for as_json in (False, True):
        response = save(client, reload(attempt), fields, json=as_json)
        expected = 400 if kind == "malformed" else (200 if as_json else 303)
        assert response.status_code == expected
        assert leaks(response.get_data(as_text=True)) == []
    for url in (f"/quiz/attempts/{attempt.id}", "/courses/basics/quiz", "/courses/basics"):
        assert leaks(client.get(url).get_data(as_text=True), fields) == [], url


def test_the_review_right_after_submitting_shows_only_the_score(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, {})
    html = client.get(f"/quiz/attempts/{attempt.id}/review").get_data(as_text=True)
    assert "Score: 0 / 6 (0%)" in html
    assert leaks(html) == []
    assert "Incorrect" not in html and "Mark:" in html


def test_the_review_once_the_quiz_is_over_shows_feedback_and_keys(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    fields = {}
    for slot in attempt.slots:
        fields.update(answer_slot(slot, right=True))
    submit(client, attempt, fields)  # passed: the quiz is over for this learner
    html = client.get(f"/quiz/attempts/{attempt.id}/review").get_data(as_text=True)
    assert "SECRET-choose-right" in html and "SECRET-pairs-general" in html
    assert "zebra-keyword" in html
    assert html.count("<strong>Correct</strong>") == 6


BAD_SUBMISSIONS = {
    "question_not_in_the_attempt": ({"q99": "0"}, 400),
    "choice_not_in_the_question": ({"q1": "7"}, 400),
    "extra_score_field": ({"q1": "0", "score": "100"}, 400),
    "extra_fraction_field": ({"fraction": "1"}, 400),
    "list_for_a_single_choice": ({"q1": ["0", "1"]}, 400),
    "list_for_true_false": ({"q3": ["true", "false"]}, 400),
    "text_for_a_choice": ({"q1": "the first"}, 400),
    "negative_choice": ({"q1": "-1"}, 400),
    "unknown_matching_item": ({"q6-9": "0"}, 400),
    "huge_answer": ({"q4": "x" * 5000}, 400),
    "control_character": ({"q4": "a\x07b"}, 400),
}


@pytest.mark.parametrize("endpoint", ["save", "submit"])
@pytest.mark.parametrize("case", sorted(BAD_SUBMISSIONS))
def test_a_forged_submission_is_refused_and_changes_nothing(quiz, client, login_as, case, endpoint):
    login_as("employee", language="en")
    attempt = start(client)
    save(client, attempt, {"q4": "first words"})
    before = snapshot(attempt)
    fields, code = BAD_SUBMISSIONS[case]
    post = save if endpoint == "save" else submit
    response = post(client, reload(attempt), fields)
    assert response.status_code == code
    assert snapshot(attempt) == before


@pytest.mark.parametrize("sequence", ["", "abc", "-1", "٣", "1" * 12])
def test_a_malformed_sequence_is_refused(quiz, client, login_as, sequence):
    login_as("employee", language="en")
    attempt = start(client)
    before = snapshot(attempt)
    assert save(client, attempt, {"q4": "x"}, sequence=sequence).status_code == 400
    assert snapshot(attempt) == before


@pytest.mark.parametrize("key", ["", "short-1", "no count here", "a" * 65 + "-1", "abcdefgh-x"])
def test_a_malformed_save_key_is_refused(quiz, client, login_as, key):
    login_as("employee", language="en")
    attempt = start(client)
    before = snapshot(attempt)
    assert save(client, attempt, {"q4": "x", "save_key": key}).status_code == 400
    assert snapshot(attempt) == before


def test_an_oversized_request_is_refused(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    before = snapshot(attempt)
    response = save(client, attempt, {"q4": "x" * (6 * 1024 * 1024)})
    assert response.status_code == 413
    assert snapshot(attempt) == before


@pytest.mark.parametrize("endpoint", ["save", "submit"])
def test_someone_elses_attempt_is_forbidden(quiz, client, login_as, endpoint):
    owner = make_person(language="en")
    db.session.commit()
    sign_in(client, owner.email)
    attempt = start(client)
    client.post("/logout")
    login_as("employee", language="en")
    before = snapshot(attempt)
    post = save if endpoint == "save" else submit
    assert post(client, attempt, {"q4": "mine now"}).status_code == 403
    assert client.get(f"/quiz/attempts/{attempt.id}").status_code == 403
    assert client.get(f"/quiz/attempts/{attempt.id}/review").status_code == 403
    assert snapshot(attempt) == before


def test_a_stale_page_cannot_overwrite_newer_answers(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    assert save(client, attempt, {"q4": "from the second tab"}, sequence=0).status_code == 303
    answers_before = snapshot(attempt)[2]
    stale = save(client, attempt, {"q4": "from the first tab"}, sequence=0, json=True)
    assert stale.status_code == 200
    assert stale.get_json()["kept"] == [
        {
            "position": 4,
            "sequence": 1,
            "message": "Question 4 was answered in another tab or window: that answer is kept, "
            "and the one from this page was not saved.",
        }
    ]
    assert snapshot(attempt)[2] == answers_before
    refused = submit(client, attempt, {"q4": "old"}, sequence=0)
    assert refused.status_code == 303
    assert refused.headers["Location"].endswith(f"/quiz/attempts/{attempt.id}")
    assert snapshot(attempt)[0] == "open"
    assert snapshot(attempt)[2] == answers_before


def test_a_refusal_is_explained_in_french(quiz, client, login_as):
    login_as("employee", language="fr")
    attempt = start(client)
    response = save(client, attempt, {"score": "100"})
    assert response.status_code == 400
    assert "n’est pas une question de cette tentative" in response.get_data(as_text=True)
    assert len(attempts()) == 1
