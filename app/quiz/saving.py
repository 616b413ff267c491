"""Saving an attempt's answers question by question, with Moodle's sequence check per question.

A page sends, for each question it changed, the sequence it holds. A question whose answer did
not change is left alone; a changed one is written if its sequence is the current one (or if
the newer write came from the same page: a save whose response was lost, a beacon sent on the
way out), and refused otherwise, keeping the other tab's answer. The other questions of the
same post are saved all the same. Every write first takes the attempt's row (a conditional
update of its revision), so a save and the submit of one attempt never interleave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update

from app.extensions import db
from app.quiz.answers import PostedAnswer
from app.quiz.models import OPEN, AttemptSlot, QuizAttempt


@dataclass(frozen=True)
class SaveResult:
    """What a save did: each sent question's sequence now, and where another answer was kept."""

    sequences: dict[int, int] = field(default_factory=dict)  # position → sequence now
    saved: tuple[int, ...] = ()  # the positions written by this save
    kept: tuple[int, ...] = ()  # positions whose newer answer, from another page, was kept


def split_key(key: str | None) -> tuple[str | None, int]:
    """The page and the count of a save key ("<page>-<count>")."""
    if not key:
        return None, 0
    page, count = key.rsplit("-", 1)
    return page, int(count)


def take_attempt(attempt: QuizAttempt, now: datetime, saving: bool = True) -> bool:
    """Take the attempt's row for this request if it is still open; False if it is closed.
    ``saving``: the request writes answers, so the time of the last save moves."""
    saved = {"saved_at": now} if saving else {}
    result = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.state == OPEN)
        .values(revision=QuizAttempt.revision + 1, **saved)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(attempt)
    return result.rowcount == 1


def current_slots(attempt: QuizAttempt) -> dict[int, AttemptSlot]:
    """The slots as the database holds them now (after the attempt's row was taken)."""
    slots = db.session.scalars(
        select(AttemptSlot)
        .where(AttemptSlot.attempt_id == attempt.id)
        .execution_options(populate_existing=True)
    )
    return {slot.position: slot for slot in slots}


def stored_value(slot: AttemptSlot, answer: PostedAnswer) -> object:
    return slot.response["value"] if slot.response else answer.blank


def same_page(slot: AttemptSlot, key: str | None) -> int:
    """Whether the slot's last write came from the page of ``key``: 1 if that write was an
    earlier save of the page, -1 if it was this save or a later one, 0 if another page's."""
    page, count = split_key(key)
    written_by, written_count = split_key(slot.save_key)
    if page is None or page != written_by:
        return 0
    return 1 if written_count < count else -1


def write_slot(slot: AttemptSlot, value: object, key: str | None) -> bool:
    result = db.session.execute(
        update(AttemptSlot)
        .where(AttemptSlot.id == slot.id, AttemptSlot.sequence == slot.sequence)
        .values(response={"value": value}, sequence=AttemptSlot.sequence + 1, save_key=key)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(slot)
    return result.rowcount == 1


def write_answers(
    attempt: QuizAttempt, posted: dict[int, PostedAnswer], key: str | None
) -> SaveResult:
    """Write the changed answers of a taken attempt (see ``take_attempt``)."""
    slots = current_slots(attempt)
    saved, kept = [], []
    for position, answer in sorted(posted.items()):
        slot = slots[position]
        if answer.value == stored_value(slot, answer):
            continue  # unchanged, a retry of a save that was done, or the same answer elsewhere
        page = same_page(slot, key)
        if page < 0:
            continue  # a late copy of this page's save, which a later one has overtaken
        if (answer.sequence == slot.sequence or page > 0) and write_slot(slot, answer.value, key):
            saved.append(position)
        else:
            kept.append(position)
    sequences = {position: slots[position].sequence for position in posted}
    return SaveResult(sequences, tuple(saved), tuple(kept))
