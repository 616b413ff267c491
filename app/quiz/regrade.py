"""Regrading, only when an admin asks: attempts keep the questions they drew, so editing a
bank never changes a grade by itself. A regrade takes the bank's current wording and keys for
the questions still in it, grades every finished attempt again, and records each change."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.content.models import Course, Question
from app.database import utcnow
from app.extensions import db
from app.learning.completion import update_completion
from app.people.models import Person
from app.quiz.attempts import attempt_totals, grade_slots
from app.quiz.models import GRADED, QuizAttempt


@dataclass(frozen=True)
class RegradeReport:
    attempts: int
    changed: int


def regrade_course(course: Course, admin: Person, origin: RequestOrigin) -> RegradeReport:
    """Grade every finished attempt of ``course`` again against its current bank. Flush only;
    a completion earned by the new grade is recorded, one already earned is never taken back."""
    current = {
        question.id: question.data
        for question in db.session.scalars(
            select(Question).where(Question.course_id == course.id, Question.retired_at.is_(None))
        )
    }
    graded = db.session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.course_id == course.id, QuizAttempt.state == GRADED)
        .order_by(QuizAttempt.id)
    )
    changed = total = 0
    for attempt in list(graded):
        total += 1
        before = attempt.fraction
        person = db.session.get(Person, attempt.person_id)
        for slot in attempt.slots:
            slot.question = current.get(slot.question_id, slot.question)
        grade_slots(attempt, person.language)
        attempt_totals(attempt)
        attempt.regraded_at = utcnow()
        if attempt.fraction != before:
            changed += 1
            record_event(
                "quiz.regrade",
                origin=origin,
                actor=admin,
                subject=person,
                details={
                    "course": course.slug,
                    "attempt": attempt.number,
                    "before": before,
                    "after": attempt.fraction,
                },
            )
        db.session.flush()
        update_completion(person, course, attempt, origin=origin)
    record_event(
        "quiz.regrade_course",
        origin=origin,
        actor=admin,
        details={"course": course.slug, "attempts": total, "changed": changed},
    )
    return RegradeReport(total, changed)
