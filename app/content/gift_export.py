"""Write questions as GIFT that parse_gift reads back as the same questions (line numbers aside).

GIFT cannot say everything a Question can hold; export_gift refuses, with ValueError, what it
would otherwise lose silently: general feedback on a description, a category spanning lines.
Texts lose their leading and trailing whitespace, as Moodle trims them.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.content.gift_question import Question
from app.quiz.types.formats import FORMATS, tagged
from app.quiz.types.gift_syntax import MISSING_WORD, TRIM, escape


def export_gift(questions: Iterable[Question]) -> str:
    parts = []
    category = None
    for question in questions:
        _refuse_unrepresentable(question)
        if question.category != category:
            category = question.category
            parts.append(f"$CATEGORY: {category}" if category else "$CATEGORY:")
        parts.append(_write_question(question))
    return "\n\n".join(parts) + "\n" if parts else ""


def _refuse_unrepresentable(question: Question) -> None:
    if question.body.to_gift(question.format) is None and question.general_feedback:
        raise ValueError(f"description {question.id!r}: GIFT has no place for general feedback")
    if question.category is not None and "\n" in question.category:
        raise ValueError(f"question {question.id!r}: a GIFT category is one line")
    if question.format not in FORMATS:
        raise ValueError(f"question {question.id!r}: unknown text format {question.format!r}")


def _write_question(question: Question) -> str:
    name = f"::{escape(question.id)}:: " if question.id is not None else ""
    text = question.text
    # An explicit format keeps a text that starts like a format, a comment or a byte order mark
    # from being read as one.
    needs_format = question.format != "moodle" or text.startswith(("[", "//", "\ufeff"))
    prefix = f"[{question.format}]" if needs_format else ""
    block = question.body.to_gift(question.format)
    if block is None:
        return f"{name}{prefix}{escape(text)}"
    before, after = _around_block(text)
    return f"{name}{prefix}{escape(before)}{_write_block(question, *block)}{escape(after)}"


def _around_block(text: str) -> tuple[str, str]:
    """Where the answer block goes: at a ``_____`` that text follows (missing word), else last."""
    start = text.find(MISSING_WORD)
    while start >= 0:
        after = text[start + len(MISSING_WORD) :]
        if after.strip(TRIM):
            return text[:start], after
        start = text.find(MISSING_WORD, start + 1)
    return text + " ", ""


def _write_block(question: Question, head: str, items: list[str]) -> str:
    general = ""
    if question.general_feedback:
        tag = tagged(question.general_feedback, question.general_feedback_format, question.format)
        general = f"####{tag}{escape(question.general_feedback)}"
    if not items:
        return f"{{{head}{general}}}"
    lines = [f"{{{head}", *(f"\t{item}" for item in items)]
    if general:
        lines.append(f"\t{general}")
    return "\n".join([*lines, "}"])
