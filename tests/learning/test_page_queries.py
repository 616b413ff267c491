"""A signed-in learner's home, track, course and lesson pages run at most three SQL statements
each, whatever the catalog holds and however many people use the site: counted on the engine
(``before_cursor_execute``), over HTTP through the test client, session lookup included.

Both cases start from the demo organisation, with a learner who has read lessons, failed a
quiz, left an attempt open, accepted the charter and has two tracks assigned (one by a rule,
one by their manager with a message); the large case has ten times as many courses (a
generated content tree) and ten times as many people, each with progress, an attempt and an
assignment of their own.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import func, select

from app.audit.origin import COMMAND_LINE
from app.content.loader import load_content
from app.content.models import Course, Lesson, Track
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import BY_PERSON, NewAssignment, open_assignments
from app.learning.lessons import find_course
from app.learning.models import LessonRead
from app.people.demo import DEMO_PASSWORD, seed_demo
from app.people.models import Person
from app.quiz.attempts import start_attempt
from tests.conftest import sign_in
from tests.learning.assignment_helpers import assign
from tests.query_counter import counted_statements
from tests.quiz.attempt_helpers import start, submit

REPOSITORY = Path(__file__).resolve().parents[2]
COURSE = "emp-social-culture"
PAGES = {
    "home": "/",
    "track": "/tracks/employees",
    "course": f"/courses/{COURSE}",
    "lesson": f"/courses/{COURSE}/lessons/02-real-time",
}
MOST_STATEMENTS = 3
TIMES = 10


def ten_times_the_courses(destination: Path) -> Path:
    """The repository's content with each course copied nine more times (its lessons and
    question bank with it), every copy added to the tracks that hold the original."""
    shutil.copytree(REPOSITORY / "courses", destination / "courses")
    shutil.copytree(REPOSITORY / "quizzes", destination / "quizzes")
    tracks_file = destination / "courses/tracks.yml"
    tracks = yaml.safe_load(tracks_file.read_text(encoding="utf-8"))
    for track in tracks["tracks"]:
        copies = []
        for item in track["courses"]:
            for n in range(1, TIMES):
                copies.append({**item, "course": copy_course(destination, item["course"], n)})
        track["courses"] += copies
    tracks_file.write_text(yaml.safe_dump(tracks, allow_unicode=True), encoding="utf-8")
    return destination


def copy_course(root: Path, slug: str, n: int) -> str:
    copy = f"{slug}-copy{n}"
    shutil.copytree(root / "courses" / slug, root / "courses" / copy)
    course_file = root / "courses" / copy / "course.yml"
    text = course_file.read_text(encoding="utf-8")
    text = re.sub(rf"^slug: {slug}$", f"slug: {copy}", text, flags=re.M)
    text = re.sub(rf"^(\s+bank:) {slug}$", rf"\1 {copy}", text, flags=re.M)
    course_file.write_text(text, encoding="utf-8")
    for bank in (root / "quizzes").glob(f"{slug}.*.gift"):
        shutil.copy(bank, bank.with_name(bank.name.replace(slug, copy, 1)))
    return copy


def add_people_with_progress(count: int, manager: Person) -> None:
    """``count`` more people in the manager's team, each with a lesson read in every course,
    an attempt started at the employees' first quiz and the employees track assigned by the
    manager."""
    lessons = db.session.execute(select(Lesson.id, Lesson.course_id)).all()
    first_of_each = {}
    for lesson_id, course_id in sorted(lessons):
        first_of_each.setdefault(course_id, lesson_id)
    course = find_course(COURSE)
    employees = db.session.scalar(select(Track.id).where(Track.slug == "employees"))
    new = []
    for n in range(count):
        person = Person(
            email=f"colleague{n}@demo.example",
            display_name=f"Colleague {n}",
            manager=manager,
            office=manager.office,
        )
        db.session.add(person)
        db.session.flush()
        db.session.add_all(
            LessonRead(person_id=person.id, lesson_id=lesson_id, course_version=1)
            for lesson_id in first_of_each.values()
        )
        start_attempt(person, course, origin=COMMAND_LINE)
        new.append(NewAssignment(person.id, employees, BY_PERSON, None, "Hi", manager.id))
    open_assignments(new)
    db.session.commit()


def give_the_learner_progress(client) -> None:
    for lesson in ("01-from-broadcast-to-conversation", "02-real-time"):
        assert client.post(f"/courses/{COURSE}/lessons/{lesson}/read").status_code == 302
    submit(client, start(client, COURSE), {})  # a failed attempt
    start(client, "emp-ambassador")  # and one left open
    client.post("/charter/accept", data={"version": "1", "confirm": "y"})


def statements_per_page(client) -> dict[str, list[str]]:
    """The statements each page runs once the catalog snapshot is built (each page is asked
    for once first: the first request after a sync builds it)."""
    found = {}
    with counted_statements() as counted:
        for name, url in PAGES.items():
            assert client.get(url).status_code == 200, url
            counted.clear()
            response = client.get(url)
            assert response.status_code == 200, url
            found[name] = list(counted)
    return found


def signed_in_manager(client, content_root: Path, extra_people: int):
    """The demo organisation on ``content_root``'s content, the demo manager signed in with
    progress of their own, and ``extra_people`` more people in their team."""
    sync_content(load_content(content_root))
    seed_demo(production=False)
    db.session.commit()
    manager = db.session.scalar(select(Person).where(Person.email.like("direction.quebec@%")))
    add_people_with_progress(extra_people, manager)
    assert sign_in(client, manager.email, DEMO_PASSWORD).status_code == 302
    give_the_learner_progress(client)
    boss = db.session.get(Person, manager.manager_id) if manager.manager_id else None
    assign(manager, "employees", due_on=date(2027, 1, 31))
    assign(manager, "executives", by=boss or manager, message="Line one\nLine two")
    return manager


def test_the_demo_and_ten_times_its_courses_and_people_run_the_same_statements(
    app, client, tmp_path
):
    signed_in_manager(client, REPOSITORY, extra_people=0)
    demo = {name: len(run) for name, run in statements_per_page(client).items()}
    assert demo == {
        # The session with its person, the learner's state (assignments, manager); on home,
        # the person's certificates.
        "home": 3,
        "track": 2,
        "course": 2,
        "lesson": 2,
    }
    people = db.session.scalar(select(func.count(Person.id)))
    courses = db.session.scalar(select(func.count(Course.id)))

    sync_content(load_content(ten_times_the_courses(tmp_path / "large")))
    db.session.commit()
    manager = db.session.scalar(select(Person).where(Person.email.like("direction.quebec@%")))
    add_people_with_progress((TIMES - 1) * people, manager)
    assert db.session.scalar(select(func.count(Person.id))) == TIMES * people
    assert db.session.scalar(select(func.count(Course.id))) == TIMES * courses

    large = statements_per_page(client)
    assert {name: len(run) for name, run in large.items()} == demo
    assert max(demo.values()) <= MOST_STATEMENTS
    track = client.get(PAGES["track"]).get_data(as_text=True)
    assert track.count('class="card"') == TIMES * 3 + 2  # its courses, the charter, its assignment
    home = client.get(PAGES["home"]).get_data(as_text=True)
    assigned = home[home.index('id="assigned-heading"') : home.index('id="to-start-heading"')]
    assert assigned.count('<section class="card"') == 2
