"""The large demo gives each completed cycle its certificate, in bulk: serials sequential per
year with no gap (continuing the year's counter), some expired by their dates, a few revoked."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, select

from app.admin.demo import seed_demo_organisation
from app.audit.origin import COMMAND_LINE
from app.certificates.models import REVOKED, Certificate, SerialCounter
from app.certificates.record import history_of
from app.database import utcnow
from app.extensions import db
from app.learning.models import TrackCompletion

SMALL = 400


def test_each_completed_cycle_of_the_large_demo_has_its_certificate(app):
    report = seed_demo_organisation(
        production=False,
        content_root=Path(app.config["CONTENT_ROOT"]),
        extra_people=SMALL,
        origin=COMMAND_LINE,
    )
    db.session.commit()
    certificates = list(db.session.scalars(select(Certificate)))
    completions = db.session.scalar(select(func.count()).select_from(TrackCompletion))
    assert len(certificates) == completions  # the normal demo's and the large demo's
    assert report.large.certificates > 0
    numbers = defaultdict(list)
    for certificate in certificates:
        numbers[certificate.serial_year].append(certificate.serial_number)
        assert certificate.serial == f"RL-{certificate.serial_year}-{certificate.serial_number:06d}"
        assert certificate.valid_from.year == certificate.serial_year
    for year, taken in numbers.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), year
        assert db.session.get(SerialCounter, year).last == len(taken)
    today = utcnow().date()
    assert any(c.valid_until < today for c in certificates)  # expired
    revoked = [c for c in certificates if c.state == REVOKED]
    assert 0 < len(revoked) < len(certificates) / 50
    assert all(c.revocation_reason and c.revoked_by_id for c in revoked)
    large = [c for c in certificates if c.render_requested_at is None]
    assert len(large) >= report.large.certificates  # no render asked for the demo's bulk


def test_each_demo_certificate_keeps_its_issue_in_its_history(app):
    seed_demo_organisation(
        production=False, content_root=Path(app.config["CONTENT_ROOT"]), origin=COMMAND_LINE
    )
    db.session.commit()
    for certificate in db.session.scalars(select(Certificate)):
        events = history_of(certificate)
        assert [line.name for line in events] == ["Issued"], certificate.serial
        assert events[0].at == certificate.issued_at
