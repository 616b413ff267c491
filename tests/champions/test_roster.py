"""HR's champions roster: everyone whose valid certificates give credits, listed in the
directory or not (the flag says), with level, office, department, credits and valid
certificates; filters; a CSV with its headers in the reader's language and its dates as ISO
dates; a fixed number of SQL statements; refused to anyone but HR and administrators."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.champions.models import ChampionListing
from app.extensions import db
from tests.champions.certificates import TODAY, make_certificate, track
from tests.champions.people import champion, listed, make_network
from tests.champions.test_champion_page import text_of
from tests.query_counter import counted_statements

ROW_NAME = re.compile(r"<tr>\s*<td>([^<]+)<small")


def names(response) -> list[str]:
    assert response.status_code == 200
    return ROW_NAME.findall(response.get_data(as_text=True))


@pytest.fixture
def network(programme):
    return make_network()


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_hr_sees_everyone_with_credits_listed_or_not(network, client, login_as):
    login_as("hr", language="en")
    response = client.get("/champions/roster")
    # Ève has no certificate and Fay's is revoked: no credits, not on the roster.
    assert names(response) == ["Ana Arsenault", "Ben Brown", "Chloé Chevalier", "Dan Dubois"]
    page = text_of(response)
    assert "Not listed" in page and "Listed since" in page
    assert network.dan.email in response.get_data(as_text=True)


def test_each_row_has_level_credits_and_valid_certificates(network, client, login_as):
    login_as("admin", language="en")
    html = client.get("/champions/roster", query_string={"level": "champion"}).get_data(
        as_text=True
    )
    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("<tbody>")[1]))
    assert "Chloé Chevalier" in row and "Champion" in row and " 80 " in row
    assert row.count("RL-2026-") == 3
    assert "Communication" in row  # the department's name


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"listed": "yes"}, ["Ana Arsenault", "Ben Brown", "Chloé Chevalier"]),
        ({"listed": "no"}, ["Dan Dubois"]),
        ({"office": "quebec"}, ["Ana Arsenault", "Dan Dubois"]),
        ({"level": "relais"}, ["Ben Brown", "Dan Dubois"]),
        ({"track": "community-managers"}, ["Ana Arsenault", "Chloé Chevalier"]),
        ({"department": "communication", "listed": "no"}, ["Dan Dubois"]),
        # What the page does not offer is ignored, each on its own:
        ({"office": "atlantis"}, None),
        ({"department": "=cmd|' /C calc'!A0"}, None),
        ({"level": "legend"}, None),
        ({"track": "unknown"}, None),
        ({"listed": "maybe"}, None),
        ({"page": "x"}, None),
        ({"page": "-1"}, None),
        ({"page": "9" * 30}, None),
    ],
    ids=lambda value: str(value),
)
def test_filters(network, client, login_as, query, expected):
    login_as("hr", language="en")
    everyone = ["Ana Arsenault", "Ben Brown", "Chloé Chevalier", "Dan Dubois"]
    response = client.get("/champions/roster", query_string=query)
    assert names(response) == (everyone if expected is None else expected)


def test_below_the_first_level_is_a_filter_of_its_own(programme, client, login_as):
    login_as("hr", language="en")
    low = champion("Low Credits", "paris", "en")
    make_certificate(low, track("employees"), credits=5)
    champion("Relay", "paris", "en", "employees")
    db.session.commit()
    assert names(client.get("/champions/roster", query_string={"level": "none"})) == ["Low Credits"]


def test_the_csv_in_english_has_one_line_per_valid_certificate(network, client, login_as):
    login_as("hr", language="en")
    rows = read_csv(client.get("/champions/roster.csv"))
    assert rows[0] == [
        "Person",
        "E-mail address",
        "Office",
        "Department",
        "Level",
        "Credits",
        "In the directory",
        "Listed on",
        "Track",
        "Serial",
        "Valid from",
        "Valid until",
    ]
    chloe = [row for row in rows[1:] if row[0] == "Chloé Chevalier"]
    assert len(chloe) == 3
    assert {row[4] for row in chloe} == {"Champion"} and {row[5] for row in chloe} == {"80"}
    assert {row[6] for row in chloe} == {"yes"} and {row[7] for row in chloe} == {TODAY.isoformat()}
    assert {row[10] for row in chloe} == {TODAY.isoformat()}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[11]) for row in chloe)
    dan = [row for row in rows[1:] if row[0] == "Dan Dubois"]
    assert [(row[6], row[7], row[8]) for row in dan] == [("no", "", "Employees")]
    assert len(rows) == 1 + 1 + 1 + 3 + 1  # Ana, Ben, Chloé's three, Dan


def test_the_csv_in_french_and_filtered(network, client, login_as):
    login_as("hr", language="fr")
    rows = read_csv(client.get("/champions/roster.csv", query_string={"listed": "no"}))
    assert rows[0][:3] == ["Personne", "Adresse e-mail", "Bureau"]
    assert rows[0][4:8] == ["Niveau", "Crédits", "Dans l’annuaire", "Inscrit le"]
    assert [row[0] for row in rows[1:]] == ["Dan Dubois"]
    assert rows[1][4] == "Relais" and rows[1][6] == "non" and rows[1][8] == "Collaborateurs"


def test_the_csv_neutralises_a_name_that_would_run_as_a_formula(programme, client, login_as):
    login_as("hr", language="en")
    champion('=HYPERLINK("http://x")', "paris", "en", "employees", department="+sales")
    db.session.commit()
    rows = read_csv(client.get("/champions/roster.csv"))
    assert rows[1][0] == '\'=HYPERLINK("http://x")' and rows[1][3] == "'+sales"


def test_the_roster_is_paged(programme, client, login_as):
    login_as("hr", language="en")
    for n in range(25):
        champion(f"Person {n:02d}", "paris", "en", "employees")
    db.session.commit()
    assert len(names(client.get("/champions/roster"))) == 20
    assert names(client.get("/champions/roster", query_string={"page": "2"}))[-1] == "Person 24"


def grow(count: int, prefix: str) -> None:
    for n in range(count):
        slugs = ("employees", "executives") if n % 3 else ("community-managers",)
        person = champion(f"{prefix} {n:03d}", ("quebec", "paris")[n % 2], "fr", *slugs)
        if n % 2:
            listed(person)
    db.session.commit()


@pytest.mark.parametrize(
    "query", [{}, {"page": "2"}, {"listed": "yes", "track": "executives"}, {"level": "relais"}]
)
def test_the_sql_count_does_not_grow_with_the_people(programme, client, login_as, query):
    login_as("hr", language="en")
    grow(25, "Small")
    client.get("/champions/roster", query_string=query)
    with counted_statements() as few:
        client.get("/champions/roster", query_string=query)
        client.get("/champions/roster.csv", query_string=query).get_data()
    grow(150, "Large")
    with counted_statements() as many:
        client.get("/champions/roster", query_string=query)
        client.get("/champions/roster.csv", query_string=query).get_data()
    print(f"roster and CSV {query}: {len(few)} statements with 25 people, {len(many)} with 175")
    assert len(many) == len(few) <= 22


@pytest.mark.parametrize("path", ["/champions/roster", "/champions/roster.csv"])
@pytest.mark.parametrize("role", ["employee", "manager"])
def test_only_hr_and_administrators_see_the_roster(network, client, login_as, path, role):
    login_as(role, language="en")
    before = db.session.scalar(select(func.count()).select_from(ChampionListing))
    response = client.get(path)
    assert response.status_code == 403
    assert "Dan Dubois" not in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ChampionListing)) == before
    refused = select(func.count()).where(AuditEvent.action == "security.forbidden")
    assert db.session.scalar(refused) == 1
