"""Who may assign, see, move and withdraw: HR and admins for everyone, a manager only within
their reporting line, read from the org chart at each request. A manager who names another
team's person or assignment by id gets 403 and nothing changes, on every route."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.audit.origin import COMMAND_LINE
from app.extensions import db
from app.learning.cycles import OPEN, today_for
from app.learning.models import Assignment
from app.people.importer import import_people
from tests.assignments.assign_helpers import (
    assign_form,
    assignments,
    confirm_form,
    open_for,
    people,
    text,
)
from tests.conftest import sign_in
from tests.factories import make_person


@pytest.fixture
def outsiders(team, track) -> int:
    """The outsider's assignment, given by their own manager; its id."""
    return open_for(team.outsider, track, team.other, due_on=today_for(team.other))


def snapshot() -> tuple:
    """What a refused request must leave as it was: every assignment, every non-security event."""
    db.session.expire_all()
    rows = [(a.id, a.state, a.due_on, a.withdrawal_reason) for a in assignments()]
    changes = select(func.count()).where(AuditEvent.action.notlike("security.%"))
    return rows, db.session.scalar(changes)


def refused(response, before) -> None:
    assert response.status_code == 403
    assert snapshot() == before


def test_a_link_ticking_another_team_s_person_is_refused(manager_client, team, outsiders):
    before = snapshot()
    refused(manager_client.get(f"/assign?person={team.outsider.id}"), before)


def test_confirming_for_another_team_s_person_is_refused(manager_client, team, track):
    before = snapshot()
    form = confirm_form(track, [team.ana, team.outsider], today_for(team.manager))
    refused(manager_client.post("/assign/confirm", data=form), before)
    assert assignments() == []


def test_a_preview_naming_another_team_s_person_says_so(manager_client, team, track):
    """The preview is the form: it answers with a message (400), as for any bad choice."""
    before = snapshot()
    form = assign_form(track, people=people(team.outsider))
    response = manager_client.post("/assign", data=form)
    assert response.status_code == 400
    assert "1 person you chose is not in your reporting line" in text(response)
    assert snapshot() == before


def test_another_team_s_assignment_page_is_refused(manager_client, outsiders):
    before = snapshot()
    refused(manager_client.get(f"/assignments/{outsiders}"), before)


def test_moving_another_team_s_due_date_is_refused(manager_client, team, outsiders):
    before = snapshot()
    later = (today_for(team.outsider) + timedelta(days=30)).isoformat()
    form = {"move-new_due": later, "move-reason": "Mine now"}
    refused(manager_client.post(f"/assignments/{outsiders}/due", data=form), before)


def test_withdrawing_another_team_s_assignment_is_refused(manager_client, outsiders):
    before = snapshot()
    form = {"withdraw-reason": "Not needed"}
    refused(manager_client.post(f"/assignments/{outsiders}/withdraw", data=form), before)
    assert db.session.get(Assignment, outsiders).state == OPEN


def test_a_refusal_is_recorded_as_a_security_event(manager_client, outsiders):
    manager_client.get(f"/assignments/{outsiders}")
    query = select(func.count()).where(AuditEvent.action == "security.forbidden")
    assert db.session.scalar(query) == 1


def test_a_manager_reaches_every_level_of_the_line(manager_client, team, track):
    assignment_id = open_for(team.cleo, track, team.ben, due_on=today_for(team.cleo))
    assert manager_client.get(f"/assignments/{assignment_id}").status_code == 200


def test_a_person_with_no_reports_cannot_assign(client, team, track):
    sign_in(client, team.ana.email)
    assert client.get("/assign").status_code == 403


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_hr_and_admins_reach_everyone(client, team, track, outsiders, role):
    person = make_person(roles=(role,), language="en")
    db.session.commit()
    sign_in(client, person.email)
    assert client.get(f"/assign?person={team.outsider.id}").status_code == 200
    assert client.get(f"/assignments/{outsiders}").status_code == 200


def test_after_an_import_moves_a_person_the_former_manager_loses_them(manager_client, team, track):
    assignment_id = open_for(team.ana, track, team.manager, due_on=today_for(team.ana))
    assert manager_client.get(f"/assignments/{assignment_id}").status_code == 200
    header = "email,name,department,office,manager_email,roles,language\n"
    row = f"{team.ana.email},Ana Direct,communication,quebec,{team.other.email},,en\n"
    hr = make_person(roles=("hr",))
    import_people(
        (header + row).encode(),
        importer=hr,
        origin=COMMAND_LINE,
        deactivate_missing=False,
        dry_run=False,
    )
    db.session.commit()
    before = snapshot()
    refused(manager_client.get(f"/assignments/{assignment_id}"), before)
    form = {"withdraw-reason": "Gone"}
    refused(manager_client.post(f"/assignments/{assignment_id}/withdraw", data=form), before)
    refused(manager_client.get(f"/assign?person={team.ana.id}"), before)
    # And the new manager has them.
    sign_in(other := manager_client.application.test_client(), team.other.email)
    assert other.get(f"/assignments/{assignment_id}").status_code == 200
