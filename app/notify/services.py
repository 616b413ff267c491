"""Messages from templates: rendered in the recipient's language and time zone, with links to the
public site, and queued into the outbox at most once per key.

A message of kind ``k`` has three templates: ``email/k.subject.txt``, ``email/k.txt`` (the
plain text) and ``email/k.html`` (its HTML alternative, autoescaped). They are rendered outside
any page, so they get their helpers from the context (``public_url``, ``format_date``, …) and
never the page filters, which follow the signed-in person rather than the recipient.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
from app.outbox.services import queue_email
from app.timezones import date_text, datetime_text, zone_of

# A kind names template files: letters, digits and underscores, nothing that walks a path.
KIND = re.compile(r"[a-z][a-z0-9_]{0,59}")
KEY_LENGTH = 255
SUBJECT_LENGTH = 200
# Any run of white space, line breaks included, but the no-break spaces French typography puts
# before a colon or inside quotes: those stay where they are.
FOLDED_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


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
        values["subject"] = FOLDED_SPACE.sub(" ", subject).strip()[:SUBJECT_LENGTH]
        text = environment.get_template(f"email/{kind}.txt").render(values)
        html = environment.get_template(f"email/{kind}.html").render(values)
    return RenderedMessage(values["subject"], text, html)


def formatters(zone: ZoneInfo, locale: Locale) -> dict:
    """Dates, times and numbers as the recipient reads them."""
    return {
        "format_date": lambda day: date_text(day, zone, locale),
        "format_datetime": lambda moment: datetime_text(moment, zone, locale),
        "format_number": lambda value: number_text(value, locale),
        "format_percent": lambda percent: percent_text(percent, locale),
    }


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
    log_id = None
    if key is not None:
        log_id = log_once(key, kind, to.email)
        if log_id is None:
            return False
    rendered = render_message(kind, to, context or {})
    message = queue_email(
        to.email,
        rendered.subject,
        rendered.text,
        html_body=rendered.html,
        cc=cc,
        sensitive=sensitive,
    )
    if log_id is not None:
        db.session.flush()
        db.session.execute(
            update(MessageLog).where(MessageLog.id == log_id).values(outbox_message_id=message.id)
        )
    return True


def log_once(key: str, kind: str, recipient: str) -> int | None:
    """Insert the key's log row unless it exists; its id, or None when another call (another
    process, maybe still in its transaction) holds the key. PostgreSQL makes this insert wait
    for a concurrent one with the same key to commit or roll back; SQLite has one writer."""
    if len(key) > KEY_LENGTH:
        raise ValueError(f"a message key has at most {KEY_LENGTH} characters")
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(MessageLog)
        .values(key=key, kind=kind, recipient=recipient, queued_at=utcnow())
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(MessageLog.id)
    )
    return db.session.execute(statement).scalar()
