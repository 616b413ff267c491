"""Short answer: the learner types a text, matched against answer keys with ``*`` wildcards,
as Moodle matches them, but for what a keyboard or a phone types differently for the same
words: case, accents, compatibility forms (NFKC), typographic apostrophes and quotes, runs of
white space (non-breaking and narrow spaces included) and punctuation at the end."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar

from markupsafe import escape

from app.quiz.types.answer import Answer, credit, read_answer
from app.quiz.types.base import NO_CREDIT, Grade
from app.quiz.types.gift_syntax import GiftSyntaxError, Segment
from app.quiz.types.typed import TypedAnswerType

WHITESPACE = re.compile(r"\s+")
# Moodle's wildcard: a run of unescaped stars; ``\*`` is a literal star.
WILDCARD = re.compile(r"(?<!\\)\*+")
# Typographic apostrophes and quotes, as phones and word processors type them, read as straight.
QUOTES = str.maketrans(dict.fromkeys("‘’‚‛′ʼ", "'") | dict.fromkeys("“”„‟", '"'))
# French quotes, with the spaces French typography puts inside them: « brief » is "brief".
GUILLEMETS = re.compile(r"«\s*|\s*»")
# Punctuation a sentence ends with ("Paris.", "Paris !"); the ellipsis is "..." once folded.
TRAILING = ".!?;:, "


@dataclass(frozen=True)
class ShortAnswer(TypedAnswerType):
    name: ClassVar[str] = "shortanswer"
    gift_order: ClassVar[int] = 70
    answer_class: ClassVar[type] = Answer
    answers: tuple[Answer, ...] = ()

    @classmethod
    def reads(cls, answers: str | None) -> bool:
        return bool(answers)

    @classmethod
    def parse(cls, block: Segment, question_format: str = "moodle") -> ShortAnswer:
        lead, items = block.split("=")
        # Moodle reads text before the first = as one more full-mark answer: {Paris} works.
        segments = ([lead] if lead.clean() else []) + [text for _, text in items]
        answers = []
        for segment in segments:
            # Moodle drops an answer key's format tag: a key is compared as plain text.
            answer = replace(read_answer(segment, 1.0, question_format), text_format=None)
            if "->" in answer.text or "->" in answer.feedback:
                raise GiftSyntaxError(
                    f"the answer '{answer.text}' contains ->, which GIFT keeps for matching "
                    "questions; rephrase it (→ works), or write a matching question with at "
                    "least two =question -> answer items",
                    segment.start,
                )
            answers.append(answer)
        return cls.with_answers(answers)

    def to_gift(self, question_format: str = "moodle") -> tuple[str, list[str]]:
        return "", [answer.to_gift("=", 1.0, question_format) for answer in self.answers]

    @classmethod
    def structure(cls, question: dict) -> dict[str, object]:
        return {"answer weights": [answer["fraction"] for answer in question["answers"]]}

    @classmethod
    def grade(cls, question: dict, response: str) -> Grade:
        """The first answer in file order that matches wins, as in Moodle."""
        folded = fold_response(response)
        # A blank response is no answer at all: not even a catch-all ``*`` gives it feedback.
        if not folded:
            return NO_CREDIT
        for index, answer in enumerate(question["answers"]):
            if accepts_text(answer["text"], folded):
                return credit(answer["fraction"], [index], question)
        return NO_CREDIT

    @classmethod
    def right_answers(cls, question: dict, labels) -> list[str]:
        return [str(escape(a["text"])) for a in question["answers"] if a["fraction"] >= 1]


def fold_response(text: str) -> str:
    """Case, accents, quotes, runs of whitespace and trailing punctuation erased, as answer
    keys are compared."""
    return WHITESPACE.sub(" ", fold(text)).strip().rstrip(TRAILING)


def fold(text: str) -> str:
    # Unicode's compatibility caseless match (D146): ligatures, widths, cases and spaces made
    # equal (NFKD holds NFKC's equivalences)...
    folded = unicodedata.normalize("NFD", text).casefold()
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", folded).casefold())
    # ...then the accents dropped, so "Équipe" is "equipe", and the quotes straightened.
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return GUILLEMETS.sub('"', folded).translate(QUOTES)


@lru_cache(maxsize=4096)
def wildcard_pieces(answer_text: str) -> tuple[str, ...]:
    """The literal pieces between an answer key's wildcards, folded like a response."""
    pieces = [
        WHITESPACE.sub(" ", fold(piece.replace("\\*", "*")))
        for piece in WILDCARD.split(answer_text)
    ]
    pieces[0], pieces[-1] = pieces[0].lstrip(), pieces[-1].rstrip().rstrip(TRAILING)
    return tuple(pieces)


def accepts_text(answer_text: str, folded_response: str) -> bool:
    """Whether an answer key, wildcards and all, matches the whole of a folded response."""
    pieces = wildcard_pieces(answer_text)
    if len(pieces) == 1:
        return folded_response == pieces[0]
    first, *middle, last = pieces
    end = len(folded_response) - len(last)
    if end < len(first) or not folded_response.startswith(first):
        return False
    if not folded_response.endswith(last):
        return False
    # Taking each piece at its leftmost place is enough for stars, and needs no backtracking
    # regular expression that an author's ``*a*b*c*`` could make slow.
    position = len(first)
    for piece in middle:
        found = folded_response.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True
