"""Two ``flask outbox send`` processes at once, as on two servers' cron, against one SMTP server:
each e-mail is received exactly once (on the test database: a SQLite file or PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.outbox.models import OutboxMessage
from app.outbox.services import queue_email

REPOSITORY = Path(__file__).resolve().parents[2]
MESSAGES = 40


def sender(database_url: str, port: int) -> subprocess.Popen:
    environ = {
        **os.environ,
        "RELAIS_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_STARTTLS": "0",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "outbox", "send"],
        cwd=REPOSITORY,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_senders_at_once_deliver_each_message_exactly_once(app, database_url, smtp_server):
    # Each acceptance takes a while, so that the second sender starts while the first is busy.
    handler, port = smtp_server(delay=0.05)
    for number in range(MESSAGES):
        queue_email(f"person{number}@relais.example", f"Message {number}", "Bonjour")
    db.session.commit()
    senders = [sender(database_url, port) for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in senders]
    assert [process.returncode for process in senders] == [0, 0], outputs
    sent_by_each = [int(out.split(",")[0].removeprefix("sent ")) for out, _err in outputs]
    received = Counter(mail["Message-ID"] for mail in handler.received())
    assert len(received) == MESSAGES
    assert set(received.values()) == {1}
    assert sum(sent_by_each) == MESSAGES
    assert min(sent_by_each) > 0, f"the two senders did not overlap: {sent_by_each}"
    db.session.expire_all()
    states = db.session.execute(
        select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
    ).all()
    assert states == [("sent", MESSAGES)]
    stored_ids = set(db.session.scalars(select(OutboxMessage.message_id)))
    assert stored_ids == set(received)
