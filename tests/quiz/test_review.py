"""A review a learner can read: each question says "Correct", "Incorrect" or "Partially
correct" in words, marks the answer given in words, shows marks, the total and the time taken in
the page's language, and a pass offers the next course of the track."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from tests.content.content_cases import TRACKS, Replace
from tests.quiz.attempt_helpers import answer_slot, answers, start, submit
from tests.quiz.quiz_content import quiz_tree, sync_quiz

SHOW_ALL = "{after_submit: [score, correctness, feedback, correct_answers], after_close: []}"
STARTED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "c", review=SHOW_ALL)


def review(client, attempt) -> str:
    response = client.get(f"/quiz/attempts/{attempt.id}/review")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def question(html: str, position: int) -> str:
    """The part of the page that shows one question."""
    start_at = html.index(f'id="question-{position}"')
    end = html.find('<fieldset class="question"', start_at)
    return html[start_at : end if end > 0 else len(html)]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_wrong_true_false_answer_reads_as_incorrect_not_as_false(quiz, client, login_as):
    login_as("employee", language="fr")
    attempt = start(client)
    submit(client, attempt, {"q3": "true"})  # the statement is false
    part = question(review(client, attempt), 3)
    assert "<strong>Incorrect</strong> · Points\u202f: 0 / 1" in part
    assert "Faux · 0 sur 1" not in part
    assert text_of(part).count("Votre réponse") == 1
    assert re.search(r'<li class="chosen"><label>[^<]*<input[^>]+checked[^>]*> Vrai', part)


def test_a_right_answer_reads_as_correct(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, answer_slot(attempt.slots[0], right=True))
    part = question(review(client, attempt), 1)
    assert "<strong>Correct</strong> · Mark: 1 / 1" in part
    assert '<strong class="your-answer">Your answer</strong>' in part


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "<strong>Partially correct</strong> · Mark: 0.5 / 1"),
        ("fr", "<strong>Partiellement correct</strong> · Points\u202f: 0,5 / 1"),
    ],
)
def test_partial_credit_reads_in_words_with_local_decimals(
    quiz, client, login_as, language, expected
):
    login_as("employee", language=language)
    attempt = start(client)
    order = attempt.slots[1].order["answers"]
    submit(client, attempt, {"q2": [str(order.index(0))]})  # one of the two good reflexes
    part = question(review(client, attempt), 2)
    assert expected in part
    assert part.count('class="your-answer"') == 1


def test_a_typed_answer_is_shown_as_the_answer_given(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, {"q4": "a guess"})
    part = question(review(client, attempt), 4)
    assert "Your answer: a guess" in text_of(part)
    assert "<input" not in part


def test_a_matching_review_lists_the_answer_given_to_each_item(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    fields = answer_slot(attempt.slots[5], right=True)
    fields.pop("q6-2")
    submit(client, attempt, fields)
    part = text_of(question(review(client, attempt), 6))
    assert part.count("Your answer:") == 2 and part.count("No answer") == 1
    assert "Partially correct" in part


def test_a_blank_question_says_no_answer_was_given(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, {})
    html = review(client, attempt)
    assert html.count("You gave no answer.") == 6
    assert 'class="your-answer"' not in html


def test_the_right_answer_is_shown_where_the_review_allows_it(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, {"q3": "true"})
    assert "The right answer:</p><ul><li>False</li>" in question(review(client, attempt), 3)


@pytest.mark.parametrize(
    ("language", "total", "taken"),
    [
        ("en", "Score: 3.5 / 6 (58%)", "Time taken: 4 min 05 s"),
        ("fr", "Note\u202f: 3,5 / 6 (58\xa0%)", "Temps passé\u202f: 4 min 05 s"),
    ],
)
def test_the_total_and_the_time_taken_in_the_page_language(
    quiz, client, login_as, language, total, taken
):
    with time_machine.travel(STARTED, tick=False):
        login_as("employee", language=language)
        attempt = start(client)
    fields = answers(attempt, right=True, only={1, 3, 4})
    order = attempt.slots[1].order["answers"]
    fields["q2"] = [str(order.index(0))]
    with time_machine.travel(STARTED + timedelta(minutes=4, seconds=5), tick=False):
        submit(client, attempt, fields)
        html = review(client, attempt)
    assert total in html and taken in html


def two_course_tree(destination):
    """The quiz tree with a second course, "second", after "basics" in the track."""
    root = quiz_tree(
        destination,
        Replace(
            TRACKS,
            "      - {course: basics, required: true}",
            "      - {course: basics, required: true}\n      - {course: second, required: true}",
        ),
    )
    shutil.copytree(root / "courses/basics", root / "courses/second")
    course = root / "courses/second/course.yml"
    text = course.read_text(encoding="utf-8").replace("slug: basics", "slug: second")
    text = text.replace('"Les bases"', '"La suite"').replace('"The basics"', '"What comes next"')
    course.write_text(text, encoding="utf-8")
    for language in ("en", "fr"):
        shutil.copy(
            root / f"quizzes/basics.{language}.gift", root / f"quizzes/second.{language}.gift"
        )
    return root


def pass_quiz(client, slug: str):
    attempt = start(client, slug)
    submit(client, attempt, answers(attempt, right=True))
    return attempt


def primary_links(html: str) -> list[tuple[str, str]]:
    found = re.findall(r'<a class="button primary" href="([^"]+)">\s*(.*?)</a>', html, re.S)
    return [(href, " ".join(text.split())) for href, text in found]


def test_a_pass_offers_the_next_course_then_the_track(app, tmp_path, client, login_as):
    sync_content(load_content(two_course_tree(tmp_path / "c")))
    db.session.commit()
    login_as("employee", language="en")
    failed = start(client, "basics")
    submit(client, failed, {})
    assert primary_links(review(client, failed)) == []

    passed = pass_quiz(client, "basics")
    assert primary_links(review(client, passed)) == [
        ("/courses/second", "Next course: What comes next")
    ]
    for lesson in ("01-first", "02-second"):
        client.post(f"/courses/basics/lessons/{lesson}/read")
        client.post(f"/courses/second/lessons/{lesson}/read")
    last = pass_quiz(client, "second")
    assert primary_links(review(client, last)) == [
        ("/tracks/employees", "Back to the track: Employees")
    ]


def test_a_pass_in_french_names_the_next_course(app, tmp_path, client, login_as):
    sync_content(load_content(two_course_tree(tmp_path / "c")))
    db.session.commit()
    login_as("employee", language="fr")
    passed = pass_quiz(client, "basics")
    assert primary_links(review(client, passed)) == [
        ("/courses/second", "Cours suivant : La suite")
    ]


def test_feedback_is_in_the_review_s_language_when_the_other_language_s_key_matched(
    app, tmp_path, client, login_as
):
    """A French learner who types the English key gets the credit (either language's keys
    count) and reads the French feedback of that same answer, not the English one."""
    root = quiz_tree(
        tmp_path / "c",
        Replace("quizzes/basics.en.gift", "#SECRET-word-right", "#Well found."),
        Replace("quizzes/basics.fr.gift", "#SECRET-word-right", "#Bien trouvé."),
        review=SHOW_ALL,
    )
    sync_content(load_content(root))
    db.session.commit()
    login_as("employee", language="fr")
    attempt = start(client)
    submit(client, attempt, {"q4": "zebra-keyword"})
    part = question(review(client, attempt), 4)
    assert "<strong>Correct</strong>" in part
    assert '<div class="feedback">Bien trouvé.</div>' in part
    assert "Well found." not in part


def test_three_right_answers_at_a_third_each_read_as_correct(app, tmp_path, client, login_as):
    """%33.33333% three times adds up to 0.9999999: Moodle calls that right, and so do we."""
    thirds = "~%33.33333%Listen#SECRET-several-listen\n~%33.33333%Check#SECRET-several-check\n"
    root = quiz_tree(
        tmp_path / "c",
        *(
            Replace(f"quizzes/basics.{language}.gift", old, new)
            for language, old, new in [
                (
                    "en",
                    "~%50%Listen#SECRET-several-listen\n~%50%Check#SECRET-several-check\n",
                    thirds + "~%33.33333%Ask#SECRET-several-ask\n",
                ),
                (
                    "fr",
                    "~%50%Écouter#SECRET-several-listen\n~%50%Vérifier#SECRET-several-check\n",
                    "~%33.33333%Écouter#SECRET-several-listen\n"
                    "~%33.33333%Vérifier#SECRET-several-check\n~%33.33333%Demander#SECRET-several-ask\n",
                ),
            ]
        ),
        review=SHOW_ALL,
    )
    sync_content(load_content(root))
    db.session.commit()
    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, answer_slot(attempt.slots[1], right=True))
    part = question(review(client, attempt), 2)
    assert "<strong>Correct</strong> · Mark: 1 / 1" in part
