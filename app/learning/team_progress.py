"""Many people's progress at once, for the pages that show a whole team: each (person, track)
pair's steps and whether it is started, by the learner pages' own measure (``progress_in``),
in a fixed number of queries whatever the number of people.

The rows the learner's one query reads (``learning.state``) are read here for all the people
together: the lessons read, the quiz attempts (through the quiz's ``people_attempts_select``)
and the current charter's acceptances; each person's rows then make a ``LearnerState`` that
``progress_in`` reads as it does on their own pages, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, exists, false, or_, select

from app.content.snapshot import Catalog, TrackEntry, catalog_at
from app.content.version import current_version
from app.extensions import db
from app.learning.catalog import Progress
from app.learning.completion import quiz_results
from app.learning.models import CharterAcceptance, LessonRead
from app.learning.progress import progress_in
from app.learning.state import LearnerState

Pair = tuple[int, int]  # (person id, track id)


@dataclass(frozen=True)
class TrackSteps:
    steps: Progress  # lessons read, quizzes passed and the charter accepted, of all the track asks
    started: bool


def current_catalog() -> Catalog:
    """The catalog snapshot of the content version in the database (one query once built)."""
    return catalog_at(db.session.scalar(current_version()) or 0)


def team_progress(pairs: Collection[Pair], catalog: Catalog, people=None) -> dict[Pair, TrackSteps]:
    """Each pair's progress, in three queries at most. ``people`` may be a select of the
    people's ids (a reporting line) when there are too many to list; by default the pairs'.
    A pair whose track is no longer in the catalog is left out."""
    tracks = {track.id: track for track in catalog.tracks}
    pairs = [(person, track) for person, track in pairs if track in tracks]
    if not pairs:
        return {}
    if people is None:
        people = sorted({person for person, _track in pairs})
    courses = {
        link.course.id: link.course for _p, t in pairs for link in tracks[t].courses
    }.values()
    lessons = [lesson.id for course in courses for lesson in course.lessons]
    reads = rows_by_person(
        select(LessonRead.person_id, LessonRead.lesson_id).where(
            LessonRead.person_id.in_(people), LessonRead.lesson_id.in_(lessons)
        )
    )
    attempts = rows_by_person(
        quiz_results().people_attempts_select(people, [course.id for course in courses])
    )
    accepted = charter_acceptances(catalog, people, [tracks[t] for _p, t in pairs])
    found = {}
    for person, person_tracks in tracks_by_person(pairs, tracks).items():
        state = LearnerState(
            catalog=catalog,
            lessons_read=frozenset(row.lesson_id for row in reads.get(person, ())),
            courses_completed=frozenset(),  # completion is the assignment's state, not a step
            charters_accepted=accepted.get(person, {}),
            attempts=attempts_by_course(attempts.get(person, ())),
        )
        for progress in progress_in(state, person_tracks):
            found[(person, progress.track.id)] = TrackSteps(progress.steps, progress.started)
    return found


def rows_by_person(query) -> dict[int, list]:
    found: dict[int, list] = {}
    for row in db.session.execute(query):
        found.setdefault(row.person_id, []).append(row)
    return found


def attempts_by_course(rows) -> dict[int, list]:
    found: dict[int, list] = {}
    for row in rows:  # in attempt order, as the select gives them
        found.setdefault(row.course_id, []).append(row)
    return found


def tracks_by_person(pairs, tracks) -> dict[int, list[TrackEntry]]:
    found: dict[int, list[TrackEntry]] = {}
    for person, track in sorted(set(pairs)):
        found.setdefault(person, []).append(tracks[track])
    return found


def charter_acceptances(catalog: Catalog, people, tracks) -> dict[int, dict]:
    """Person id → {charter id: accepted at} for the current charter, read only when one of
    the tracks asks for it (the progress counts the current version only)."""
    if catalog.charter is None or not any(track.requires_charter for track in tracks):
        return {}
    query = select(CharterAcceptance.person_id, CharterAcceptance.accepted_at).where(
        CharterAcceptance.charter_id == catalog.charter.id,
        CharterAcceptance.person_id.in_(people),
    )
    return {
        row.person_id: {catalog.charter.id: row.accepted_at} for row in db.session.execute(query)
    }


def started_clause(catalog: Catalog, person_id, track_id):
    """The SQL condition that the person (column ``person_id``) began the track (column
    ``track_id``), as ``TrackProgress.started`` reads it: a lesson of one of its courses read,
    an attempt at one of their quizzes, or the current charter accepted where the track asks
    for it. For a page that filters or sorts by status in the database."""
    clauses = []
    for track in catalog.tracks:
        courses = [link.course for link in track.courses]
        lessons = [lesson.id for course in courses for lesson in course.lessons]
        attempts = quiz_results().people_attempts_select([person_id], [c.id for c in courses])
        began = [
            exists().where(LessonRead.person_id == person_id, LessonRead.lesson_id.in_(lessons)),
            attempts.order_by(None).exists(),
        ]
        if track.requires_charter and catalog.charter is not None:
            began.append(
                exists().where(
                    CharterAcceptance.person_id == person_id,
                    CharterAcceptance.charter_id == catalog.charter.id,
                )
            )
        clauses.append(and_(track_id == track.id, or_(*began)))
    return or_(*clauses) if clauses else false()
