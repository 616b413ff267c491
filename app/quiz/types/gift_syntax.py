"""GIFT's lexical layer: escapes, Moodle's trimming, weights and numbers, for parsing and export."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

# Moodle trims with PHP's trim(), which strips these characters only, not every Unicode space.
TRIM = " \t\n\r\0\x0b"

SPECIALS = ":#={}~"
FORMATS = ("moodle", "html", "markdown", "plain")
MISSING_WORD = "_____"  # stands in the question text where a missing-word answer block was

# While a question is parsed, each escaped special character is held as a lone surrogate. Text
# decoded from UTF-8 never contains one, so plain str.find and str.split see only the unescaped
# characters: the same idea as the placeholders in Moodle's escapedchar_pre.
_HELD = {char: chr(0xD800 + index) for index, char in enumerate(SPECIALS + "n")}
_RELEASE = str.maketrans({held: "\n" if char == "n" else char for char, held in _HELD.items()})
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_EXPORT = str.maketrans({"\\": "\\\\", "\n": "\\n", **{char: "\\" + char for char in SPECIALS}})
SURROGATE = re.compile("[\ud800-\udfff]")

_WEIGHT = re.compile(r"-?[0-9]+(?:\.[0-9]*)?")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class GiftSyntaxError(Exception):
    """One problem in one question; ``at`` is an offset in the question's text (None: all of it)."""

    def __init__(self, message: str, at: int | None = None):
        super().__init__(message)
        self.message = message
        self.at = at


def hold_escapes(line: str) -> str:
    """Turn ``\\~ \\= \\# \\{ \\} \\:`` and ``\\n`` into held characters and ``\\\\`` into ``\\``.

    Any other backslash stays as written, as Moodle leaves it.
    """

    def replace(match: re.Match[str]) -> str:
        char = match.group(1)
        return "\\" if char == "\\" else _HELD.get(char, match.group(0))

    return _ESCAPED.sub(replace, line)


def release(text: str) -> str:
    """The text as the learner sees it: held characters back to what they stand for."""
    return text.translate(_RELEASE)


def clean(text: str) -> str:
    return release(text).strip(TRIM)


def escape(text: str) -> str:
    """Write text so that GIFT reads it back unchanged (Moodle's repchar, newlines kept as \\n)."""
    return text.translate(_EXPORT)


@dataclass(frozen=True)
class Segment:
    """A slice of a question's text that remembers where it starts, so problems can name a line."""

    text: str
    start: int

    def strip(self) -> Segment:
        head = self.text.lstrip(TRIM)
        return Segment(head.rstrip(TRIM), self.start + len(self.text) - len(head))

    def clean(self) -> str:
        return clean(self.text)

    def cut(self, index: int, width: int = 0) -> tuple[Segment, Segment]:
        after = index + width
        return Segment(self.text[:index], self.start), Segment(
            self.text[after:], self.start + after
        )

    def partition(self, separator: str) -> tuple[Segment, Segment | None]:
        index = self.text.find(separator)
        if index < 0:
            return self, None
        return self.cut(index, len(separator))

    def split(self, markers: str) -> tuple[Segment, list[tuple[str, Segment]]]:
        """Cut before every marker: the text before the first one, then (marker, text) pairs."""
        cuts = [index for index, char in enumerate(self.text) if char in markers]
        bounds = [*cuts, len(self.text)]
        lead = Segment(self.text[: bounds[0]], self.start)
        items = [
            (self.text[cut], Segment(self.text[cut + 1 : end], self.start + cut + 1))
            for cut, end in zip(cuts, bounds[1:], strict=True)
        ]
        return lead, items


def refuse_text_before(lead: Segment, noun: str, how: str) -> None:
    """Moodle would take text before the first marker as one more answer; GIFT authors mean none."""
    text = lead.strip()
    if text.clean():
        raise GiftSyntaxError(
            f"the text '{text.clean()}' comes before the first {noun}; {how}", text.start
        )


def take_weight(segment: Segment, default: float) -> tuple[float, Segment]:
    """Read a leading ``%weight%`` (percent of the mark) and return the fraction and the rest."""
    stripped = segment.strip()
    text = stripped.text
    if not text.startswith("%") or "%" not in text[1:]:
        return default, segment
    end = text.index("%", 1)
    raw = text[1:end]
    if not _WEIGHT.fullmatch(raw):
        raise GiftSyntaxError(
            f"the weight %{release(raw)}% is not a number; "
            "write a percentage such as %50% or %-33.33333%",
            stripped.start,
        )
    if abs(Decimal(raw)) > 100:
        raise GiftSyntaxError(
            f"the weight %{raw}% is outside -100..100; use a percentage between -100 and 100",
            stripped.start,
        )
    # Moving the decimal point in the string, not multiplying, keeps %33.33333% exactly 0.3333333.
    return float(raw + "e-2"), stripped.cut(end + 1)[1]


def format_weight(fraction: float) -> str:
    """The ``%weight%`` that reads back as exactly ``fraction`` (its shortest repr, times 100)."""
    text = format(Decimal(repr(fraction)).scaleb(2), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"%{text}%"


def percent(fraction: float) -> str:
    """A fraction as people read it in an English message: 0.75 -> "75%"."""
    return f"{fraction * 100:.5f}".rstrip("0").rstrip(".") + "%"


def parse_number(text: str) -> float | None:
    """A decimal number as Moodle's is_numeric reads it (no eval, no inf or nan), or None."""
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def format_number(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"GIFT cannot write the number {value}")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
