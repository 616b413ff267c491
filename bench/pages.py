"""The learner pages under load: home, track, course and lesson, signed in, each measured with
wrk against gunicorn beside the hello-world route on the same workers in the same run.

The database is a throwaway SQLite file with the repository's content and the demo
organisation; the demo manager (a learner with a team) signs in over HTTP and has read lessons,
failed a quiz and left an attempt open, so the pages show real progress. wrk sends the session
cookie with every request. The SQL statements per request are counted in this process, on the
same database and session, through the test client: each page once to build the catalog
snapshot, then once counted.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import event, select

from app import create_app
from app.audit.origin import COMMAND_LINE
from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.learning.lessons import find_course
from app.learning.models import LessonRead
from app.people.demo import DEMO_PASSWORD, seed_demo
from app.people.models import Person
from app.quiz.attempts import start_attempt
from app.quiz.models import QuizAttempt
from bench import wrk
from bench.quiz import send, token_on
from bench.server import bench_settings, free_port, start_gunicorn, stop

COURSE = "emp-social-culture"
PAGES = {
    "home page": "/",
    "track page": "/tracks/employees",
    "course page": f"/courses/{COURSE}",
    "lesson page": f"/courses/{COURSE}/lessons/02-real-time",
}
HELLO = "/hello/"
MANAGER = "direction.quebec@demo.example"
FORM = "application/x-www-form-urlencoded"


def prepare(database_path: Path) -> None:
    """The schema, the repository's content, the demo organisation, and the manager's progress:
    two lessons read, a graded attempt and an open one."""
    app = create_app(bench_settings(database_path))
    with app.app_context():
        db.create_all()
        sync_content(load_content(Path(app.config["CONTENT_ROOT"])))
        seed_demo(production=False)
        db.session.flush()
        manager = db.session.scalar(select(Person).where(Person.email == MANAGER))
        course = find_course(COURSE)
        db.session.add_all(
            LessonRead(person_id=manager.id, lesson_id=lesson.id, course_version=course.version)
            for lesson in course.lessons[:2]
        )
        graded = start_attempt(manager, course, origin=COMMAND_LINE)
        graded.state, graded.fraction = "graded", 0.4
        db.session.flush()
        start_attempt(manager, find_course("emp-ambassador"), origin=COMMAND_LINE)
        assert db.session.query(QuizAttempt).count() == 2
        db.session.commit()
        db.engine.dispose()


def signed_in(port: int, email: str) -> dict[str, str]:
    """Sign ``email`` in over HTTP, as a browser does; the cookies the server set."""
    cookies: dict[str, str] = {}
    page = send(port, "GET", "/login", cookies)
    form = {"email": email, "password": DEMO_PASSWORD, "csrf_token": token_on(page.body)}
    assert send(port, "POST", "/login", cookies, form).status == 302, email
    return cookies


def signed_in_cookie(port: int) -> dict[str, str]:
    """The manager signed in; every page answers them (not a redirect to sign in)."""
    cookies = signed_in(port, MANAGER)
    for path in PAGES.values():
        reply = send(port, "GET", path, dict(cookies))
        assert reply.status == 200 and "logout" in reply.body, (path, reply.status)
    return cookies


def statements_per_request(
    database_path: Path, cookies: dict[str, str], requests: dict[str, tuple[str, str | None]]
) -> dict[str, int]:
    """The SQL statements of each (path, urlencoded form to POST or None to GET), counted in
    this process through the test client with the same session: each sent once first (the
    first request after a sync builds the catalog snapshot), then once counted."""
    app = create_app(bench_settings(database_path))
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    counted: list[str] = []
    found = {}
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *args: counted.append(args[2]))

    def send_once(path: str, body: str | None) -> None:
        if body is None:
            response = client.get(path)
        else:
            response = client.post(path, data=body, content_type=FORM)
        assert response.status_code == 200, (path, response.status_code)

    for name, (path, body) in requests.items():
        send_once(path, body)
        counted.clear()
        send_once(path, body)
        found[name] = len(counted)
    engine.dispose()
    return found


def page_throughput(seconds: float) -> tuple[list[dict], dict]:
    """A row per page, and the hello-world baseline (measured before and after the pages, and
    averaged, so a machine that gets busier during the run does not favour either side)."""
    with tempfile.TemporaryDirectory() as folder:
        database_path = Path(folder) / "bench.sqlite"
        prepare(database_path)
        port = free_port()
        server = start_gunicorn(database_path, port)
        try:
            cookies = signed_in_cookie(port)
            header = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
            requests = {name: (path, None) for name, path in PAGES.items()}
            queries = statements_per_request(database_path, cookies, requests)
            base = f"http://127.0.0.1:{port}"
            wrk.load(base + HELLO, 1)  # warm-up: workers imported, connections open
            before = wrk.load(base + HELLO, seconds)
            rows = []
            for name, path in PAGES.items():
                wrk.load(base + path, 1, header)
                rows.append({"name": name, **wrk.load(base + path, seconds, header)})
                rows[-1]["queries"] = queries[name]
            after = wrk.load(base + HELLO, seconds)
        finally:
            stop(server)
    hello = {
        key: (before[key] + after[key]) / 2 for key in ("per_second", "p50_ms", "p95_ms", "p99_ms")
    }
    return rows, {"name": "hello-world Flask (wrk)", **hello}
