"""Accounts: sign-in, server-side sessions, passwords, language, deactivation, the reporting line.

Services flush; the view or command that calls them commits once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, select, update

from app.admin.services import queue_email, record_event
from app.database import utcnow
from app.extensions import db
from app.people.models import LANGUAGES, Office, PasswordReset, Person, SignInSession
from app.people.passwords import (
    HashingParameters,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)

# Updating last_seen_at on every request would write on every page view; a minute is precise enough.
TOUCH_INTERVAL = timedelta(seconds=60)


def hashing_parameters() -> HashingParameters:
    config = current_app.config
    return HashingParameters(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(raw: str) -> str:
    return (raw or "").strip().lower()


def find_person_by_email(email: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.email == normalise_email(email)))


def has_reports(person: Person) -> bool:
    """A manager is anyone with at least one active report: the role is derived, never stored."""
    query = select(exists().where(Person.manager_id == person.id, Person.active.is_(True)))
    return bool(db.session.scalar(query))


def direct_reports(person: Person) -> list[Person]:
    query = select(Person).where(Person.manager_id == person.id).order_by(Person.display_name)
    return list(db.session.scalars(query))


def set_password(person: Person, password: str) -> None:
    person.password_hash = hash_password(password, hashing_parameters())
    person.password_changed_at = utcnow()


def authenticate(email: str, password: str) -> Person | None:
    """The active person with this e-mail and password, or None. Same cost either way."""
    person = find_person_by_email(email)
    parameters = hashing_parameters()
    stored = person.password_hash if person is not None else None
    if not verify_password(stored, password, parameters):
        record_event("sign_in.failure", subject=person, details={"email": normalise_email(email)})
        return None
    if not person.active:
        record_event("sign_in.inactive", subject=person)
        return None
    if needs_rehash(person.password_hash, parameters):
        person.password_hash = hash_password(password, parameters)
        record_event("password.rehashed", actor=person, subject=person)
    return person


def start_sign_in_session(person: Person, ip: str, user_agent: str) -> str:
    """Record a new sign-in and return the token the session cookie will carry."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        SignInSession(
            token_hash=token_digest(token),
            person_id=person.id,
            ip=ip[:45],
            user_agent=(user_agent or "")[:200],
        )
    )
    record_event("sign_in.success", actor=person, subject=person)
    return token


def person_for_session(person_id: int, token: str | None, now: datetime) -> Person | None:
    """The signed-in person if this cookie's session is still open, active and within timeouts."""
    if not token:
        return None
    record = db.session.scalar(
        select(SignInSession).where(SignInSession.token_hash == token_digest(token))
    )
    if record is None or record.ended_at is not None or record.person_id != person_id:
        return None
    config = current_app.config
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    if now - record.last_seen_at > idle or now - record.created_at > absolute:
        _end_sessions_now(SignInSession.id == record.id, "timeout", now)
        return None
    person = db.session.get(Person, person_id)
    if person is None or not person.active:
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


def sign_out(person: Person, token: str | None) -> None:
    end_sign_in_session(token, "logout")
    record_event("sign_out", actor=person, subject=person)


def end_all_sign_in_sessions(person: Person, reason: str, keep_token: str | None = None) -> None:
    condition = [SignInSession.person_id == person.id, SignInSession.ended_at.is_(None)]
    if keep_token:
        condition.append(SignInSession.token_hash != token_digest(keep_token))
    db.session.execute(
        update(SignInSession).where(*condition).values(ended_at=utcnow(), end_reason=reason)
    )


def change_password(person: Person, current: str, new: str, keep_token: str | None) -> str | None:
    """Change a password after checking the current one; every other session ends."""
    if not verify_password(person.password_hash, current, hashing_parameters()):
        record_event("password.change_refused", actor=person, subject=person)
        return _("Your current password is not right.")
    problem = password_problem(new, person.email)
    if problem:
        return problem
    set_password(person, new)
    end_all_sign_in_sessions(person, "password_changed", keep_token=keep_token)
    record_event("password.changed", actor=person, subject=person)
    return None


def request_password_reset(email: str) -> None:
    """Queue a reset link for an active account; says nothing about whether it exists."""
    person = find_person_by_email(email)
    if person is None or not person.active:
        record_event("password.reset_unknown", details={"email": normalise_email(email)})
        return
    token = secrets.token_urlsafe(32)
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    db.session.add(
        PasswordReset(
            person_id=person.id,
            token_hash=token_digest(token),
            expires_at=utcnow() + timedelta(hours=hours),
        )
    )
    # The link comes from configuration, never from the request's Host header.
    link = current_app.config["PUBLIC_BASE_URL"] + url_for("people.open_reset_link", token=token)
    with force_locale(person.language):
        subject = _("Reset your Relais password")
        body = _(
            "Someone asked to reset the password of your Relais account.\n\n"
            "To choose a new password, open this link within %(hours)d hour(s):\n%(link)s\n\n"
            "If you did not ask for it, ignore this message: your password stays as it is.",
            hours=hours,
            link=link,
        )
    queue_email(person.email, subject, body, sensitive=True)
    record_event("password.reset_requested", subject=person)


def usable_reset(token: str) -> PasswordReset | None:
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == token_digest(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow():
        return None
    return reset


def reset_password(token: str, new_password: str) -> str | None:
    """Spend a reset token once: set the password, end every session, void other tokens."""
    reset = usable_reset(token)
    if reset is None:
        return _("This reset link is no longer valid. Ask for a new one.")
    person = db.session.get(Person, reset.person_id)
    problem = password_problem(new_password, person.email)
    if problem:
        return problem
    now = utcnow()
    spent = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    if spent.rowcount == 0:  # a concurrent request spent it first
        return _("This reset link is no longer valid. Ask for a new one.")
    db.session.execute(  # older links die with this one
        update(PasswordReset)
        .where(PasswordReset.person_id == person.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    set_password(person, new_password)
    end_all_sign_in_sessions(person, "password_reset")
    record_event("password.reset", actor=person, subject=person)
    return None


def set_language(person: Person, language: str) -> bool:
    if language not in LANGUAGES:
        return False
    person.language = language
    return True


def deactivate_person(person: Person, actor: Person | None) -> None:
    """A leaver keeps their records; they just cannot sign in any more."""
    if not person.active:
        return
    person.active = False
    person.deactivated_at = utcnow()
    end_all_sign_in_sessions(person, "deactivated")
    record_event("person.deactivated", actor=actor, subject=person)


def manager_chain_has_cycle(person_id: int | None, manager_id: int | None, managers: dict) -> bool:
    """Would ``person_id`` reporting to ``manager_id`` close a loop, given ``managers``?"""
    seen = set()
    current = manager_id
    while current is not None:
        if current == person_id or current in seen:
            return True
        seen.add(current)
        current = managers.get(current)
    return False


class OfficeError(ValueError):
    """An office cannot be created as asked; the message says why."""


def add_office(code: str, name: str, country: str, timezone_name: str) -> Office:
    """Create an office; the code is what people files use in their office column."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    code = code.strip().lower()
    if not code or len(code) > 40 or not all(c.isalnum() or c == "-" for c in code):
        raise OfficeError("the code must be letters, digits and hyphens (at most 40)")
    if db.session.scalar(select(Office).where(Office.code == code)) is not None:
        raise OfficeError(f"an office with the code {code} already exists")
    if len(country.strip()) != 2 or not country.strip().isalpha():
        raise OfficeError("the country must be a two-letter ISO code such as FR")
    try:
        ZoneInfo(timezone_name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise OfficeError(f"unknown time zone {timezone_name}") from error
    office = Office(
        code=code, name=name.strip(), country=country.strip().upper(), timezone=timezone_name
    )
    db.session.add(office)
    db.session.flush()
    record_event("office.created", details={"code": code})
    return office
