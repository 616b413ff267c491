"""The large demo's certificates: one for each track completion the large demo inserts in bulk,
as issuing would have issued it on the day of the completion (serials sequential per year,
continuing the year's counter), so that the register and the champions pages have data at
scale. Past cycles' certificates are expired by their dates; a few are revoked by HR.

No PDF is stored and none is requested: rendering some 20,000 certificates would take hours of
``render-pending``, and the demo's pages need the rows, not their PDFs. Their pages say the PDF
is not rendered yet; HR's re-issue renders any one of them on request. Demo data; flush only.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.certificates.badges import hashed_identity
from app.certificates.dates import valid_until
from app.certificates.issuing import CODE_BYTES, format_serial, issuer, template_version
from app.certificates.models import REVOKED, VALID, Certificate, SerialCounter
from app.content.models import Track
from app.extensions import db
from app.people.models import Person

REVOKED_EVERY = 150  # one valid certificate in this many is revoked, with a reason
REVOCATION_REASON = "Quiz passé par un collègue à la place du titulaire (démo)."


@dataclass(frozen=True)
class DemoCompletion:
    """A track completion the large demo inserted: what its certificate is issued from."""

    completion_id: int
    person_id: int
    track_id: int
    cycle: int
    completed_at: datetime
    grade: float


def add_demo_certificates(completions: list[DemoCompletion], *, now: datetime, hr_id) -> int:
    """Insert the certificate of each completion, oldest first; how many."""
    if not completions:
        return 0
    people = {
        row.id: row
        for row in db.session.execute(
            select(Person.id, Person.display_name, Person.language, Person.email).where(
                Person.id.in_({completion.person_id for completion in completions})
            )
        )
    }
    tracks = {track.id: track for track in db.session.scalars(select(Track))}
    ordered = sorted(completions, key=lambda c: (c.completed_at, c.completion_id))
    numbers = serial_numbers([c.completed_at.date().year for c in ordered])
    facts = {"issuer": issuer(), "template_version": template_version()}
    rows = [
        certificate_values(c, people[c.person_id], tracks[c.track_id], number, facts)
        for c, number in zip(ordered, numbers, strict=True)
    ]
    revoke_a_few(rows, now, hr_id)
    db.session.execute(insert(Certificate), rows)
    return len(rows)


def serial_numbers(years: list[int]) -> list[int]:
    """The serial number of each certificate, in order, each year continuing its counter; the
    counters are moved past them in one statement a year."""
    counts: dict[int, int] = defaultdict(int)
    for year in years:
        counts[year] += 1
    first = {year: reserve(year, count) for year, count in counts.items()}
    taken: dict[int, int] = defaultdict(int)
    numbers = []
    for year in years:
        numbers.append(first[year] + taken[year])
        taken[year] += 1
    return numbers


def reserve(year: int, count: int) -> int:
    """Move the year's counter ``count`` on; the first number reserved."""
    dialect = sqlite if db.engine.dialect.name == "sqlite" else postgresql
    db.session.execute(
        dialect.insert(SerialCounter).values(year=year, last=0).on_conflict_do_nothing()
    )
    last = db.session.execute(
        update(SerialCounter)
        .where(SerialCounter.year == year)
        .values(last=SerialCounter.last + count)
        .returning(SerialCounter.last)
    ).scalar_one()
    return last - count + 1


def certificate_values(c: DemoCompletion, person, track: Track, number: int, facts) -> dict:
    issued_on = c.completed_at.date()
    salt = secrets.token_hex(16)
    return {
        "serial": format_serial(issued_on.year, number),
        "serial_year": issued_on.year,
        "serial_number": number,
        "verification_code": secrets.token_urlsafe(CODE_BYTES),
        "person_id": c.person_id,
        "track_id": c.track_id,
        "cycle": c.cycle,
        "completion_id": c.completion_id,
        "issued_at": c.completed_at,
        "holder_name": person.display_name,
        "language": person.language,
        "track_slug": track.slug,
        "track_title": dict(track.title),
        "grade": c.grade,
        "credits": track.champion_credits,
        "valid_from": issued_on,
        "valid_until": valid_until(issued_on, track.validity_months),
        "template_version": facts["template_version"],
        "accent_colour": track.colour,
        "issuer": facts["issuer"],
        "identity_salt": salt,
        "identity_hash": hashed_identity(person.email, salt),
        "state": VALID,
        "revoked_at": None,
        "revoked_by_id": None,
        "revocation_reason": "",
        "reason_is_public": False,
        "render_requested_at": None,
        "render_reason": "",
        "render_requested_by_id": None,
    }


def revoke_a_few(rows: list[dict], now: datetime, hr_id) -> None:
    """Revoke one in ``REVOKED_EVERY`` of those still valid today, a month after issue (or
    today, for the recent ones), its reason public for every other one."""
    today = now.date()
    still_valid = [row for row in rows if row["valid_until"] >= today]
    for n, row in enumerate(still_valid[::REVOKED_EVERY]):
        revoked_on = min(row["valid_from"] + timedelta(days=30), today)
        row.update(
            state=REVOKED,
            revoked_at=max(row["issued_at"], datetime.combine(revoked_on, now.timetz())),
            revoked_by_id=hr_id,
            revocation_reason=REVOCATION_REASON,
            reason_is_public=n % 2 == 0,
        )
