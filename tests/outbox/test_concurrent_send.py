"""Two ``flask outbox send`` processes at once, as on two servers' cron, against one SMTP server:
each e-mail is received exactly once (on the test database: a SQLite file or PostgreSQL)."""

from __future__ import annotations

import subprocess
from collections import Counter

from sqlalchemy import func, select

from app.extensions import db
from app.outbox.models import OutboxMessage
from app.outbox.services import queue_email
from tests.flask_command import start_flask_command

MESSAGES = 40


def sender(database_url: str, port: int) -> subprocess.Popen:
    smtp = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_STARTTLS": "0"}
    return start_flask_command(database_url, "outbox", "send", **smtp)


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
