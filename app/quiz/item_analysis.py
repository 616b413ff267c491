"""The item analysis of a course's quiz, from its graded attempts: a few set-based queries
whatever the number of attempts (the sums per question, the responses grouped as stored), then
the figures from ``app.quiz.statistics``."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Text, and_, cast, func, or_, select

from app.content.models import Course, Question
from app.extensions import db
from app.quiz.models import GRADED, AttemptSlot, QuizAttempt
from app.quiz.statistics import (
    ItemStatistics,
    ItemSums,
    ResponseGroup,
    ResponseShares,
    in_language,
    item_statistics,
    response_shares,
)
from app.quiz.types import Labels


@dataclass(frozen=True)
class CourseAttempts:
    course: Course
    attempts: int  # graded attempts


@dataclass(frozen=True)
class ItemReport:
    question: Question
    text: str  # the question's current text in the reader's language
    kind: str  # its type; "multichoice-single" or "multichoice-multiple" for choices
    statistics: ItemStatistics
    responses: ResponseShares


@dataclass(frozen=True)
class CourseItemReport:
    course: Course
    attempts: int
    items: list[ItemReport]


def courses_with_attempts() -> list[CourseAttempts]:
    """Every course in the catalog, and any retired one that still has graded attempts."""
    attempts = func.count(QuizAttempt.id)
    rows = db.session.execute(
        select(Course, attempts)
        .outerjoin(QuizAttempt, and_(QuizAttempt.course_id == Course.id, graded()))
        .group_by(Course.id)
        .having(or_(Course.retired_at.is_(None), attempts > 0))
        .order_by(Course.slug)
    ).all()
    return [CourseAttempts(course, count) for course, count in rows]


def find_course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def course_item_report(course: Course, language: str, labels: Labels) -> CourseItemReport:
    """One row per question drawn by a graded attempt of ``course``, in bank order."""
    sums = item_sums(course)
    groups = response_groups(course)
    questions = db.session.scalars(
        select(Question).where(Question.id.in_(list(sums))).order_by(Question.position)
    )
    items = [
        ItemReport(
            question=question,
            text=in_language(question.data, language).get("text", ""),
            kind=kind_of(in_language(question.data, language)),
            statistics=item_statistics(sums[question.id]),
            responses=response_shares(groups.get(question.id, []), language, labels),
        )
        for question in questions
    ]
    attempts = db.session.scalar(
        select(func.count(QuizAttempt.id)).where(QuizAttempt.course_id == course.id, graded())
    )
    return CourseItemReport(course, attempts or 0, items)


def graded():
    return and_(QuizAttempt.state == GRADED, QuizAttempt.score.is_not(None))


def drawn_in(course: Course, *columns):
    """A query of ``columns`` over the slots of ``course``'s graded attempts."""
    return (
        select(*columns)
        .join(QuizAttempt, AttemptSlot.attempt_id == QuizAttempt.id)
        .where(QuizAttempt.course_id == course.id, graded(), AttemptSlot.score.is_not(None))
    )


def item_sums(course: Course) -> dict[int, ItemSums]:
    """Question id → the sums its attempts add up to, added up by the database."""
    x, rest = AttemptSlot.score, QuizAttempt.score - AttemptSlot.score
    sums = drawn_in(
        course,
        AttemptSlot.question_id,
        func.count(AttemptSlot.id),
        func.sum(AttemptSlot.fraction),
        func.sum(x),
        func.sum(rest),
        func.sum(x * x),
        func.sum(rest * rest),
        func.sum(x * rest),
    ).group_by(AttemptSlot.question_id)
    rows = db.session.execute(sums).all()
    return {row[0]: ItemSums(row[1], *(float(value or 0) for value in row[2:])) for row in rows}


def response_groups(course: Course) -> dict[int, list[ResponseGroup]]:
    """Question id → its responses, grouped by the question as drawn and the response as
    stored: as many rows as there are different answers, not as many as attempts."""
    drawn, stored = cast(AttemptSlot.question, Text), cast(AttemptSlot.response, Text)
    grouped = drawn_in(
        course, AttemptSlot.question_id, drawn, stored, func.count(AttemptSlot.id)
    ).group_by(AttemptSlot.question_id, drawn, stored)
    groups: dict[int, list[ResponseGroup]] = {}
    for question_id, question, response, count in db.session.execute(grouped):
        value = (json.loads(response) or {}).get("value") if response else None
        groups.setdefault(question_id, []).append(ResponseGroup(json.loads(question), value, count))
    return groups


def kind_of(question: dict) -> str:
    if question["type"] == "multichoice":
        return "multichoice-single" if question["single"] else "multichoice-multiple"
    return question["type"]
