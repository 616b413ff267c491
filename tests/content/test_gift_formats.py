"""Format tags as Moodle reads them: ``[html]``, ``[plain]``, ``[moodle]`` or ``[markdown]`` at
the start of an answer, a feedback, a matching item or the general feedback, each kept with its
own format (an untagged one takes the question's), shown as that format, exported with its tag.

The four import cases are Moodle's own (question/format/gift/tests/giftformat_test.php).
"""

from __future__ import annotations

import pytest

from app.content.gift import export_gift, parse_gift, question_to_json
from app.quiz.types.answer import text_format
from app.quiz.types.base import Labels
from app.quiz.types.matching import Matching
from app.quiz.types.multichoice import MultipleChoice
from app.quiz.types.truefalse import TrueFalse
from tests.quiz.answering import natural_order


def only(text: str) -> dict:
    [question] = parse_gift(text, "moodle.gift")
    return question_to_json(question)


def formats(question: dict, items: list[dict], key: str) -> list[str]:
    """The format each item's text is in, as Moodle reports it."""
    return [text_format(item, key, question) for item in items]


MOODLE_MATCH = """
// question: 2  name: Moodle activities
::Moodle activities::[html]Match the <b>activity</b> to the description.{
    =[html]An activity supporting asynchronous discussions. -> Forum
    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice
    =[plain]A bank of record entries which participants can add to. -> Database
    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki
    = -> Chat
}"""


def test_moodle_import_match():
    question = only(MOODLE_MATCH)
    assert (question["id"], question["type"]) == ("Moodle activities", "matching")
    assert question["text"] == "Match the <b>activity</b> to the description."
    assert question["format"] == "html"
    assert question["general_feedback"] == ""
    assert text_format(question, "general_feedback", question) == "html"
    assert [pair["question"] for pair in question["pairs"]] == [
        "An activity supporting asynchronous discussions.",
        "A teacher asks a question and specifies a choice of multiple responses.",
        "A bank of record entries which participants can add to.",
        "A collection of web pages that anyone can add to or edit.",
        "",
    ]
    assert formats(question, question["pairs"], "question") == [
        "html",
        "moodle",
        "plain",
        "markdown",
        "html",
    ]
    assert [pair["answer"] for pair in question["pairs"]] == [
        "Forum",
        "Choice",
        "Database",
        "Wiki",
        "Chat",
    ]


MOODLE_MULTICHOICE = """
// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{
    =yellow # right; good!
    ~red # [html]wrong, it's yellow
    ~[plain]blue # wrong, it's yellow
}"""


def test_moodle_import_multichoice():
    question = only(MOODLE_MULTICHOICE)
    assert (question["id"], question["type"], question["single"]) == ("Q2", "multichoice", True)
    assert question["text"] == "What's between orange and green in the spectrum?"
    assert question["format"] == "moodle"
    answers = question["answers"]
    assert [answer["text"] for answer in answers] == ["yellow", "red", "blue"]
    assert formats(question, answers, "text") == ["moodle", "moodle", "plain"]
    assert [answer["fraction"] for answer in answers] == [1, 0, 0]
    assert [answer["feedback"] for answer in answers] == [
        "right; good!",
        "wrong, it's yellow",
        "wrong, it's yellow",
    ]
    assert formats(question, answers, "feedback") == ["moodle", "html", "moodle"]


MOODLE_MULTICHOICE_MULTI = """
// multiple choice, multiple response with specified feedback for right and wrong answers
::colours:: What's between orange and green in the spectrum?
{
    ~%50%yellow # right; good!
    ~%-100%red # [html]wrong
    ~%50%off-beige # right; good!
    ~%-100%[plain]blue # wrong
}"""


def test_moodle_import_multichoice_multi():
    question = only(MOODLE_MULTICHOICE_MULTI)
    assert (question["id"], question["single"]) == ("colours", False)
    answers = question["answers"]
    assert [answer["text"] for answer in answers] == ["yellow", "red", "off-beige", "blue"]
    assert formats(question, answers, "text") == ["moodle", "moodle", "moodle", "plain"]
    assert [answer["fraction"] for answer in answers] == [0.5, -1, 0.5, -1]
    assert [answer["feedback"] for answer in answers] == [
        "right; good!",
        "wrong",
        "right; good!",
        "wrong",
    ]
    assert formats(question, answers, "feedback") == ["moodle", "html", "moodle", "moodle"]


MOODLE_SHORTANSWER_WITH_GENERAL_FEEDBACK = """
// question: 666  name: Shortanswer
::Shortanswer::Which is the best animal?{
    =Frog#Good!
    =%50%Cat#What is it with Moodlers and cats?
    =%0%*#Completely wrong
    ####[html]Here is some general feedback!
}"""


def test_moodle_import_shortanswer_with_general_feedback():
    question = only(MOODLE_SHORTANSWER_WITH_GENERAL_FEEDBACK)
    assert (question["id"], question["type"]) == ("Shortanswer", "shortanswer")
    assert question["text"] == "Which is the best animal?"
    assert question["general_feedback"] == "Here is some general feedback!"
    assert text_format(question, "general_feedback", question) == "html"
    answers = question["answers"]
    assert [answer["text"] for answer in answers] == ["Frog", "Cat", "*"]
    assert [answer["fraction"] for answer in answers] == [1, 0.5, 0]
    assert [answer["feedback"] for answer in answers] == [
        "Good!",
        "What is it with Moodlers and cats?",
        "Completely wrong",
    ]
    assert formats(question, answers, "feedback") == ["moodle", "moodle", "moodle"]


# --- what is stored, and exported back ------------------------------------------------------


def test_an_untagged_text_stores_no_format_of_its_own():
    question = only("::q::Pick {=a#yes ~b}")
    assert set(question["answers"][0]) == {"text", "fraction", "feedback"}
    assert "general_feedback_format" not in question


def test_a_tag_naming_the_question_format_stores_nothing_of_its_own():
    question = only("::q::[html]Pick {=[html]<b>a</b> ~b}")
    assert question["answers"][0] == {"text": "<b>a</b>", "fraction": 1.0, "feedback": ""}


def test_an_unknown_tag_on_an_answer_stays_text_as_in_moodle():
    question = only("::q::Pick {=[rtf]a ~b}")
    assert question["answers"][0]["text"] == "[rtf]a"
    assert "text_format" not in question["answers"][0]


def test_a_short_answer_key_drops_its_tag_as_moodle_does():
    question = only("::q::Animal? {=[plain]Frog#[html]<b>Good!</b>}")
    assert question["answers"][0] == {
        "text": "Frog",
        "fraction": 1.0,
        "feedback": "<b>Good!</b>",
        "feedback_format": "html",
    }


def test_true_false_feedbacks_keep_their_formats():
    question = only("::q::The sky is blue.{T#[html]<i>no</i>#[markdown]*yes*}")
    assert question["feedback_wrong_format"] == "html"
    assert question["feedback_right_format"] == "markdown"


def test_numerical_feedbacks_keep_their_formats():
    question = only("::q::How many?{#=6#[html]<b>six</b> ~#[plain]no}")
    assert [answer.get("feedback_format") for answer in question["answers"]] == ["html", "plain"]


def test_export_writes_a_tag_where_a_format_differs_from_the_question():
    exported = export_gift(parse_gift(MOODLE_MULTICHOICE, "moodle.gift"))
    assert "\t=yellow#right; good!\n" in exported
    assert "\t~red#[html]wrong, it's yellow\n" in exported
    assert "\t~[plain]blue#wrong, it's yellow\n" in exported


def test_export_of_moodle_match_tags_every_item_but_those_in_the_question_format():
    exported = export_gift(parse_gift(MOODLE_MATCH, "moodle.gift"))
    assert "\t=An activity supporting asynchronous discussions. -> Forum\n" in exported
    assert "\t=[moodle]A teacher asks" in exported
    assert "\t=[plain]A bank of record entries" in exported
    assert "\t=[markdown]A collection of web pages" in exported
    assert "\t= -> Chat\n" in exported


def test_export_keeps_the_general_feedback_format():
    exported = export_gift(parse_gift(MOODLE_SHORTANSWER_WITH_GENERAL_FEEDBACK, "moodle.gift"))
    assert "\t####[html]Here is some general feedback!\n" in exported


@pytest.mark.parametrize(
    "text",
    [
        MOODLE_MATCH,
        MOODLE_MULTICHOICE,
        MOODLE_MULTICHOICE_MULTI,
        MOODLE_SHORTANSWER_WITH_GENERAL_FEEDBACK,
        "::t::[markdown]Sky?{T#[html]<i>no</i>#[plain]yes ####[moodle]why}",
        "::n::How many?{#=6#[html]<b>six</b> ~#[plain]no}",
        "::s::Key?{=[html]x}",
        "::a::Pick {=[moodle][html]literal ~b}",
    ],
    ids=[
        "match",
        "multichoice",
        "multichoice-multi",
        "shortanswer",
        "truefalse",
        "numerical",
        "shortanswer-key-tag",
        "text-starting-like-a-tag",
    ],
)
def test_export_then_parse_keeps_every_format(text):
    bank = parse_gift(text, "moodle.gift")
    again = parse_gift(export_gift(bank), "exported.gift")
    assert [question_to_json(q) | {"line": 0} for q in again] == [
        question_to_json(q) | {"line": 0} for q in bank
    ]


# --- shown as their format ------------------------------------------------------------------


def test_choices_are_shown_in_their_own_format():
    question = only(
        "::q::Pick {=[markdown]*bold* idea ~[html]<b>html</b><script>x</script>"
        " ~[plain]<b>plain</b> ~1 < 2}"
    )
    view = MultipleChoice.view(question, natural_order(question), None, "q1", Labels())
    assert [choice.html for choice in view["choices"]] == [
        "<em>bold</em> idea",
        "<b>html</b>",
        "&lt;b&gt;plain&lt;/b&gt;",
        "1 &lt; 2",
    ]


def test_matching_items_are_shown_in_their_own_format():
    question = only("::q::Match {=[markdown]**A** -> 1 =[plain]<B> -> 2}")
    view = Matching.view(question, natural_order(question), None, "q1", Labels())
    assert [item.html for item in view["items"]] == ["<strong>A</strong>", "&lt;B&gt;"]


def test_feedback_is_graded_with_its_html_in_its_own_format():
    question = only("::q::Sky is blue.{T#[html]<i>no</i>#[markdown]*yes*}")
    assert TrueFalse.grade(question, True).html == ("<em>yes</em>",)
    assert TrueFalse.grade(question, False).html == ("<i>no</i>",)


def test_right_answers_are_shown_in_their_own_format():
    question = only(MOODLE_MULTICHOICE.replace("=yellow", "=[markdown]*yellow*"))
    assert MultipleChoice.right_answers(question, Labels()) == ["<em>yellow</em>"]
