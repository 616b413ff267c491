"""What ``flask demo`` builds, from the domains that each own a part: the organisation
(people), the content when it is not synced yet, the assignments and lessons read
(assignments), the quizzes passed (quiz), a few certificates aged into their renewal window or
past their expiry with the renewals they open (assignments), the champions in the directory
(champions), and for ``--size large`` thousands more people with their assignments in bulk. It
lives here, above the quiz and the assignments, because it needs both. Demo data only; flush
only (the command commits once)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from app.assignments.demo import assign_demo_tracks
from app.assignments.demo_large import LargeDemo, add_large_organisation
from app.assignments.demo_renewals import age_demo_certificates
from app.audit.origin import RequestOrigin
from app.champions.demo import list_demo_champions
from app.content.loader import load_content
from app.content.models import Track
from app.content.sync import sync_content
from app.database import utcnow
from app.extensions import db
from app.people.demo import DemoSignIn, seed_demo
from app.quiz.demo import pass_quizzes

SIZES = {"normal": 0, "large": 10_000}  # people added to the demo organisation


@dataclass(frozen=True)
class DemoReport:
    sign_ins: list[DemoSignIn]
    content_synced: bool  # the content was synced first, the database having none
    opened: int  # assignments opened for the demo organisation
    quizzes_passed: int
    large: LargeDemo | None  # what --size large added
    renewals: int = 0  # renewals opened for the certificates aged


def seed_demo_organisation(
    *, production: bool, content_root: Path, extra_people: int = 0, origin: RequestOrigin
) -> DemoReport:
    """The demo organisation with its assignments and progress, and ``extra_people`` more
    people in a tree under its chief executive (DemoRefused: nothing is seeded)."""
    sign_ins = seed_demo(production=production)
    synced = not db.session.scalar(select(func.count(Track.id)))
    if synced:
        sync_content(load_content(content_root))
    now = utcnow()
    progress = assign_demo_tracks(origin=origin, now=now)
    passed = pass_quizzes(progress.quizzes, origin=origin)
    renewals = age_demo_certificates(now=now, origin=origin)
    list_demo_champions(origin=origin, now=now)
    large = add_large_organisation(extra_people, now=now) if extra_people else None
    return DemoReport(sign_ins, synced, progress.opened, passed, large, renewals)
