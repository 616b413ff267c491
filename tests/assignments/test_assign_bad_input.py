"""Every refusal of the assign form, one test each: the form comes back (400) with a message
that says what to change, in the person's language, and nothing is written."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from app.database import utcnow
from app.extensions import db
from app.learning.cycles import today_for
from tests.assignments.assign_helpers import (
    assign_form,
    assignment_events,
    assignments,
    confirm_form,
    people,
    text,
)
from tests.conftest import sign_in
from tests.factories import make_person

DAYS = "Enter the number of days as a whole number from 1 to 3650."
PAST = "This date is in the past: choose today or a later day."

# (fields sent by a manager, the message the form shows)
MANAGER_CASES = {
    "no track": ({"track": ""}, "Choose a track."),
    "unknown track": ({"track": "999999"}, "Choose a track."),
    "nobody ticked": ({"people": []}, "Choose at least one person."),
    "a tampered id": ({"people": ["first"]}, "1 person you chose is not in your reporting line"),
    "no due date": ({"due_kind": "date", "due": ""}, "Enter a due date."),
    "unreadable due date": (
        {"due_kind": "date", "due": "31/12/2026"},
        "Enter the due date as a date, for example",
    ),
    "impossible due date": (
        {"due_kind": "date", "due": "2026-02-30"},
        "Enter the due date as a date, for example",
    ),
    "due yesterday": ({"due_kind": "date", "due": "yesterday"}, PAST),
    "no number of days": ({"due_days": ""}, DAYS),
    "zero days": ({"due_days": "0"}, DAYS),
    "negative days": ({"due_days": "-3"}, DAYS),
    "days in words": ({"due_days": "ten"}, DAYS),
    "a fraction of days": ({"due_days": "1.5"}, DAYS),
    "too many days": ({"due_days": "3651"}, DAYS),
    "message too long": (
        {"message": "x" * 1001},
        "1001 characters is too long; shorten it to 1000 at most",
    ),
    "a way only HR has": ({"who": "group", "department": "marketing"}, "Choose who to assign."),
    "an unknown way": ({"who": "everyone"}, "Choose who to assign."),
}


def sent(fields: dict, team, track) -> dict:
    form = assign_form(track, people=people(team.ana))
    form.update(fields)
    if form.get("due") == "yesterday":
        form["due"] = (today_for(team.manager) - timedelta(days=1)).isoformat()
    return form


def assert_refused(response, message: str) -> None:
    assert response.status_code == 400
    page = text(response)
    assert message in page and "Nothing was assigned" in page
    assert "Preview: nothing is assigned yet" not in page
    assert assignments() == [] and assignment_events() == 0


@pytest.mark.parametrize("case", MANAGER_CASES)
def test_a_manager_s_bad_choice_is_refused(manager_client, team, track, case):
    fields, message = MANAGER_CASES[case]
    assert_refused(manager_client.post("/assign", data=sent(fields, team, track)), message)


def test_a_person_outside_the_line_is_refused_by_name_count(manager_client, team, track):
    form = assign_form(track, people=people(team.ana, team.outsider))
    response = manager_client.post("/assign", data=form)
    assert_refused(response, "1 person you chose is not in your reporting line: choose again.")
    assert "Olga Outsider" not in text(response)


def test_several_problems_are_all_said_at_once(manager_client, team, track):
    form = {**assign_form(track), "track": "", "due_days": "0"}
    response = manager_client.post("/assign", data=form)
    for message in ("Choose a track.", "Choose at least one person.", DAYS):
        assert_refused(response, message)


def test_the_refusal_is_in_french_for_a_french_reader(client, team, track):
    team.manager.language = "fr"
    db.session.commit()
    sign_in(client, team.manager.email)
    response = client.post("/assign", data=assign_form(track, people=[], due_days="zéro"))
    assert response.status_code == 400
    page = text(response)
    assert "Choisissez au moins une personne." in page
    assert "Saisissez le nombre de jours en nombre entier, de 1 à 3650." in page


@pytest.fixture
def hr_client(client, team, track):
    hr = make_person(roles=("hr",), language="en")
    db.session.commit()
    sign_in(client, hr.email)
    return client


HR_CASES = {
    "an address that is nobody's": (
        {"who": "emails", "emails": "nobody@relais.example"},
        "No active account has the address nobody@relais.example.",
    ),
    "two addresses that are nobody's": (
        {"who": "emails", "emails": "b@relais.example; a@relais.example"},
        "No active account has these addresses: a@relais.example, b@relais.example.",
    ),
    "no address": ({"who": "emails", "emails": " ,; "}, "Enter at least one e-mail address."),
    "neither department nor office": ({"who": "group"}, "Choose a department, an office, or both."),
    "a department nobody works in": (
        {"who": "group", "department": "astronomy"},
        "Nobody active works in this department and office.",
    ),
    "an unknown person id": (
        {"people": ["999999"]},
        "1 person you chose has no active account: choose again.",
    ),
}


@pytest.mark.parametrize("case", HR_CASES)
def test_an_hr_bad_choice_is_refused(hr_client, team, track, case):
    fields, message = HR_CASES[case]
    assert_refused(hr_client.post("/assign", data=sent(fields, team, track)), message)


def test_a_deactivated_address_is_nobody(hr_client, team, track):
    team.ana.active = False
    db.session.commit()
    form = sent({"who": "emails", "emails": team.ana.email}, team, track)
    assert_refused(hr_client.post("/assign", data=form), "No active account has the address")


def test_a_due_date_past_by_the_time_of_confirm_is_refused(client, team, track):
    today = today_for(team.manager)
    with time_machine.travel(utcnow() + timedelta(days=1), tick=False):
        sign_in(client, team.manager.email)  # the session of the day before has lapsed
        response = client.post("/assign/confirm", data=confirm_form(track, [team.ana], today))
    assert_refused(response, PAST)


def test_a_message_too_long_at_confirm_is_refused(manager_client, team, track):
    form = confirm_form(track, [team.ana], today_for(team.manager), "x" * 1001)
    assert_refused(manager_client.post("/assign/confirm", data=form), "1001 characters")
