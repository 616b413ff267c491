"""Certificates issued the way completion issues them, without walking through the lessons:
for the tests of what is done with a certificate once it exists."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.origin import COMMAND_LINE
from app.certificates.issuing import CompletedCycle, issue_certificate
from app.certificates.models import Certificate
from app.content.models import Track
from app.extensions import db
from app.learning.models import TrackCompletion
from tests.factories import make_person


def issue_for(person=None, track_slug: str | None = None, **changes) -> Certificate:
    """Issue ``person``'s certificate for the track (the first synced one unless named), as
    completing it would; ``changes`` then set columns on it (a revocation, old dates). Commits."""
    person = person or make_person(language="en")
    query = select(Track).order_by(Track.id)
    if track_slug is not None:
        query = query.where(Track.slug == track_slug)
    track = db.session.scalars(query).first()
    completion = TrackCompletion(person_id=person.id, track_id=track.id, cycle=1)
    db.session.add(completion)
    db.session.flush()
    certificate = issue_certificate(
        person, track, CompletedCycle(completion.id, 1, 1.0), origin=COMMAND_LINE
    )
    for name, value in changes.items():
        setattr(certificate, name, value)
    db.session.commit()
    return certificate
