"""Helpers of the ``notify`` tests: a track, assignments opened at a given time, the command
and the delivery through the CLI runner, and what the SMTP server received."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import time_machine

from app.content.models import Track
from app.extensions import db
from app.learning.cycles import BY_PERSON, NewAssignment, open_assignments
from tests.smtp_server import send

TITLES = {"fr": "Employés", "en": "Employees"}
LINK = re.compile(r"https://\S+")


def make_track(slug: str = "employees", title: dict | None = None) -> Track:
    track = Track(
        slug=slug,
        audience="employees",
        title=title or TITLES,
        summary={"fr": "", "en": ""},
        validity_months=24,
        champion_credits=10,
        position=1,
    )
    db.session.add(track)
    db.session.flush()
    return track


def at(day: date, hour: int = 12) -> datetime:
    """Noon UTC on that day: the same date in Paris and in Québec."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def assign(person, track, *, on: date, due_on: date | None, origin=BY_PERSON, **extra) -> int:
    """Open an assignment as if on ``on``; its id."""
    new = NewAssignment(person.id, track.id, origin, due_on=due_on, **extra)
    [assignment_id] = open_assignments([new], now=at(on, 9))
    db.session.commit()
    return assignment_id


RENEWALS_OPENED = "renewals opened"


def notify_output(app, moment: datetime) -> dict[str, int]:
    """``flask notify`` at that moment; everything it counts: the renewals opened and the
    e-mails queued, by kind."""
    with time_machine.travel(moment, tick=False):
        result = app.test_cli_runner().invoke(args=["notify"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return {
        kind: int(count)
        for kind, count in (line.split(": ") for line in result.output.strip().splitlines())
    }


def notify(app, moment: datetime) -> dict[str, int]:
    """``flask notify`` at that moment; the e-mails it queued, by kind (the renewals' kinds
    only when it queued some)."""
    counted = notify_output(app, moment)
    counted.pop(RENEWALS_OPENED)
    return {
        kind: count for kind, count in counted.items() if count or not kind.startswith("renewal_")
    }


def deliver(app, smtp_server, moment: datetime, **server):
    """``outbox send`` at that moment to a fresh SMTP server; the mails it received."""
    handler, port = smtp_server(**server)
    with time_machine.travel(moment, tick=False):
        result = send(app, port)
    db.session.expire_all()
    return handler, result


def parts(mail) -> dict[str, str]:
    """Each part's text, its SMTP line ends (CRLF) read as newlines."""
    return {
        part.get_content_type(): part.get_content().replace("\r\n", "\n")
        for part in mail.iter_parts()
    }


def text_and_html(mail) -> tuple[str, str]:
    found = parts(mail)
    return found["text/plain"], found["text/html"]
