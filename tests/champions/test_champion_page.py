"""My champion page: my level, my credits, what the next level needs and which tracks give it,
every certificate I hold (every cycle, with its state), and the choice to appear in the
champions directory, made and withdrawn at any time, each audited; a choice the page does not
offer changes nothing and says so."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.champions.models import ChampionListing
from app.extensions import db
from tests.champions.certificates import TODAY, make_certificate, track
from tests.query_counter import counted_statements


def text_of(response) -> str:
    html = response.get_data(as_text=True).split('<main id="main">', 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def listing_state():
    db.session.expire_all()
    listings = db.session.scalars(select(ChampionListing.person_id)).all()
    events = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("champion.%"))
    ).all()
    return sorted(listings), sorted(events)


def test_a_relay_sees_the_credits_the_next_level_needs_and_the_tracks_that_give_them(
    programme, client, login_as
):
    person = login_as("employee", language="en")
    make_certificate(person, track("employees"))
    db.session.commit()
    page = text_of(client.get("/champion"))
    assert "Level: Relay" in page
    assert "10 credits from my valid certificates." in page
    assert "30 more credits to reach Ambassador." in page
    assert "The Community managers: run, equip, measure track gives 40 credits." in page
    assert "The Executives track gives 30 credits." in page
    assert "The Employees track gives" not in page  # held already
    assert page.index("Community managers: run") < page.index("The Executives track")


def test_the_page_reads_in_french(programme, client, login_as):
    person = login_as("employee", language="fr")
    make_certificate(person, track("community-managers"))
    db.session.commit()
    page = text_of(client.get("/champion"))
    assert "Niveau : Ambassadeur" in page
    assert "40 crédits de mes certificats valides." in page
    assert "40 crédits de plus pour atteindre Champion." in page
    assert "Le parcours « Dirigeants » donne 30 crédits." in page
    assert "Apparaître dans l’annuaire" in page


def test_without_a_certificate_there_is_no_level_yet(programme, client, login_as):
    login_as("employee", language="en")
    page = text_of(client.get("/champion"))
    assert "No level yet" in page
    assert "0 credits from my valid certificates." in page
    assert "10 more credits to reach Relay." in page
    assert "You have no certificate yet." in page


def test_at_the_top_nothing_more_is_needed(programme, client, login_as):
    person = login_as("employee", language="en")
    for slug in ("employees", "executives", "community-managers"):
        make_certificate(person, track(slug))
    db.session.commit()
    page = text_of(client.get("/champion"))
    assert "Level: Champion" in page
    assert "You have reached the highest level of the programme." in page
    assert "more credits" not in page


def test_every_cycle_is_listed_with_its_state_and_what_counts(programme, client, login_as):
    person = login_as("employee", language="en")
    employees = track("employees")
    old = make_certificate(
        person, employees, cycle=1, valid_from=TODAY - timedelta(days=800), pdf=True
    )
    old.valid_until = TODAY - timedelta(days=70)
    current = make_certificate(person, employees, cycle=2)
    revoked = make_certificate(person, track("executives"), revoked=True)
    db.session.commit()
    page = text_of(client.get("/champion"))
    for certificate in (old, current, revoked):
        assert certificate.serial in page
    assert "Expired" in page and "Revoked on" in page
    assert "10 credits, counted" in page
    assert page.count("Not counted") == 2
    assert "Level: Relay" in page


def test_the_download_link_appears_once_the_pdf_is_stored(programme, client, login_as):
    person = login_as("employee", language="en")
    stored = make_certificate(person, track("employees"), pdf=True)
    waiting = make_certificate(person, track("executives"))
    db.session.commit()
    html = client.get("/champion").get_data(as_text=True)
    assert f'href="/certificates/{stored.serial}.pdf"' in html
    assert f"/certificates/{waiting.serial}.pdf" not in html
    assert "The PDF is being prepared." in html


def test_the_page_runs_as_many_statements_with_many_certificates(programme, client, login_as):
    person = login_as("employee", language="en")
    make_certificate(person, track("employees"))
    db.session.commit()
    client.get("/champion")
    with counted_statements() as few:
        assert client.get("/champion").status_code == 200
    for cycle in range(2, 12):
        make_certificate(person, track("employees"), cycle=cycle, pdf=True)
        make_certificate(person, track("executives"), cycle=cycle, revoked=cycle % 2 == 0)
    db.session.commit()
    with counted_statements() as many:
        assert client.get("/champion").status_code == 200
    assert len(many) == len(few) <= 8, many


# --- appearing in the directory -------------------------------------------------------------


def test_appearing_in_the_directory_is_recorded_and_audited(programme, client, login_as):
    person = login_as("employee", language="en")
    response = client.post("/champion/directory", data={"choice": "appear"})
    assert response.status_code == 302 and response.headers["Location"] == "/champion"
    assert listing_state() == ([person.id], ["champion.listed"])
    page = text_of(client.get("/champion"))
    assert "You appear in the champions directory." in page
    assert "You chose to appear in the directory on" in page
    assert "You will be shown once you reach the first level." in page  # no certificate yet


def test_withdrawing_takes_me_out_at_once_and_is_audited(programme, client, login_as):
    login_as("employee", language="en")
    client.post("/champion/directory", data={"choice": "appear"})
    response = client.post("/champion/directory", data={"choice": "withdraw"})
    assert response.status_code == 302
    assert listing_state() == ([], ["champion.listed", "champion.withdrawn"])
    page = text_of(client.get("/champion"))
    assert "You no longer appear in the champions directory." in page
    assert "You do not appear in the directory." in page


def test_appearing_twice_changes_nothing_the_second_time(programme, client, login_as):
    person = login_as("employee", language="en")
    client.post("/champion/directory", data={"choice": "appear"})
    response = client.post("/champion/directory", data={"choice": "appear"}, follow_redirects=True)
    assert "You were already in the champions directory." in text_of(response)
    assert listing_state() == ([person.id], ["champion.listed"])


def test_withdrawing_when_not_listed_changes_nothing(programme, client, login_as):
    login_as("employee", language="en")
    response = client.post(
        "/champion/directory", data={"choice": "withdraw"}, follow_redirects=True
    )
    assert "You were not in the champions directory." in text_of(response)
    assert listing_state() == ([], [])


@pytest.mark.parametrize(
    ("data", "language", "message"),
    [
        ({"choice": "publish-everything"}, "en", "That choice is not one this page offers"),
        ({}, "en", "That choice is not one this page offers"),
        ({"choice": ""}, "fr", "Ce choix n’est pas proposé par cette page"),
    ],
    ids=["unknown choice", "no choice", "empty choice, in French"],
)
def test_a_choice_the_page_does_not_offer_changes_nothing(
    programme, client, login_as, data, language, message
):
    login_as("employee", language=language)
    response = client.post("/champion/directory", data=data)
    assert response.status_code == 400
    assert message in text_of(response)
    assert listing_state() == ([], [])


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/champion"), ("post", "/champion/directory"), ("get", "/champions")],
)
def test_signed_out_visitors_are_refused_and_nothing_changes(programme, client, method, path):
    response = getattr(client, method)(path, data={"choice": "appear"})
    if method == "get":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?")
    else:
        assert response.status_code == 401
    assert listing_state() == ([], [])


@pytest.mark.parametrize(
    ("role", "roster"), [("employee", False), ("manager", False), ("hr", True), ("admin", True)]
)
def test_the_menu_links_to_the_champion_pages_and_hr_to_the_roster(
    programme, client, login_as, role, roster
):
    # The links read nothing more from the database: tests/learning/test_page_queries.py counts
    # the home page's statements with this menu.
    login_as(role, language="en")
    html = client.get("/").get_data(as_text=True)
    menu = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/champion">My champion page</a>' in menu
    assert '<a href="/champions">Champions</a>' in menu
    assert ('<a href="/champions/roster">Champions roster</a>' in menu) is roster
