"""A refused or interrupted delivery is never lost: it stays pending, is tried again after an
exponential backoff, and is marked failed only after the most attempts; a claim whose sender
died lapses and the message goes out once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.database import utcnow
from app.extensions import db
from app.outbox.delivery import RetryPolicy, claim_next_email, record_outcome
from app.outbox.models import OutboxMessage
from app.outbox.services import queue_email
from tests.smtp_server import send

BASE = timedelta(seconds=60)


@pytest.fixture
def clock():
    with time_machine.travel(utcnow(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def retrying(app):
    app.config.update(
        OUTBOX_MAX_ATTEMPTS=3,
        OUTBOX_RETRY_BASE_SECONDS=60,
        OUTBOX_RETRY_CAP_SECONDS=200,
        OUTBOX_LEASE_SECONDS=300,
    )
    return app


def the_message() -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalar(select(OutboxMessage))


def queue_one(subject="Rappel") -> None:
    queue_email("ada@relais.example", subject, "Bonjour")
    db.session.commit()


def test_a_temporary_refusal_stays_pending_with_the_answer_and_a_next_attempt(
    retrying, smtp_server, clock
):
    _handler, port = smtp_server(refusal="451 4.3.0 Try again later")
    queue_one()
    result = send(retrying, port)
    assert (result.exit_code, result.output.strip()) == (1, "sent 0, failed 1")
    message = the_message()
    assert (message.state, message.attempts, message.sent_at) == ("pending", 1, None)
    assert message.last_error == "SMTPDataError: (451, b'4.3.0 Try again later')"
    assert message.next_attempt_at == utcnow() + BASE
    assert (message.claim_token, message.claimed_until) == (None, None)


def test_a_refused_message_is_not_tried_again_before_its_backoff(retrying, smtp_server, clock):
    handler, port = smtp_server(refusal="451 4.3.0 Try again later")
    queue_one()
    send(retrying, port)
    clock.shift(BASE - timedelta(seconds=1))
    result = send(retrying, port)
    assert (result.exit_code, result.output.strip()) == (0, "sent 0, failed 0")
    assert handler.refused == 1
    assert the_message().attempts == 1


def test_the_backoff_doubles_then_the_accepted_retry_is_delivered_once(
    retrying, smtp_server, clock
):
    handler, port = smtp_server(refusal="421 4.7.0 Too busy")
    queue_one()
    send(retrying, port)
    clock.shift(BASE)
    send(retrying, port)
    assert the_message().next_attempt_at == utcnow() + 2 * BASE
    handler.refusal = None  # the server accepts again
    clock.shift(2 * BASE)
    result = send(retrying, port)
    assert (result.exit_code, result.output.strip()) == (0, "sent 1, failed 0")
    message = the_message()
    assert (message.state, message.attempts, message.last_error) == ("sent", 3, "")
    assert message.sent_at == utcnow()
    clock.shift(timedelta(days=1))
    assert send(retrying, port).output.strip() == "sent 0, failed 0"
    assert (handler.refused, len(handler.envelopes)) == (2, 1)


def test_the_wait_never_exceeds_the_cap():
    policy = RetryPolicy(
        max_attempts=10, base=BASE, cap=timedelta(seconds=100), lease=timedelta(minutes=5)
    )
    waits = [policy.delay_after(attempts).total_seconds() for attempts in range(1, 6)]
    assert waits == [60, 100, 100, 100, 100]


def test_after_the_most_attempts_the_message_is_failed_and_left_alone(retrying, smtp_server, clock):
    handler, port = smtp_server(refusal="550 5.1.1 Mailbox unavailable")
    queue_one()
    for wait in (BASE, 2 * BASE, BASE):
        send(retrying, port)
        clock.shift(wait)
    message = the_message()
    assert (message.state, message.attempts) == ("failed", 3)
    assert message.last_error == "SMTPDataError: (550, b'5.1.1 Mailbox unavailable')"
    handler.refusal = None
    clock.shift(timedelta(days=7))
    assert send(retrying, port).output.strip() == "sent 0, failed 0"
    assert (handler.refused, handler.envelopes) == (3, [])


def test_an_unreachable_server_counts_as_a_failed_attempt(retrying, clock):
    queue_one()
    result = send(retrying, 9)  # nothing listens on the discard port
    assert result.output.strip() == "sent 0, failed 1"
    message = the_message()
    assert (message.state, message.attempts) == ("pending", 1)
    assert message.last_error.startswith("ConnectionRefusedError")


def crashed_sender_claims(app) -> None:
    """What a sender that died right after claiming leaves behind: a committed claim."""
    assert claim_next_email(utcnow(), RetryPolicy.from_config(app.config)) is not None
    db.session.commit()


def test_a_message_claimed_by_a_sender_that_died_waits_for_the_lease(retrying, smtp_server, clock):
    handler, port = smtp_server()
    queue_one()
    crashed_sender_claims(retrying)
    clock.shift(timedelta(seconds=299))
    assert send(retrying, port).output.strip() == "sent 0, failed 0"
    assert handler.envelopes == []
    assert the_message().attempts == 1


def test_a_lapsed_claim_is_retried_and_delivered_once(retrying, smtp_server, clock):
    handler, port = smtp_server()
    queue_one()
    crashed_sender_claims(retrying)
    clock.shift(timedelta(seconds=300))
    assert send(retrying, port).output.strip() == "sent 1, failed 0"
    assert send(retrying, port).output.strip() == "sent 0, failed 0"
    assert len(handler.envelopes) == 1
    message = the_message()
    assert (message.state, message.attempts) == ("sent", 2)


def test_a_sender_that_died_on_the_last_attempt_leaves_a_failed_message_not_a_stuck_one(
    retrying, smtp_server, clock
):
    handler, port = smtp_server()
    queue_one()
    for _ in range(3):  # three senders, each dead after claiming
        crashed_sender_claims(retrying)
        clock.shift(timedelta(seconds=300))
    result = send(retrying, port)
    assert (result.exit_code, result.output.strip()) == (1, "sent 0, failed 1")
    message = the_message()
    assert (message.state, message.attempts) == ("failed", 4)
    assert message.last_error == "the last attempt was interrupted; no attempt is left"
    assert handler.envelopes == []


def test_a_late_outcome_from_a_sender_whose_claim_was_taken_over_changes_nothing(
    retrying, smtp_server, clock
):
    _handler, port = smtp_server()
    queue_one()
    policy = RetryPolicy.from_config(retrying.config)
    slow = claim_next_email(utcnow(), policy)
    db.session.commit()
    clock.shift(timedelta(seconds=300))
    assert send(retrying, port).output.strip() == "sent 1, failed 0"
    record_outcome(slow, "SMTPServerDisconnected: too late", utcnow(), policy)
    db.session.commit()
    message = the_message()
    assert (message.state, message.last_error) == ("sent", "")


def test_messages_go_out_in_the_order_they_fall_due(retrying, smtp_server, clock):
    handler, port = smtp_server()
    for subject in ("first", "second", "third"):
        queue_one(subject)
    assert send(retrying, port).output.strip() == "sent 3, failed 0"
    assert [mail["Subject"] for mail in handler.received()] == ["first", "second", "third"]
