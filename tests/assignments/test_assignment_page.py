"""An assignment's page: who, what, who assigned it and when, the due date in words, the
message, the status and the history; moving its due date and withdrawing it, each with a
reason, audited, and refused once the assignment is closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import COMPLETED, OPEN, WITHDRAWN, close_assignment, today_for
from app.learning.models import Assignment
from tests.assignments.assign_helpers import confirm_form, open_for, text
from tests.conftest import sign_in


@pytest.fixture
def assigned(manager_client, team, track) -> Assignment:
    """Ana's assignment, made on the assign page: due in 10 days, with a message."""
    due = today_for(team.ana) + timedelta(days=10)
    form = confirm_form(track, [team.ana], due, "Read the charter first.")
    assert manager_client.post("/assign/confirm", data=form).status_code == 302
    return stored()


def stored() -> Assignment:
    db.session.expire_all()
    return db.session.scalars(select(Assignment)).one()


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def url(assignment, action: str = "") -> str:
    return f"/assignments/{assignment.id}" + (f"/{action}" if action else "")


def test_the_page_says_everything_about_the_assignment(manager_client, team, assigned):
    page = text(manager_client.get(url(assigned)))
    assert "Employees: Ana Direct" in page
    assert "Manon Manager" in page and "Read the charter first." in page
    assert "(due in 10 days)" in page and "Not started" in page
    assert f'<time datetime="{assigned.due_on.isoformat()}">' in page
    history = page[page.index('id="history-heading"') :]
    assert "Assigned" in history and "cycle 1" in history and "Manon Manager" in history
    assert "Move the due date" in page and "Withdraw the assignment" in page


def test_the_status_follows_the_person_and_the_date(app, manager_client, team, assigned):
    learner = app.test_client()
    sign_in(learner, team.ana.email)
    assert learner.post("/courses/basics/lessons/01-first/read").status_code == 302
    assert "In progress" in text(manager_client.get(url(assigned)))
    with time_machine.travel(utcnow() + timedelta(days=12), tick=False):
        later = app.test_client()
        sign_in(later, team.manager.email)
        page = text(later.get(url(assigned)))
    assert "Overdue" in page and "days late" in page


def test_the_page_in_french(client, team, assigned):
    team.manager.language = "fr"
    db.session.commit()
    sign_in(client, team.manager.email)
    page = text(client.get(url(assigned)))
    assert "Collaborateurs\u202f: Ana Direct" in page and "Pas commencé" in page
    assert "Déplacer l’échéance" in page and "Historique" in page


def test_moving_the_due_date_keeps_the_old_one_and_the_reason(manager_client, team, assigned):
    before = assigned.due_on
    after = before + timedelta(days=7)
    form = {"move-new_due": after.isoformat(), "move-reason": "Back from leave later"}
    response = manager_client.post(url(assigned, "due"), data=form)
    assert response.status_code == 302 and response.headers["Location"] == url(assigned)
    assert stored().due_on == after
    (event,) = events("assignment.due_moved")
    assert (event.actor_id, event.subject_id) == (team.manager.id, team.ana.id)
    assert event.details == {
        "assignment": assigned.id,
        "before": before.isoformat(),
        "after": after.isoformat(),
        "reason": "Back from leave later",
    }
    page = text(manager_client.get(url(assigned)))
    assert "The due date is moved to" in page
    assert "Due date moved" in page and "Reason: Back from leave later" in page


def test_due_today_is_a_date_one_may_move_to(manager_client, team, assigned):
    today = today_for(team.ana)
    form = {"move-new_due": today.isoformat(), "move-reason": "Sooner"}
    assert manager_client.post(url(assigned, "due"), data=form).status_code == 302
    assert stored().due_on == today


MOVE_CASES = {
    "no reason": ({"move-reason": "  "}, "Give a reason: it is kept in the history."),
    "a reason too long": (
        {"move-reason": "r" * 501},
        "501 characters is too long; shorten it to 500 at most",
    ),
    "no date": ({"move-new_due": ""}, "Enter a due date."),
    "an unreadable date": ({"move-new_due": "next week"}, "Enter the due date as a date"),
    "a past date": ({"move-new_due": "past"}, "This date is in the past"),
    "the same date": ({"move-new_due": "same"}, "This is already the due date"),
}


@pytest.mark.parametrize("case", MOVE_CASES)
def test_a_bad_move_is_refused_and_changes_nothing(manager_client, team, assigned, case):
    fields, message = MOVE_CASES[case]
    form = {"move-new_due": (assigned.due_on + timedelta(days=3)).isoformat(), "move-reason": "x"}
    form.update(fields)
    if form["move-new_due"] == "past":
        form["move-new_due"] = (today_for(team.ana) - timedelta(days=1)).isoformat()
    if form["move-new_due"] == "same":
        form["move-new_due"] = assigned.due_on.isoformat()
    response = manager_client.post(url(assigned, "due"), data=form)
    assert response.status_code == 400
    page = text(response)
    assert message in page and (
        'id="move-new_due-errors"' in page or 'id="move-reason-errors"' in page
    )
    assert stored().due_on == assigned.due_on and events("assignment.due_moved") == []


def test_withdrawing_closes_it_with_the_reason(manager_client, team, assigned):
    form = {"withdraw-reason": "Moved to another team"}
    response = manager_client.post(url(assigned, "withdraw"), data=form)
    assert response.status_code == 302
    row = stored()
    assert (row.state, row.closed_by_id, row.withdrawal_reason) == (
        WITHDRAWN,
        team.manager.id,
        "Moved to another team",
    )
    (event,) = events("assignment.withdrawn")
    assert event.details == {"assignment": assigned.id, "reason": "Moved to another team"}
    page = text(manager_client.get(url(assigned)))
    assert "The assignment is withdrawn." in page and "Withdrawn" in page
    assert "Move the due date" not in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdrawing_without_a_reason_is_refused(manager_client, assigned, reason):
    response = manager_client.post(url(assigned, "withdraw"), data={"withdraw-reason": reason})
    assert response.status_code == 400
    assert "Give a reason: it is kept in the history." in text(response)
    assert stored().state == OPEN and events("assignment.withdrawn") == []


@pytest.mark.parametrize("state", [WITHDRAWN, COMPLETED])
def test_a_closed_assignment_keeps_its_due_date(manager_client, assigned, state):
    close_assignment(assigned.id, state, reason="done")
    db.session.commit()
    due = assigned.due_on
    form = {"move-new_due": (due + timedelta(days=3)).isoformat(), "move-reason": "Later"}
    response = manager_client.post(url(assigned, "due"), data=form)
    assert response.status_code == 409
    page = text(response)
    assert "This assignment is closed" in page and "A closed assignment keeps its due date." in page
    assert stored().due_on == due and events("assignment.due_moved") == []


def test_a_closed_assignment_cannot_be_withdrawn_again(manager_client, assigned):
    close_assignment(assigned.id, COMPLETED)
    db.session.commit()
    response = manager_client.post(url(assigned, "withdraw"), data={"withdraw-reason": "No"})
    assert response.status_code == 409 and "It cannot be withdrawn." in text(response)
    assert stored().state == COMPLETED and events("assignment.withdrawn") == []


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/assignments/999999", {}),
        ("POST", "/assignments/999999/due", {"move-new_due": "2099-01-01", "move-reason": "x"}),
        ("POST", "/assignments/999999/withdraw", {"withdraw-reason": "x"}),
    ],
)
def test_an_unknown_assignment_is_not_found(manager_client, method, path, data):
    assert manager_client.open(path, method=method, data=data).status_code == 404


def test_hr_sees_and_changes_anyone_s_assignment(client, team, track):
    from tests.factories import make_person

    assignment_id = open_for(team.outsider, track, team.other, due_on=today_for(team.ana))
    hr = make_person(roles=("hr",), language="en")
    db.session.commit()
    sign_in(client, hr.email)
    assert "Olga Outsider" in text(client.get(f"/assignments/{assignment_id}"))
    form = {"withdraw-reason": "Left the programme"}
    assert client.post(f"/assignments/{assignment_id}/withdraw", data=form).status_code == 302
    assert stored().state == WITHDRAWN
