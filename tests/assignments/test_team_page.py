"""The team page: a manager's reporting line, one row per person and assignment, with filters,
sorting and paging that survive across links, and bad parameters that fall back."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine

from app.assignments.team import team_page
from app.assignments.team_filters import TeamRequest
from app.extensions import db
from app.learning.cycles import COMPLETED, WITHDRAWN, close_assignment
from app.people.models import PersonRole
from tests.assignments.team_helpers import (  # team and clock: fixtures
    TODAY,
    assign,
    read_lessons,
    rows_on,
)
from tests.assignments.team_helpers import clock as clock  # a fixture
from tests.assignments.team_helpers import team as team  # a fixture
from tests.conftest import sign_in
from tests.factories import make_person


def page(client, **query) -> str:
    response = client.get("/team", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_manager_sees_every_level_of_their_line_and_no_one_else(team, client, login_as, clock):
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


def names(html: str) -> list[str]:
    return [name for _id, name in rows_on(html)]


@pytest.fixture
def statuses(team, clock):
    """Louis overdue, Alice in progress, Bruno not started on employees; Bruno's executives
    completed, Alice's executives withdrawn; Alice also on community managers with no due date."""
    lead, alice, bruno = team.reports
    assign(lead, "employees", TODAY - timedelta(days=3))
    assign(alice, "employees", TODAY + timedelta(days=5))
    read_lessons(alice, "emp-social-culture", 2)
    assign(bruno, "employees", TODAY + timedelta(days=1))
    done = assign(bruno, "executives", TODAY + timedelta(days=9))
    close_assignment(done, COMPLETED)
    gone = assign(alice, "executives", TODAY + timedelta(days=9))
    close_assignment(gone, WITHDRAWN, reason="changed role")
    assign(alice, "community-managers")
    db.session.commit()
    return team


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["Louis Lead", "Bruno Blanc", "Alice Arnaud", "Alice Arnaud"]),
        ("overdue", ["Louis Lead"]),
        ("in_progress", ["Alice Arnaud"]),
        ("not_started", ["Bruno Blanc", "Alice Arnaud"]),
        ("completed", ["Bruno Blanc"]),
        ("withdrawn", ["Alice Arnaud"]),
        (
            "all",
            [
                "Louis Lead",
                "Bruno Blanc",
                "Alice Arnaud",
                "Alice Arnaud",  # due the same day as Bruno's: by name
                "Bruno Blanc",
                "Alice Arnaud",
            ],
        ),
    ],
)
def test_the_status_filter(statuses, client, login_as, status, expected):
    login_as(statuses.manager)
    assert names(page(client, status=status)) == expected


def test_each_row_says_its_status_and_due_date_in_words(statuses, client, login_as):
    login_as(statuses.manager)
    html = page(client, status="all", sort="person")
    assert '<strong class="overdue">Overdue</strong>' in html
    assert "3 days late" in html
    assert "due in 5 days" in html and "due tomorrow" in html
    assert "No due date" in html
    table = html.split("<tbody>")[1]
    assert table.count(">Completed<") == 1 and table.count(">Withdrawn<") == 1
    assert 'aria-label="Progress of Alice Arnaud in Employees">14%</progress>' in html


def test_the_page_in_french(statuses, client, login_as):
    statuses.manager.language = "fr"
    db.session.commit()
    login_as(statuses.manager)
    html = page(client)
    assert "<h1>Mon équipe</h1>" in html
    assert "En retard" in html and "3 jours de retard" in html
    assert "1 à 4 sur 4" in html


def test_the_track_and_office_filters(statuses, client, login_as):
    login_as(statuses.manager)
    assert names(page(client, track="community-managers")) == ["Alice Arnaud"]
    assert names(page(client, office="paris")) == ["Alice Arnaud", "Alice Arnaud"]
    assert names(page(client, office="quebec", track="employees")) == ["Louis Lead", "Bruno Blanc"]


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("person", "asc", ["Alice Arnaud", "Alice Arnaud", "Bruno Blanc", "Louis Lead"]),
        ("person", "desc", ["Louis Lead", "Bruno Blanc", "Alice Arnaud", "Alice Arnaud"]),
        # No due date comes last either way.
        ("due", "asc", ["Louis Lead", "Bruno Blanc", "Alice Arnaud", "Alice Arnaud"]),
        ("due", "desc", ["Alice Arnaud", "Bruno Blanc", "Louis Lead", "Alice Arnaud"]),
        ("progress", "desc", ["Alice Arnaud", "Alice Arnaud", "Bruno Blanc", "Louis Lead"]),
        ("status", "asc", ["Louis Lead", "Alice Arnaud", "Bruno Blanc", "Alice Arnaud"]),
        ("status", "desc", ["Alice Arnaud", "Alice Arnaud", "Bruno Blanc", "Louis Lead"]),
        # By title: "Community managers: …" before "Employees".
        ("track", "asc", ["Alice Arnaud", "Alice Arnaud", "Bruno Blanc", "Louis Lead"]),
    ],
)
def test_sorting(statuses, client, login_as, sort, order, expected):
    login_as(statuses.manager)
    html = page(client, sort=sort, order=order)
    assert names(html) == expected
    state = "ascending" if order == "asc" else "descending"
    assert html.count(f'aria-sort="{state}"') == 1


def test_sorting_by_progress_puts_the_one_who_read_first(statuses, client, login_as):
    login_as(statuses.manager)
    rows = rows_on(page(client, sort="progress", order="desc", track="employees"))
    assert [name for _id, name in rows] == ["Alice Arnaud", "Bruno Blanc", "Louis Lead"]
    rows = rows_on(page(client, sort="progress", order="asc", track="employees"))
    assert [name for _id, name in rows][-1] == "Alice Arnaud"


def test_links_keep_the_filters(statuses, client, login_as):
    login_as(statuses.manager)
    html = page(client, status="all", track="employees", office="quebec", sort="person")
    # The sort headers, the CSV and the reminders carry every filter.
    header = re.search(r'<a href="(/team\?[^"]*sort=track[^"]*)">Track', html).group(1)
    assert all(part in header for part in ("status=all", "track=employees", "office=quebec"))
    csv = re.search(r'href="(/team\.csv\?[^"]*)"', html).group(1)
    assert "track=employees" in csv and "office=quebec" in csv and "sort=person" in csv
    assert 'action="/team/remind-late?' in html


@pytest.mark.parametrize(
    "query",
    [
        {"scope": "everyone"},  # not HR: their own line
        {"scope": "nobody"},
        {"status": "late"},
        {"track": "no-such-track"},
        {"office": "atlantis"},
        {"sort": "salary"},
        {"order": "sideways"},
        {"page": "-1"},
        {"page": "0"},
        {"page": "abc"},
        {"page": "²"},
        {"page": "9223372036854775807"},
        {"page": "1e9"},
        {"status": "\x00"},
    ],
    ids=lambda query: "-".join(f"{k}={v!r}" for k, v in query.items()),
)
def test_a_bad_parameter_falls_back_to_its_default(statuses, client, login_as, query):
    login_as(statuses.manager)
    assert names(page(client, **query)) == names(page(client))


def test_paging_shows_fifty_rows_a_page_with_links_that_keep_the_filters(team, client, login_as):
    people = [make_person(display_name=f"Report {n:03d}", manager=team.manager) for n in range(120)]
    db.session.commit()
    for person in people:
        assign(person, "employees", TODAY + timedelta(days=10))
    login_as(team.manager)
    first = page(client, sort="person", scope="direct")
    assert "Showing 1–50 of 120" in first
    assert names(first)[0] == "Report 000" and len(names(first)) == 50
    second = page(client, sort="person", scope="direct", page="2")
    assert "Showing 51–100 of 120" in second
    assert names(second)[0] == "Report 050"
    assert 'aria-current="page"' in second
    links = re.findall(r'href="(/team\?[^"]*page=3[^"]*)"', second)
    assert links and all("scope=direct" in link and "sort=person" in link for link in links)
    beyond = page(client, sort="person", scope="direct", page="99")
    assert "Showing 101–120 of 120" in beyond
    assert "Next" not in beyond.split('class="pager"')[1]


def test_hr_who_manage_no_one_see_everyone(statuses, client, login_as):
    login_as("hr", language="en")
    html = page(client, status="all")
    assert len(names(html)) == 6
    assert 'name="scope" value="everyone"' in html  # the only scope: no choice offered
    assert "HR and administrators see every assignment" in html


def test_an_hr_manager_chooses_between_their_line_and_everyone(statuses, client, login_as):
    statuses.lead.granted_roles.append(PersonRole(role="hr"))
    assign(statuses.outsider, "employees", TODAY)
    login_as(statuses.lead)
    assert names(page(client)) == ["Bruno Blanc", "Alice Arnaud", "Alice Arnaud"]
    assert "Oscar Outside" in names(page(client, scope="everyone"))


def test_empty_states_say_what_to_do_next(team, client, login_as):
    login_as(team.manager)
    html = page(client)
    assert "No one in this view has an assignment yet." in html
    assert 'href="/assign"' in html
    assign(team.lead, "employees", TODAY)
    html = page(client, status="completed")
    assert "No assignment matches these filters." in html
    assert 'href="/team?scope=line"' in html


def test_someone_with_no_report_has_no_one_to_show(team):
    with time_machine.travel("2026-12-01 12:00:00+00:00", tick=False):
        shown = team_page(team.outsider, TeamRequest())
    assert shown.empty == "no_people" and shown.rows == []


def test_the_menu_links_managers_to_their_team(team, client, login_as):
    login_as(team.manager)
    assert '<a href="/team">My team</a>' in page(client)
    employee = client.application.test_client()
    sign_in(employee, team.outsider.email)
    assert 'href="/team"' not in employee.get("/").get_data(as_text=True)
    assert employee.get("/team").status_code == 403
