"""The champions directory, for every signed-in person: only the people who chose to appear
and have reached at least the first level; by office, language and competency (tracks held,
courses completed) and level; paged; nothing private; a fixed number of SQL statements
whatever the number of champions. A parameter the page does not offer is ignored."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.champions.models import ChampionListing
from app.content.models import Course
from app.extensions import db
from app.learning.models import CourseCompletion
from tests.champions.people import champion, listed, make_network
from tests.champions.test_champion_page import text_of
from tests.query_counter import counted_statements

NAME = re.compile(r"<h2>([^<]+)</h2>")


def names(response) -> list[str]:
    assert response.status_code == 200
    return NAME.findall(response.get_data(as_text=True))


@pytest.fixture
def network(programme):
    return make_network()


def test_only_listed_people_at_a_level_appear(network, client, login_as):
    login_as("employee", language="en")
    assert names(client.get("/champions")) == ["Ana Arsenault", "Ben Brown", "Chloé Chevalier"]


def test_each_champion_shows_office_language_level_and_competencies(network, client, login_as):
    login_as("employee", language="en")
    html = client.get("/champions").get_data(as_text=True)
    card = text_of_card(html, "Chloé Chevalier")
    assert "Level Champion" in card
    assert "Office Paris" in card
    assert "Language Français" in card
    assert "Executives, Community managers: run, equip, measure, Employees" in card  # catalog order


def test_nothing_private_is_shown(network, client, login_as):
    login_as("employee", language="en")
    html = client.get("/champions").get_data(as_text=True)
    for person in (network.ana, network.ben, network.chloe):
        assert person.email not in html
    assert "RL-2026-" not in html  # no serials
    assert "credits" not in text_of_card(html, "Ana Arsenault").lower()


def test_withdrawing_takes_a_champion_out_at_once(network, client, login_as):
    login_as("employee", language="en")
    db.session.delete(db.session.get(ChampionListing, network.ben.id))
    db.session.commit()
    assert "Ben Brown" not in names(client.get("/champions"))


def test_a_revoked_certificate_takes_its_champion_out_at_once(network, client, login_as):
    from app.certificates.models import REVOKED, Certificate
    from app.database import utcnow

    login_as("employee", language="en")
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.person_id == network.ben.id)
    )
    certificate.state, certificate.revoked_at = REVOKED, utcnow()
    db.session.commit()
    assert "Ben Brown" not in names(client.get("/champions"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"office": "quebec"}, ["Ana Arsenault"]),
        ({"office": "paris"}, ["Ben Brown", "Chloé Chevalier"]),
        ({"language": "en"}, ["Ben Brown"]),
        ({"language": "fr"}, ["Ana Arsenault", "Chloé Chevalier"]),
        ({"level": "relais"}, ["Ben Brown"]),
        ({"level": "ambassadeur"}, ["Ana Arsenault"]),
        ({"level": "champion"}, ["Chloé Chevalier"]),
        ({"competency": "track:executives"}, ["Chloé Chevalier"]),
        ({"competency": "track:employees"}, ["Ben Brown", "Chloé Chevalier"]),
        ({"office": "paris", "language": "fr", "level": "champion"}, ["Chloé Chevalier"]),
    ],
    ids=lambda value: str(value),
)
def test_filters(network, client, login_as, query, expected):
    login_as("employee", language="en")
    assert names(client.get("/champions", query_string=query)) == expected


def test_a_completed_course_is_a_competency(network, client, login_as):
    login_as("employee", language="en")
    course = db.session.scalar(select(Course).where(Course.slug == "cm-roles"))
    for cycle in (1, 2):  # completed in two cycles: one competency
        db.session.add(
            CourseCompletion(
                person_id=network.ben.id,
                course_id=course.id,
                course_version=1,
                fraction=1.0,
                cycle=cycle,
            )
        )
    db.session.commit()
    response = client.get("/champions", query_string={"competency": "course:cm-roles"})
    assert names(response) == ["Ben Brown"]
    card = text_of_card(response.get_data(as_text=True), "Ben Brown")
    assert card.count("Roles") <= 1 and "Courses" in card


@pytest.mark.parametrize(
    "query",
    [
        {"office": "atlantis"},
        {"language": "de"},
        {"level": "legend"},
        {"competency": "track:unknown"},
        {"competency": "course:"},
        {"competency": "executives"},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "0"},
        {"page": "9" * 30},
        {"office": "<script>alert(1)</script>"},
    ],
    ids=lambda value: str(value),
)
def test_a_parameter_the_page_does_not_offer_is_ignored(network, client, login_as, query):
    login_as("employee", language="en")
    response = client.get("/champions", query_string=query)
    assert names(response) == ["Ana Arsenault", "Ben Brown", "Chloé Chevalier"]
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_no_match_says_so_and_offers_everyone(network, client, login_as):
    login_as("employee", language="en")
    response = client.get("/champions", query_string={"office": "quebec", "language": "en"})
    assert "No champion matches these filters." in text_of(response)


def test_an_empty_directory_says_how_to_appear(programme, client, login_as):
    login_as("employee", language="fr")
    page = text_of(client.get("/champions"))
    assert "Personne n’apparaît encore dans l’annuaire." in page


def test_the_directory_is_paged(programme, client, login_as):
    for n in range(45):
        listed(champion(f"Champion {n:02d}", "quebec", "fr", "employees"))
    db.session.commit()
    login_as("employee", language="en")
    first = names(client.get("/champions"))
    third = names(client.get("/champions", query_string={"page": "3"}))
    beyond = names(client.get("/champions", query_string={"page": "99"}))
    assert (len(first), len(third)) == (20, 5)
    assert first[0] == "Champion 00" and third[-1] == "Champion 44"
    assert beyond == third  # past the end: the last page
    assert "Showing 41–45 of 45" in text_of(client.get("/champions", query_string={"page": "3"}))


def statements_for(client, query) -> int:
    client.get("/champions", query_string=query)  # the catalog snapshot, built once
    with counted_statements() as statements:
        assert client.get("/champions", query_string=query).status_code == 200
    return len(statements)


def grow(count: int, prefix: str) -> None:
    course = db.session.scalar(select(Course).where(Course.slug == "cm-roles"))
    for n in range(count):
        slugs = ("employees", "community-managers") if n % 2 else ("employees",)
        person = listed(champion(f"{prefix} {n:03d}", ("quebec", "paris")[n % 2], "fr", *slugs))
        db.session.add(
            CourseCompletion(
                person_id=person.id, course_id=course.id, course_version=1, fraction=1.0
            )
        )
    db.session.commit()


@pytest.mark.parametrize(
    "query",
    [{}, {"page": "2"}, {"office": "paris", "competency": "track:employees"}, {"level": "relais"}],
    ids=lambda value: str(value),
)
def test_the_sql_count_does_not_grow_with_the_champions(programme, client, login_as, query):
    login_as("employee", language="en")
    grow(25, "Small")
    few = statements_for(client, query)
    grow(150, "Large")
    many = statements_for(client, query)
    print(f"directory {query}: {few} statements with 25 champions, {many} with 175")
    assert many == few <= 10


def text_of_card(html: str, name: str) -> str:
    start = html.index(f"<h2>{name}</h2>")
    end = html.index("</li>", start)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:end]))
