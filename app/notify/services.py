"""Messages from templates: rendered in the recipient's language and time zone, with links to the
public site, and queued into the outbox at most once per key.

A message of kind ``k`` has three templates: ``email/k.subject.txt``, ``email/k.txt`` (the
plain text) and ``email/k.html`` (its HTML alternative, autoescaped). They are rendered outside
any page, so they get their helpers from the context (``public_url``, ``format_date``, …) and
never the page filters, which follow the signed-in person rather than the recipient.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel import Locale
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from app.database import utcnow
from app.extensions import db
from app.i18n import LANGUAGES
from app.notify.models import MessageLog
from app.numbers import number_text, percent_text
from app.outbox.services import email_values, queue_email, queue_emails
from app.timezones import date_text, datetime_text, day_text, zone_of

# A kind names template files: letters, digits and underscores, nothing that walks a path.
KIND = re.compile(r"[a-z][a-z0-9_]{0,59}")
KEY_LENGTH = 255
SUBJECT_LENGTH = 200
# Runs of white space a subject is folded at: every kind but the no-break spaces, which French
# puts before "?", ":" and "!" ("Rappel : …") and which break no header.
BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


@dataclass(frozen=True)
class Recipient:
    """Whom a message is for, and how they read: language and time zone."""

    email: str
    language: str
    timezone: str
    name: str = ""


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


def recipient_of(person) -> Recipient:
    """A person as a recipient: their address, language and office's time zone."""
    zone = zone_of(person, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return Recipient(
        email=person.email,
        language=person.language,
        timezone=zone.key,
        name=getattr(person, "display_name", ""),
    )


def public_url(endpoint: str, **values) -> str:
    """An absolute link to the site at PUBLIC_BASE_URL, never at the request's Host header;
    works outside requests too (a cron command has none)."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def message_key(kind: str, recipient_id, about: str = "", due=None, occurrence: int = 1) -> str:
    """The log key of one message: its kind, recipient, the thing it is about (``assignment:42``),
    the due date it concerns and which occurrence it is (the 2nd weekly reminder, …)."""
    parts = [kind, f"to:{recipient_id}"]
    if about:
        parts.append(about)
    if due is not None:
        parts.append(f"due:{due.isoformat()}")
    parts.append(f"n:{occurrence}")
    return "|".join(parts)


def render_message(kind: str, recipient: Recipient, context: dict) -> RenderedMessage:
    """Subject, text and HTML of a message, in the recipient's language and time zone."""
    if not KIND.fullmatch(kind):
        raise ValueError(f"not a message kind: {kind!r}")
    language = recipient.language if recipient.language in LANGUAGES else LANGUAGES[0]
    values = {
        **context,
        **formatters(ZoneInfo(recipient.timezone), Locale.parse(language)),
        "recipient": recipient,
        "public_url": public_url,
    }
    environment = current_app.jinja_env
    with force_locale(language):
        subject = environment.get_template(f"email/{kind}.subject.txt").render(values)
        # One line, whatever the template holds: a header cannot carry a line break.
        values["subject"] = " ".join(BREAKING_SPACE.split(subject.strip()))[:SUBJECT_LENGTH]
        text = environment.get_template(f"email/{kind}.txt").render(values)
        html = environment.get_template(f"email/{kind}.html").render(values)
    return RenderedMessage(values["subject"], text, html)


def formatters(zone: ZoneInfo, locale: Locale) -> dict:
    """Dates, times and numbers as the recipient reads them."""
    return {
        "format_date": lambda day: date_text(day, zone, locale),
        # "1er décembre 2026", "December 1, 2026": a date with its month in full.
        "format_long_date": lambda day: day_text(day, "long", locale),
        "format_datetime": lambda moment: datetime_text(moment, zone, locale),
        "format_number": lambda value: number_text(value, locale),
        "format_percent": lambda percent: percent_text(percent, locale),
    }


@dataclass(frozen=True)
class Message:
    """One message to queue once per key: its kind, recipient, template context and copies."""

    kind: str
    recipient: Recipient
    context: dict
    key: str
    cc: tuple[str, ...] = ()
    sensitive: bool = False


def queue_message(
    kind: str,
    recipient,
    context: dict | None = None,
    *,
    key: str | None = None,
    cc: Iterable[str] = (),
    sensitive: bool = False,
) -> bool:
    """Render a message for a person (or a ``Recipient``) and queue it in the caller's
    transaction. With a key, only the first call for that key queues anything, whichever
    process makes it: returns whether this call queued the message."""
    to = recipient if isinstance(recipient, Recipient) else recipient_of(recipient)
    if key is not None:
        message = Message(kind, to, context or {}, key, tuple(cc), sensitive)
        return bool(queue_messages([message]))
    rendered = render_message(kind, to, context or {})
    queue_email(
        to.email,
        rendered.subject,
        rendered.text,
        html_body=rendered.html,
        cc=cc,
        sensitive=sensitive,
    )
    return True


def queue_messages(messages: Sequence[Message]) -> list[Message]:
    """Queue each message whose key no call (of this or another process) has logged, in the
    caller's transaction and in three statements however many: the keys in one insert, the
    e-mails in another, the links between them in one update. The messages this call queued."""
    by_key: dict[str, Message] = {}
    for message in messages:
        by_key.setdefault(message.key, message)
    logged = log_keys(by_key.values())
    queued = [by_key[key] for key in sorted(logged)]
    ids = queue_emails([email_of(message) for message in queued])
    if queued:
        db.session.execute(
            update(MessageLog),
            [
                {"id": logged[message.key], "outbox_message_id": outbox_id}
                for message, outbox_id in zip(queued, ids, strict=True)
            ],
        )
    return queued


def email_of(message: Message) -> dict:
    rendered = render_message(message.kind, message.recipient, message.context)
    return email_values(
        message.recipient.email,
        rendered.subject,
        rendered.text,
        html_body=rendered.html,
        cc=message.cc,
        sensitive=message.sensitive,
    )


def log_keys(messages: Iterable[Message]) -> dict[str, int]:
    """Insert the log row of each key not logged yet; key → id of the rows this call inserted.
    A key another transaction holds (maybe still open) is left out: PostgreSQL makes the insert
    wait for that transaction to end, SQLite has one writer. The rows go in key order, so two
    runs inserting overlapping keys wait on each other in one direction, never in a cycle."""
    at = utcnow()
    rows = sorted(
        (
            {"key": m.key, "kind": m.kind, "recipient": m.recipient.email, "queued_at": at}
            for m in messages
        ),
        key=lambda row: row["key"],
    )
    if not rows:
        return {}
    if any(len(row["key"]) > KEY_LENGTH for row in rows):
        raise ValueError(f"a message key has at most {KEY_LENGTH} characters")
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(MessageLog)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(MessageLog.id, MessageLog.key)
    )
    return {row.key: row.id for row in db.session.execute(statement, rows)}
