"""Read one GIFT question: its ::name::, [format], text, answer block and general feedback."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from app.quiz.types import QuestionType, classify
from app.quiz.types.formats import DEFAULT_FORMAT, FORMATS, take_format
from app.quiz.types.gift_syntax import (
    MISSING_WORD,
    TRIM,
    GiftSyntaxError,
    Segment,
    clean,
    hold_escapes,
)


@dataclass(frozen=True)
class Question:
    """One parsed question: ``body`` holds what its type adds; ``line`` is where it starts."""

    text: str
    body: QuestionType
    id: str | None = None
    format: str = DEFAULT_FORMAT
    category: str | None = None
    general_feedback: str = ""
    line: int = 0
    # The general feedback's format given by a leading tag, where it differs from the text's.
    general_feedback_format: str | None = None

    @property
    def type(self) -> str:
        return self.body.name


@dataclass(frozen=True)
class QuestionSource:
    """One question's lines, escapes held, joined by newlines; maps offsets back to file lines."""

    text: str
    starts: tuple[int, ...]
    numbers: tuple[int, ...]

    @classmethod
    def join(cls, lines: list[tuple[int, str]]) -> QuestionSource:
        held = [hold_escapes(line) for _, line in lines]
        starts = [0]
        for line in held[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        return cls("\n".join(held), tuple(starts), tuple(number for number, _ in lines))

    def line_at(self, offset: int | None) -> int:
        if offset is None:
            return self.numbers[0]
        return self.numbers[max(bisect_right(self.starts, offset) - 1, 0)]


def take_name(segment: Segment) -> tuple[str | None, Segment]:
    if not segment.text.startswith("::"):
        return None, segment
    end = segment.text.find("::", 2)
    if end < 0:
        raise GiftSyntaxError(
            "the ::name is not closed; end it with :: (write \\: for a colon inside the name)"
        )
    name = clean(segment.text[2:end])
    if not name:
        raise GiftSyntaxError(
            "the ::name:: is empty; write a name between the colons or remove them"
        )
    return name, segment.cut(end, 2)[1].strip()


def read_question(segment: Segment, name: str | None, category: str | None, line: int) -> Question:
    text, block = _split_answer_block(segment)
    text_format, text = _read_format(text)
    if not text:
        raise GiftSyntaxError("the question has no text; write it before the answer block")
    general_feedback, general_format = "", None
    if block is not None:
        separator = block.text.rfind("####")  # the last one, as Moodle looks for it
        if separator >= 0:
            block, after = block.cut(separator, 4)
            general_feedback, general_format = take_format(after.clean(), text_format)
        block = block.strip()
    body = classify(None if block is None else block.text).parse(block, text_format)
    return Question(
        text=text,
        body=body,
        id=name,
        format=text_format,
        category=category,
        general_feedback=general_feedback,
        line=line,
        general_feedback_format=general_format,
    )


def _split_answer_block(segment: Segment) -> tuple[str, Segment | None]:
    """The question text (``_____`` where a block sits inside a sentence) and the block's inside."""
    text = segment.text
    opening, closing = text.find("{"), text.find("}")
    if opening < 0 and closing < 0:
        return text, None
    if closing >= 0 and (opening < 0 or closing < opening):
        raise GiftSyntaxError(
            "found } without an opening {; add the { that starts the answer block, "
            "or write \\} for a literal brace",
            segment.start + closing,
        )
    if closing < 0:
        raise GiftSyntaxError(
            "the answer block is not closed; add } before the next blank line (blank lines "
            "separate questions), or write \\{ for a literal brace",
            segment.start + opening,
        )
    if "{" in text[opening + 1 : closing]:
        raise GiftSyntaxError(
            "found { inside the answer block; close the block with } first, "
            "or write \\{ for a literal brace",
            segment.start + text.index("{", opening + 1),
        )
    before, after = text[:opening], text[closing + 1 :]
    if "{" in after or "}" in after:
        raise GiftSyntaxError(
            "a question has one answer block {...}; write \\{ and \\} for literal braces",
            segment.start + closing + 1,
        )
    question = before + MISSING_WORD + after if after.strip(TRIM) else before
    return question, Segment(text[opening + 1 : closing], segment.start + opening + 1)


_FORMAT = re.compile(r"\[([^\]]*)\]")


def _read_format(text: str) -> tuple[str, str]:
    text = text.strip(TRIM)
    match = _FORMAT.match(text)
    if match and match.group(1) in FORMATS:
        return match.group(1), clean(text[match.end() :])
    if match and re.fullmatch("[a-z]+", match.group(1)):
        raise GiftSyntaxError(
            f"unknown text format [{match.group(1)}]; use [moodle], [html], [markdown] or [plain]"
        )
    return "moodle", clean(text)
