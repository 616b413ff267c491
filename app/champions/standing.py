"""My champion page: my credits and level, what the next level needs, every certificate I hold
(all cycles), and my choice to appear in the directory, which I may make and withdraw at any
time (audited). A fixed number of queries, however many certificates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.certificates.models import Certificate, CertificateDocument
from app.champions.credits import certificate_state, counted_certificates
from app.champions.levels import Standing, TrackOffer, standing_of
from app.champions.models import ChampionListing
from app.champions.programme import programme_levels
from app.content.models import Track
from app.content.specs import LevelSpec
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import today_for
from app.people.models import Person


@dataclass(frozen=True)
class HeldCertificate:
    """One of my certificates as my page shows it."""

    serial: str
    track_title: dict[str, str]  # as it was at issue
    cycle: int
    credits: int
    valid_from: date
    valid_until: date | None
    state: str  # valid, expired or revoked
    revoked_at: datetime | None
    counts: bool  # its credits are in my total now
    has_pdf: bool  # a PDF is stored (it may still be rendering)


@dataclass(frozen=True)
class ChampionPage:
    standing: Standing
    levels: tuple[LevelSpec, ...]
    certificates: list[HeldCertificate]  # the newest first
    listed_at: datetime | None  # when I chose to appear in the directory; None: I did not

    @property
    def shown_in_directory(self) -> bool:
        """Listed, and at a level: the directory shows only people with at least the first."""
        return self.listed_at is not None and self.standing.level is not None


def champion_page(person: Person, now: datetime | None = None) -> ChampionPage:
    today = today_for(person, current_app.config["BABEL_DEFAULT_TIMEZONE"], now)
    rows = my_certificates(person.id)
    counted = {certificate.id for certificate in counted_certificates(rows, today)}
    held = [held_certificate(row, today, row.id in counted) for row in rows]
    credits = sum(row.credits for row in rows if row.id in counted)
    held_tracks = {row.track_id for row in rows if row.id in counted}
    unheld = [offer for track_id, offer in track_offers() if track_id not in held_tracks]
    levels = programme_levels()
    listing = db.session.get(ChampionListing, person.id)
    return ChampionPage(
        standing=standing_of(credits, levels, unheld),
        levels=levels,
        certificates=held,
        listed_at=listing.listed_at if listing is not None else None,
    )


def standing_for(person: Person, now: datetime | None = None) -> Standing:
    """``person``'s credits and level now: what other domains and tests ask of the programme."""
    return champion_page(person, now).standing


def my_certificates(person_id: int) -> list:
    """The person's certificates with whether a PDF is stored, the newest first."""
    stored = exists().where(CertificateDocument.certificate_id == Certificate.id)
    query = (
        select(
            Certificate.id,
            Certificate.serial,
            Certificate.track_id,
            Certificate.track_title,
            Certificate.cycle,
            Certificate.credits,
            Certificate.valid_from,
            Certificate.valid_until,
            Certificate.state,
            Certificate.revoked_at,
            stored.label("has_pdf"),
        )
        .where(Certificate.person_id == person_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    return list(db.session.execute(query))


def held_certificate(row, today: date, counts: bool) -> HeldCertificate:
    return HeldCertificate(
        serial=row.serial,
        track_title=row.track_title,
        cycle=row.cycle,
        credits=row.credits,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        state=certificate_state(row, today),
        revoked_at=row.revoked_at,
        counts=counts,
        has_pdf=bool(row.has_pdf),
    )


def track_offers() -> list[tuple[int, TrackOffer]]:
    """Every active track with the credits it gives, in the catalog's order."""
    query = (
        select(Track.id, Track.slug, Track.title, Track.champion_credits)
        .where(Track.retired_at.is_(None))
        .order_by(Track.position)
    )
    return [
        (row.id, TrackOffer(row.slug, row.title, row.champion_credits))
        for row in db.session.execute(query)
    ]


def join_directory(person: Person, *, origin: RequestOrigin) -> bool:
    """List ``person`` in the directory; False if they were already (nothing changes). Flush
    only; a second request racing this one ends on the primary key, as "already"."""
    try:
        with db.session.begin_nested():
            db.session.add(ChampionListing(person_id=person.id, listed_at=utcnow()))
    except IntegrityError:
        return False
    record_event("champion.listed", origin=origin, actor=person, subject=person)
    return True


def leave_directory(person: Person, *, origin: RequestOrigin) -> bool:
    """Take ``person`` out of the directory; False if they were not in it. Flush only."""
    gone = db.session.execute(
        delete(ChampionListing).where(ChampionListing.person_id == person.id)
    ).rowcount
    if not gone:
        return False
    record_event("champion.withdrawn", origin=origin, actor=person, subject=person)
    return True
