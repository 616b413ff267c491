"""GIFT's matching questions: ``=question -> answer`` pairs, and ``= -> answer`` distractors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from app.content.gift_syntax import GiftSyntaxError, Segment, escape, refuse_text_before


@dataclass(frozen=True)
class Pair:
    question: str
    answer: str


@dataclass(frozen=True)
class Matching:
    type: ClassVar[str] = "matching"
    pairs: tuple[Pair, ...]

    @classmethod
    def parse(cls, block: Segment) -> Matching:
        lead, items = block.split("=")
        refuse_text_before(lead, "item", "start every matching item with =")
        pairs = tuple(read_pair(segment) for _, segment in items)
        real = sum(1 for pair in pairs if pair.question)
        if real < 2:
            raise GiftSyntaxError(
                f"a matching question needs at least two pairs (=question -> answer); it has {real}"
            )
        return cls(pairs)

    def to_json(self) -> dict:
        return {"pairs": [{"question": p.question, "answer": p.answer} for p in self.pairs]}

    @classmethod
    def from_json(cls, data: dict) -> Matching:
        return cls(tuple(Pair(pair["question"], pair["answer"]) for pair in data["pairs"]))

    def to_gift(self) -> tuple[str, list[str]]:
        return "", [f"={escape(p.question)} -> {escape(p.answer)}" for p in self.pairs]


def read_pair(segment: Segment) -> Pair:
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
    return Pair(question.clean(), answer.clean())
