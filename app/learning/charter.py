"""The company charter: the current version and who accepted which version, when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.content.models import Charter
from app.extensions import db
from app.learning.models import CharterAcceptance
from app.people.models import Person


class CharterChanged(Exception):
    """The person accepted a version that is no longer the current one."""


@dataclass(frozen=True)
class CharterStatus:
    charter: Charter | None
    accepted_at: datetime | None  # of the current version
    accepted_earlier: int | None  # the last older version this person accepted, if any

    @property
    def accepted(self) -> bool:
        return self.charter is not None and self.accepted_at is not None


def current_charter() -> Charter | None:
    return db.session.scalar(select(Charter).order_by(Charter.version.desc()).limit(1))


def charter_status(person: Person) -> CharterStatus:
    charter = current_charter()
    if charter is None:
        return CharterStatus(None, None, None)
    rows = db.session.execute(
        select(Charter.version, CharterAcceptance.accepted_at)
        .join(CharterAcceptance, CharterAcceptance.charter_id == Charter.id)
        .where(CharterAcceptance.person_id == person.id)
    ).all()
    return status_of(charter, dict(rows))


def status_of(charter, accepted: Mapping[int, datetime]) -> CharterStatus:
    """The status of the current ``charter`` (a row or a catalog entry) for a person who
    accepted the versions ``accepted`` (version → when)."""
    if charter is None:
        return CharterStatus(None, None, None)
    earlier = max((version for version in accepted if version < charter.version), default=None)
    return CharterStatus(charter, accepted.get(charter.version), earlier)


def accept_charter(person: Person, version: int, origin: RequestOrigin) -> bool:
    """Record that ``person`` accepts ``version``; False if they already had. Flush only."""
    charter = current_charter()
    if charter is None or charter.version != version:
        raise CharterChanged
    if db.session.get(CharterAcceptance, (person.id, charter.id)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(CharterAcceptance(person_id=person.id, charter_id=charter.id))
    except IntegrityError:  # the same person accepting in two tabs at once
        return False
    record_event(
        "charter.accept", origin=origin, actor=person, subject=person, details={"version": version}
    )
    return True
