"""Levels from credits: pure functions over the programme's levels (``LevelSpec``, lowest
first), so that the champion page, the directory and the roster agree on what a number means."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.content.specs import LevelSpec


def level_for(credits: int, levels: Sequence[LevelSpec]) -> LevelSpec | None:
    """The highest level ``credits`` reach; None below the first."""
    reached = None
    for level in levels:
        if credits >= level.credits:
            reached = level
    return reached


def next_level(credits: int, levels: Sequence[LevelSpec]) -> LevelSpec | None:
    """The first level ``credits`` do not reach yet; None at the top."""
    return next((level for level in levels if credits < level.credits), None)


def level_range(level: LevelSpec, levels: Sequence[LevelSpec]) -> tuple[int, int | None]:
    """The credits of people at exactly ``level``: from its threshold to below the next one's
    (None: no upper bound, the top level)."""
    above = next((other.credits for other in levels if other.credits > level.credits), None)
    return level.credits, None if above is None else above - 1


@dataclass(frozen=True)
class TrackOffer:
    """A track that would add credits: its slug, its title and the credits it gives."""

    slug: str
    title: dict[str, str]
    credits: int


@dataclass(frozen=True)
class Standing:
    """Where someone stands: their credits, their level, the next one and how to reach it."""

    credits: int
    level: LevelSpec | None
    next: LevelSpec | None
    missing: int  # credits still needed for the next level (0 at the top)
    offers: tuple[TrackOffer, ...]  # the tracks that count toward it, the best first


def standing_of(
    credits: int, levels: Sequence[LevelSpec], unheld: Sequence[TrackOffer] = ()
) -> Standing:
    """``credits`` read against ``levels``; ``unheld`` are the tracks whose credits the person
    does not hold now, of which those that alone close the gap come first, then the larger."""
    upcoming = next_level(credits, levels)
    missing = upcoming.credits - credits if upcoming is not None else 0
    useful = [offer for offer in unheld if offer.credits > 0] if upcoming else []
    offers = sorted(useful, key=lambda offer: (offer.credits < missing, -offer.credits, offer.slug))
    return Standing(credits, level_for(credits, levels), upcoming, missing, tuple(offers))
