"""An attempt's life on the server: start (draw and freeze), save, submit, close at the
deadline, grade. Exactly once rests on the database: a partial unique index allows one open
attempt, and each change of state is a conditional UPDATE whose row count says who won.

Services flush; the view or command that calls them commits once.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.audit.origin import RequestOrigin
from app.content.models import Course, Question
from app.database import utcnow
from app.extensions import db
from app.learning.completion import update_completion
from app.learning.cycles import course_cycle
from app.people.models import Person
from app.quiz.answers import PostedAnswer, SlotForm, best_grade, posted_save_key, read_posted
from app.quiz.draw import choice_order, draw_questions
from app.quiz.grading import Grade, attempt_fraction, score
from app.quiz.models import GRADED, OPEN, SUBMITTED, AttemptSlot, QuizAttempt
from app.quiz.results import reaches, standing_of
from app.quiz.saving import SaveResult, take_attempt, write_answers
from app.quiz.types.responses import N_

# The operating system's randomness: nobody can replay a draw to learn which questions come.
SYSTEM_RANDOM = random.SystemRandom()


class QuizRefused(Exception):
    """A request the quiz cannot honour now; ``template`` and ``params`` are for gettext."""

    def __init__(self, template: str, **params: object):
        self.template, self.params = template, params
        super().__init__(template % params)


class AttemptClosed(QuizRefused):
    def __init__(self):
        super().__init__(N_("This attempt is already finished: its answers can no longer change."))


def grace_period() -> timedelta:
    return timedelta(seconds=current_app.config["QUIZ_GRACE_SECONDS"])


def is_overdue(attempt: QuizAttempt, now: datetime) -> bool:
    return (
        attempt.state == OPEN
        and attempt.deadline_at is not None
        and now > attempt.deadline_at + grace_period()
    )


def open_attempt(person: Person, course: Course) -> QuizAttempt | None:
    return db.session.scalar(
        select(QuizAttempt)
        .where(
            QuizAttempt.person_id == person.id,
            QuizAttempt.course_id == course.id,
            QuizAttempt.state == OPEN,
        )
        .execution_options(populate_existing=True)
    )


# --- start ------------------------------------------------------------------------------------


def start_attempt(
    person: Person, course: Course, now: datetime | None = None, *, origin: RequestOrigin
) -> QuizAttempt:
    """The person's open attempt on this quiz, or a new one with its questions drawn."""
    now = now or utcnow()
    for _ in range(3):  # a lost race is retried: by then the winner's attempt is visible
        existing = open_attempt(person, course)
        if existing is not None and is_overdue(existing, now):
            close_attempt(existing, now, closed_by="deadline", origin=origin)
            existing = None
        if existing is not None:
            return existing
        cycle = course_cycle(person.id, course.id)
        refuse_new_attempt(person, course, now, cycle)
        attempt = new_attempt(person, course, now, cycle)
        try:
            with db.session.begin_nested():
                db.session.add(attempt)
        except IntegrityError:
            continue
        return attempt
    raise QuizRefused(N_("The quiz is busy; try again in a moment."))


def refuse_new_attempt(person: Person, course: Course, now: datetime, cycle: int) -> None:
    """The attempt limit counts the attempts of the cycle (a renewal gets the quiz's attempts
    afresh); the delay between attempts counts from the last one, whatever its cycle."""
    settings = course.quiz
    standing = standing_of(person.id, course, cycle)
    allowed = settings.get("attempts_allowed") or 0
    if allowed and standing.attempts >= allowed:
        raise QuizRefused(N_("You have used all %(count)d attempts of this quiz."), count=allowed)
    delay = settings.get("delay_minutes") or 0
    last = db.session.scalar(
        select(func.max(QuizAttempt.submitted_at)).where(
            QuizAttempt.person_id == person.id, QuizAttempt.course_id == course.id
        )
    )
    if delay and last is not None and now < last + timedelta(minutes=delay):
        wait = last + timedelta(minutes=delay) - now
        raise QuizRefused(
            N_("You can start another attempt in %(minutes)d minutes."),
            minutes=max(1, round(wait.total_seconds() / 60)),
        )


def new_attempt(person: Person, course: Course, now: datetime, cycle: int) -> QuizAttempt:
    """A new attempt in ``cycle``, numbered after every earlier attempt (of any cycle)."""
    settings = course.quiz
    bank = list(
        db.session.scalars(
            select(Question)
            .where(Question.course_id == course.id, Question.retired_at.is_(None))
            .order_by(Question.position)
        )
    )
    drawn = draw_questions(bank, settings, SYSTEM_RANDOM)
    if not drawn:
        raise QuizRefused(N_("This quiz has no questions yet."))
    number = 1 + (
        db.session.scalar(
            select(func.max(QuizAttempt.number)).where(
                QuizAttempt.person_id == person.id, QuizAttempt.course_id == course.id
            )
        )
        or 0
    )
    limit = settings.get("time_limit_minutes") or 0
    attempt = QuizAttempt(
        person_id=person.id,
        course_id=course.id,
        number=number,
        cycle=cycle,
        course_version=course.version,
        settings=settings,
        state=OPEN,
        revision=0,
        started_at=now,
        deadline_at=now + timedelta(minutes=limit) if limit else None,
    )
    shuffle = bool(settings.get("shuffle_choices", True))
    for position, question in enumerate(drawn, start=1):
        first_language = next(iter(question.data.values()))
        attempt.slots.append(
            AttemptSlot(
                position=position,
                question_id=question.id,
                question=question.data,
                order=choice_order(first_language, shuffle, SYSTEM_RANDOM),
            )
        )
    return attempt


# --- save and submit --------------------------------------------------------------------------


def slot_forms(attempt: QuizAttempt) -> list[SlotForm]:
    return [
        SlotForm(slot.position, next(iter(slot.question.values())), slot.order)
        for slot in attempt.slots
    ]


def posted_answers(attempt: QuizAttempt, form) -> tuple[dict[int, PostedAnswer], str | None]:
    """What the form sends per question, and its save key. ResponseError: nothing is saved."""
    return read_posted(slot_forms(attempt), form), posted_save_key(form)


def refuse_if_overdue(attempt: QuizAttempt, now: datetime, origin: RequestOrigin) -> None:
    if attempt.state != OPEN:
        raise AttemptClosed
    if is_overdue(attempt, now):
        close_attempt(attempt, now, closed_by="deadline", origin=origin)
        raise QuizRefused(
            N_("Time is up: answers sent after the deadline do not count. The attempt is closed.")
        )


def save_answers(
    attempt: QuizAttempt, form, now: datetime | None = None, *, origin: RequestOrigin
) -> SaveResult:
    """Save the answers the form changed, question by question (see ``app.quiz.saving``)."""
    now = now or utcnow()
    refuse_if_overdue(attempt, now, origin)
    posted, key = posted_answers(attempt, form)
    if not take_attempt(attempt, now):
        raise AttemptClosed
    result = write_answers(attempt, posted, key)
    db.session.flush()
    return result


def submit_attempt(
    attempt: QuizAttempt, form, now: datetime | None = None, *, origin: RequestOrigin
) -> SaveResult | None:
    """Save the last answers and grade, once. A second submission finds the attempt graded and
    changes nothing; past the deadline (and its grace), the saved answers are graded instead.

    If another page's newer answer to a question was kept, the attempt stays open (the other
    answers are saved) and the result says which: the learner sees them before finishing.
    """
    now = now or utcnow()
    if attempt.state != OPEN:
        return None
    if is_overdue(attempt, now):
        close_attempt(attempt, now, closed_by="deadline", origin=origin)
        return None
    posted, key = posted_answers(attempt, form)
    if not take_attempt(attempt, now):
        return None  # another request submitted it: that one grades
    result = write_answers(attempt, posted, key)
    if result.kept:
        db.session.flush()
        return result
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.state == OPEN)
        .values(state=SUBMITTED, submitted_at=now, closed_by="learner")
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(attempt)
    grade_attempt(attempt, now, origin)
    return result


def close_attempt(
    attempt: QuizAttempt, now: datetime, closed_by: str, *, origin: RequestOrigin
) -> bool:
    """Close an open attempt with the answers saved so far and grade it; False if it was not
    open any more (someone else closed it)."""
    result = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.state == OPEN)
        .values(
            state=SUBMITTED,
            revision=QuizAttempt.revision + 1,
            submitted_at=min(now, attempt.deadline_at or now),
            closed_by=closed_by,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(attempt)
    if result.rowcount != 1:
        return False
    grade_attempt(attempt, now, origin)
    return True


def close_overdue(now: datetime | None = None, *, origin: RequestOrigin) -> int:
    """Grade every attempt left open past its deadline (for cron: running it twice is safe)."""
    now = now or utcnow()
    overdue = db.session.scalars(
        select(QuizAttempt).where(
            QuizAttempt.state == OPEN,
            QuizAttempt.deadline_at.is_not(None),
            QuizAttempt.deadline_at < now - grace_period(),
        )
    )
    return sum(
        close_attempt(attempt, now, closed_by="deadline", origin=origin)
        for attempt in list(overdue)
    )


# --- grading ----------------------------------------------------------------------------------


def grade_slots(attempt: QuizAttempt, language: str) -> None:
    for slot in attempt.slots:
        stored = slot.response["value"] if slot.response else None
        found, _ = best_grade(slot.question, stored, prefer=language)
        slot.fraction = found.fraction
        slot.score = score(found.fraction, slot.mark)


def attempt_totals(attempt: QuizAttempt) -> None:
    marks = [slot.mark for slot in attempt.slots]
    attempt.score = round(sum(slot.score for slot in attempt.slots), 7)
    attempt.max_score = sum(marks)
    grades = [Grade(slot.fraction) for slot in attempt.slots]
    attempt.fraction = attempt_fraction(grades, marks)
    attempt.passed = reaches(attempt.fraction, attempt.settings["pass_mark"])


def grade_attempt(attempt: QuizAttempt, now: datetime, origin: RequestOrigin) -> None:
    """Grade a submitted attempt and record what it completes, in the caller's transaction."""
    person = db.session.get(Person, attempt.person_id)
    grade_slots(attempt, person.language)
    attempt_totals(attempt)
    attempt.state = GRADED
    attempt.graded_at = now
    db.session.flush()
    update_completion(person, db.session.get(Course, attempt.course_id), attempt, origin=origin)
