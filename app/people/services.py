"""Accounts: sign-in, passwords, language, deactivation, the reporting line, offices.

Services flush; the view or command that calls them commits once.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, select, update

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.database import utcnow
from app.extensions import db
from app.i18n import LANGUAGES
from app.notify.services import public_url, queue_message
from app.outbox.services import new_sealed_secret
from app.people.attempts import attempts_left, count_attempt
from app.people.models import Office, PasswordReset, Person
from app.people.passwords import (
    HashingParameters,
    PasswordContext,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from app.people.sessions import end_all_sign_in_sessions, end_sign_in_session, token_digest


def hashing_parameters() -> HashingParameters:
    config = current_app.config
    return HashingParameters(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def normalise_email(raw: str) -> str:
    return (raw or "").strip().lower()


def find_person_by_email(email: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.email == normalise_email(email)))


def has_reports(person: Person) -> bool:
    """A manager is anyone with at least one active report: the role is derived, never stored."""
    loaded = getattr(person, "has_active_reports", None)  # read with the sign-in session
    if loaded is not None:
        return loaded
    query = select(exists().where(Person.manager_id == person.id, Person.active.is_(True)))
    return bool(db.session.scalar(query))


def set_password(person: Person, password: str) -> None:
    """Every route that sets a password comes here, so a reset link asked for earlier dies."""
    person.password_hash = hash_password(password, hashing_parameters())
    person.password_changed_at = utcnow()
    cancel_password_resets(person)


def cancel_password_resets(person: Person) -> None:
    """Void every reset link of this person that is still unused."""
    if person.id is None:  # not flushed yet: nobody can have asked for a link
        return
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.person_id == person.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )


def new_password_problem(person: Person, password: str) -> str | None:
    """Why this person may not choose this password, or None."""
    context = PasswordContext(
        company=current_app.config["COMPANY_NAME"],
        email=person.email,
        names=(person.display_name or "",),
    )
    return password_problem(password, context)


def authenticate(email: str, password: str, origin: RequestOrigin) -> Person | None:
    """The active person with this e-mail and password, or None. Same cost either way."""
    person = find_person_by_email(email)
    parameters = hashing_parameters()
    stored = person.password_hash if person is not None else None
    if not verify_password(stored, password, parameters):
        record_event(
            "sign_in.failure", origin=origin, subject=person, details=typed_email(email, person)
        )
        return None
    if not person.active:
        record_event("sign_in.inactive", origin=origin, subject=person)
        return None
    if needs_rehash(person.password_hash, parameters):
        person.password_hash = hash_password(password, parameters)
        record_event("password.rehashed", origin=origin, actor=person, subject=person)
    return person


def typed_email(typed: str, person: Person | None) -> dict[str, str]:
    """What the audit log keeps of an e-mail box: a known account's address, else only a keyed
    hash of the text, for someone may have typed a passphrase there. Equal texts hash alike, so
    repeated tries still show; without the secret key the hash cannot be tried against guesses."""
    if person is not None:
        return {"email": person.email}
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, normalise_email(typed).encode(), hashlib.sha256).hexdigest()
    return {"typed_hash": digest[:16]}


class TooManyPasswordGuesses(Exception):
    """Too many wrong current passwords: the session that sent them has been ended."""


def change_password(
    person: Person, current: str, new: str, keep_token: str | None, origin: RequestOrigin
) -> str | None:
    """Change a password after checking the current one; every other session ends.

    Wrong current passwords are counted per account like failed sign-ins: past the limit the
    session is ended (TooManyPasswordGuesses), so a stolen session cannot guess at leisure."""
    guesses = f"person:{person.id}"
    if not attempts_left("PASSWORD_CHANGE_LIMIT", "password-change", guesses):
        end_sign_in_session(keep_token, "password_guesses")
        record_event("password.change_stopped", origin=origin, actor=person, subject=person)
        raise TooManyPasswordGuesses
    if not verify_password(person.password_hash, current, hashing_parameters()):
        count_attempt("PASSWORD_CHANGE_LIMIT", "password-change", guesses)
        record_event("password.change_refused", origin=origin, actor=person, subject=person)
        return _("Your current password is not right.")
    problem = new_password_problem(person, new)
    if problem:
        return problem
    set_password(person, new)
    end_all_sign_in_sessions(person, "password_changed", keep_token=keep_token)
    record_event("password.changed", origin=origin, actor=person, subject=person)
    return None


def request_password_reset(email: str, origin: RequestOrigin) -> None:
    """Queue a reset link for an active account; says nothing about whether it exists.

    Counted per recipient, known or not, so that many clients cannot flood one mailbox; past the
    limit nothing is queued and the caller answers as always."""
    person = find_person_by_email(email)
    recipient = normalise_email(email)
    if not count_attempt("PASSWORD_RESET_LIMIT_PER_RECIPIENT", "reset-recipient", recipient):
        record_event("password.reset_limited", origin=origin, subject=person)
        return
    if person is None or not person.active:
        record_event("password.reset_unknown", origin=origin, details=typed_email(email, person))
        return
    cancel_password_resets(person)  # only the newest link works
    # The outbox stores a placeholder and makes the token only when it sends (outbox/services.py).
    placeholder, token = new_sealed_secret()
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    db.session.add(
        PasswordReset(
            person_id=person.id,
            token_hash=token_digest(token),
            expires_at=utcnow() + timedelta(hours=hours),
        )
    )
    # The link comes from PUBLIC_BASE_URL, never from the request's Host header.
    link = public_url("people.open_reset_link", token=token).replace(token, placeholder)
    queue_message("password_reset", person, {"link": link, "hours": hours}, sensitive=True)
    record_event("password.reset_requested", origin=origin, subject=person)


def usable_reset(token: str) -> PasswordReset | None:
    """The unused, unexpired reset of an active person; a deactivated person's link is refused
    like an unknown one."""
    reset = db.session.scalar(
        select(PasswordReset)
        .join(Person, Person.id == PasswordReset.person_id)
        .where(PasswordReset.token_hash == token_digest(token), Person.active.is_(True))
    )
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow():
        return None
    return reset


def reset_password(token: str, new_password: str, origin: RequestOrigin) -> str | None:
    """Spend a reset token once: set the password, end every session, void other tokens."""
    reset = usable_reset(token)
    if reset is None:
        return _("This reset link is no longer valid. Ask for a new one.")
    person = db.session.get(Person, reset.person_id)
    problem = new_password_problem(person, new_password)
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
    set_password(person, new_password)  # older links die with this one
    end_all_sign_in_sessions(person, "password_reset")
    record_event("password.reset", origin=origin, actor=person, subject=person)
    return None


def set_language(person: Person, language: str) -> bool:
    if language not in LANGUAGES:
        return False
    person.language = language
    return True


def deactivate_person(person: Person, actor: Person | None, origin: RequestOrigin) -> None:
    """A leaver keeps their records; they just cannot sign in any more."""
    if not person.active:
        return
    person.active = False
    person.deactivated_at = utcnow()
    end_all_sign_in_sessions(person, "deactivated")
    cancel_password_resets(person)
    record_event("person.deactivated", origin=origin, actor=actor, subject=person)


class OfficeError(ValueError):
    """An office cannot be created as asked; the message says why."""


def add_office(
    code: str, name: str, country: str, timezone_name: str, origin: RequestOrigin
) -> Office:
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
    record_event("office.created", origin=origin, details={"code": code})
    return office
