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
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask
from sqlalchemy import func, select
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app import create_app
from app.audit.origin import COMMAND_LINE
from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.learning.lessons import find_course
from app.people.models import Person
from app.people.services import set_password
from app.quiz.attempts import start_attempt
from app.quiz.models import GRADED, QuizAttempt

PEOPLE = 600  # one open attempt each: every submission grades a different attempt
HELLO_REQUESTS = 2000
CONCURRENCY = 16  # requests in flight at once
WORKERS = 5  # gunicorn sync workers: its (2 x CPUs) + 1 for two CPUs, fixed so runs compare
COURSE = "emp-social-culture"  # ten questions drawn from the repository's own bank
PASSWORD = "benchmark passphrase 2026"  # noqa: S105 (throwaway benchmark accounts)
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
SEQUENCE = re.compile(r'name="(q\d+-sequence)" value="(\d+)"')


def hello_app() -> Flask:
    """Flask's bare minimum: the baseline every row is read against."""
    hello = Flask("hello")
    hello.get("/")(lambda: "hello")
    return hello


def bench_settings(database_path: Path) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_path}",
        "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
        # The setup signs hundreds of people in from one address; submitting never hashes a
        # password, so the login limits and argon2's cost would only slow the setup down.
        "LOGIN_LIMIT_PER_IP": "1000000 per minute",
        "LOGIN_LIMIT_PER_ACCOUNT": "1000000 per minute",
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
    }


def served_app(database_path: str):
    """What each gunicorn worker serves: Relais, with the hello-world app under /hello."""
    relais = create_app(bench_settings(Path(database_path)))
    return DispatcherMiddleware(relais, {"/hello": hello_app()})


# --- the learners and their answers ------------------------------------------------------------


@dataclass
class Learner:
    email: str
    attempt_id: int
    answers: dict[str, object]
    cookies: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)  # csrf_token and sequences of the page


def right_answer(slot) -> dict[str, object]:
    """The form fields answering one slot rightly, in shown positions (as the page sends)."""
    question, name = next(iter(slot.question.values())), f"q{slot.position}"
    kind = question["type"]
    if kind == "multichoice":
        fractions = [
            question["answers"][original]["fraction"] for original in slot.order["answers"]
        ]
        if question["single"]:
            return {name: str(fractions.index(max(fractions)))}
        return {name: [str(shown) for shown, value in enumerate(fractions) if value > 0]}
    if kind == "truefalse":
        return {name: "true" if question["correct"] else "false"}
    if kind in ("shortanswer", "numerical"):
        best = max(question["answers"], key=lambda answer: answer["fraction"])
        text = best.get("text", best.get("value", best.get("min")))
        return {name: str(text).replace("*", "")}
    if kind == "matching":
        pairs, options = question["pairs"], slot.order["options"]
        wanted = [pairs[option]["answer"] for option in options]
        return {
            f"{name}-{shown}": str(wanted.index(pairs[item]["answer"]))
            for shown, item in enumerate(slot.order["items"])
        }
    return {}


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
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": statistics.quantiles(timings, n=20)[18] * 1000,
    }


# --- gunicorn --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database_path: Path, port: int) -> subprocess.Popen:
    command = [
        *(sys.executable, "-m", "gunicorn", "--workers", str(WORKERS)),
        *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        f"bench.quiz:served_app({str(database_path)!r})",
    ]
    server = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            send(port, "GET", "/hello/")
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start in time")


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
            server.terminate()
            server.wait(timeout=30)
        graded = graded_attempts(database_path)
    assert graded == people, f"{graded} attempts graded, {people} submitted"
    return rows


def print_rows(rows: list[dict]) -> None:
    for row in rows:
        name, rate, p50, p95 = row["name"], row["per_second"], row["p50_ms"], row["p95_ms"]
        print(f"{name:<32} {rate:>9.0f} {p50:>8.2f} {p95:>8.2f}")


if __name__ == "__main__":
    print(f"{'what':<32} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8}")
    print_rows(quiz_throughput())
