"""Sign-in sessions: one server-side record per browser sign-in, which the cookie's token names.

The cookie counts only while its record is open, its person active and within the timeouts.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.orm import aliased, joinedload, lazyload, with_expression

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.database import utcnow
from app.extensions import db
from app.people.models import Person, SignInSession
from app.people.user_agents import describe_device

# The key of the Flask session that carries the sign-in token.
SESSION_TOKEN_KEY = "sid"  # noqa: S105 (a session key name, not a secret)

# Updating last_seen_at on every request would write on every page view; a minute is precise enough.
TOUCH_INTERVAL = timedelta(seconds=60)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_sign_in_session(person: Person, origin: RequestOrigin, user_agent: str) -> str:
    """Record a new sign-in and return the token the session cookie will carry."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        SignInSession(
            token_hash=token_digest(token),
            person_id=person.id,
            ip=origin.ip[:45],
            user_agent=(user_agent or "")[:200],
        )
    )
    record_event("sign_in.success", origin=origin, actor=person, subject=person)
    return token


@cache
def session_query():
    """One query for every signed-in request: the session, the person with their roles and
    whether they have active reports (the layout's menu, the manager policy) and office (the
    time zone of every time shown). The manager is left to the page that shows them: loading
    a second person on every request costs more than the query.
    Built once: the same statement object spares SQLAlchemy its cache key on every request."""
    report = aliased(Person)
    has_reports = exists().where(report.manager_id == Person.id, report.active.is_(True))
    return (
        select(SignInSession, Person)
        .join(Person, Person.id == SignInSession.person_id)
        .where(SignInSession.token_hash == bindparam("token_hash"))
        .options(
            joinedload(Person.granted_roles),
            lazyload(Person.manager),
            with_expression(Person.has_active_reports, has_reports),
        )
    )


def person_for_session(person_id: int, token: str | None, now: datetime) -> Person | None:
    """The signed-in person if this cookie's session is still open, active and within timeouts."""
    if not token:
        return None
    found = (
        db.session.execute(session_query(), {"token_hash": token_digest(token)}).unique().first()
    )
    if found is None:
        return None
    record, person = found
    if record.ended_at is not None or record.person_id != person_id:
        return None
    config = current_app.config
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    if now - record.last_seen_at > idle or now - record.created_at > absolute:
        _end_sessions_now(SignInSession.id == record.id, "timeout", now)
        return None
    if not person.active:
        return None
    if now - record.last_seen_at > TOUCH_INTERVAL:
        _touch(record.id, now)
    return person


def _touch(record_id: int, now: datetime) -> None:
    # Bookkeeping in its own short transaction, so it never rides on (or commits) the request's.
    with db.engine.begin() as connection:
        connection.execute(
            update(SignInSession).where(SignInSession.id == record_id).values(last_seen_at=now)
        )


def _end_sessions_now(condition, reason: str, now: datetime) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            update(SignInSession)
            .where(condition, SignInSession.ended_at.is_(None))
            .values(ended_at=now, end_reason=reason)
        )


def end_sign_in_session(token: str | None, reason: str) -> None:
    if token:
        db.session.execute(
            update(SignInSession)
            .where(
                SignInSession.token_hash == token_digest(token), SignInSession.ended_at.is_(None)
            )
            .values(ended_at=utcnow(), end_reason=reason)
        )


def sign_out(person: Person, token: str | None, origin: RequestOrigin) -> None:
    end_sign_in_session(token, "logout")
    record_event("sign_out", origin=origin, actor=person, subject=person)


def end_all_sign_in_sessions(person: Person, reason: str, keep_token: str | None = None) -> int:
    """End the person's open sessions (but the one of ``keep_token``); how many were open."""
    condition = [SignInSession.person_id == person.id, SignInSession.ended_at.is_(None)]
    if keep_token:
        condition.append(SignInSession.token_hash != token_digest(keep_token))
    result = db.session.execute(
        update(SignInSession).where(*condition).values(ended_at=utcnow(), end_reason=reason)
    )
    return result.rowcount


# --- the sessions a person (or an admin) sees and ends ------------------------------------------


@dataclass(frozen=True)
class OpenSession:
    """A session that still counts, as its page shows it."""

    id: int
    device: str
    ip: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def open_sessions(person: Person, now: datetime, current_token: str | None = None):
    """The person's sessions that still count (open, within the timeouts), latest seen first;
    the one of ``current_token`` is marked."""
    config = current_app.config
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    records = db.session.scalars(
        select(SignInSession)
        .where(
            SignInSession.person_id == person.id,
            SignInSession.ended_at.is_(None),
            SignInSession.last_seen_at >= now - idle,
            SignInSession.created_at >= now - absolute,
        )
        .order_by(SignInSession.last_seen_at.desc(), SignInSession.id.desc())
    )
    current_hash = token_digest(current_token) if current_token else None
    return [
        OpenSession(
            id=record.id,
            device=describe_device(record.user_agent),
            ip=record.ip,
            created_at=record.created_at,
            last_seen_at=record.last_seen_at,
            current=record.token_hash == current_hash,
        )
        for record in records
    ]


def end_own_session(person: Person, session_id: int, origin: RequestOrigin) -> bool:
    """End one of the person's own open sessions; False (nothing changed) if the id names no
    open session of theirs, someone else's included."""
    result = db.session.execute(
        update(SignInSession)
        .where(
            SignInSession.id == session_id,
            SignInSession.person_id == person.id,
            SignInSession.ended_at.is_(None),
        )
        .values(ended_at=utcnow(), end_reason="ended_by_person")
    )
    if result.rowcount != 1:
        return False
    record_event(
        "session.ended",
        origin=origin,
        actor=person,
        subject=person,
        details={"session": session_id},
    )
    return True


def end_other_sessions(person: Person, current_token: str | None, origin: RequestOrigin) -> int:
    """Sign the person out everywhere but in this session; how many sessions ended."""
    return _end_and_record(
        person,
        "ended_by_person",
        "session.ended_others",
        actor=person,
        origin=origin,
        keep_token=current_token,
    )


def end_sessions_by_admin(admin: Person, person: Person, origin: RequestOrigin) -> int:
    """An admin ends every session of a person (who may sign in again); how many ended."""
    return _end_and_record(
        person, "ended_by_admin", "session.ended_by_admin", actor=admin, origin=origin
    )


def _end_and_record(person, reason, action, *, actor, origin, keep_token=None) -> int:
    count = end_all_sign_in_sessions(person, reason, keep_token=keep_token)
    record_event(action, origin=origin, actor=actor, subject=person, details={"count": count})
    return count
