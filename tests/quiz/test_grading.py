"""The grading rules, one case each: Moodle's semantics for every auto-graded question type."""

from dataclasses import FrozenInstanceError

import pytest
from werkzeug.datastructures import MultiDict

from app.quiz.grading import Grade, attempt_fraction, score
from app.quiz.types import NotAutoGradedError, question_type
from app.quiz.types.numerical import typed_number
from app.quiz.types.responses import MAX_TEXT_LENGTH, ResponseError
from tests.quiz.answering import graded, respond


def answer(text, fraction, feedback=""):
    return {"text": text, "fraction": fraction, "feedback": feedback}


def question(kind, **fields):
    return {
        "id": f"{kind}-question",
        "type": kind,
        "text": "What?",
        "format": "moodle",
        "category": "tests",
        "general_feedback": "",
        "line": 1,
        **fields,
    }


def single(*answers):
    return question("multichoice", single=True, answers=list(answers))


def multiple(*answers):
    return question("multichoice", single=False, answers=list(answers))


def shortanswer(*answers):
    return question("shortanswer", answers=list(answers))


def numerical(*answers):
    return question("numerical", answers=list(answers))


def number(value, tolerance=0, fraction=1, feedback=""):
    return {"value": value, "tolerance": tolerance, "fraction": fraction, "feedback": feedback}


def number_range(low, high, fraction=1, feedback=""):
    return {"min": low, "max": high, "fraction": fraction, "feedback": feedback}


def catch_all(fraction=0, feedback="wrong"):
    return {"fraction": fraction, "feedback": feedback}


CAPITALS = single(
    answer("Paris", 1, "Yes."),
    answer("Lyon", 0, "No."),
    answer("Marseille", 0.5, "Almost."),
    answer("Brussels", -0.5, "Not even France."),
)

RELAUNCH = multiple(
    answer("framework contract", 0.25, "a"),
    answer("single approver", 0.25, "b"),
    answer("grouped shoots", 0.5, "c"),
    answer("extra approval", -0.5, "d"),
    answer("quote per episode", -1, "e"),
)

PAIRS = question(
    "matching",
    pairs=[
        {"question": "Structure", "answer": "Who produces?"},
        {"question": "Measurement", "answer": "Linked to objectives?"},
        {"question": "Mindsets", "answer": "Ready to act live?"},
        {"question": "", "answer": "How big is the budget?"},
    ],
)


# --- multiple choice, one answer ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fraction", "feedback"),
    [
        ("0", 1.0, ("Yes.",)),
        ("1", 0.0, ("No.",)),
        ("2", 0.5, ("Almost.",)),
        ("3", 0.0, ("Not even France.",)),
        ("", 0.0, ()),
        (None, 0.0, ()),
    ],
    ids=["right", "wrong", "partial", "negative-floored", "blank", "missing"],
)
def test_one_answer_earns_its_fraction(raw, fraction, feedback):
    assert graded(CAPITALS, raw) == Grade(fraction, feedback)


def test_one_answer_without_feedback_gives_none():
    assert graded(single(answer("a", 1), answer("b", 0)), "0") == Grade(1.0, ())


# --- multiple choice, several answers -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fraction"),
    [
        (["0"], 0.25),
        (["0", "1"], 0.5),
        (["0", "1", "2"], 1.0),
        (["0", "1", "2", "3"], 0.5),
        (["3"], 0.0),
        (["3", "4"], 0.0),
        (["0", "4"], 0.0),
        ([], 0.0),
        (None, 0.0),
    ],
    ids=[
        "one-quarter",
        "two-quarters",
        "all-right",
        "right-and-negative",
        "negative-floored",
        "all-negative-floored",
        "sum-below-zero-floored",
        "none-chosen",
        "missing",
    ],
)
def test_several_answers_add_up(raw, fraction):
    assert graded(RELAUNCH, raw).fraction == fraction


def test_several_answers_are_capped_at_one():
    generous = multiple(answer("a", 0.6), answer("b", 0.6), answer("c", 0.6))
    assert graded(generous, ["0", "1", "2"]).fraction == 1.0


def test_three_thirds_make_one():
    thirds = multiple(answer("a", 1 / 3), answer("b", 1 / 3), answer("c", 1 / 3))
    assert graded(thirds, ["2", "0", "1"]).fraction == 1.0
    assert graded(thirds, ["0"]).fraction == 0.3333333


def test_fractions_are_rounded_to_seven_decimals():
    assert graded(single(answer("a", 0.123456789)), "0").fraction == 0.1234568


def test_several_answers_give_the_chosen_feedback_in_file_order():
    assert graded(RELAUNCH, ["3", "0", "2"]).feedback == ("a", "c", "d")


# --- true or false --------------------------------------------------------------------------

TRUE_STATEMENT = question("truefalse", correct=True, feedback_right="Right.", feedback_wrong="No.")
FALSE_STATEMENT = question("truefalse", correct=False, feedback_right="Yes.", feedback_wrong="")


@pytest.mark.parametrize(
    ("statement", "raw", "expected"),
    [
        (TRUE_STATEMENT, "true", Grade(1.0, ("Right.",))),
        (TRUE_STATEMENT, "false", Grade(0.0, ("No.",))),
        (FALSE_STATEMENT, "false", Grade(1.0, ("Yes.",))),
        (FALSE_STATEMENT, "true", Grade(0.0, ())),
        (TRUE_STATEMENT, "", Grade(0.0, ())),
        (TRUE_STATEMENT, None, Grade(0.0, ())),
    ],
    ids=["true-right", "true-wrong", "false-right", "false-wrong-no-feedback", "blank", "missing"],
)
def test_true_or_false(statement, raw, expected):
    assert graded(statement, raw) == expected


# --- short answer ---------------------------------------------------------------------------

TEAM = shortanswer(answer("Équipe communauté", 1, "Yes."), answer("équipe", 0.5, "Which one?"))


@pytest.mark.parametrize(
    "raw",
    [
        "Équipe communauté",
        "equipe communaute",
        "EQUIPE COMMUNAUTE",
        "  équipe\t\n communauté  ",
        "e\u0301quipe communaute\u0301",
        "équipe\u00a0communauté",
        "ÉQUIPE COMMUNAUTÉ",
    ],
    ids=["same", "no-accents", "capitals", "whitespace", "decomposed", "no-break-space", "upper"],
)
def test_short_answer_ignores_case_accents_and_spacing(raw):
    assert graded(TEAM, raw) == Grade(1.0, ("Yes.",))


@pytest.mark.parametrize(
    ("key", "raw", "matches"),
    [
        ("com*té", "communauté", True),
        ("com*té", "comté", True),
        ("com*té", "communautés", False),
        ("*ship", "leadership", True),
        ("lead*", "leadership", True),
        ("a*b*c", "a-b-c", True),
        ("a*b*c", "acb", False),
        ("a*bc*bcd", "abcbcd", True),
        ("ab*ba", "aba", False),
        ("ab**c", "abxyc", True),
        ("5 \\* 3", "5 * 3", True),
        ("5 \\* 3", "5 x 3", False),
        ("ﬁnance", "finance", True),
        ("straße", "STRASSE", True),
        ("Ｔｅａｍ", "team", True),
    ],
    ids=[
        "middle",
        "middle-empty",
        "middle-but-trailing-text",
        "start",
        "end",
        "two",
        "two-out-of-order",
        "overlapping-pieces",
        "pieces-cannot-share-letters",
        "star-run",
        "escaped-star-is-literal",
        "escaped-star-is-not-a-wildcard",
        "ligature",
        "sharp-s",
        "full-width",
    ],
)
def test_short_answer_keys(key, raw, matches):
    assert graded(shortanswer(answer(key, 1)), raw).fraction == (1.0 if matches else 0.0)


def test_short_answer_first_match_in_file_order_wins():
    keys = shortanswer(answer("colour*", 0.5, "half"), answer("colours", 1, "full"))
    assert graded(keys, "colours") == Grade(0.5, ("half",))


def test_short_answer_catch_all_gives_its_feedback_to_any_other_answer():
    keys = shortanswer(answer("pull", 1, "Yes."), answer("*", 0, "It is pull."))
    assert graded(keys, "push") == Grade(0.0, ("It is pull.",))
    assert graded(keys, "Pull") == Grade(1.0, ("Yes.",))


def test_short_answer_catch_all_first_shadows_the_rest():
    keys = shortanswer(answer("*", 0, "Any."), answer("pull", 1, "Yes."))
    assert graded(keys, "pull") == Grade(0.0, ("Any.",))


@pytest.mark.parametrize("raw", ["", "   ", None], ids=["empty", "spaces", "missing"])
def test_blank_short_answer_is_no_answer_even_with_a_catch_all(raw):
    assert graded(shortanswer(answer("*", 0.5, "Any.")), raw) == Grade(0.0, ())


def test_short_answer_without_match_earns_nothing():
    assert graded(TEAM, "committee") == Grade(0.0, ())


def test_short_answer_negative_fraction_is_floored():
    assert graded(shortanswer(answer("push", -1, "No.")), "push") == Grade(0.0, ("No.",))


# What a phone, a word processor or a French keyboard types for the same words: the key as the
# author wrote it, the response as a learner types it (and the other way round).
TYPED_ALIKE = {
    "fr-typographic-apostrophe": ("déclaration d'attente", "déclaration d’attente"),
    "fr-straight-apostrophe-in-key": ("déclaration d’attente", "déclaration d'attente"),
    "fr-typographic-quotes": ('le "brief"', "le « brief »"),
    "fr-non-breaking-space": ("taux d’engagement", "taux\u00a0d’engagement"),
    "fr-narrow-space-before-punctuation": ("engagement !", "engagement\u202f!"),
    "fr-trailing-full-stop": ("déclaration d’attente", "Déclaration d’attente."),
    "fr-compatibility-forms": ("efficacité", "eﬃcacité"),
    "en-typographic-apostrophe": ("the brand's voice", "the brand’s voice"),
    "en-straight-apostrophe-in-key": ("the brand’s voice", "the brand's voice"),
    "en-typographic-quotes": ('a "pull" campaign', "a “pull” campaign"),
    "en-non-breaking-space": ("engagement rate", "engagement\u00a0rate"),
    "en-narrow-space": ("engagement rate", "engagement\u202frate"),
    "en-trailing-full-stop": ("engagement rate", "Engagement rate."),
    "en-compatibility-forms": ("office", "oﬃce"),
}


@pytest.mark.parametrize(("key", "typed"), TYPED_ALIKE.values(), ids=TYPED_ALIKE.keys())
def test_short_answer_reads_what_keyboards_type_alike_as_the_same(key, typed):
    assert graded(shortanswer(answer(key, 1, "Yes.")), typed) == Grade(1.0, ("Yes.",))


@pytest.mark.parametrize(
    "typed",
    ["engagement rate!", "engagement rate ?", "engagement rate…", "engagement rate;"],
    ids=["exclamation", "spaced-question-mark", "ellipsis", "semicolon"],
)
def test_short_answer_ignores_any_trailing_punctuation(typed):
    assert graded(shortanswer(answer("engagement rate", 1)), typed).fraction == 1.0


def test_punctuation_inside_an_answer_still_counts():
    assert graded(shortanswer(answer("engagement rate", 1)), "engagement. rate").fraction == 0.0


def test_a_wildcard_key_ignores_trailing_punctuation_too():
    assert graded(shortanswer(answer("pull*", 1)), "Pull marketing.").fraction == 1.0


# --- numerical ------------------------------------------------------------------------------

SIX = numerical(number(6, feedback="Six."), catch_all(feedback="Count again."))


@pytest.mark.parametrize(
    "raw",
    ["6", " 6 ", "+6", "6.0", "6,0", "6.", "06", "6e0", "0.6E1", "60e-1", ",6e1", ".6e+1"],
    ids=[
        "integer",
        "spaces",
        "plus-sign",
        "decimal-point",
        "decimal-comma",
        "trailing-point",
        "leading-zero",
        "exponent",
        "capital-exponent",
        "negative-exponent",
        "leading-comma",
        "leading-point",
    ],
)
def test_numbers_as_people_type_them(raw):
    assert graded(SIX, raw) == Grade(1.0, ("Six.",))


@pytest.mark.parametrize(
    "raw",
    [
        "six",
        "1 000",
        "6,000.0",
        "6.0.0",
        "6,,0",
        "0x6",
        "6e",
        "e6",
        "--6",
        "+-6",
        "12/2",
        "3+3",
        "inf",
        "nan",
        "٦",
        "６",
        "6 m",
        "1_000",
        "6e12345",
    ],
    ids=[
        "word",
        "thousands-space",
        "thousands-comma",
        "two-points",
        "two-commas",
        "hexadecimal",
        "bare-exponent",
        "exponent-only",
        "double-sign",
        "two-signs",
        "fraction",
        "expression",
        "infinity",
        "nan",
        "arabic-indic-digit",
        "full-width-digit",
        "unit",
        "underscore",
        "exponent-too-long",
    ],
)
def test_not_a_number_is_wrong_without_feedback(raw):
    assert typed_number(raw) is None
    assert graded(SIX, raw) == Grade(0.0, ())


@pytest.mark.parametrize("raw", ["", "  ", None], ids=["empty", "spaces", "missing"])
def test_blank_number_is_no_answer(raw):
    assert graded(SIX, raw) == Grade(0.0, ())


def test_decimal_comma_reads_as_a_decimal_point():
    assert typed_number("11,5") == typed_number("11.5") == typed_number(" 11.50 ")


@pytest.mark.parametrize(
    ("raw", "fraction"),
    [("8", 1.0), ("12", 1.0), ("10", 1.0), ("7.999", 0.0), ("12.001", 0.0), ("-10", 0.0)],
    ids=["low-bound", "high-bound", "value", "below", "above", "opposite-sign"],
)
def test_tolerance_bounds_are_inclusive(raw, fraction):
    assert graded(numerical(number(10, tolerance=2)), raw).fraction == fraction


@pytest.mark.parametrize(
    ("value", "tolerance", "raw"),
    [
        (1.1, 0.2, "0.9"),
        (1.1, 0.2, "1.3"),
        (0.1, 0.2, "0.3"),
        (0.3, 0.1, "0.2"),
        (2.675, 0, "2.675"),
    ],
    ids=["1.1-minus-0.2", "1.1-plus-0.2", "0.1-plus-0.2", "0.3-minus-0.1", "no-binary-rounding"],
)
def test_float_arithmetic_does_not_misgrade_a_bound(value, tolerance, raw):
    assert graded(numerical(number(value, tolerance)), raw).fraction == 1.0


def test_negative_tolerance_counts_as_its_size():
    assert graded(numerical(number(10, tolerance=-2)), "11").fraction == 1.0


@pytest.mark.parametrize(
    ("raw", "fraction"),
    [("5", 1.0), ("9", 1.0), ("7,5", 1.0), ("4.99", 0.0), ("9.01", 0.0)],
    ids=["min", "max", "inside", "below", "above"],
)
def test_ranges_include_both_ends(raw, fraction):
    assert graded(numerical(number_range(5, 9)), raw).fraction == fraction


def test_numerical_first_match_in_file_order_wins():
    keys = numerical(number(6, 0, 1, "exact"), number(6, 1, 0.5, "close"), catch_all())
    assert graded(keys, "6") == Grade(1.0, ("exact",))
    assert graded(keys, "6.5") == Grade(0.5, ("close",))
    assert graded(keys, "8") == Grade(0.0, ("wrong",))


def test_numerical_catch_all_keeps_its_fraction():
    keys = numerical(number(6), catch_all(fraction=0.1, feedback="for trying"))
    assert graded(keys, "-40") == Grade(0.1, ("for trying",))


def test_numerical_without_match_earns_nothing():
    assert graded(numerical(number(6)), "7") == Grade(0.0, ())


def test_numerical_negative_values_and_fractions():
    keys = numerical(number(-3.5, 0.5, -1, "penalty"), number(-3.5, 1, 1))
    assert graded(keys, "-3,1") == Grade(0.0, ("penalty",))
    assert graded(keys, "-2.5") == Grade(1.0, ())


def test_numerical_bad_bounds_accept_nothing():
    keys = numerical(number(float("nan")), number("six"), number_range(float("inf"), None))
    assert graded(keys, "6") == Grade(0.0, ())


# --- matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fraction"),
    [
        ({"0": "Who produces?", "1": "Linked to objectives?", "2": "Ready to act live?"}, 1.0),
        ({"0": "Who produces?", "1": "Ready to act live?", "2": ""}, 0.3333333),
        ({"0": "Who produces?", "1": "Linked to objectives?"}, 0.6666667),
        ({"0": "How big is the budget?", "1": "How big is the budget?"}, 0.0),
        ({0: "Who produces?", 2: "Ready to act live?"}, 0.6666667),
        ({}, 0.0),
        (None, 0.0),
    ],
    ids=[
        "all-right",
        "one-right-one-wrong-one-blank",
        "one-unanswered",
        "distractor-chosen",
        "integer-keys",
        "nothing-chosen",
        "missing",
    ],
)
def test_matching_earns_the_share_of_right_pairs(raw, fraction):
    assert graded(PAIRS, raw) == Grade(fraction, ())


def test_matching_answer_shared_by_two_items():
    same = question(
        "matching",
        pairs=[{"question": "Q", "answer": "Canada"}, {"question": "M", "answer": "Canada"}],
    )
    assert graded(same, {"0": "Canada", "1": "Canada"}).fraction == 1.0


def test_matching_with_only_distractors_earns_nothing():
    assert graded(question("matching", pairs=[{"question": "", "answer": "x"}]), {}).fraction == 0


# --- questions that are not auto-graded -----------------------------------------------------


@pytest.mark.parametrize("kind", ["essay", "description"])
def test_questions_not_auto_graded_take_no_answer(kind):
    refused = question(kind)
    assert not question_type(kind).graded
    with pytest.raises(ResponseError, match=r"This question cannot be answered here\."):
        respond(refused, MultiDict([("q1", "text")]), {})


def test_an_unknown_type_is_not_graded():
    with pytest.raises(NotAutoGradedError, match="unknown question type 'cloze'"):
        respond(question("cloze"), MultiDict(), {})


@pytest.mark.parametrize(
    "kind", ["multichoice", "truefalse", "shortanswer", "numerical", "matching"]
)
def test_graded_types(kind):
    assert question_type(kind).graded


# --- grades, scores and attempts ------------------------------------------------------------


@pytest.mark.parametrize("fraction", [-0.1, 1.1, float("nan")], ids=["negative", "above", "nan"])
def test_a_grade_stays_within_zero_and_one(fraction):
    with pytest.raises(ValueError, match=r"lies within \[0, 1\]"):
        Grade(fraction)


def test_a_grade_is_frozen():
    with pytest.raises(FrozenInstanceError):
        Grade(0.5).fraction = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("fraction", "mark", "expected"),
    [(0.5, 2, 1.0), (1, 3, 3.0), (0, 5, 0.0), (0.3333333, 3, 0.9999999), (1, 0, 0.0)],
    ids=["half", "full", "none", "rounded", "zero-mark"],
)
def test_score_is_fraction_times_mark(fraction, mark, expected):
    assert score(fraction, mark) == expected


@pytest.mark.parametrize(
    ("fraction", "mark", "message"),
    [
        (1.5, 1, r"a fraction lies within \[0, 1\], not 1.5"),
        (-0.5, 1, r"a fraction lies within \[0, 1\], not -0.5"),
        (0.5, -1, "a mark cannot be negative: -1"),
    ],
    ids=["above", "below", "negative-mark"],
)
def test_score_refuses_impossible_values(fraction, mark, message):
    with pytest.raises(ValueError, match=message):
        score(fraction, mark)


def test_attempt_fraction_weighs_each_question_by_its_mark():
    grades = [Grade(1.0), Grade(0.5), Grade(0.0)]
    assert attempt_fraction(grades) == 0.5
    assert attempt_fraction(grades, [2, 2, 4]) == 0.375
    assert attempt_fraction(grades, [1, 0, 0]) == 1.0


@pytest.mark.parametrize(
    ("grades", "marks"), [([], None), ([Grade(1.0)], [0])], ids=["no-questions", "no-marks"]
)
def test_attempt_with_nothing_to_earn_is_zero(grades, marks):
    assert attempt_fraction(grades, marks) == 0.0


def test_attempt_fraction_needs_one_mark_per_grade():
    with pytest.raises(ValueError, match="2 grades but 1 marks"):
        attempt_fraction([Grade(1.0), Grade(1.0)], [1])


def test_attempt_fraction_refuses_a_negative_mark():
    with pytest.raises(ValueError, match="a mark cannot be negative"):
        attempt_fraction([Grade(1.0), Grade(1.0)], [2, -1])


def test_attempt_fraction_of_thirds_is_one():
    assert attempt_fraction([Grade(1.0)] * 3, [1 / 3] * 3) == 1.0


# --- responses as a form sends them ---------------------------------------------------------

THREE_CHOICES = single(answer("a", 1), answer("b", 0), answer("c", 0))
THREE_CHECKBOXES = multiple(answer("a", 0.5), answer("b", 0.5), answer("c", -1))
# Shown order → original index, as a shuffled page sends them.
SHUFFLED = {"answers": [2, 0, 1]}
PAIRS_SHOWN = {"items": [2, 0, 1], "options": [3, 1, 0, 2]}


@pytest.mark.parametrize(
    ("asked", "order", "form", "expected"),
    [
        (THREE_CHOICES, SHUFFLED, [("q1", "0")], 2),
        (THREE_CHOICES, SHUFFLED, [("q1", "1")], 0),
        (THREE_CHOICES, SHUFFLED, [("q1", "")], None),
        (THREE_CHOICES, SHUFFLED, [], None),
        (THREE_CHECKBOXES, SHUFFLED, [("q1", "1"), ("q1", "0")], [0, 2]),
        (THREE_CHECKBOXES, SHUFFLED, [("q1", "2")], [1]),
        (THREE_CHECKBOXES, SHUFFLED, [], []),
        (TRUE_STATEMENT, {}, [("q1", "true")], True),
        (TRUE_STATEMENT, {}, [("q1", "false")], False),
        (TRUE_STATEMENT, {}, [("q1", "")], None),
        (TEAM, {}, [("q1", " Équipe ")], " Équipe "),
        (TEAM, {}, [], ""),
        (SIX, {}, [("q1", "x" * MAX_TEXT_LENGTH)], "x" * MAX_TEXT_LENGTH),
        (SIX, {}, [("q1", "6\t\r\n")], "6\t\r\n"),
        (PAIRS, PAIRS_SHOWN, [("q1-0", "3"), ("q1-1", "0")], {"2": 2, "0": 3}),
        (PAIRS, PAIRS_SHOWN, [("q1-1", ""), ("q1-2", "2")], {"1": 0}),
    ],
    ids=[
        "one-choice",
        "choice-zero",
        "no-choice",
        "choice-left-out",
        "checkboxes",
        "one-checkbox",
        "no-checkbox",
        "true",
        "false",
        "no-truth",
        "text-as-typed",
        "no-text",
        "longest-text",
        "text-with-whitespace",
        "matching",
        "matching-blank",
    ],
)
def test_responses_are_stored_in_original_indices(asked, order, form, expected):
    assert respond(asked, MultiDict(form), order) == expected


@pytest.mark.parametrize(
    ("asked", "form", "message"),
    [
        (THREE_CHOICES, [("q1", "1"), ("q1", "2")], "This question takes one answer, not a list."),
        (THREE_CHOICES, [("q1", "3")], "There is no answer 3: this question has 3."),
        (THREE_CHOICES, [("q1", "999999")], "There is no answer 999999: this question has 3."),
        (THREE_CHOICES, [("q1", "-1")], "“-1” is not an answer number."),
        (THREE_CHOICES, [("q1", "1.0")], "“1.0” is not an answer number."),
        (THREE_CHOICES, [("q1", " 1")], "“ 1” is not an answer number."),
        (THREE_CHOICES, [("q1", "01")], "“01” is not an answer number."),
        (THREE_CHOICES, [("q1", "Paris")], "“Paris” is not an answer number."),
        (THREE_CHOICES, [("q1", "١")], "“١” is not an answer number."),
        (THREE_CHOICES, [("q1", "9" * 5000)], f"“{'9' * 39}…” is not an answer number."),
        (THREE_CHOICES, [("q1", 1)], "Each answer must be text."),
        (THREE_CHECKBOXES, [("q1", "1"), ("q1", "1")], "The same answer is chosen twice."),
        (
            THREE_CHECKBOXES,
            [("q1", "0"), ("q1", "5")],
            "There is no answer 5: this question has 3.",
        ),
        (THREE_CHECKBOXES, [("q1", "")], "“” is not an answer number."),
        (THREE_CHECKBOXES, [("q1", None)], "Each answer must be text."),
        (TRUE_STATEMENT, [("q1", "yes")], "The answer must be “true” or “false”."),
        (TRUE_STATEMENT, [("q1", "True")], "The answer must be “true” or “false”."),
        (TRUE_STATEMENT, [("q1", "1")], "The answer must be “true” or “false”."),
        (TRUE_STATEMENT, [("q1", True)], "Each answer must be text."),
        (
            TRUE_STATEMENT,
            [("q1", "true"), ("q1", "false")],
            "This question takes one answer, not a list.",
        ),
        (TEAM, [("q1", "x" * 1001)], "The answer is too long: 1001 characters, at most 1000."),
        (SIX, [("q1", "6" * 10**6)], "The answer is too long: 1000000 characters, at most 1000."),
        (TEAM, [("q1", "a"), ("q1", "b")], "This question takes one answer, not a list."),
        (SIX, [("q1", 6)], "Each answer must be text."),
        (SIX, [("q1", b"6")], "Each answer must be text."),
        (
            TEAM,
            [("q1", "équipe\x00")],
            "The answer contains a character that is not text (U+0000).",
        ),
        (SIX, [("q1", "6\x1b")], "The answer contains a character that is not text (U+001B)."),
        (TEAM, [("q1", "\ud800")], "The answer contains a character that is not text (U+D800)."),
        (PAIRS, [("q1-0", "4")], "There is no answer 4: this question has 4."),
        (PAIRS, [("q1-0", "Who produces?")], "“Who produces?” is not an answer number."),
        (PAIRS, [("q1-0", "-1")], "“-1” is not an answer number."),
        (PAIRS, [("q1-0", "0"), ("q1-0", "1")], "This question takes one answer, not a list."),
        (PAIRS, [("q1-0", 1)], "Each answer must be text."),
        (PAIRS, [("q1-3", "0")], "“q1-3” is not a question of this attempt."),
        (PAIRS, [("q1", "0")], "“q1” is not a question of this attempt."),
        (TEAM, [("q2", "équipe")], "“q2” is not a question of this attempt."),
        (TEAM, [("q1-0", "équipe")], "“q1-0” is not a question of this attempt."),
        (TEAM, [("x" * 100, "")], f"“{'x' * 39}…” is not a question of this attempt."),
    ],
    ids=[
        "one-choice-list",
        "one-choice-out-of-range",
        "one-choice-far-out-of-range",
        "one-choice-negative",
        "one-choice-decimal",
        "one-choice-space",
        "one-choice-leading-zero",
        "one-choice-word",
        "one-choice-arabic-digit",
        "one-choice-huge",
        "one-choice-integer",
        "checkboxes-duplicate",
        "checkboxes-out-of-range",
        "checkboxes-empty-item",
        "checkboxes-none",
        "truth-yes",
        "truth-capitalised",
        "truth-digit",
        "truth-boolean",
        "truth-list",
        "text-too-long",
        "number-megabyte",
        "text-list",
        "number-integer",
        "number-bytes",
        "text-nul",
        "number-escape",
        "text-lone-surrogate",
        "matching-option-out-of-range",
        "matching-option-as-text",
        "matching-negative-option",
        "matching-item-twice",
        "matching-integer",
        "matching-item-not-shown",
        "matching-without-item",
        "unknown-question",
        "text-as-matching-item",
        "long-unknown-field",
    ],
)
def test_bad_responses_are_refused_with_a_clear_message(asked, form, message):
    with pytest.raises(ResponseError) as refused:
        respond(asked, MultiDict(form))
    assert str(refused.value) == message
    assert refused.value.template % refused.value.params == message
