"""Property tests for GIFT: exported questions read back unchanged, and no text crashes the parser.

Generated questions leave out only what GIFT cannot represent:
- leading or trailing whitespace (PHP's trim set, " \\t\\n\\r\\0\\x0b") in any text, name or
  category, since Moodle trims it; empty question texts, answers and names (feedbacks may be
  empty);
- lone surrogates, which are not UTF-8;
- a category on several lines, and the empty category (it is written as "back to none");
- general feedback on a description, which has no answer block to hold it;
- "->" in a short answer or its feedback, on the question side of a matching pair, or in every
  choice of a multiple choice: GIFT would read the block as a matching question;
- numbers that are not finite.
"""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from app.content.gift import (
    FORMATS,
    export_gift,
    parse_gift,
    parse_gift_bytes,
    question_from_json,
    question_to_json,
)
from app.content.gift_question import Question
from app.content.problems import ContentError
from app.quiz.types.answer import Answer
from app.quiz.types.essay import Description, Essay
from app.quiz.types.gift_syntax import TRIM
from app.quiz.types.matching import Matching, Pair
from app.quiz.types.multichoice import MultipleChoice
from app.quiz.types.numerical import Numerical, NumericalAnswer
from app.quiz.types.shortanswer import ShortAnswer
from app.quiz.types.truefalse import TrueFalse

SPECIAL = "~=#{}:\\\n%[]_->/$*TF. \t\r"
FRAGMENTS = [
    "_____",
    "->",
    "####",
    "//",
    "::",
    "$CATEGORY:",
    "[html]",
    "[moodle]",
    "[xyz]",
    "\\n",
    "\\",
    "%50%",
    "%",
    "{",
    "}",
    "~",
    "=",
    "#",
    ":",
    "..",
    "\r",
    "\ufeff",
    " ",
    "\n",
    "T",
    "*",
]

characters = st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIAL))
raw_text = st.text(alphabet=characters, min_size=1, max_size=20)
fragmented = st.lists(st.one_of(st.sampled_from(FRAGMENTS), raw_text), min_size=1, max_size=6)
texts = st.one_of(raw_text, fragmented.map("".join)).map(lambda s: s.strip(TRIM)).filter(bool)
plain_texts = texts.filter(lambda s: "->" not in s)
feedbacks = st.one_of(st.just(""), texts)
plain_feedbacks = st.one_of(st.just(""), plain_texts)
fractions = st.one_of(
    st.sampled_from([0.0, 0.5, -0.5, 0.25, -0.3333333, 0.1, -1.0]),
    st.floats(min_value=-1, max_value=1, allow_nan=False),
)
numbers = st.floats(allow_nan=False, allow_infinity=False)


def answers(text, fraction, feedback=feedbacks, **size):
    return st.lists(st.builds(Answer, text, fraction, feedback), **size)


@st.composite
def multichoices(draw):
    single = draw(st.booleans())
    if single:
        right = draw(answers(texts, st.just(1.0), min_size=1, max_size=2))
        others = draw(answers(texts, fractions, min_size=2 - len(right), max_size=4))
    else:  # several right answers whose positive weights reach 100%
        count = draw(st.integers(min_value=1, max_value=4))
        right = draw(answers(texts, st.just(1 / count), min_size=count, max_size=count))
        wrong = st.floats(min_value=-1, max_value=0)
        others = draw(answers(texts, wrong, min_size=max(0, 2 - count), max_size=4))
    return MultipleChoice(single, tuple(draw(st.permutations(right + others))))


@st.composite
def short_answers(draw):
    right = draw(answers(plain_texts, st.just(1.0), plain_feedbacks, min_size=1, max_size=2))
    others = draw(answers(plain_texts, fractions, plain_feedbacks, max_size=3))
    return ShortAnswer(tuple(draw(st.permutations(right + others))))


ranges = st.tuples(numbers, numbers).map(sorted)
numerical_answers = st.one_of(
    st.builds(
        NumericalAnswer,
        fractions,
        feedbacks,
        value=numbers,
        tolerance=st.floats(min_value=0, allow_infinity=False),
    ),
    ranges.flatmap(
        lambda r: st.builds(
            NumericalAnswer, fractions, feedbacks, min=st.just(r[0]), max=st.just(r[1])
        )
    ),
    st.builds(NumericalAnswer, fractions, feedbacks),
)


@st.composite
def numericals(draw):
    right = draw(numerical_answers.map(lambda a: replace(a, fraction=1.0)))
    others = draw(st.lists(numerical_answers, max_size=3))
    return Numerical(tuple(draw(st.permutations([right, *others]))))


pairs = st.builds(Pair, plain_texts, texts)
distractors = st.builds(Pair, st.just(""), texts)
matchings = st.tuples(st.lists(pairs, min_size=2, max_size=4), st.lists(distractors, max_size=2))
matchings = matchings.flatmap(lambda p: st.permutations(p[0] + p[1])).map(
    lambda p: Matching(tuple(p))
)

bodies = st.one_of(
    multichoices().filter(lambda b: not all("->" in a.text for a in b.answers)),
    short_answers(),
    st.builds(TrueFalse, st.booleans(), feedbacks, feedbacks),
    numericals(),
    matchings,
    st.just(Essay()),
    st.just(Description()),
)
categories = st.one_of(st.none(), texts.filter(lambda s: "\n" not in s))


@st.composite
def questions(draw):
    body = draw(bodies)
    feedback = "" if isinstance(body, Description) else draw(feedbacks)
    return Question(
        text=draw(texts),
        body=body,
        id=draw(st.one_of(st.none(), texts)),
        format=draw(st.sampled_from(FORMATS)),
        category=draw(categories),
        general_feedback=feedback,
    )


def unique_names(bank):
    names = [q.id for q in bank if q.id is not None]
    return len(names) == len(set(names))


banks = st.lists(questions(), max_size=4).filter(unique_names)


def without_lines(bank):
    return [replace(question, line=0) for question in bank]


@settings(max_examples=500, deadline=None)
@given(banks)
def test_exported_questions_parse_back_unchanged(bank):
    assert without_lines(parse_gift(export_gift(bank), "bank.gift")) == bank


@settings(max_examples=300, deadline=None)
@given(questions())
def test_json_round_trip(question):
    data = json.loads(json.dumps(question_to_json(question)))
    assert question_from_json(data) == question


gift_like = st.lists(
    st.one_of(
        st.sampled_from(
            [
                *FRAGMENTS,
                "::a::",
                "\n\n",
                "//c\n",
                "$CATEGORY: x\n",
                "TRUE",
                "1",
                "3.14",
                "-",
                "%abc%",
                "%150%",
                "~%",
                "=%",
                "#1..5",
                "2:0.5",
                "{#",
                "{}",
            ]
        ),
        st.text(max_size=5),
    ),
    max_size=30,
).map("".join)


# Questions shaped like GIFT, so that the fuzzing reaches every type's answer parsing.
words = st.one_of(
    st.text(alphabet="ab1.0 ", min_size=1, max_size=6),
    st.text(alphabet="ab1.0 ", min_size=1, max_size=6),
    st.text(alphabet=st.sampled_from(list("ab1.0 \\:~=#{}->%*T_\n")), max_size=6),
)


def listed(item, joiner="\n"):
    return st.lists(item, max_size=5).map(joiner.join)


def joined(*parts):
    return st.tuples(*parts).map("".join)


def one(*choices):
    return st.sampled_from(choices)


feedback_parts = st.one_of(one("", "#", "#a#b"), joined(st.just("#"), words))
choice_items = joined(
    one("=", "~", "~%50%", "=%50%", "~%-25%", "~%100%", "~%abc%", ""), words, feedback_parts
)
numbers_ = one("1", "3.14:0.1", "1..5", "-2..-1", "*", "5..1", "2:-1", "x", "1e3", ".5")
numerical_items = joined(one("=", "=%50%", "=%0%", ""), numbers_, feedback_parts)
matching_items = joined(one("=", "=", "=", "", "~"), words, one(" -> ", " -> ", "->", ""), words)
blocks = st.one_of(
    listed(choice_items),
    joined(st.just("#"), listed(numerical_items), one("", "~#other", "~", "~x")),
    listed(matching_items),
    joined(one("T", "F", "TRUE", "FALSE", "t"), one("", "#a", "#a#b", "#a#b#c")),
    listed(joined(one("=", "~", "#", "->", ""), words)),
)
gift_questions = joined(
    one("", "", "::q::", "::r:: ", "::s::", "// c\n", "$CATEGORY: c\n", "[html]", "[xyz]", "::"),
    words,
    st.one_of(blocks.map(lambda b: "{" + b + "}"), one("", "{}", "{####g}", "{", "}", "{{}}")),
    joined(one("", " ", "####g"), one("", " after", "\n"), one("", "", "", "", "", "{", "}")),
)
gift_banks = st.lists(gift_questions, max_size=3).map("\n\n".join)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(), gift_like, gift_banks))
def test_any_text_parses_or_raises_content_error(text):
    """Whatever parses also exports and parses back to the same questions."""
    try:
        bank = parse_gift(text, "any.gift")
    except ContentError as error:
        assert error.problems
        return
    assert without_lines(parse_gift(export_gift(bank), "again.gift")) == without_lines(bank)


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_any_bytes_parse_or_raise_content_error(data):
    try:
        parse_gift_bytes(data, "any.gift")
    except ContentError as error:
        assert error.problems
