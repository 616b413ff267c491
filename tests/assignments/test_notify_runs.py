"""``notify`` at scale and at once: a fixed number of SQL statements however many assignments,
and two processes started together (as on two servers' cron) queue every e-mail once (on the
test database: a SQLite file or PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from app.assignments.notifications import queue_assignment_notices
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import BY_PERSON, NewAssignment, open_assignments, today_for
from app.notify.models import MessageLog
from app.outbox.models import OutboxMessage
from tests.assignments.notify_helpers import at, make_track, notify
from tests.factories import make_office, make_person

REPOSITORY = Path(__file__).resolve().parents[2]
DUE = date(2026, 12, 1)


def team_with_assignments(size: int, track, opened_at) -> None:
    """``size`` people under one manager, a third of them just assigned, a third due in three
    days, a third a day late: every kind of e-mail, with the manager in copy."""
    manager = make_person(password=None)
    paris = make_office("paris")
    today = today_for(manager, now=opened_at)
    due_dates = [today + timedelta(days=60), today + timedelta(days=3), today - timedelta(days=1)]
    new = []
    for n in range(size):
        person = make_person(password=None, manager=manager, office=paris)
        new.append(NewAssignment(person.id, track.id, BY_PERSON, due_on=due_dates[n % 3]))
    # Opened three weeks before: only the first third is announced (opened "now", below).
    open_assignments(new[1::3] + new[2::3], now=opened_at - timedelta(days=21))
    open_assignments(new[0::3], now=opened_at)
    db.session.commit()


def statements_of_one_run(app, moment) -> list[str]:
    seen = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        queued = notify(app, moment)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return queued, seen


@pytest.mark.parametrize("size", [3, 30], ids=["3-people", "30-people"])
def test_a_run_issues_the_same_statements_however_many_assignments(app, size):
    track = make_track()
    moment = at(DUE)
    team_with_assignments(size, track, moment)
    queued, statements = statements_of_one_run(app, moment)
    assert queued == {
        "assignment_assigned": size // 3,
        "assignment_due_soon": size // 3,
        "assignment_overdue": size // 3,
    }
    # On SQLite, take the write lock; find the renewals due (the widest window, then the
    # certificates: none here); read what is due, log the keys, queue the e-mails, link them
    # to their keys.
    lock = ["UPDATE"] if db.engine.dialect.name == "sqlite" else []
    verbs = [statement.split(None, 1)[0].upper() for statement in statements]
    assert [verb for verb in verbs if verb not in ("BEGIN", "COMMIT")] == [
        *lock,
        "SELECT",
        "SELECT",
        "SELECT",
        "INSERT",
        "INSERT",
        "UPDATE",
    ], "\n".join(statement[:200] for statement in statements)


def notifier(database_url: str) -> subprocess.Popen:
    environ = {
        **os.environ,
        "RELAIS_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "PUBLIC_BASE_URL": "https://relais.example",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "notify"],
        cwd=REPOSITORY,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def printed_total(output: str) -> int:
    return sum(int(line.rsplit(": ", 1)[1]) for line in output.strip().splitlines())


def test_two_notify_processes_at_once_queue_every_e_mail_once(app, database_url):
    track = make_track()
    team_with_assignments(90, track, utcnow())
    processes = [notifier(database_url) for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    db.session.expire_all()
    keys = Counter(db.session.scalars(select(MessageLog.key)))
    assert len(keys) == 90 and set(keys.values()) == {1}
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 90
    linked = select(func.count(MessageLog.id)).where(MessageLog.outbox_message_id.is_not(None))
    assert db.session.scalar(linked) == 90
    assert sum(printed_total(out) for out, _err in outputs) == 90
    # And a third run, later, finds nothing left to queue.
    third = notifier(database_url)
    out, err = third.communicate(timeout=120)
    assert (third.returncode, printed_total(out)) == (0, 0), err


def test_a_run_that_starts_while_another_holds_its_transaction_queues_nothing_twice(app):
    """The first run keeps its transaction open while the second runs: the second waits on its
    keys (PostgreSQL's unique index, SQLite's single writer), then finds them all taken."""
    track = make_track()
    moment = utcnow()
    team_with_assignments(30, track, moment)
    first_queued = threading.Event()
    results, errors = {}, []

    def run(name: str, hold: bool) -> None:
        with app.app_context():
            try:
                if not hold:
                    first_queued.wait(10)
                results[name] = sum(queue_assignment_notices(moment).values())
                if hold:
                    first_queued.set()
                    time.sleep(0.5)  # the second run reaches its inserts meanwhile
                db.session.commit()
            except Exception as error:  # reported below, so the test fails with it
                errors.append(error)
                first_queued.set()
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, args=("first", True)),
        threading.Thread(target=run, args=("second", False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert results == {"first": 30, "second": 0}
    db.session.expire_all()
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 30
