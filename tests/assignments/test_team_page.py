"""The team page: a manager's reporting line, one row per person and assignment, with filters,
sorting and paging that survive across links, and bad parameters that fall back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from app.extensions import db
from tests.assignments.team_helpers import (
    add_attempt,
    assign,
    make_team,
    read_lessons,
    rows_on,
    sync_repository_content,
)

TODAY = date(2026, 12, 1)


@pytest.fixture
def team(app):
    sync_repository_content()
    return make_team()


@pytest.fixture
def frozen():
    with time_machine.travel("2026-12-01 12:00:00+00:00", tick=False):
        yield


def page(client, **query) -> str:
    response = client.get("/team", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_manager_sees_every_level_of_their_line_and_no_one_else(team, client, login_as, frozen):
    lead, alice, bruno = team.reports
    for person in (lead, alice, bruno, team.outsider):
        assign(person, "employees", TODAY + timedelta(days=5))
    login_as(team.manager)
    html = page(client)
    assert [name for _id, name in rows_on(html)] == ["Alice Arnaud", "Bruno Blanc", "Louis Lead"]
    assert "Oscar Outside" not in html
    assert "Showing 1–3 of 3" in html
    direct = page(client, scope="direct")
    assert [name for _id, name in rows_on(direct)] == ["Louis Lead"]
