"""The GIFT parser and exporter: each question type and feature, every error, real banks."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.content.banks import report_ungraded
from app.content.gift import (
    export_gift,
    parse_gift,
    parse_gift_bytes,
    question_from_json,
    question_to_json,
)
from app.content.gift_question import Question
from app.content.problems import ContentError
from app.quiz.types.essay import Description, Essay

DATA = Path(__file__).parent.parent / "data" / "content" / "gift"
REPOSITORY_BANKS = sorted((Path(__file__).parents[2] / "quizzes").glob("*.gift"))
COMMON = {"id": None, "format": "moodle", "category": None, "general_feedback": "", "line": 1}


def only(text: str, **options) -> dict:
    [question] = parse_gift(text, "test.gift", **options)
    return question_to_json(question)


def problems(text: str, **options) -> list[str]:
    with pytest.raises(ContentError) as caught:
        parse_gift(text, "test.gift", **options)
    return [str(problem) for problem in caught.value.problems]


def answer(text: str, fraction: float, feedback: str = "") -> dict:
    return {"text": text, "fraction": fraction, "feedback": feedback}


def without_lines(questions: list[Question]) -> list[Question]:
    return [replace(question, line=0) for question in questions]


# --- question types -------------------------------------------------------------------------


def test_single_answer_multiple_choice():
    assert only("Who is buried in Grant's tomb?{~Grant ~Jefferson =no one#Right.}") == {
        **COMMON,
        "type": "multichoice",
        "text": "Who is buried in Grant's tomb?",
        "single": True,
        "answers": [
            answer("Grant", 0.0),
            answer("Jefferson", 0.0),
            answer("no one", 1.0, "Right."),
        ],
    }


def test_multiple_answers_with_negative_and_decimal_weights():
    text = "Pick two.{~%50%a ~%50%b ~%-33.33333%c ~d}"
    assert only(text)["single"] is False
    assert only(text)["answers"] == [
        answer("a", 0.5),
        answer("b", 0.5),
        answer("c", -0.3333333),
        answer("d", 0.0),
    ]


def test_three_thirds_count_as_one_hundred_percent():
    text = "Pick three.{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}"
    assert [a["fraction"] for a in only(text)["answers"]] == [0.3333333] * 3 + [-1.0]


def test_a_weight_after_equals_is_read_and_makes_the_question_single_answer():
    assert only("Pick.{=%50%half =full ~none}")["answers"][0] == answer("half", 0.5)
    assert only("Pick.{=%50%half =full ~none}")["single"] is True


def test_missing_word_puts_a_gap_where_the_answer_block_was():
    question = only("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert question["text"] == "Grant is _____ in Grant's tomb."
    assert question["type"] == "multichoice"
    assert (
        only("{=Paris ~Lyon} is the capital of France.")["text"]
        == "_____ is the capital of France."
    )


@pytest.mark.parametrize(
    ("word", "correct"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_true_false_with_both_feedbacks(word, correct):
    question = only(
        f"::sun::The Sun is a star.{{{word}#shown when wrong#shown when right####More.}}"
    )
    assert question == {
        **COMMON,
        "id": "sun",
        "type": "truefalse",
        "text": "The Sun is a star.",
        "general_feedback": "More.",
        "correct": correct,
        "feedback_right": "shown when right",
        "feedback_wrong": "shown when wrong",
    }


def test_true_false_is_upper_case_only_as_in_moodle():
    assert only("The Sun is a star.{true}")["type"] == "shortanswer"


def test_short_answer_with_weights_and_wildcard():
    assert only("Largest ocean?{=Pacific =%50%Pacific Ocean#Close. =%0%*#Try again.}") == {
        **COMMON,
        "type": "shortanswer",
        "text": "Largest ocean?",
        "answers": [
            answer("Pacific", 1.0),
            answer("Pacific Ocean", 0.5, "Close."),
            answer("*", 0.0, "Try again."),
        ],
    }


def test_a_bare_answer_is_a_short_answer_as_in_moodle():
    assert only("Capital of France?{Paris}")["answers"] == [answer("Paris", 1.0)]


def test_numerical_value_with_tolerance():
    assert only("Pi?{#3.14:0.01#Good.}") == {
        **COMMON,
        "type": "numerical",
        "text": "Pi?",
        "answers": [{"value": 3.14, "tolerance": 0.01, "fraction": 1.0, "feedback": "Good."}],
    }


@pytest.mark.parametrize(
    ("block", "answers"),
    [
        ("{#42}", [{"value": 42.0, "tolerance": 0.0, "fraction": 1.0, "feedback": ""}]),
        ("{#1..5}", [{"min": 1.0, "max": 5.0, "fraction": 1.0, "feedback": ""}]),
        ("{#-5..-1}", [{"min": -5.0, "max": -1.0, "fraction": 1.0, "feedback": ""}]),
        ("{#1.5e3:.5}", [{"value": 1500.0, "tolerance": 0.5, "fraction": 1.0, "feedback": ""}]),
        (
            "{# =2030:0 =%50%2029:2 }",
            [
                {"value": 2030.0, "tolerance": 0.0, "fraction": 1.0, "feedback": ""},
                {"value": 2029.0, "tolerance": 2.0, "fraction": 0.5, "feedback": ""},
            ],
        ),
        (
            "{#\n=1969:0#Yes.\n~#No: 1969.\n}",
            [
                {"value": 1969.0, "tolerance": 0.0, "fraction": 1.0, "feedback": "Yes."},
                {"fraction": 0.0, "feedback": "No: 1969."},
            ],
        ),
        (
            "{#=7 =%0%*#Any other number.}",
            [
                {"value": 7.0, "tolerance": 0.0, "fraction": 1.0, "feedback": ""},
                {"fraction": 0.0, "feedback": "Any other number."},
            ],
        ),
    ],
)
def test_numerical_forms(block, answers):
    assert only(f"How many?{block}")["answers"] == answers


def test_matching_with_a_distractor():
    question = only("Capitals.{=Canada -> Ottawa =Italy -> Rome = -> Sydney ####Three.}")
    assert question == {
        **COMMON,
        "type": "matching",
        "text": "Capitals.",
        "general_feedback": "Three.",
        "pairs": [
            {"question": "Canada", "answer": "Ottawa"},
            {"question": "Italy", "answer": "Rome"},
            {"question": "", "answer": "Sydney"},
        ],
    }


def test_essay_and_description():
    assert only("Your view?{}") == {**COMMON, "type": "essay", "text": "Your view?"}
    assert only("Your view?{####Any answer.}")["general_feedback"] == "Any answer."
    assert only("Read this first.") == {**COMMON, "type": "description", "text": "Read this first."}


# --- text features --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["moodle", "html", "markdown", "plain"])
def test_formats(name):
    assert only(f"::q::[{name}]Some *text*.{{}}")["format"] == name
    assert only(f"::q::[{name}]Some *text*.{{}}")["text"] == "Some *text*."


def test_a_bracket_that_is_not_a_format_word_stays_text():
    assert only("[Draft] What now?{}")["text"] == "[Draft] What now?"


def test_escapes_and_newlines():
    question = only(r"::a\:b::\~ \= \# \{ \} \: \\ and\nnext{=x\=y#f\#g ~z}")
    assert question["id"] == "a:b"
    assert question["text"] == "~ = # { } : \\ and\nnext"
    assert question["answers"][0] == answer("x=y", 1.0, "f#g")


def test_other_backslashes_stay_as_written_as_in_moodle():
    text = "Open C:\\temp\\files, then a lone \\"
    assert only(text + " {}")["text"] == text
    assert only(r"C:\new")["text"] == "C:\new"  # \n is the newline escape, even here


def test_an_unescaped_equals_sign_in_feedback_starts_a_new_right_answer_as_in_moodle():
    assert only("Q{~a#4 = 2 + 2 ~b}")["answers"] == [
        answer("a", 0.0, "4"),
        answer("2 + 2", 1.0),
        answer("b", 0.0),
    ]


def test_comments_are_whole_lines_only():
    text = "// a comment\n::u:: See http://example.org // not a comment\n  // a comment\n{=a ~b}"
    assert only(text)["text"] == "See http://example.org // not a comment"
    assert only(text)["line"] == 2


def test_questions_are_separated_by_blank_lines_and_may_span_lines():
    bank = parse_gift("\n\n::a:: First\nline two {\n=x\n~y\n}\n\n\n \n::b:: Second{}\n", "t")
    assert [(q.id, q.text, q.line) for q in bank] == [
        ("a", "First\nline two", 3),
        ("b", "Second", 11),
    ]


def test_categories_apply_until_the_next_one_and_an_empty_one_clears_it():
    text = "$CATEGORY: a/b\n\n::1::Q{}\n\n$CATEGORY: c\n::2::Q{}\n\n$CATEGORY:\n\n::3::Q{}"
    bank = parse_gift(text, "t")
    assert [(q.id, q.category, q.line) for q in bank] == [
        ("1", "a/b", 3),
        ("2", "c", 6),
        ("3", None, 10),
    ]


def test_byte_order_mark_and_windows_or_old_mac_line_endings():
    expected = parse_gift("::a::Q{=x ~y}\n\n::b::R{}\n", "t")
    assert parse_gift("\ufeff::a::Q{=x ~y}\r\n\r\n::b::R{}\r\n", "t") == expected
    assert parse_gift("::a::Q{=x ~y}\r\r::b::R{}\r", "t") == expected
    assert parse_gift_bytes(b"\xef\xbb\xbf::a::Q{=x ~y}\r\n\r\n::b::R{}", "t") == expected


def test_a_blank_line_inside_an_answer_block_ends_the_question():
    assert problems("::a:: Q {\n=x\n\n~y\n}", require_names=True) == [
        "test.gift:1: question 'a': the answer block is not closed; add } before the next blank "
        "line (blank lines separate questions), or write \\{ for a literal brace",
        "test.gift:5: found } without an opening {; add the { that starts the answer block, "
        "or write \\} for a literal brace",
    ]


def test_require_names():
    assert only("::n::Q{}", require_names=True)["id"] == "n"
    assert problems("Q{}", require_names=True) == [
        "test.gift:1: every question needs a ::name::, since it pairs the French and English banks"
    ]


def test_a_lone_surrogate_is_reported_not_raised():
    assert problems("::a::Q{}\n\n::b::\ud800{}") == [
        "test.gift:3: the text holds U+D800, which is not a character; save the file as UTF-8"
    ]


# --- graded banks ---------------------------------------------------------------------------


def bank_problems(bank: list[Question], shown_as: str) -> list[str]:
    """What a content check reports on a bank that parses: the types it refuses."""
    found: list = []
    report_ungraded(shown_as, [question_to_json(question) for question in bank], found)
    return [str(problem) for problem in found]


def test_graded_bank_accepts_graded_types():
    bank = parse_gift(
        "::m::Q{=a ~b}\n\n::t::Q{T}\n\n::s::Q{=a}\n\n::n::Q{#1}\n\n::p::Q{=a -> 1 =b -> 2}",
        "bank.gift",
    )
    assert bank_problems(bank, "bank.gift") == []


def test_graded_bank_refuses_an_essay():
    bank = parse_gift("::m::Q{=a ~b}\n\n::e::Your view?{}", "bank.gift")
    assert bank_problems(bank, "bank.gift") == [
        "bank.gift:3: question 'e' is an essay, which cannot be graded automatically; "
        "remove it from this bank"
    ]


def test_graded_bank_refuses_a_description():
    bank = parse_gift("::d::Read.\n\n::m::Q{=a ~b}", "bank.gift")
    assert bank_problems(bank, "bank.gift") == [
        "bank.gift:1: question 'd' is a description (text with no answer), which carries no "
        "mark; remove it from this bank"
    ]


# --- bad banks: one file per problem, the expected problems in its // expected: lines -------

BAD_FILES = sorted((DATA / "bad").glob("*.gift"))


def expected_problems(path: Path, shown_as: str) -> list[str]:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    marker = "// expected: "
    return [f"{shown_as}:{line.removeprefix(marker)}" for line in lines if line.startswith(marker)]


def problems_in_file(path: Path, shown_as: str) -> list[str]:
    """What a content check reports: parse with names required, then the graded-bank check."""
    try:
        bank = parse_gift_bytes(path.read_bytes(), shown_as, require_names=True)
    except ContentError as error:
        return [str(problem) for problem in error.problems]
    return bank_problems(bank, shown_as)


@pytest.mark.parametrize("path", BAD_FILES, ids=[path.stem for path in BAD_FILES])
def test_bad_bank_reports_exactly_its_problems(path):
    shown_as = f"bad/{path.name}"
    expected = expected_problems(path, shown_as)
    assert expected, "a bad bank must say what it expects in // expected: lines"
    assert problems_in_file(path, shown_as) == expected


def test_one_file_with_three_bad_questions_reports_all_three_with_their_lines():
    path = DATA / "bad" / "three-bad-questions.gift"
    reported = problems_in_file(path, "three.gift")
    assert [line.split(":")[1] for line in reported] == ["5", "10", "18"]
    assert len({line.split(": ")[1] for line in reported}) == 3  # three different problems


def test_there_are_enough_bad_cases():
    assert len(BAD_FILES) >= 30


# --- export and round trips -----------------------------------------------------------------

GOOD_FILES = sorted((DATA / "good").glob("*.gift"))


@pytest.mark.parametrize("path", GOOD_FILES, ids=[path.stem for path in GOOD_FILES])
def test_good_bank_parses_to_its_json(path):
    bank = parse_gift_bytes(path.read_bytes(), path.name, require_names=False)
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert [question_to_json(question) for question in bank] == expected
    assert [question_from_json(data) for data in expected] == bank


@pytest.mark.parametrize(
    "path",
    GOOD_FILES + REPOSITORY_BANKS,
    ids=[path.name for path in GOOD_FILES + REPOSITORY_BANKS],
)
def test_export_then_parse_gives_the_same_questions(path):
    bank = parse_gift_bytes(path.read_bytes(), path.name)
    assert without_lines(parse_gift(export_gift(bank), "exported.gift")) == without_lines(bank)


@pytest.mark.parametrize("path", REPOSITORY_BANKS, ids=[path.name for path in REPOSITORY_BANKS])
def test_repository_banks_are_named_and_gradable(path):
    bank = parse_gift_bytes(path.read_bytes(), path.name, require_names=True)
    assert bank
    assert bank_problems(bank, path.name) == []


def test_export_layout():
    bank = parse_gift(
        "$CATEGORY: c\n\n::mc::[html]Pick {=a#yes ~%-50%b ####why}\n\n"
        "::gap::The {=x ~y} word.\n\n::tf::Sky is blue.{T##Right.}\n\n::n::How many?{#=3:0 ~#No.}",
        "t",
    )
    assert export_gift(bank) == (
        "$CATEGORY: c\n\n"
        "::mc:: [html]Pick {\n\t=a#yes\n\t~%-50%b\n\t####why\n}\n\n"
        "::gap:: The {\n\t=x\n\t~y\n} word.\n\n"
        "::tf:: Sky is blue. {T##Right.}\n\n"
        "::n:: How many? {#\n\t=3:0\n\t~#No.\n}\n"
    )


def test_export_keeps_texts_that_look_like_syntax_as_text():
    bank = [
        Question("//not a comment", Essay()),
        Question("[html] is not a format here", Essay(), id="b"),
        Question("$CATEGORY: not one either", Description()),
        Question("\ufeffstarts with a byte order mark", Essay()),
    ]
    assert without_lines(parse_gift(export_gift(bank), "t")) == bank


def test_export_refuses_what_gift_cannot_hold():
    with pytest.raises(ValueError, match="general feedback"):
        export_gift([Question("Read this.", Description(), general_feedback="lost")])
    with pytest.raises(ValueError, match="one line"):
        export_gift([Question("Q", Essay(), category="two\nlines")])
