"""Issuing: one certificate per completed cycle, in the completion's transaction.

``issue_certificate`` is called explicitly by learning's completion when a track is completed,
so that the completion and its certificate commit together or not at all. The unique key on
(person, track, cycle) makes a racing second issue fail in its savepoint, and the serial comes
from a counter row whose update holds its lock to the end of the transaction, so serials are
sequential per year with no gap and no repeat.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.certificates.badges import hashed_identity
from app.certificates.dates import valid_until
from app.certificates.models import VALID, Certificate, SerialCounter
from app.content.models import Track
from app.database import utcnow
from app.extensions import db
from app.people.models import Person
from app.timezones import zone_of

CODE_BYTES = 24  # 192 random bits in the verification code (the issue asks for 128 or more)


@dataclass(frozen=True)
class CompletedCycle:
    """What issuing needs of the completion that earns the certificate."""

    completion_id: int
    cycle: int
    grade: float | None  # the mean of the cycle's course grades, within [0, 1]


def issue_certificate(
    person: Person, track: Track, completed: CompletedCycle, *, origin: RequestOrigin
) -> Certificate | None:
    """Issue ``person``'s certificate for ``track`` in the completed cycle; None if that cycle's
    certificate exists already. Flush only (in a savepoint): the caller's transaction commits
    it with the completion. Its PDF is rendered once that transaction has committed."""
    now = utcnow()
    issued_on = now.astimezone(zone_of(person, current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    issued_on = issued_on.date()
    salt = secrets.token_hex(16)
    try:
        with db.session.begin_nested():
            year = issued_on.year
            number = next_serial_number(year)
            certificate = Certificate(
                serial=format_serial(year, number),
                serial_year=year,
                serial_number=number,
                verification_code=secrets.token_urlsafe(CODE_BYTES),
                person_id=person.id,
                track_id=track.id,
                cycle=completed.cycle,
                completion_id=completed.completion_id,
                issued_at=now,
                holder_name=person.display_name,
                language=person.language,
                track_slug=track.slug,
                track_title=dict(track.title),
                grade=completed.grade,
                credits=track.champion_credits,
                valid_from=issued_on,
                valid_until=valid_until(issued_on, track.validity_months),
                template_version=template_version(),
                accent_colour=track.colour,
                issuer=issuer(),
                identity_salt=salt,
                identity_hash=hashed_identity(person.email, salt),
                state=VALID,
                render_requested_at=now,
            )
            db.session.add(certificate)
    except IntegrityError:
        return None
    record_event(
        "certificate.issue",
        origin=origin,
        actor=person,
        subject=person,
        details={"serial": certificate.serial, "track": track.slug, "cycle": completed.cycle},
    )
    return certificate


def format_serial(year: int, number: int) -> str:
    return f"RL-{year}-{number:06d}"


def next_serial_number(year: int) -> int:
    """Take the year's next serial number: the counter's update locks its row until the
    transaction ends, so a racing issue waits and takes the number after."""
    statement = (
        update(SerialCounter)
        .where(SerialCounter.year == year)
        .values(last=SerialCounter.last + 1)
        .returning(SerialCounter.last)
    )
    number = db.session.execute(statement).scalar()
    if number is not None:
        return number
    dialect = sqlite if db.engine.dialect.name == "sqlite" else postgresql
    first = dialect.insert(SerialCounter).values(year=year, last=0).on_conflict_do_nothing()
    db.session.execute(first)
    return db.session.execute(statement).scalar_one()


def issuer() -> dict:
    """The issuer as every certificate issued now states it."""
    config = current_app.config
    return {
        "name": config["CERTIFICATE_ISSUER"],
        "signatory": config["CERTIFICATE_SIGNATORY"],
        "signatory_title": config["CERTIFICATE_SIGNATORY_TITLE"],
        "url": config["PUBLIC_BASE_URL"],
    }


def template_version() -> str:
    """The version ``certificates/template.yml`` declares for the template in use."""
    path = Path(current_app.config["CERTIFICATE_TEMPLATES"]) / "template.yml"
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["version"])
