"""Assigning a track by hand: the form offers the reporting line (direct or all levels), the
preview says what will happen and writes nothing, Confirm opens assignments for the new people
only, each audited, and says what it did."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.learning.cycles import BY_PERSON, OPEN, today_for
from app.learning.models import TrackCompletion
from tests.assignments.assign_helpers import (
    assign_form,
    assignment_events,
    assignments,
    confirm_form,
    open_for,
    people,
    text,
)
from tests.conftest import sign_in
from tests.factories import make_office, make_person


def test_the_form_lists_direct_reports_then_all_levels(manager_client, team, track):
    page = text(manager_client.get("/assign"))
    assert "Ana Direct" in page and "Ben Direct" in page
    assert "Cleo Indirect" not in page and "Olga Outsider" not in page
    assert "Employees" in page
    page = text(manager_client.get("/assign?levels=all"))
    assert "Cleo Indirect" in page and "Olga Outsider" not in page
    # A manager chooses within the line; department, office and addresses are for HR.
    assert 'value="line"' in page and 'value="group"' not in page and 'value="emails"' not in page


def test_a_link_can_tick_a_person_of_the_line(manager_client, team, track):
    page = text(manager_client.get(f"/assign?person={team.cleo.id}"))
    assert f'id="person-{team.cleo.id}" name="people" value="{team.cleo.id}" checked' in page


def test_the_preview_says_who_is_new_and_writes_nothing(manager_client, team, track):
    form = assign_form(track, people=people(team.ana, team.ben))
    response = manager_client.post("/assign", data=form)
    assert response.status_code == 200
    page = text(response)
    due = today_for(team.manager) + timedelta(days=14)
    assert "Preview: nothing is assigned yet" in page
    assert "Assigns “Employees” to 2 people, due" in page
    assert f'name="due" value="{due.isoformat()}"' in page
    assert "Ana Direct" in page and "Confirm and assign" in page
    assert assignments() == [] and assignment_events() == 0


def test_the_preview_names_who_already_has_it_and_who_completed_it(manager_client, team, track):
    open_for(team.ana, track, team.other)
    completion = TrackCompletion(person_id=team.ben.id, track_id=track.id, cycle=1)
    db.session.add(completion)
    db.session.commit()
    form = assign_form(track, who="line", due_kind="date", due=date.today().isoformat())
    page = text(manager_client.post("/assign", data=form))
    assert "Assigns “Employees” to 1 person, due" in page
    assert "1 already has it open and keeps that assignment and its due date." in page
    assert "Ben Direct completed it on" in page and "no new cycle is opened" in page
    assert "To be assigned: 1 person" in page and "Already assigned: 1 person" in page
    assert "Completed: 1 person" in page
    new = page[page.index("To be assigned") : page.index("Already assigned")]
    assert "Cleo Indirect" in new and "Ana Direct" not in new


def test_confirm_opens_the_new_assignments_each_audited(manager_client, team, track):
    open_for(team.ana, track, team.other)
    due = today_for(team.manager) + timedelta(days=10)
    form = confirm_form(track, [team.ana, team.ben, team.cleo], due, "Before the launch, please.")
    response = manager_client.post("/assign/confirm", data=form)
    assert response.status_code == 302 and response.headers["Location"] == "/assign"
    rows = assignments()
    assert [(row.person_id, row.state) for row in rows] == [
        (team.ana.id, OPEN),
        (team.ben.id, OPEN),
        (team.cleo.id, OPEN),
    ]
    ben = rows[1]
    assert (ben.origin, ben.assigned_by_id, ben.due_on, ben.cycle) == (
        BY_PERSON,
        team.manager.id,
        due,
        1,
    )
    assert ben.message == "Before the launch, please."
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "assignment.assign")
    ).all()
    assert {(e.subject_id, e.actor_id) for e in events} == {
        (team.ben.id, team.manager.id),
        (team.cleo.id, team.manager.id),
    }
    assert {e.details["assignment"] for e in events} == {rows[1].id, rows[2].id}
    assert events[0].details | {"assignment": 0} == {
        "assignment": 0,
        "track": "employees",
        "due": due.isoformat(),
        "cycle": 1,
    }
    flashed = text(manager_client.get("/assign"))
    assert "“Employees” is assigned to 2 people." in flashed
    assert "1 person already had it open and keeps it." in flashed


def test_confirm_twice_opens_nothing_more(manager_client, team, track):
    form = confirm_form(track, [team.ana], today_for(team.manager))
    assert manager_client.post("/assign/confirm", data=form).status_code == 302
    assert manager_client.post("/assign/confirm", data=form).status_code == 302
    assert len(assignments()) == 1 and assignment_events() == 1
    assert "“Employees” is assigned to 0 people." in text(manager_client.get("/assign"))


def test_direct_reports_or_the_whole_line(manager_client, team, track):
    for who, expected in (("direct", 2), ("line", 3)):
        page = text(manager_client.post("/assign", data=assign_form(track, who=who)))
        assert f"Assigns “Employees” to {expected} people" in page


def test_due_today_is_allowed(manager_client, team, track):
    today = today_for(team.manager)
    form = assign_form(track, people=people(team.ana), due_kind="date", due=today.isoformat())
    assert manager_client.post("/assign", data=form).status_code == 200
    assert manager_client.post("/assign/confirm", data=confirm_form(track, [team.ana], today))
    assert assignments()[0].due_on == today


def test_hr_assigns_by_department_and_office(client, team, track):
    paris = make_office("paris")
    marketer = make_person(display_name="Maud Marketing", department="marketing", office=paris)
    make_person(display_name="Marc Elsewhere", department="marketing")  # Québec
    hr = make_person(roles=("hr",), language="en")
    db.session.commit()
    sign_in(client, hr.email)
    page = text(client.get("/assign"))
    assert 'value="group"' in page and 'value="emails"' in page and "Paris" in page
    form = assign_form(track, who="group", department="marketing", office="paris")
    page = text(client.post("/assign", data=form))
    assert "Assigns “Employees” to 1 person" in page
    assert "Maud Marketing" in page and "Marc Elsewhere" not in page
    due = today_for(hr) + timedelta(days=14)
    assert client.post("/assign/confirm", data=confirm_form(track, [marketer], due))
    assert [row.person_id for row in assignments()] == [marketer.id]


def test_hr_assigns_anyone_by_address(client, team, track):
    hr = make_person(roles=("hr",), language="en")
    db.session.commit()
    sign_in(client, hr.email)
    emails = f"{team.outsider.email.upper()},\n{team.ana.email}"
    page = text(client.post("/assign", data=assign_form(track, who="emails", emails=emails)))
    assert "Assigns “Employees” to 2 people" in page
    assert "Olga Outsider" in page and "Ana Direct" in page


def test_the_preview_in_french(client, team, track):
    team.manager.language = "fr"
    db.session.commit()
    sign_in(client, team.manager.email)
    page = text(client.post("/assign", data=assign_form(track, people=people(team.ana))))
    assert "Aperçu\u202f: rien n’est encore attribué" in page
    assert "Attribue «\u202fCollaborateurs\u202f» à 1 personne, échéance le" in page
