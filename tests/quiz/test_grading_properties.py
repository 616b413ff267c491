"""Properties of grading over generated questions and responses, 500 examples each, on the
path the application takes: form values → stored response → grade.

Whatever the question and the response: the fraction stays within [0, 1] at seven decimals,
grading is deterministic and changes nothing, and the order choices or pairs are shown in does
not matter.
"""

import copy
import re
from decimal import Context, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.quiz.answers import grade_stored
from app.quiz.grading import Grade, attempt_fraction
from app.quiz.types.responses import ResponseError
from app.quiz.types.shortanswer import accepts_text, fold_response, wildcard_pieces
from tests.quiz.answering import graded, natural_order, respond

# Derandomized: the same 500 examples every run, so a run never fails by chance.
EXAMPLES = settings(max_examples=500, deadline=None, derandomize=True)
EXACT = Context(prec=1000)

fractions = st.one_of(
    st.sampled_from([-1.0, -0.5, 0.0, 0.1, 0.25, 1 / 3, 0.5, 1.0]),
    st.floats(min_value=-1, max_value=1),
)
feedbacks = st.one_of(st.just(""), st.text(max_size=8))
# Letters whose case and accents fold simply, with spaces, wildcards and their escape.
ANSWER_LETTERS = "abcéèçABCÉÈÇ *\\"
UNACCENTED = str.maketrans("éèçÉÈÇ", "eecEEC")
typed_text = st.one_of(
    st.text(alphabet=ANSWER_LETTERS, max_size=12),
    # Any printable text: what a learner could paste.
    st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=30),
)


def check_bounded_and_deterministic(question: dict, raw: object) -> Grade:
    untouched = copy.deepcopy(question)
    result = graded(question, raw)
    assert 0 <= result.fraction <= 1
    assert round(result.fraction, 7) == result.fraction
    assert graded(copy.deepcopy(question), raw) == result
    assert question == untouched
    return result


# --- multiple choice ------------------------------------------------------------------------

choices = st.fixed_dictionaries(
    {"text": st.text(max_size=5), "fraction": fractions, "feedback": feedbacks}
)


@st.composite
def multichoice_attempts(draw):
    answers = draw(st.lists(choices, min_size=1, max_size=8))
    single = draw(st.booleans())
    indices = st.integers(min_value=0, max_value=len(answers) - 1)
    if single:
        raw = draw(st.one_of(st.none(), st.just(""), indices.map(str)))
    else:
        raw = [str(index) for index in draw(st.lists(indices, unique=True))]
    question = {"id": "q", "type": "multichoice", "single": single, "answers": answers}
    return question, raw


@EXAMPLES
@given(multichoice_attempts())
def test_multichoice_is_bounded_and_deterministic(attempt):
    check_bounded_and_deterministic(*attempt)


@EXAMPLES
@given(multichoice_attempts(), st.data())
def test_multichoice_does_not_depend_on_the_order_choices_are_shown_in(attempt, data):
    question, raw = attempt
    shown = {"answers": data.draw(st.permutations(range(len(question["answers"]))))}
    assert graded(question, raw, shown) == graded(question, raw)


# --- true or false --------------------------------------------------------------------------


@EXAMPLES
@given(
    st.booleans(),
    feedbacks,
    feedbacks,
    st.sampled_from(["true", "false", "", None]),
)
def test_truefalse_is_bounded_and_deterministic(correct, right, wrong, raw):
    question = {
        "id": "q",
        "type": "truefalse",
        "correct": correct,
        "feedback_right": right,
        "feedback_wrong": wrong,
    }
    result = check_bounded_and_deterministic(question, raw)
    assert result.fraction == (1.0 if raw == str(correct).lower() else 0.0)


# --- short answer ---------------------------------------------------------------------------

short_answer_keys = st.fixed_dictionaries(
    {
        "text": st.text(alphabet=ANSWER_LETTERS, min_size=1, max_size=8),
        "fraction": fractions,
        "feedback": feedbacks,
    }
)
short_answer_questions = st.lists(short_answer_keys, min_size=1, max_size=5).map(
    lambda answers: {"id": "q", "type": "shortanswer", "answers": answers}
)


@EXAMPLES
@given(short_answer_questions, typed_text)
def test_shortanswer_is_bounded_and_deterministic(question, raw):
    check_bounded_and_deterministic(question, raw)


@EXAMPLES
@given(short_answer_questions, st.text(alphabet=ANSWER_LETTERS, max_size=12))
def test_shortanswer_ignores_case_accents_and_spacing(question, raw):
    disguised = "\n " + raw.translate(UNACCENTED).swapcase().replace(" ", " \t ") + "  "
    assert graded(question, disguised) == graded(question, raw)


@EXAMPLES
@given(st.text(alphabet=ANSWER_LETTERS, min_size=1, max_size=8), typed_text)
def test_wildcards_match_as_moodle_regular_expression_does(key, raw):
    # Moodle builds ^piece.*piece.*piece$; the grader walks the pieces without backtracking.
    moodle = ".*".join(re.escape(piece) for piece in wildcard_pieces(key))
    folded = fold_response(raw)
    assert accepts_text(key, folded) == bool(re.fullmatch(moodle, folded, re.DOTALL))


# --- numerical ------------------------------------------------------------------------------

values = st.one_of(
    st.integers(min_value=-10_000, max_value=10_000).map(lambda n: n / 100),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
)
tolerances = st.one_of(st.just(0), st.floats(min_value=0, max_value=100))
numerical_keys = st.one_of(
    st.fixed_dictionaries(
        {"value": values, "tolerance": tolerances, "fraction": fractions, "feedback": feedbacks}
    ),
    st.tuples(values, values).map(
        lambda bounds: {"min": min(bounds), "max": max(bounds), "fraction": 1.0, "feedback": ""}
    ),
    st.fixed_dictionaries({"fraction": fractions, "feedback": feedbacks}),
)
numerical_questions = st.lists(numerical_keys, min_size=1, max_size=5).map(
    lambda answers: {"id": "q", "type": "numerical", "answers": answers}
)
typed_numbers = st.one_of(
    values.map(repr),
    values.map(lambda value: f"{value:e}"),
    st.decimals(min_value=-(10**12), max_value=10**12, places=3).map(str),
)


@EXAMPLES
@given(numerical_questions, st.one_of(typed_numbers, typed_text))
def test_numerical_is_bounded_and_deterministic(question, raw):
    check_bounded_and_deterministic(question, raw)


@EXAMPLES
@given(numerical_questions, typed_numbers)
def test_numerical_reads_a_decimal_comma_as_a_point(question, raw):
    with_comma = raw.replace(".", ",")
    assert graded(question, with_comma) == graded(question, raw)


@EXAMPLES
@given(values, tolerances, st.sampled_from([-1, 1]))
def test_numerical_tolerance_bounds_are_inclusive(value, tolerance, side):
    question = {
        "id": "q",
        "type": "numerical",
        "answers": [{"value": value, "tolerance": tolerance, "fraction": 1.0, "feedback": ""}],
    }
    # Exact arithmetic: the default 28 digits could round the bound off the range.
    bound = EXACT.add(Decimal(repr(value)), side * Decimal(repr(float(tolerance))))
    assert graded(question, str(bound)).fraction == 1.0


# --- matching -------------------------------------------------------------------------------

pairs = st.fixed_dictionaries(
    {"question": st.sampled_from(["", "", "A", "B", "C", "D"]), "answer": st.sampled_from("wxyz")}
)


@st.composite
def matching_attempts(draw):
    chosen_pairs = draw(st.lists(pairs, min_size=1, max_size=7))
    offered = sorted({pair["answer"] for pair in chosen_pairs})
    raw = {}
    for index, pair in enumerate(chosen_pairs):
        if pair["question"] and draw(st.booleans()):
            raw[str(index)] = draw(st.sampled_from(["", *offered]))
    return {"id": "q", "type": "matching", "pairs": chosen_pairs}, raw


@EXAMPLES
@given(matching_attempts())
def test_matching_is_bounded_and_deterministic(attempt):
    check_bounded_and_deterministic(*attempt)


@EXAMPLES
@given(matching_attempts(), st.data())
def test_matching_does_not_depend_on_the_order_items_and_answers_are_shown_in(attempt, data):
    question, raw = attempt
    natural = natural_order(question)
    shown = {
        "items": data.draw(st.permutations(natural["items"])),
        "options": data.draw(st.permutations(natural["options"])),
    }
    assert graded(question, raw, shown) == graded(question, raw)


# --- whatever a tampered form sends ---------------------------------------------------------

field_names = st.one_of(
    st.sampled_from(["q1", "q1", "q1-0", "q1-1", "q2", "save_key", "csrf_token"]),
    st.text(max_size=6),
)
field_values = st.one_of(
    st.sampled_from(["", "0", "1", "2", "7", "-1", "01", "true", "false", "w", "6,5", "6.5"]),
    st.text(max_size=12),
)
tampered_forms = st.lists(st.tuples(field_names, field_values), max_size=5).map(MultiDict)
SAMPLE_QUESTIONS = {
    "multichoice-single": {
        "type": "multichoice",
        "single": True,
        "answers": [{"text": "a", "fraction": 1.0}, {"text": "b", "fraction": -0.5}],
    },
    "multichoice-multiple": {
        "type": "multichoice",
        "single": False,
        "answers": [{"text": t, "fraction": f} for t, f in [("a", 0.5), ("b", 0.5), ("c", -1)]],
    },
    "truefalse": {"type": "truefalse", "correct": False},
    "shortanswer": {"type": "shortanswer", "answers": [{"text": "a*", "fraction": 1.0}]},
    "numerical": {"type": "numerical", "answers": [{"value": 6.5, "fraction": 1.0}]},
    "matching": {
        "type": "matching",
        "pairs": [{"question": "A", "answer": "w"}, {"question": "", "answer": "x"}],
    },
}


@pytest.mark.parametrize("kind", SAMPLE_QUESTIONS)
@EXAMPLES
@given(form=tampered_forms)
def test_any_form_is_read_or_refused_with_a_message(kind, form):
    question = SAMPLE_QUESTIONS[kind]
    try:
        stored = respond(question, form)
    except ResponseError as refused:
        assert str(refused) == refused.template % refused.params
    else:
        assert 0 <= grade_stored(question, stored).fraction <= 1


# --- attempts -------------------------------------------------------------------------------


@EXAMPLES
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1),
            st.one_of(st.just(1.0), st.floats(min_value=0, max_value=100)),
        ),
        max_size=12,
    )
)
def test_attempt_fraction_is_bounded_and_full_marks_make_one(questions):
    grades = [Grade(fraction) for fraction, _ in questions]
    marks = [mark for _, mark in questions]
    assert 0 <= attempt_fraction(grades, marks) <= 1
    if sum(marks) > 0:
        assert attempt_fraction([Grade(1.0)] * len(marks), marks) == 1.0
