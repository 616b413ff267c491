"""The outbox's delivery state and the message log: up, down and up again with e-mails in the
outbox, each keeping what it was (sent, still to send, given up)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.extensions import db
from tests.conftest import settings_for_tests
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

BEFORE = "8f2a4c6e1d93"
QUEUED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
# subject: (sent_at, attempts) before the upgrade
OLD_ROWS = {
    "sent": (QUEUED, 1),
    "waiting": (None, 0),
    "retrying": (None, 3),
    "given up": (None, 10),
}


def insert_old_messages(connection) -> None:
    for subject, (sent_at, attempts) in OLD_ROWS.items():
        connection.execute(
            text(
                "INSERT INTO outbox_message (created_at, recipient, subject, body, sensitive,"
                " sent_at, attempts, last_error)"
                " VALUES (:queued, 'ada@relais.example', :subject, 'Bonjour', false, :sent_at,"
                " :attempts, '')"
            ),
            {"queued": QUEUED, "subject": subject, "sent_at": sent_at, "attempts": attempts},
        )


def rows(connection, columns: str) -> dict[str, tuple]:
    query = f"SELECT subject, {columns} FROM outbox_message"  # noqa: S608  (the test's columns)
    result = connection.execute(text(query))
    return {row[0]: tuple(row[1:]) for row in result}


def test_upgrade_gives_each_old_message_its_state_and_downgrade_keeps_them(
    empty_database_url,  # noqa: F811
):
    app = create_app(settings_for_tests(empty_database_url))
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            insert_old_messages(connection)
        upgrade()
        with db.engine.begin() as connection:
            assert rows(connection, "state, attempts, cc, html_body") == {
                "sent": ("sent", 1, "", ""),
                "waiting": ("pending", 0, "", ""),
                "retrying": ("pending", 3, "", ""),
                "given up": ("failed", 10, "", ""),
            }
            due_when_queued = (
                "SELECT count(*) FROM outbox_message WHERE next_attempt_at = created_at"
            )
            assert connection.scalar(text(due_when_queued)) == len(OLD_ROWS)
            connection.execute(
                text(
                    "INSERT INTO message_log (key, kind, recipient, queued_at, outbox_message_id)"
                    " SELECT 'sample|to:1|n:1', 'sample', recipient, created_at, id"
                    " FROM outbox_message WHERE subject = 'sent'"
                )
            )
            connection.execute(
                text("UPDATE outbox_message SET state = 'failed' WHERE subject = 'retrying'")
            )
        downgrade(revision=BEFORE)
        assert "message_log" not in inspect(db.engine).get_table_names()
        with db.engine.connect() as connection:
            # A message given up after the upgrade keeps ten attempts: the old sender skips it.
            assert rows(connection, "sent_at IS NOT NULL, attempts, body") == {
                "sent": (True, 1, "Bonjour"),
                "waiting": (False, 0, "Bonjour"),
                "retrying": (False, 10, "Bonjour"),
                "given up": (False, 10, "Bonjour"),
            }
        upgrade()
        with db.engine.connect() as connection:
            assert rows(connection, "state") == {
                "sent": ("sent",),
                "waiting": ("pending",),
                "retrying": ("failed",),
                "given up": ("failed",),
            }
            assert connection.scalar(text("SELECT count(*) FROM message_log")) == 0
        db.session.remove()
        db.engine.dispose()
