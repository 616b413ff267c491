"""The team view as a CSV file: the same rows, filters and order as the page, every page of
them, headers in the reader's language, ISO dates, progress as a number."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from app.extensions import db
from tests.assignments.team_helpers import (  # fixtures: clock, team
    TODAY,
    assign,
    read_lessons,
)
from tests.assignments.team_helpers import clock as clock  # a fixture
from tests.assignments.team_helpers import team as team  # a fixture
from tests.factories import make_person


def download(client, **query) -> list[list[str]]:
    response = client.get("/team.csv", query_string=query)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="team.csv"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_file_has_every_row_of_the_view_in_its_order(team, client, login_as, clock):
    people = [make_person(display_name=f"Report {n:03d}", manager=team.manager) for n in range(60)]
    db.session.commit()
    for person in people:
        assign(person, "employees", TODAY + timedelta(days=4))
    assign(team.reports[1], "executives")  # Alice, in Paris, no due date
    read_lessons(people[0], "emp-social-culture", 3)  # 3 of the track's 14 steps
    login_as(team.manager)
    rows = download(client, sort="person", order="desc")
    assert rows[0] == [
        "Person",
        "E-mail address",
        "Office",
        "Track",
        "Progress (%)",
        "Status",
        "Due date",
    ]
    body = rows[1:]
    assert len(body) == 61  # no paging
    assert [row[0] for row in body] == sorted((row[0] for row in body), reverse=True)
    first = next(row for row in body if row[0] == "Report 000")
    assert first[2:] == ["Québec", "Employees", "21", "In progress", "2026-12-05"]
    alice = next(row for row in body if row[0] == "Alice Arnaud")
    assert alice[2:] == ["Paris", "Executives", "0", "Not started", ""]
    assert [row[0] for row in download(client, office="paris")[1:]] == ["Alice Arnaud"]
    assert len(download(client, track="executives")) == 2


def test_headers_and_statuses_in_french(team, client, login_as, clock):
    assign(team.lead, "employees", TODAY - timedelta(days=1))
    login_as(team.manager)  # reads French
    team.manager.language = "fr"
    db.session.commit()
    rows = download(client)
    assert rows[0][:5] == ["Personne", "Adresse e-mail", "Bureau", "Parcours", "Progression (%)"]
    assert rows[1][3:] == ["Collaborateurs", "0", "En retard", "2026-11-30"]


def test_a_name_that_looks_like_a_formula_is_neutralised(team, client, login_as, clock):
    sly = make_person(display_name='=HYPERLINK("http://evil.example")', manager=team.manager)
    db.session.commit()
    assign(sly, "employees", TODAY)
    login_as(team.manager)
    [row] = [row for row in download(client)[1:] if "HYPERLINK" in row[0]]
    assert row[0].startswith("'=")
