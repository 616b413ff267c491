"""Fixtures of the champions tests: the repository's content synced (its three tracks and
their credits: employees 10, executives 30, community managers 40; levels 10, 40, 80), and
the clock at noon UTC on the tests' day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from tests.assignments.team_helpers import sync_repository_content
from tests.champions.certificates import TODAY

NOON = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def programme(app, clock):
    sync_repository_content()
