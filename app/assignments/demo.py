"""The demo organisation's assignments and progress: the employees track for everyone, the
community managers track for communication and marketing, the executives track for the
leadership, with due dates that give a realistic mix (a few late, several due within a week,
most later), and some people part of the way through or done.

Assignments are opened with ``open_assignments`` and lessons are read and the charter accepted
through the learning services, as a learner's clicks would; the quizzes to pass are returned
for the quiz's demo to pass, so that completion records what they complete (and closes the
cycles) itself. Demo data only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.audit.origin import RequestOrigin
from app.content.models import Course, Lesson, Track
from app.extensions import db
from app.learning.cycles import BY_PERSON, NewAssignment, open_assignments, today_for
from app.learning.services import accept_current_charter, charter_status, read_lesson
from app.people.demo import DEMO_DOMAIN
from app.people.models import Person
from app.people.roles import Role

NONE, STARTED, COURSE, TRACK = "none", "started", "course", "track"  # how far someone got
ASSIGNED_DAYS_AGO = 30  # when the demo's assignments were made, before today
NEW_HIRE_DAYS = 30  # a new hire's employees track is due this long after joining

# (days from today to the due date, how far the person got), dealt out to the audience in the
# order of their ids, so every team gets a share of each.
EMPLOYEES_PLAN = (
    (21, NONE),
    (4, STARTED),
    (-6, STARTED),
    (35, TRACK),
    (12, COURSE),
    (2, NONE),
    (28, STARTED),
    (-2, NONE),
    (17, COURSE),
    (6, STARTED),
    (45, NONE),
    (9, TRACK),
)
COMMUNITY_PLAN = (
    (40, NONE),
    (12, STARTED),
    (-3, NONE),
    (25, COURSE),
    (5, STARTED),
    (60, NONE),
    (30, TRACK),
    (18, STARTED),
)
EXECUTIVES_PLAN = ((30, COURSE), (14, NONE), (-1, STARTED), (50, STARTED))
# The employee the demo's sign-ins name shows a home page with both kinds of progress.
SHOWN_EMPLOYEE = f"communication.quebec.1@{DEMO_DOMAIN}"
OVERRIDES = {
    (SHOWN_EMPLOYEE, "employees"): (4, COURSE),
    (SHOWN_EMPLOYEE, "community-managers"): (12, STARTED),
}

# What each track's assigner writes; the demo's managers write in French.
MESSAGES = {
    "employees": "Ce parcours est demandé à tous les collaborateurs.",
    "community-managers": "Merci de le terminer avant la campagne de janvier.",
    "executives": "Pour préparer le comité de pilotage du printemps.",
}
COMMUNITY_DEPARTMENTS = ("communication", "marketing")
LEADERSHIP = "leadership"


@dataclass
class DemoProgress:
    """What the assignments demo did, and the quizzes left to pass (person, course), in order."""

    opened: int = 0
    quizzes: list[tuple[Person, Course]] = field(default_factory=list)


def assign_demo_tracks(*, origin: RequestOrigin, now: datetime) -> DemoProgress:
    """Open the demo's assignments and record its lesson reads and charter acceptances; the
    quizzes each plan still needs passed. Flush only."""
    people = list(
        db.session.scalars(select(Person).where(Person.active.is_(True)).order_by(Person.id))
    )
    tracks = {track.slug: track for track in db.session.scalars(select(Track))}
    hr = next(person for person in people if person.has_granted_role(Role.HR.value))
    audiences = {
        "employees": (people, EMPLOYEES_PLAN),
        "community-managers": (
            [p for p in people if p.department in COMMUNITY_DEPARTMENTS],
            COMMUNITY_PLAN,
        ),
        "executives": ([p for p in people if p.department == LEADERSHIP], EXECUTIVES_PLAN),
    }
    progress = DemoProgress()
    for slug, (audience, plan) in audiences.items():
        track = tracks.get(slug)
        if track is None:
            continue  # content without this track: nothing to assign
        dealt = [
            (person, *OVERRIDES.get((person.email, slug), plan[n % len(plan)]))
            for n, person in enumerate(audience)
        ]
        progress.opened += open_planned(track, dealt, hr, now)
        for person, _due_in, reached in dealt:
            progress.quizzes += advance(person, track, reached, origin)
    return progress


def open_planned(track: Track, dealt, hr: Person, now: datetime) -> int:
    """Open the track for each (person, due in days, progress), assigned by their manager (HR
    for the employees track and for anyone without a manager); opened in groups by the day
    they were assigned, since one call opens at one time."""
    by_day: dict[datetime, list[NewAssignment]] = defaultdict(list)
    for person, due_in, _reached in dealt:
        today = today_for(person, now=now)
        assigned_on, due_on = today - timedelta(days=ASSIGNED_DAYS_AGO), today + timedelta(due_in)
        if track.slug == "employees" and joined_recently(person, today):
            assigned_on, due_on = person.hired_on, person.hired_on + timedelta(NEW_HIRE_DAYS)
        by = hr if track.slug == "employees" or person.manager is None else person.manager
        at = datetime.combine(assigned_on, time(9), tzinfo=now.tzinfo)
        by_day[at].append(
            NewAssignment(
                person_id=person.id,
                track_id=track.id,
                origin=BY_PERSON,
                due_on=due_on,
                message=MESSAGES.get(track.slug, ""),
                assigned_by_id=by.id,
            )
        )
    return sum(len(open_assignments(new, now=at)) for at, new in by_day.items())


def joined_recently(person: Person, today: date) -> bool:
    return person.hired_on is not None and today - person.hired_on < timedelta(NEW_HIRE_DAYS)


def advance(person: Person, track: Track, reached: str, origin: RequestOrigin):
    """Read the lessons ``reached`` asks for (and accept the charter for a whole track that
    requires it); the quizzes it still needs passed."""
    courses = [link.course for link in track.track_courses if link.course.retired_at is None]
    if reached == NONE or not courses:
        return []
    if reached == STARTED:
        read_lessons(person, courses[0], live_lessons(courses[0])[:2], origin)
        return []
    done = courses if reached == TRACK else courses[:1]
    for course in done:
        read_lessons(person, course, live_lessons(course), origin)
    if reached == TRACK and track.requires_charter:
        status = charter_status(person)
        if status.charter is not None and not status.accepted:
            accept_current_charter(person, status.charter.version, origin)
    return [(person, course) for course in done]


def live_lessons(course: Course) -> list[Lesson]:
    return [lesson for lesson in course.lessons if lesson.retired_at is None]


def read_lessons(person: Person, course: Course, lessons: list[Lesson], origin) -> None:
    for lesson in lessons:
        read_lesson(person, course, lesson, origin)
