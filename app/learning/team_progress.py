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
from dataclasses import dataclass, field

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
# A pair, or (person id, track id, cycle): then only the quiz attempts of that cycle count, as
# on the person's own pages during a renewal.
Key = Pair | tuple[int, int, int]


@dataclass(frozen=True)
class TrackSteps:
    steps: Progress  # lessons read, quizzes passed and the charter accepted, of all the track asks
    started: bool


def current_catalog() -> Catalog:
    """The catalog snapshot of the content version in the database (one query once built)."""
    return catalog_at(db.session.scalar(current_version()) or 0)


def team_progress(pairs: Collection[Key], catalog: Catalog, people=None) -> dict[Key, TrackSteps]:
    """Each pair's (or, with a cycle, each triple's) progress, in three queries at most.
    ``people`` may be a select of the people's ids (a reporting line) when there are too many
    to list; by default the pairs'. A pair whose track is no longer in the catalog is left
    out."""
    tracks = {track.id: track for track in catalog.tracks}
    pairs = {key for key in pairs if key[1] in tracks}
    if not pairs:
        return {}
    if people is None:
        people = sorted({key[0] for key in pairs})
    rows = TeamRows.read(catalog, [tracks[t] for t in {key[1] for key in pairs}], people)
    # Most people of a team are in one of few states on a track (nothing done, the first
    # lessons read): each distinct state is computed once, by progress_in, and shared.
    computed: dict[tuple, TrackSteps] = {}
    found = {}
    for pair in pairs:
        person, track, cycle = pair[0], pair[1], pair[2] if len(pair) > 2 else None
        state = rows.state_on(person, tracks[track], cycle)
        key = (track, state.lessons_read, attempts_key(state), tuple(state.charters_accepted))
        if key not in computed:
            [progress] = progress_in(state, [tracks[track]])
            computed[key] = TrackSteps(progress.steps, progress.started)
        found[pair] = computed[key]
    return found


@dataclass(frozen=True)
class TeamRows:
    """What the people did on the tracks' content, read in three queries at most."""

    catalog: Catalog
    reads: dict[int, list]  # person id → rows of (person_id, lesson_id)
    attempts: dict[int, list]  # person id → rows of (person_id, course_id, number, state, fraction)
    accepted: dict[int, dict]  # person id → {current charter id: accepted at}
    content: dict[int, tuple] = field(default_factory=dict)  # track id → its content_of

    @classmethod
    def read(cls, catalog: Catalog, tracks: list[TrackEntry], people) -> TeamRows:
        courses = {link.course.id: link.course for t in tracks for link in t.courses}.values()
        lessons = [lesson.id for course in courses for lesson in course.lessons]
        reads = select(LessonRead.person_id, LessonRead.lesson_id).where(
            LessonRead.person_id.in_(people), LessonRead.lesson_id.in_(lessons)
        )
        attempts = quiz_results().people_attempts_select(people, [c.id for c in courses])
        return cls(
            catalog,
            rows_by_person(reads),
            rows_by_person(attempts),
            charter_acceptances(catalog, people, tracks),
        )

    def state_on(self, person: int, track: TrackEntry, cycle: int | None = None) -> LearnerState:
        """The person's state as their own pages read it, limited to what ``track`` counts
        (and, with a ``cycle``, to the quiz attempts of that cycle)."""
        if track.id not in self.content:
            self.content[track.id] = content_of(track)
        courses, lessons = self.content[track.id]
        tried = (
            row
            for row in self.attempts.get(person, ())
            if row.course_id in courses and (cycle is None or row.cycle == cycle)
        )
        return LearnerState(
            catalog=self.catalog,
            lessons_read=frozenset(
                row.lesson_id for row in self.reads.get(person, ()) if row.lesson_id in lessons
            ),
            courses_completed=frozenset(),  # completion is the assignment's state, not a step
            charters_accepted=self.accepted.get(person, {}) if track.requires_charter else {},
            attempts=attempts_by_course(tried),
        )


def content_of(track: TrackEntry) -> tuple[frozenset[int], frozenset[int]]:
    """The ids of the track's courses and of their lessons."""
    courses = frozenset(link.course.id for link in track.courses)
    lessons = frozenset(lesson.id for link in track.courses for lesson in link.course.lessons)
    return courses, lessons


def attempts_key(state: LearnerState) -> tuple:
    return tuple(
        (course, tuple((row.state, row.fraction) for row in rows))
        for course, rows in sorted(state.attempts.items())
    )


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
