"""Progress that tells the truth: the home, track and course pages show lessons read, each
quiz's state and one next step, from the same function, and a course or track is complete only
when it is. The case seen on the demo comes first, on the repository's own content."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import event

from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.learning.services import track_page_for
from tests.learning.assignment_helpers import assign
from tests.quiz.attempt_helpers import answer_slot, answers, start, submit
from tests.quiz.quiz_content import sync_quiz

REPOSITORY = Path(__file__).resolve().parents[2]
BAR = re.compile(r'<progress value="(\d+)" max="(\d+)" aria-label="([^"]+)"')


@pytest.fixture
def repository_content(app):
    content = load_content(REPOSITORY)
    sync_content(content)
    db.session.commit()
    return content


@pytest.fixture
def login_as(login_as):
    """Each learner here has the employees track assigned, as its default rule does for
    everyone: the home page shows a track once it is assigned."""

    def do(*args, **kwargs):
        person = login_as(*args, **kwargs)
        assign(person, "employees")
        return person

    return do


@pytest.fixture
def quiz(app, tmp_path):
    sync_quiz(tmp_path / "c")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def bars(html: str) -> dict[str, tuple[int, int]]:
    return {label: (int(done), int(total)) for done, total, label in BAR.findall(html)}


def primary_links(html: str) -> list[tuple[str, str]]:
    found = re.findall(r'<a class="button primary" href="([^"]+)">\s*(.*?)</a>', html, re.S)
    return [(href, " ".join(text.split())) for href, text in found]


def read_course(client, course) -> None:
    for lesson in course.lessons:
        url = f"/courses/{course.slug}/lessons/{lesson.slug}/read"
        assert client.post(url).status_code == 302


def read_basics(client) -> None:
    for lesson in ("01-first", "02-second"):
        assert client.post(f"/courses/basics/lessons/{lesson}/read").status_code == 302


def one_right(attempt) -> dict:
    slot = next(
        s for s in attempt.slots if s.question["fr"]["type"] in ("multichoice", "truefalse")
    )
    return answer_slot(slot, right=True)


def test_every_lesson_read_and_two_quizzes_failed_is_not_a_complete_track(
    repository_content, client, login_as
):
    login_as("employee", language="fr")
    track = next(t for t in repository_content.tracks if t.slug == "employees")
    courses = {course.slug: course for course in repository_content.courses}
    first, second, _third = (courses[item.course] for item in track.courses)
    for item in track.courses:
        read_course(client, courses[item.course])
    attempt = start(client, first.slug)
    submit(client, attempt, one_right(attempt))
    submit(client, start(client, second.slug), {})

    html = page(client, "/")
    assert "10 leçons lues sur 10" in html and "0 quiz réussi sur 3" in html
    assert "charte pas encore acceptée" in html
    done, total = bars(html)["Progression dans Collaborateurs"]
    assert (done, total) == (10, 14) and done < total
    assert primary_links(html) == [
        (f"/courses/{first.slug}/quiz", f"Repasser le quiz : {first.title['fr']}")
    ]
    assert "Parcours terminé" not in html

    html = page(client, "/tracks/employees")
    assert html.count("Quiz pas encore réussi") == 2 and "Quiz pas encore tenté" in html
    assert "Cours terminé" not in html and "Parcours terminé" not in html
    assert primary_links(html)[0][0] == f"/courses/{first.slug}/quiz"

    html = page(client, f"/courses/{second.slug}")
    assert "Quiz pas encore réussi\u202f: 0\xa0% (seuil de réussite 80\xa0%)" in html
    assert primary_links(html) == [
        (f"/courses/{second.slug}/quiz", f"Repasser le quiz : {second.title['fr']}")
    ]


def test_with_nothing_done_every_page_says_start(repository_content, client, login_as):
    login_as("employee", language="fr")
    first = next(c for c in repository_content.courses if c.slug == "emp-social-culture")
    lesson = first.lessons[0]
    expected = (
        f"/courses/{first.slug}/lessons/{lesson.slug}",
        f"Commencer : {lesson.title['fr']}",
    )
    for url in ("/", "/tracks/employees", f"/courses/{first.slug}"):
        assert primary_links(page(client, url)) == [expected], url


def test_the_track_page_shows_its_total_duration_and_each_course(
    repository_content, client, login_as
):
    login_as("employee", language="en")
    track = next(t for t in repository_content.tracks if t.slug == "employees")
    courses = {course.slug: course for course in repository_content.courses}
    minutes = sum(
        lesson.minutes for item in track.courses for lesson in courses[item.course].lessons
    )
    html = page(client, "/tracks/employees")
    assert f"Total duration: {minutes} minutes" in html
    assert html.count("Quiz not attempted yet (pass mark 80%)") == 3
    assert html.count("0 of 3 lessons read") + html.count("0 of 4 lessons read") == 3


def test_reading_without_passing_moves_the_next_step_to_the_quiz(quiz, client, login_as):
    login_as("employee", language="en")
    client.post("/courses/basics/lessons/01-first/read")
    html = page(client, "/")
    assert primary_links(html) == [("/courses/basics/lessons/02-second", "Continue: Second lesson")]
    client.post("/courses/basics/lessons/02-second/read")
    for url in ("/", "/tracks/employees", "/courses/basics"):
        assert primary_links(page(client, url)) == [
            ("/courses/basics/quiz", "Take the quiz: The basics")
        ], url


def test_a_passed_course_leaves_the_charter_as_the_next_step(quiz, client, login_as):
    login_as("employee", language="en")
    read_basics(client)
    attempt = start(client)
    submit(client, attempt, answers(attempt, right=True))
    html = page(client, "/tracks/employees")
    assert "Quiz passed: 100%" in html and "Course completed" in html
    assert "Track completed" not in html
    assert primary_links(html) == [("/charter", "Read and accept the charter")]
    done, total = bars(html)["Progress in this track"]
    assert (done, total) == (3, 4)


def test_a_track_is_complete_with_its_courses_and_the_charter(quiz, client, login_as):
    login_as("employee", language="en")
    client.post("/charter/accept", data={"version": "1", "confirm": "y"})
    read_basics(client)
    attempt = start(client)
    submit(client, attempt, answers(attempt, right=True))
    html = page(client, "/tracks/employees")
    assert "Track completed" in html and primary_links(html) == []
    assert bars(html)["Progress in this track"] == (4, 4)
    # Its completion closed the assignment: home lists it as completed, no longer as assigned.
    html = page(client, "/")
    assert "Nothing is assigned to you at the moment." in html and primary_links(html) == []
    completed = html[html.index('id="completed-heading"') :]
    assert '<a href="/tracks/employees">Employees</a> — completed on' in completed
    html = page(client, "/courses/basics")
    assert "Course completed" in html and primary_links(html) == []


def test_passing_the_quiz_before_reading_does_not_complete_the_course(quiz, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    submit(client, attempt, answers(attempt, right=True))
    html = page(client, "/courses/basics")
    assert "Quiz passed: 100%" in html and "Course completed" not in html
    assert primary_links(html) == [("/courses/basics/lessons/01-first", "Start: First lesson")]


def test_an_open_attempt_is_continued(quiz, client, login_as):
    login_as("employee", language="en")
    read_basics(client)
    start(client)
    html = page(client, "/courses/basics")
    assert "Quiz in progress" in html
    assert primary_links(html) == [("/courses/basics/quiz", "Continue the quiz: The basics")]


def test_attempts_left_are_counted_and_none_left_means_no_step(app, tmp_path, client, login_as):
    sync_quiz(tmp_path / "c", attempts_allowed=2)
    login_as("employee", language="en")
    read_basics(client)
    submit(client, start(client), {})
    html = page(client, "/courses/basics")
    assert "Quiz not passed yet: 0% (pass mark 60%) · 1 attempt left" in html
    submit(client, start(client), {})
    html = page(client, "/courses/basics")
    assert "no attempt left" in html
    assert primary_links(html) == []
    assert primary_links(page(client, "/")) == [("/charter", "Read and accept the charter")]


def test_one_function_gives_every_page_the_same_progress(quiz, login_as, client):
    person = login_as("employee", language="en")
    read_basics(client)
    submit(client, start(client), {})
    track = track_page_for(person, "employees").progress
    [course] = track.courses
    assert (course.read.done, course.read.total, course.quiz.state) == (2, 2, "attempted")
    assert (course.quiz.grade, course.quiz.attempts_left, course.complete) == (0.0, None, False)
    assert (track.complete, track.next_step.kind, track.next_step.course.slug) == (
        False,
        "quiz",
        "basics",
    )


PAGES = {"home": "/", "catalog": "/tracks", "track": "/tracks/employees"}


def statements_per_page(client, course: str = "emp-social-culture") -> dict[str, int]:
    """How many SQL statements each learner page runs, counted on the engine. Each page is
    asked for once first: the first request after a sync builds the catalog snapshot."""
    counted: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        counted.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = {}
        for name, url in {**PAGES, "course": f"/courses/{course}"}.items():
            page(client, url)
            counted.clear()
            page(client, url)
            found[name] = len(counted)
        return found
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_pages_run_as_many_queries_whatever_was_done(repository_content, client, login_as):
    login_as("employee", language="en")
    before = statements_per_page(client)
    for course in repository_content.courses:
        read_course(client, course)
        submit(client, start(client, course.slug), {})
    start(client, "emp-social-culture")  # and one attempt left open
    client.post("/charter/accept", data={"version": "1", "confirm": "y"})
    assert statements_per_page(client) == before
    # The session with its person, the learner's state (with the content version, the
    # assignments and the manager's name); and on home, the person's certificates.
    assert before == {"home": 3, "catalog": 2, "track": 2, "course": 2}


def one_course_tree(destination: Path) -> Path:
    """The repository's content cut down to one track of one course."""
    for part in ("courses/charter", "courses/emp-social-culture"):
        shutil.copytree(REPOSITORY / part, destination / part)
    for bank in (REPOSITORY / "quizzes").glob("emp-social-culture.*"):
        (destination / "quizzes").mkdir(exist_ok=True)
        shutil.copy(bank, destination / "quizzes" / bank.name)
    tracks = (REPOSITORY / "courses/tracks.yml").read_text(encoding="utf-8")
    employees = tracks[tracks.index("  - slug: employees") :]
    kept = employees.split("      - {course: emp-charter-in-practice")[0]
    (destination / "courses/tracks.yml").write_text("tracks:\n" + kept, encoding="utf-8")
    return destination


def test_the_pages_run_as_many_queries_whatever_the_catalog_holds(app, tmp_path, client, login_as):
    sync_content(load_content(one_course_tree(tmp_path / "one")))
    db.session.commit()
    login_as("employee", language="en")
    few = statements_per_page(client)
    sync_content(load_content(REPOSITORY))  # three tracks, twelve courses
    db.session.commit()
    assert len(page(client, "/tracks").split('class="card"')) == 4
    assert statements_per_page(client) == few
