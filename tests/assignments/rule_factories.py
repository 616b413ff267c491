"""Small factories for the rule and reconcile tests: a track with one course of two lessons,
rules, and what a learner did (a lesson read, a completion)."""

from __future__ import annotations

import itertools

from sqlalchemy import func, select

from app.assignments.models import AFTER_MATCHING, AssignmentRule
from app.content.models import Course, Lesson, Track, TrackCourse
from app.extensions import db
from app.learning.models import Assignment, LessonRead, TrackCompletion

_sequence = itertools.count(1)


def make_rule_track(slug: str | None = None, **overrides) -> Track:
    n = next(_sequence)
    slug = slug or f"track-{n}"
    values = {
        "slug": slug,
        "audience": "employees",
        "title": {"fr": f"Parcours {slug}", "en": f"Track {slug}"},
        "summary": {"fr": "", "en": ""},
        "validity_months": 12,
        "champion_credits": 0,
        "position": n,
    }
    values.update(overrides)
    track = Track(**values)
    course = Course(
        slug=f"{slug}-course", title={"fr": "C", "en": "C"}, summary={}, quiz={}, fingerprint="x"
    )
    db.session.add_all([track, course])
    db.session.flush()
    db.session.add(TrackCourse(track_id=track.id, course_id=course.id, position=1))
    for position in (1, 2):
        db.session.add(
            Lesson(
                course_id=course.id,
                slug=f"l{position}",
                position=position,
                title={"fr": "L", "en": "L"},
                minutes=5,
                body={},
                html={},
            )
        )
    db.session.flush()
    return track


def make_rule(track: Track, **overrides) -> AssignmentRule:
    values = {"name": f"Rule {next(_sequence)}", "due_kind": AFTER_MATCHING, "due_days": 30}
    values.update(overrides)
    rule = AssignmentRule(track_id=track.id, **values)
    db.session.add(rule)
    db.session.flush()
    return rule


def read_first_lesson(person, track: Track) -> None:
    lesson = db.session.scalar(
        select(Lesson)
        .join(TrackCourse, TrackCourse.course_id == Lesson.course_id)
        .where(TrackCourse.track_id == track.id)
        .order_by(Lesson.position)
    )
    db.session.add(LessonRead(person_id=person.id, lesson_id=lesson.id, course_version=1))
    db.session.flush()


def complete_track(person, track: Track) -> None:
    db.session.add(TrackCompletion(person_id=person.id, track_id=track.id, cycle=1))
    db.session.flush()


def assignments_of(person, track: Track | None = None) -> list[Assignment]:
    query = select(Assignment).where(Assignment.person_id == person.id).order_by(Assignment.id)
    if track is not None:
        query = query.where(Assignment.track_id == track.id)
    return list(db.session.scalars(query))


def open_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Assignment).where(Assignment.state == "open")
    )
