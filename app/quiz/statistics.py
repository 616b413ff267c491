"""Item analysis, as Moodle's quiz statistics report has it: how easy each question is
(facility), whether those who do well on the rest of the quiz do well on it (discrimination),
which options were chosen, and the flags that tell an author which items to reread.

Pure: the database adds up the sums (``app.quiz.item_analysis``); this module turns them into
figures. No Flask, no database.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from app.quiz.types import Labels, Tallied, question_type
from app.quiz.types.base import DECIMALS

# Below this many graded attempts an item's figures swing too much to judge it by them.
MIN_ATTEMPTS_FOR_FLAGS = 30
FACILITY_CEILING = 0.9  # above: nearly everyone gets it right
DISCRIMINATION_FLOOR = 0.2  # below: the item barely tells who knows the course from who does not
# A variance this small, next to the sum of squares it comes from, is rounding, not spread.
RELATIVE_TOLERANCE = 1e-9
MOST_FREQUENT = 5  # typed answers: how many of the most frequent responses to show


class Flag(enum.StrEnum):
    EASY = "easy"
    NOT_DISCRIMINATING = "not_discriminating"


@dataclass(frozen=True)
class ItemSums:
    """What one question's graded attempts add up to. Per attempt that drew it: ``fraction`` its
    score on the item as a share of the item's marks, ``x`` its score on the item, ``y`` its score
    on the rest of the attempt (the attempt's score minus ``x``)."""

    attempts: int
    fraction: float  # Σ fraction
    x: float  # Σx
    y: float  # Σy
    xx: float  # Σx²
    yy: float  # Σy²
    xy: float  # Σxy

    @classmethod
    def of(cls, rows: Iterable[tuple[float, float, float]]) -> ItemSums:
        """The sums of ``(fraction, x, y)`` rows, as the database's query makes them."""
        rows = list(rows)
        return cls(
            attempts=len(rows),
            fraction=math.fsum(f for f, _, _ in rows),
            x=math.fsum(x for _, x, _ in rows),
            y=math.fsum(y for _, _, y in rows),
            xx=math.fsum(x * x for _, x, _ in rows),
            yy=math.fsum(y * y for _, _, y in rows),
            xy=math.fsum(x * y for _, x, y in rows),
        )


@dataclass(frozen=True)
class ItemStatistics:
    attempts: int
    facility: float | None  # the average fraction, within [0, 1]; None: no attempt
    discrimination: float | None  # Pearson's r, within [-1, 1]; None: undefined
    flags: tuple[Flag, ...]


def item_statistics(sums: ItemSums) -> ItemStatistics:
    facility = round(sums.fraction / sums.attempts, DECIMALS) if sums.attempts else None
    correlation = discrimination(sums)
    return ItemStatistics(
        attempts=sums.attempts,
        facility=facility,
        discrimination=correlation,
        flags=flags(sums.attempts, facility, correlation, item_varies(sums)),
    )


def spread(squares: float, total: float, count: int) -> float:
    """n times the variance, Σ(v − mean)², from Σv² and Σv; 0 when it is only rounding."""
    value = squares - total * total / count
    return 0.0 if value <= RELATIVE_TOLERANCE * max(1.0, abs(squares)) else value


def item_varies(sums: ItemSums) -> bool:
    return sums.attempts >= 2 and spread(sums.xx, sums.x, sums.attempts) > 0


def discrimination(sums: ItemSums) -> float | None:
    """Pearson's correlation of the item's score with the rest of the attempt; None with fewer
    than two attempts, or when either never varies (nothing to correlate)."""
    n = sums.attempts
    if n < 2:
        return None
    sxx, syy = spread(sums.xx, sums.x, n), spread(sums.yy, sums.y, n)
    if sxx == 0 or syy == 0:
        return None
    r = (sums.xy - sums.x * sums.y / n) / math.sqrt(sxx * syy)
    return round(min(1.0, max(-1.0, r)), DECIMALS)


def flags(
    attempts: int, facility: float | None, discrimination: float | None, varies: bool
) -> tuple[Flag, ...]:
    """The flags an item earns once it has enough attempts to be judged. An item whose score
    never varies (everyone right, or everyone wrong) discriminates nothing, though its
    correlation is undefined."""
    if attempts < MIN_ATTEMPTS_FOR_FLAGS:
        return ()
    found = []
    if facility is not None and facility > FACILITY_CEILING:
        found.append(Flag.EASY)
    if not varies or (discrimination is not None and discrimination < DISCRIMINATION_FLOOR):
        found.append(Flag.NOT_DISCRIMINATING)
    return tuple(found)


# --- which options were chosen ---------------------------------------------------------------


@dataclass(frozen=True)
class ResponseGroup:
    """So many graded attempts drew ``question`` (per language, as they drew it) and stored
    ``stored`` (None: no answer)."""

    question: dict
    stored: object
    count: int


@dataclass
class OptionShare:
    part: str
    text: str
    right: bool
    chosen: int = 0  # attempts that chose it
    offered: int = 0  # attempts whose question offered it (or in which it was typed)

    @property
    def share(self) -> float | None:
        return self.chosen / self.offered if self.offered else None


@dataclass(frozen=True)
class PartShares:
    part: str  # "" for a question of one part; a matching premise
    options: tuple[OptionShare, ...]


@dataclass(frozen=True)
class ResponseShares:
    attempts: int
    unanswered: int
    parts: tuple[PartShares, ...] = field(default=())


def response_shares(
    groups: Iterable[ResponseGroup],
    language: str,
    labels: Labels,
    most_frequent: int = MOST_FREQUENT,
) -> ResponseShares:
    """How often each option was chosen, by its text in ``language``, across the versions of
    the question the attempts drew. Options a learner picks from come in their order; typed
    answers (and a matching item's wrong answers) by how often they were given."""
    shares: dict[tuple[str, str], OptionShare] = {}
    listed: set[tuple[str, str]] = set()
    attempts = unanswered = 0
    for version in by_version(groups):
        total = sum(group.count for group in version)
        attempts += total
        question = version[0].question
        kind = question_type(in_language(question, language)["type"])
        seen = []
        for option in kind.offered(in_language(question, language), labels):
            seen.append(share_of(shares, option))
            listed.add((option.part, option.text))
        for group in version:
            chosen = tallied(question, group.stored, language, labels)
            unanswered += 0 if chosen else group.count
            for option in chosen:
                found = share_of(shares, option)
                found.chosen += group.count
                seen.append(found)
        for found in {id(share): share for share in seen}.values():
            found.offered += total
    return ResponseShares(attempts, unanswered, arranged_parts(shares, listed, most_frequent))


def by_version(groups: Iterable[ResponseGroup]) -> list[list[ResponseGroup]]:
    """The groups of each version of the question, the most attempted version first."""
    versions: dict[str, list[ResponseGroup]] = {}
    for group in groups:
        versions.setdefault(json.dumps(group.question, sort_keys=True), []).append(group)
    return sorted(versions.values(), key=lambda version: -sum(g.count for g in version))


def in_language(question: dict, language: str) -> dict:
    return question.get(language) or next(iter(question.values()))


def tallied(question: dict, stored: object, language: str, labels: Labels) -> list[Tallied]:
    """What ``stored`` chose, worded in ``language``; right if it earns credit in any language
    (a learner may type a short answer in either)."""
    kind = question_type(in_language(question, language)["type"])
    shown = kind.tallied(in_language(question, language), stored, labels)
    others = [kind.tallied(texts, stored, labels) for texts in question.values()]
    return [
        replace(option, right=any(other[i].right for other in others if i < len(other)))
        for i, option in enumerate(shown)
    ]


def share_of(shares: dict[tuple[str, str], OptionShare], option: Tallied) -> OptionShare:
    found = shares.setdefault(
        (option.part, option.text), OptionShare(option.part, option.text, option.right)
    )
    found.right = found.right or option.right
    return found


def arranged_parts(
    shares: dict[tuple[str, str], OptionShare], listed: set[tuple[str, str]], most_frequent: int
) -> tuple[PartShares, ...]:
    """Parts in the order first met; in each, the listed options in order, then the others by
    how often they were chosen (only the most frequent, in a part with no listed option)."""
    parts: dict[str, list[OptionShare]] = {}
    for share in shares.values():
        parts.setdefault(share.part, []).append(share)
    arranged = []
    for part, options in parts.items():
        first = [o for o in options if (o.part, o.text) in listed]
        rest = sorted(
            (o for o in options if (o.part, o.text) not in listed),
            key=lambda o: (-o.chosen, o.text),
        )
        arranged.append(PartShares(part, tuple(first + (rest if first else rest[:most_frequent]))))
    return tuple(arranged)
