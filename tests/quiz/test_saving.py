"""Saving question by question: two pages answering different questions both keep their
answers, a stale write to one question is refused and said so, a retried save is recognised,
and the language switch of the attempt page carries the answers."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.people.models import Person
from app.quiz.models import GRADED, OPEN
from tests.quiz.attempt_helpers import reload, start
from tests.quiz.quiz_content import sync_quiz

PAGE, OTHER_PAGE = "pageaaaa1111", "pagebbbb2222"


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "c")


def post(client, attempt, questions, key=None, to="save", json=True, **extra):
    """Send ``{position: (sequence, typed answer)}`` as a page does (q4 and q5 are typed)."""
    data = dict(extra)
    for position, (sequence, value) in questions.items():
        data[f"q{position}-sequence"] = str(sequence)
        data[f"q{position}"] = value
    if key:
        data["save_key"] = key
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"/quiz/attempts/{attempt.id}/{to}", data=data, headers=headers)


def typed(attempt) -> dict[int, tuple[int, object]]:
    attempt = reload(attempt)
    return {
        slot.position: (slot.sequence, slot.response and slot.response["value"])
        for slot in attempt.slots
        if slot.position in (4, 5)
    }


def test_two_pages_answering_different_questions_both_keep_their_answers(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    first = post(client, attempt, {4: (0, "zebra")}, key=f"{PAGE}-1")
    second = post(client, attempt, {5: (0, "31")}, key=f"{OTHER_PAGE}-1")
    assert first.get_json()["sequences"] == {"4": 1}
    assert second.get_json() | {"saved_at": None} == {
        "saved_at": None,
        "sequences": {"5": 1},
        "kept": [],
    }
    assert typed(attempt) == {4: (1, "zebra"), 5: (1, "31")}


def test_a_stale_write_is_refused_for_its_question_only_and_said_in_french(quiz, client, login_as):
    login_as("employee", language="fr")
    attempt = start(client)
    post(client, attempt, {4: (0, "from the other tab")}, key=f"{OTHER_PAGE}-1")
    response = post(client, attempt, {4: (0, "from this tab"), 5: (0, "31")}, key=f"{PAGE}-1")
    assert response.status_code == 200
    body = response.get_json()
    assert body["sequences"] == {"4": 1, "5": 1}
    assert body["kept"] == [
        {
            "position": 4,
            "sequence": 1,
            "message": "La question 4 a reçu une réponse dans un autre onglet ou une autre "
            "fenêtre\u202f: c’est celle-là qui est gardée, celle de cette page n’a pas été "
            "enregistrée.",
        }
    ]
    assert typed(attempt) == {4: (1, "from the other tab"), 5: (1, "31")}


def test_a_retried_save_that_was_done_is_recognised_not_refused(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    first = post(client, attempt, {4: (0, "zebra")}, key=f"{PAGE}-1")
    retried = post(client, attempt, {4: (0, "zebra")}, key=f"{PAGE}-1")
    assert first.get_json()["sequences"] == retried.get_json()["sequences"] == {"4": 1}
    assert retried.get_json()["kept"] == []
    assert typed(attempt)[4] == (1, "zebra")


def test_a_later_save_from_the_same_page_overtakes_its_unacknowledged_one(quiz, client, login_as):
    """A beacon sent on the way out, or a save whose response was lost: the page still holds
    the older sequence, and its next save is its own newer answer, not another tab's."""
    login_as("employee", language="en")
    attempt = start(client)
    post(client, attempt, {4: (0, "first")}, key=f"{PAGE}-1")
    later = post(client, attempt, {4: (0, "second")}, key=f"{PAGE}-2")
    assert later.get_json() | {"saved_at": None} == {
        "saved_at": None,
        "sequences": {"4": 2},
        "kept": [],
    }
    late_copy = post(client, attempt, {4: (0, "first")}, key=f"{PAGE}-1")
    assert late_copy.get_json()["kept"] == []
    assert typed(attempt)[4] == (2, "second")


def test_another_page_s_write_between_two_saves_of_a_page_is_kept(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    post(client, attempt, {4: (0, "first")}, key=f"{PAGE}-1")
    post(client, attempt, {4: (1, "other")}, key=f"{OTHER_PAGE}-1")
    stale = post(client, attempt, {4: (0, "second")}, key=f"{PAGE}-2")
    assert [kept["position"] for kept in stale.get_json()["kept"]] == [4]
    assert typed(attempt)[4] == (2, "other")


def test_questions_the_page_did_not_send_keep_their_answer(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    post(client, attempt, {4: (0, "zebra")})
    response = client.post(f"/quiz/attempts/{attempt.id}/save", data={"q4": "ignored"})
    assert response.status_code == 303
    assert typed(attempt)[4] == (1, "zebra")


def test_the_same_answer_from_another_page_is_no_conflict(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    post(client, attempt, {4: (0, "zebra")}, key=f"{OTHER_PAGE}-1")
    response = post(client, attempt, {4: (0, "zebra")}, key=f"{PAGE}-1")
    assert response.get_json()["kept"] == []
    assert typed(attempt)[4] == (1, "zebra")


def test_a_submit_with_a_kept_answer_stays_open_and_says_which(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    post(client, attempt, {4: (0, "other")}, key=f"{OTHER_PAGE}-1")
    refused = post(client, attempt, {4: (0, "mine"), 5: (0, "31")}, to="submit")
    assert refused.status_code == 303
    assert refused.headers["Location"].endswith(f"/quiz/attempts/{attempt.id}")
    assert reload(attempt).state == OPEN
    assert typed(attempt) == {4: (1, "other"), 5: (1, "31")}
    page = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert "Question 4 was answered in another tab or window" in page
    assert 'name="q4-sequence" value="1"' in page
    assert post(client, attempt, {4: (1, "other")}, to="submit").status_code == 303
    assert reload(attempt).state == GRADED


def test_the_language_switch_of_the_attempt_page_saves_the_answers(quiz, client, login_as):
    person = login_as("employee", language="fr")
    attempt = start(client)
    page = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert f'form="attempt-form" formaction="/quiz/attempts/{attempt.id}/save"' in page
    response = client.post(
        f"/quiz/attempts/{attempt.id}/save",
        data={"q4-sequence": "0", "q4": "zebra", "language": "en"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/quiz/attempts/{attempt.id}")
    assert typed(attempt)[4] == (1, "zebra")
    db.session.expire_all()
    assert db.session.get(Person, person.id).language == "en"
    assert 'lang="en"' in client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)


def test_a_beacon_gets_an_empty_answer_and_leaves_no_message(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    response = post(client, attempt, {4: (0, "zebra")}, key=f"{PAGE}-1", json=False, beacon="1")
    assert (response.status_code, response.get_data()) == (204, b"")
    assert typed(attempt)[4] == (1, "zebra")
    page = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert "Your answers are saved." not in page


def test_without_a_script_the_menu_of_the_attempt_page_saves_then_goes_on(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    page = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    save_to = f"/quiz/attempts/{attempt.id}/save?next="
    assert f'form="attempt-form" formaction="{save_to}%2F">My learning</button>' in page
    assert f'formaction="{save_to}%2Ftracks">Tracks</button>' in page
    assert '<a href="/">My learning</a>' not in page
    response = client.post(
        f"/quiz/attempts/{attempt.id}/save?next=/tracks", data={"q4-sequence": "0", "q4": "zebra"}
    )
    assert (response.status_code, response.headers["Location"]) == (303, "/tracks")
    assert typed(attempt)[4] == (1, "zebra")
    elsewhere = client.get("/").get_data(as_text=True)
    assert '<a href="/">My learning</a>' in elsewhere


def test_the_menu_goes_nowhere_off_the_site(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    response = client.post(f"/quiz/attempts/{attempt.id}/save?next=//evil.example", data={})
    assert response.headers["Location"] == f"/quiz/attempts/{attempt.id}"
