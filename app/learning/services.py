"""What the learner pages call: finding what a URL names, each page's data, and the two things
a learner does (reading a lesson, accepting the charter), each with the completion it earns.

The page data is built in ``catalog``, ``lessons`` and ``charter``; this module is the one
views import. Services flush; the view commits once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.audit.origin import RequestOrigin
from app.content.models import Course, Lesson, Track
from app.extensions import db
from app.learning.catalog import TrackCard, catalog_for, course_page_for, track_page_for
from app.learning.charter import CharterChanged, CharterStatus, accept_charter, charter_status
from app.learning.completion import update_completion
from app.learning.lessons import find_asset, find_course, find_lesson, lesson_page_for
from app.learning.lessons import mark_lesson_read as record_lesson_read
from app.people.models import Person
from app.people.services import direct_reports

__all__ = [
    "CharterChanged",
    "CharterStatus",
    "HomePage",
    "accept_current_charter",
    "catalog_for",
    "charter_status",
    "course_page_for",
    "find_asset",
    "find_course",
    "find_lesson",
    "find_track",
    "home_page_for",
    "lesson_page_for",
    "read_lesson",
    "track_page_for",
]


@dataclass(frozen=True)
class HomePage:
    person: Person
    reports: list[Person]
    tracks: list[TrackCard]  # the person's own tracks, to resume where they left off


def home_page_for(person: Person) -> HomePage:
    """The home page: the person's tracks, who they are in the organisation, their team."""
    return HomePage(
        person=person,
        reports=[p for p in direct_reports(person) if p.active],
        tracks=[card for card in catalog_for(person) if card.mine],
    )


def find_track(slug: str) -> Track | None:
    """The track a URL names, unless it is retired."""
    return db.session.scalar(select(Track).where(Track.slug == slug, Track.retired_at.is_(None)))


def read_lesson(person: Person, course: Course, lesson: Lesson, origin: RequestOrigin) -> None:
    """Record the lesson as read (once) and whatever that completes."""
    if record_lesson_read(person, lesson):
        update_completion(person, course, origin=origin)


def accept_current_charter(person: Person, version: int, origin: RequestOrigin) -> None:
    """Record the acceptance of ``version`` (CharterChanged if it is no longer the current one)
    and the tracks it completes."""
    if accept_charter(person, version, origin):
        update_completion(person, origin=origin)
