"""Drawing an attempt's questions from a bank and the order its choices are shown in.

Pure functions over plain values; the caller passes the random generator, so tests can fix it
and the server can use the operating system's (nobody can predict a draw).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Protocol, TypeVar

from app.quiz.types import question_type


class BankEntry(Protocol):
    category: str | None
    position: int


Entry = TypeVar("Entry", bound=BankEntry)


def draw_questions(bank: Sequence[Entry], settings: dict, rng: random.Random) -> list[Entry]:
    """The questions of one attempt, in bank order: all of them, so many at random, or so many
    per ``$CATEGORY`` when ``draw`` says so."""
    if settings.get("draw"):
        chosen = []
        for category, count in settings["draw"].items():
            pool = [entry for entry in bank if entry.category == category]
            chosen.extend(rng.sample(pool, min(count, len(pool))))
    elif settings.get("questions_per_attempt"):
        chosen = rng.sample(list(bank), min(settings["questions_per_attempt"], len(bank)))
    else:
        chosen = list(bank)
    return sorted(chosen, key=lambda entry: entry.position)


def choice_order(question: dict, shuffle: bool, rng: random.Random) -> dict:
    """Shown position → original index, for the parts of a question that have an order.

    Form values carry shown positions, never original indices: the order of a bank file
    (where the right answer often comes first) must not show through the page.
    """
    return question_type(question["type"]).choice_order(question, shuffle, rng)
