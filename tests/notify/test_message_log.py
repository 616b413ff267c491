"""The message log: a key queues its message once, whether the same call runs twice in a row or
in two sessions at once (on the test database: a SQLite file or PostgreSQL)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.notify.models import MessageLog
from app.notify.services import Recipient, message_key, queue_message
from app.outbox.models import OutboxMessage
from tests.notify.test_messages import SAMPLE

READER = Recipient(email="ada@relais.example", language="fr", timezone="Europe/Paris")
KEY = message_key("sample", 7, about="assignment:42", due=date(2026, 12, 24), occurrence=1)


@pytest.fixture(autouse=True)
def sample_templates(sample_kind):
    return sample_kind


def counts() -> tuple[int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count(MessageLog.id))),
        db.session.scalar(select(func.count(OutboxMessage.id))),
    )


def test_a_key_names_kind_recipient_subject_due_date_and_occurrence():
    assert KEY == "sample|to:7|assignment:42|due:2026-12-24|n:1"
    assert message_key("sample", 7, about="assignment:42", occurrence=2) == (
        "sample|to:7|assignment:42|n:2"
    )


def test_the_same_key_queued_twice_in_a_row_queues_one_message(app):
    assert queue_message("sample", READER, SAMPLE, key=KEY) is True
    db.session.commit()
    assert queue_message("sample", READER, SAMPLE, key=KEY) is False
    db.session.commit()
    assert counts() == (1, 1)
    log = db.session.scalar(select(MessageLog))
    message = db.session.scalar(select(OutboxMessage))
    assert (log.key, log.kind, log.recipient, log.outbox_message_id) == (
        KEY,
        "sample",
        "ada@relais.example",
        message.id,
    )


def test_the_same_key_twice_in_one_transaction_queues_one_message(app):
    assert queue_message("sample", READER, SAMPLE, key=KEY) is True
    assert queue_message("sample", READER, SAMPLE, key=KEY) is False
    db.session.commit()
    assert counts() == (1, 1)


def test_another_occurrence_is_another_message(app):
    second = message_key("sample", 7, about="assignment:42", occurrence=2)
    assert queue_message("sample", READER, SAMPLE, key=KEY) is True
    assert queue_message("sample", READER, SAMPLE, key=second) is True
    db.session.commit()
    assert counts() == (2, 2)


def test_without_a_key_every_call_queues(app):
    assert queue_message("sample", READER, SAMPLE) is True
    assert queue_message("sample", READER, SAMPLE) is True
    db.session.commit()
    assert counts() == (0, 2)


def test_a_rolled_back_transaction_leaves_the_key_free(app):
    assert queue_message("sample", READER, SAMPLE, key=KEY) is True
    db.session.rollback()
    assert queue_message("sample", READER, SAMPLE, key=KEY) is True
    db.session.commit()
    assert counts() == (1, 1)


def test_a_key_longer_than_the_log_holds_is_refused_and_nothing_is_queued(app):
    with pytest.raises(ValueError, match="at most 255 characters"):
        queue_message("sample", READER, SAMPLE, key="k" * 256)
    assert counts() == (0, 0)


def test_two_sessions_queuing_the_same_key_at_once_queue_one_message(app):
    """The first session holds its transaction open while the second tries the same key: the
    second waits for it (PostgreSQL's unique index, SQLite's single writer) and queues nothing."""
    first_queued = threading.Event()
    results = {}
    errors = []

    def first():
        with app.app_context():
            try:
                results["first"] = queue_message("sample", READER, SAMPLE, key=KEY)
                first_queued.set()
                time.sleep(0.5)  # let the second one reach its insert while this one is open
                db.session.commit()
            except Exception as error:  # reported below, so the test fails with it
                errors.append(error)
                first_queued.set()
            finally:
                db.session.remove()

    def second():
        with app.app_context():
            try:
                first_queued.wait(10)
                results["second"] = queue_message("sample", READER, SAMPLE, key=KEY)
                db.session.commit()
            except Exception as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert results == {"first": True, "second": False}
    assert counts() == (1, 1)


def test_many_sessions_racing_for_one_key_queue_one_message(app):
    start = threading.Barrier(6)
    results = []
    errors = []

    def racer():
        with app.app_context():
            try:
                start.wait(10)
                results.append(queue_message("sample", READER, SAMPLE, key=KEY))
                db.session.commit()
            except Exception as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=racer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(results) == [False] * 5 + [True]
    assert counts() == (1, 1)
