"""Flagging a question of an open attempt, as Moodle's "Flag question": the learner's own mark
to come back to a question. A flag is not an answer: it is never graded, has no sequence of its
own, and changes only while the attempt is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.audit.origin import RequestOrigin
from app.database import utcnow
from app.extensions import db
from app.quiz.attempts import AttemptClosed, QuizRefused, posted_answers, refuse_if_overdue
from app.quiz.models import OPEN, QuizAttempt
from app.quiz.saving import SaveResult, current_slots, take_attempt, write_answers
from app.quiz.types.responses import N_, ResponseError

# What the flag button sends: the state it asks for, so a repeated post changes nothing more.
FLAG_VALUES = {"1": True, "0": False}


class NoSuchQuestion(QuizRefused):
    def __init__(self, position: int):
        super().__init__(N_("This attempt has no question %(number)d."), number=position)


class FlagsClosed(QuizRefused):
    def __init__(self):
        super().__init__(N_("This attempt is finished: its questions can no longer be flagged."))


@dataclass(frozen=True)
class FlagResult:
    position: int
    flagged: bool
    saved: SaveResult  # the answers the same post carried (a page without script sends them)


def asked_flag(form, position: int) -> bool:
    """The flag state the form asks for; ResponseError for anything a page does not send."""
    values = form.getlist("flagged")
    if len(values) != 1 or values[0] not in FLAG_VALUES:
        raise ResponseError(N_("The flag of question %(number)d is damaged."), number=position)
    return FLAG_VALUES[values[0]]


def flag_question(
    attempt: QuizAttempt, position: int, form, now: datetime | None = None, *, origin: RequestOrigin
) -> FlagResult:
    """Set or clear one question's flag, saving first the answers the form carries, as the
    attempt page's other buttons do: without script, its flag buttons send the whole form."""
    now = now or utcnow()
    if attempt.state != OPEN:
        raise FlagsClosed
    if position not in {slot.position for slot in attempt.slots}:
        raise NoSuchQuestion(position)
    flagged = asked_flag(form, position)
    refuse_if_overdue(attempt, now, origin)
    posted, key = posted_answers(attempt, form)
    # Taking the attempt's row orders the flag after any submit: a flag never lands on a
    # submitted attempt.
    if not take_attempt(attempt, now, saving=bool(posted)):
        raise AttemptClosed
    saved = write_answers(attempt, posted, key)
    current_slots(attempt)[position].flagged = flagged
    db.session.flush()
    return FlagResult(position, flagged, saved)
