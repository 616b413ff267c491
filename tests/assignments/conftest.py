"""Fixtures shared by the assignment tests; each test file keeps its own specific helpers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.content.loader import load_content
from app.content.models import Track
from app.content.sync import sync_content
from app.extensions import db
from tests.conftest import sign_in
from tests.content.content_cases import MINIMAL
from tests.factories import make_person
from tests.smtp_server import smtp_server  # noqa: F401  (the fixture, for the notify tests)


@pytest.fixture
def track(app) -> Track:
    """The minimal content synced: its one track, "employees"."""
    sync_content(load_content(MINIMAL))
    db.session.commit()
    return db.session.scalar(select(Track).where(Track.slug == "employees"))


@pytest.fixture
def team(app) -> SimpleNamespace:
    """A manager with two direct reports, one of whom manages a third person; and another
    manager's team member, out of the first manager's reach. Everyone reads English."""
    manager = make_person(display_name="Manon Manager", language="en")
    ana = make_person(display_name="Ana Direct", manager=manager, language="en")
    ben = make_person(display_name="Ben Direct", manager=manager, language="en")
    cleo = make_person(display_name="Cleo Indirect", manager=ben, language="en")
    other = make_person(display_name="Otto Other", language="en")
    outsider = make_person(display_name="Olga Outsider", manager=other, language="en")
    db.session.commit()
    return SimpleNamespace(
        manager=manager, ana=ana, ben=ben, cleo=cleo, other=other, outsider=outsider
    )


@pytest.fixture
def manager_client(client, team, track):
    """A client signed in as the team's manager."""
    assert sign_in(client, team.manager.email).status_code == 302
    return client
