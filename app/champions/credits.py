"""Champion credits, read from certificates each time: the sum of the credits of a person's
valid certificates, counting only the latest cycle of each track. A certificate is valid while
it is not revoked and its last valid day (``valid_until``) is not past where its holder works,
so credits lapse the day it expires or the moment it is revoked; nothing is stored to go stale.

The same rule twice: ``counted_certificates`` for certificates already loaded (one person's
page) and ``counting_certificates`` as SQL (the directory and the roster, for many people).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Date, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from app.certificates.models import VALID, Certificate
from app.certificates.states import certificate_state
from app.database import utcnow
from app.extensions import db
from app.people.models import Office, Person


@dataclass(frozen=True)
class LocalDays:
    """The date it is in each office (and for people without one), since a certificate's last
    valid day is a calendar day where its holder works."""

    by_office: Mapping[int, date]
    default: date

    def sql(self, office_id_column):
        """SQL: the date it is in the office of each row's person."""
        default = literal(self.default, Date)
        if not self.by_office:  # CASE needs at least one WHEN
            return default
        whens = {office_id: literal(day, Date) for office_id, day in self.by_office.items()}
        return case(whens, value=office_id_column, else_=default)


def local_days(offices: Iterable[Office], now: datetime | None = None) -> LocalDays:
    now = now or utcnow()
    default = now.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    by_office = {office.id: now.astimezone(ZoneInfo(office.timezone)).date() for office in offices}
    return LocalDays(by_office, default)


def all_offices() -> list[Office]:
    return list(db.session.scalars(select(Office).order_by(Office.name)))


def office_choices(offices: Iterable[Office]) -> list[tuple[str, str]]:
    """(code, name) of each office, for a filter's options."""
    return [(office.code, office.name) for office in offices]


def counted_certificates(certificates: Iterable, today: date) -> list:
    """Those of one person's certificates whose credits count on ``today``: the latest cycle of
    each track, if it is valid."""
    latest: dict[int, object] = {}
    for certificate in certificates:
        held = latest.get(certificate.track_id)
        if held is None or certificate.cycle > held.cycle:
            latest[certificate.track_id] = certificate
    return [c for c in latest.values() if certificate_state(c, today) == VALID]


def counting_certificates(days: LocalDays, *columns):
    """SQL: a select of ``columns`` over the certificates that count now, with their holder
    joined (``Person``): valid where the holder works, and of the latest cycle of its track."""
    newer = aliased(Certificate)
    later_cycle = exists().where(
        newer.person_id == Certificate.person_id,
        newer.track_id == Certificate.track_id,
        newer.cycle > Certificate.cycle,
    )
    return (
        select(*columns)
        .select_from(Certificate)
        .join(Person, Person.id == Certificate.person_id)
        .where(
            Certificate.state == VALID,
            or_(
                Certificate.valid_until.is_(None),
                Certificate.valid_until >= days.sql(Person.office_id),
            ),
            ~later_cycle,
        )
    )


def credits_by_person(days: LocalDays):
    """SQL: a subquery of (person_id, credits) for every person whose certificates count."""
    return (
        counting_certificates(
            days, Certificate.person_id, func.sum(Certificate.credits).label("credits")
        )
        .group_by(Certificate.person_id)
        .subquery("champion_credits")
    )
