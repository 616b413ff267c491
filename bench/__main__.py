"""``make bench``: request throughput of Relais pages beside a hello-world baseline, same run.

Runs in-process through the WSGI test client on a throwaway SQLite file, so the numbers compare
our own work per request (security checks, session lookup, templates) with Flask's bare minimum.
The quiz rows (``bench/quiz.py``) are concurrent requests to gunicorn, with their own baseline.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from app import create_app
from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.people.models import Person
from app.people.services import set_password
from bench.grading import grading_throughput
from bench.quiz import hello_app, quiz_throughput

REQUESTS = 400
LESSON = "/courses/emp-social-culture/lessons/01-from-broadcast-to-conversation"
PASSWORD = "benchmark passphrase 2026"  # noqa: S105 (a throwaway benchmark account)


def measure(name: str, client, path: str) -> dict:
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (name, response.status_code)
        response.close()
    total = sum(timings)
    return {
        "name": name,
        "per_second": REQUESTS / total,
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": statistics.quantiles(timings, n=20)[18] * 1000,
    }


def baseline_client():
    return hello_app().test_client()


def relais_clients(folder: Path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        sync_content(load_content(Path(app.config["CONTENT_ROOT"])))
        person = Person(email="bench@relais.example", display_name="Bench", language="fr")
        set_password(person, PASSWORD)
        db.session.add(person)
        db.session.commit()
    anonymous, signed_in = app.test_client(), app.test_client()
    response = signed_in.post(
        "/login", data={"email": "bench@relais.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    return anonymous, signed_in


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        anonymous, signed_in = relais_clients(Path(folder))
        rows = [
            measure("hello-world Flask (baseline)", baseline_client(), "/"),
            measure("sign-in page (anonymous)", anonymous, "/login"),
            measure("home page (signed in)", signed_in, "/"),
            measure("track page (signed in)", signed_in, "/tracks/employees"),
            measure("lesson page (signed in)", signed_in, LESSON),
        ]
    rows += quiz_throughput()  # concurrent requests to gunicorn, baseline beside them
    grading = grading_throughput()
    print(f"{'what':<32} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for row in rows:
        name, rate, p50, p95 = row["name"], row["per_second"], row["p50_ms"], row["p95_ms"]
        print(f"{name:<32} {rate:>9.0f} {p50:>8.2f} {p95:>8.2f}")
    print(
        f"{'grading, 12-question attempts':<32} {grading['per_second']:>9.0f} "
        f"{grading['p50_ms']:>8.2f} {grading['p95_ms']:>8.2f}  (attempts/s, pure grader)"
    )


if __name__ == "__main__":
    main()
