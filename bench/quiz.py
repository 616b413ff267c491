"""Quiz submissions per second on gunicorn, beside a hello-world Flask route served by the same
workers in the same run.

A submission saves the last answers, grades the attempt and records what it completes, in one
transaction. Each needs its own open attempt, so many people are created and their attempts
started through the quiz services; each then signs in over HTTP (a real session and CSRF token,
as in production) and all submit at once from a pool of threads. The database is a throwaway
SQLite file, as for ``python -m bench``.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import func, select

from app import create_app
from app.audit.origin import COMMAND_LINE
from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.learning.lessons import find_course
from app.people.models import Person
from app.people.services import set_password
from app.quiz.attempts import start_attempt
from app.quiz.demo import right_answer
from app.quiz.models import GRADED, QuizAttempt
from bench.server import bench_settings, free_port, start_gunicorn, stop

PEOPLE = 600  # one open attempt each: every submission grades a different attempt
HELLO_REQUESTS = 2000
CONCURRENCY = 16  # requests in flight at once
COURSE = "emp-social-culture"  # ten questions drawn from the repository's own bank
PASSWORD = "benchmark passphrase 2026"  # noqa: S105 (throwaway benchmark accounts)
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
SEQUENCE = re.compile(r'name="(q\d+-sequence)" value="(\d+)"')


# --- the learners and their answers ------------------------------------------------------------


@dataclass
class Learner:
    email: str
    attempt_id: int
    answers: dict[str, object]
    cookies: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)  # csrf_token and sequences of the page


def prepare(database_path: Path, count: int) -> list[Learner]:
    """The schema, the repository's content, and ``count`` people each with a started attempt."""
    app = create_app(bench_settings(database_path))
    with app.app_context():
        db.create_all()
        sync_content(load_content(Path(app.config["CONTENT_ROOT"])))
        course = find_course(COURSE)
        learners = []
        for n in range(count):
            person = Person(
                email=f"learner{n}@relais.example", display_name=f"Learner {n}", language="en"
            )
            set_password(person, PASSWORD)
            db.session.add(person)
            db.session.flush()
            attempt = start_attempt(person, course, origin=COMMAND_LINE)
            answers = {}
            for slot in attempt.slots:
                answers.update(right_answer(slot))
            learners.append(Learner(person.email, attempt.id, answers))
        db.session.commit()
        db.engine.dispose()
    return learners


def graded_attempts(database_path: Path) -> int:
    app = create_app(bench_settings(database_path))
    with app.app_context():
        found = db.session.scalar(
            select(func.count()).select_from(QuizAttempt).where(QuizAttempt.state == GRADED)
        )
        db.engine.dispose()
    return found


# --- HTTP ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int
    location: str
    body: str
    seconds: float


def send(port: int, method: str, path: str, cookies=None, form=None) -> Reply:
    """One request on a fresh connection (gunicorn's sync workers close each one), timed."""
    headers, body = {}, None
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if form is not None:
        body = urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    if cookies is not None:
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
    return Reply(response.status, response.headers.get("Location", ""), text, seconds)


def token_on(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(port: int, learner: Learner) -> None:
    """Sign in as a browser would, then read the attempt page for its token and sequences."""
    page = send(port, "GET", "/login", learner.cookies)
    form = {"email": learner.email, "password": PASSWORD, "csrf_token": token_on(page.body)}
    signed_in = send(port, "POST", "/login", learner.cookies, form)
    assert signed_in.status == 302, (learner.email, signed_in.status)
    attempt = send(port, "GET", f"/quiz/attempts/{learner.attempt_id}", learner.cookies)
    assert attempt.status == 200, (learner.attempt_id, attempt.status)
    sequences = dict(SEQUENCE.findall(attempt.body))
    learner.form = {"csrf_token": token_on(attempt.body), **sequences}


def submit(port: int, learner: Learner) -> float:
    path = f"/quiz/attempts/{learner.attempt_id}/submit"
    reply = send(port, "POST", path, dict(learner.cookies), {**learner.form, **learner.answers})
    assert reply.status == 303, (path, reply.status, reply.body[:300])
    assert reply.location.endswith(f"/quiz/attempts/{learner.attempt_id}/review"), reply.location
    return reply.seconds


def hello(port: int, _request: int) -> float:
    reply = send(port, "GET", "/hello/")
    assert reply.status == 200 and reply.body == "hello", reply.status
    return reply.seconds


def under_load(name: str, call, items: list) -> dict:
    """Run ``call`` over ``items`` with CONCURRENCY requests in flight; a row of the table."""
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        started = time.perf_counter()
        timings = list(pool.map(call, items))
        elapsed = time.perf_counter() - started
    return {
        "name": name,
        "per_second": len(timings) / elapsed,
        **percentiles(timings),
    }


def percentiles(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(timings, n=100)
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000, "p99_ms": cuts[98] * 1000}


def quiz_throughput(people: int = PEOPLE) -> list[dict]:
    """Hello-world and quiz submissions under the same concurrent load, on one gunicorn."""
    with tempfile.TemporaryDirectory() as folder:
        database_path = Path(folder) / "bench.sqlite"
        learners = prepare(database_path, people)
        port = free_port()
        server = start_gunicorn(database_path, port)
        try:
            with ThreadPoolExecutor(CONCURRENCY) as pool:
                list(pool.map(partial(sign_in, port), learners))
            rows = [
                under_load(
                    "hello-world Flask, gunicorn", partial(hello, port), range(HELLO_REQUESTS)
                ),
                under_load("quiz submit + grade, gunicorn", partial(submit, port), learners),
            ]
        finally:
            stop(server)
        graded = graded_attempts(database_path)
    assert graded == people, f"{graded} attempts graded, {people} submitted"
    return rows
