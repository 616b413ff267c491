"""Matching: ``=question -> answer`` pairs and ``= -> answer`` distractors; the learner picks
an answer for each item, and the grade is the share of items matched with their own answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from markupsafe import escape as html_escape

from app.quiz.types.answer import text_html
from app.quiz.types.base import (
    NO_CREDIT,
    Choice,
    Grade,
    QuestionType,
    Tallied,
    arranged,
    bounded,
)
from app.quiz.types.formats import own_formats, tagged, take_format
from app.quiz.types.gift_syntax import GiftSyntaxError, Segment, escape, refuse_text_before
from app.quiz.types.responses import choice_index, required_text, single_value


@dataclass(frozen=True)
class Pair:
    question: str
    answer: str
    # The item's format given by a leading tag, where it differs from the question's.
    question_format: str | None = None

    def to_json(self) -> dict:
        return {"question": self.question, "answer": self.answer} | own_formats(
            self, "question_format"
        )


@dataclass(frozen=True)
class MatchItem:
    name: str
    html: str  # the item's text as safe HTML, in its own format
    chosen: str  # the shown position of the chosen option, or ""
    chosen_html: str = ""  # that option's text as safe HTML (what the review shows), or ""


@dataclass(frozen=True)
class Matching(QuestionType):
    name: ClassVar[str] = "matching"
    gift_order: ClassVar[int] = 50
    pairs: tuple[Pair, ...] = ()

    @classmethod
    def reads(cls, answers: str | None) -> bool:
        return bool(answers) and "=" in answers and "->" in answers

    @classmethod
    def parse(cls, block: Segment, question_format: str = "moodle") -> Matching:
        lead, items = block.split("=")
        refuse_text_before(lead, "item", "start every matching item with =")
        pairs = tuple(read_pair(segment, question_format) for _, segment in items)
        real = sum(1 for pair in pairs if pair.question)
        if real < 2:
            raise GiftSyntaxError(
                f"a matching question needs at least two pairs (=question -> answer); it has {real}"
            )
        return cls(pairs)

    def to_json(self) -> dict:
        return {"pairs": [pair.to_json() for pair in self.pairs]}

    @classmethod
    def from_json(cls, data: dict) -> Matching:
        return cls(
            tuple(
                Pair(pair["question"], pair["answer"], pair.get("question_format"))
                for pair in data["pairs"]
            )
        )

    def to_gift(self, question_format: str = "moodle") -> tuple[str, list[str]]:
        return "", [
            f"={tagged(p.question, p.question_format, question_format)}{escape(p.question)}"
            f" -> {escape(p.answer)}"
            for p in self.pairs
        ]

    @classmethod
    def structure(cls, question: dict) -> dict[str, object]:
        return {"pairs": [(bool(pair["question"]),) for pair in question["pairs"]]}

    @classmethod
    def choice_order(cls, question: dict, shuffle: bool, rng) -> dict:
        pairs = question["pairs"]
        items = sorted(matched_items(question))
        # Each distinct answer once, named by the first pair that carries it; always shuffled,
        # or the n-th answer would belong to the n-th item.
        first_of: dict[str, int] = {}
        for index, pair in enumerate(pairs):
            first_of.setdefault(pair["answer"], index)
        return {
            "items": arranged(items, shuffle, rng),
            "options": arranged(first_of.values(), True, rng),
        }

    @classmethod
    def field_names(cls, name: str, order: dict) -> set[str]:
        return {f"{name}-{shown}" for shown in range(len(order["items"]))}

    @classmethod
    def read_form(cls, question: dict, order: dict, name: str, form) -> dict[str, int]:
        """Item's original index (as text) → the original index of the pair whose answer it took."""
        items, options = order["items"], order["options"]
        chosen = {}
        for shown, item in enumerate(items):
            raw = single_value(form, f"{name}-{shown}")
            if raw in (None, ""):
                continue
            chosen[str(item)] = options[choice_index(required_text(raw), len(options))]
        return chosen

    @classmethod
    def response(cls, question: dict, stored: object) -> dict[int, str]:
        pairs = question["pairs"]
        return {int(item): pairs[pair]["answer"] for item, pair in (stored or {}).items()}

    @classmethod
    def grade(cls, question: dict, response: dict[int, str]) -> Grade:
        """The share of the items matched with their own answer."""
        items = matched_items(question)
        if not items:
            return NO_CREDIT
        pairs = question["pairs"]
        right = sum(1 for index in items if response.get(index) == pairs[index]["answer"])
        return Grade(bounded(right / len(items)))

    @classmethod
    def view(cls, question: dict, order: dict, stored: object, name: str, labels) -> dict:
        pairs, stored = question["pairs"], stored or {}
        options = [
            Choice(str(shown), str(html_escape(pairs[pair]["answer"])), False)
            for shown, pair in enumerate(order["options"])
        ]
        shown_of = {pair: str(shown) for shown, pair in enumerate(order["options"])}
        html_of = {option.value: option.html for option in options}
        items = [
            MatchItem(
                f"{name}-{shown}",
                text_html(pairs[item], "question", question),
                chosen,
                html_of.get(chosen, ""),
            )
            for shown, item in enumerate(order["items"])
            for chosen in [shown_of.get(stored.get(str(item)), "")]
        ]
        return {"items": items, "options": options}

    @classmethod
    def right_answers(cls, question: dict, labels) -> list[str]:
        return [
            f"{text_html(pair, 'question', question)} → {html_escape(pair['answer'])}"
            for pair in question["pairs"]
            if pair["question"].strip()
        ]

    @classmethod
    def offered(cls, question: dict, labels) -> list[Tallied]:
        """Each premise with its own answer; the wrong answers chosen are counted as they come."""
        pairs = question["pairs"]
        return [
            Tallied(pairs[item]["question"], pairs[item]["answer"], True)
            for item in sorted(matched_items(question))
        ]

    @classmethod
    def tallied(cls, question: dict, stored: object, labels) -> list[Tallied]:
        pairs, items = question["pairs"], matched_items(question)
        chosen = sorted((int(item), pair) for item, pair in (stored or {}).items())
        return [
            Tallied(
                pairs[item]["question"],
                pairs[pair]["answer"],
                pairs[pair]["answer"] == pairs[item]["answer"],
            )
            for item, pair in chosen
            if item in items and 0 <= pair < len(pairs)
        ]


def matched_items(question: dict) -> frozenset[int]:
    """Indices of the pairs to match; a pair with no question is only a distractor answer."""
    return frozenset(
        index for index, pair in enumerate(question["pairs"]) if pair["question"].strip()
    )


def read_pair(segment: Segment, question_format: str) -> Pair:
    question, answer = segment.partition("->")
    if answer is None:
        raise GiftSyntaxError(
            f"the matching item '{segment.clean()}' has no ->; write it as =question -> answer "
            "(or = -> answer for an extra wrong answer)",
            segment.start,
        )
    if not answer.clean():
        raise GiftSyntaxError(
            f"the matching item '{question.clean()}' has no answer after ->; "
            "write =question -> answer",
            segment.start,
        )
    text, own = take_format(question.clean(), question_format)
    return Pair(text, answer.clean(), own)
