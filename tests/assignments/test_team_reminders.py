"""Reminders from the team page: to one person, or to everyone late in the view; at most one
per person and assignment per day; audited; delivered in the learner's language as text and
HTML to a real SMTP server; and never to someone outside the manager's reporting line."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.learning.cycles import COMPLETED, close_assignment
from app.models import AuditEvent, OutboxMessage
from tests.assignments.team_helpers import (  # team and clock: fixtures
    TODAY,
    assign,
    make_team,
    sync_repository_content,
)
from tests.assignments.team_helpers import clock as clock  # a fixture
from tests.assignments.team_helpers import team as team  # a fixture
from tests.conftest import csrf_token_from
from tests.smtp_server import send
from tests.smtp_server import smtp_server as smtp_server  # the fixture


def queued() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def reminded_events() -> int:
    query = select(func.count()).where(AuditEvent.action == "assignment.reminded")
    return db.session.scalar(query)


def flashes(client, response) -> str:
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_reminder_goes_once_a_day_to_the_learner_with_the_manager_s_name(
    team, client, login_as, clock
):
    alice = team.reports[1]
    assignment = assign(alice, "employees", TODAY - timedelta(days=2))
    login_as(team.manager)
    url = f"/team/assignments/{assignment}/remind?status=overdue"
    response = client.post(url)
    assert response.headers["Location"] == "/team?status=overdue"
    assert "1 reminder sent." in flashes(client, response)
    [message] = queued()
    assert message.recipient == alice.email
    assert "Manon Manager reminds you of the track Employees." in message.body
    assert "2 days late" in message.body
    assert "https://relais.example/tracks/employees" in message.body
    assert reminded_events() == 1

    again = flashes(client, client.post(url))
    assert "1 person was already reminded today: no second reminder sent." in again
    assert len(queued()) == 1 and reminded_events() == 1

    clock.shift(timedelta(days=1))
    login_as(team.manager)  # the session has timed out overnight
    assert "1 reminder sent." in flashes(client, client.post(url))
    assert len(queued()) == 2 and reminded_events() == 2


def test_the_day_is_the_learner_s_own(team, client, login_as):
    """At 03:00 UTC it is still the evening before in Québec: the same day there."""
    _lead, _alice, bruno = team.reports  # in Québec
    assignment = assign(bruno, "employees", TODAY)
    for moment, expected in [("01:00", 1), ("04:00", 1), ("06:00", 2)]:
        with time_machine.travel(f"2026-12-02 {moment}:00+00:00", tick=False):
            login_as(team.manager)
            client.post(f"/team/assignments/{assignment}/remind")
        assert len(queued()) == expected, moment


def test_another_team_s_assignment_is_refused_and_nothing_is_queued(team, client, login_as, clock):
    theirs = assign(team.outsider, "employees", TODAY - timedelta(days=2))
    login_as(team.manager)
    assert client.post(f"/team/assignments/{theirs}/remind").status_code == 403
    assert queued() == [] and reminded_events() == 0


def test_a_lead_cannot_remind_their_own_manager(team, client, login_as, clock):
    mine = assign(team.manager, "employees", TODAY - timedelta(days=2))
    login_as(team.lead)
    assert client.post(f"/team/assignments/{mine}/remind").status_code == 403
    assert queued() == []


def test_an_unknown_assignment_is_not_found(team, client, login_as, clock):
    login_as(team.manager)
    assert client.post("/team/assignments/999999/remind").status_code == 404
    assert queued() == []


def test_a_closed_assignment_gets_no_reminder(team, client, login_as, clock):
    done = assign(team.lead, "employees", TODAY - timedelta(days=2))
    close_assignment(done, COMPLETED)
    db.session.commit()
    login_as(team.manager)
    page = flashes(client, client.post(f"/team/assignments/{done}/remind"))
    assert "This assignment is closed: no reminder sent." in page
    assert queued() == []


def test_everyone_late_in_the_view_is_reminded_once(team, client, login_as, clock):
    lead, alice, bruno = team.reports
    assign(lead, "employees", TODAY - timedelta(days=1))
    assign(alice, "employees", TODAY - timedelta(days=8))
    assign(alice, "executives", TODAY - timedelta(days=3))
    assign(bruno, "employees", TODAY + timedelta(days=3))  # not late
    assign(team.outsider, "employees", TODAY - timedelta(days=8))  # not in the line
    login_as(team.manager)
    page = client.get("/team").get_data(as_text=True)
    assert "Remind everyone late (3)" in page
    assert "3 reminders sent." in flashes(client, client.post("/team/remind-late"))
    assert sorted(message.recipient for message in queued()) == sorted(
        [lead.email, alice.email, alice.email]
    )
    assert reminded_events() == 3
    again = flashes(client, client.post("/team/remind-late"))
    assert "3 people were already reminded today: no second reminder sent." in again
    assert len(queued()) == 3


def test_everyone_late_keeps_to_the_view_s_scope_track_and_office(team, client, login_as, clock):
    lead, alice, bruno = team.reports
    assign(lead, "employees", TODAY - timedelta(days=1))
    assign(alice, "employees", TODAY - timedelta(days=1))  # in Paris
    assign(bruno, "executives", TODAY - timedelta(days=1))
    login_as(team.manager)
    client.post("/team/remind-late?scope=direct")
    assert [message.recipient for message in queued()] == [lead.email]
    client.post("/team/remind-late?office=paris")
    assert [message.recipient for message in queued()][1:] == [alice.email]
    client.post("/team/remind-late?track=executives")
    assert [message.recipient for message in queued()][2:] == [bruno.email]


def test_no_one_late_says_so(team, client, login_as, clock):
    assign(team.lead, "employees", TODAY + timedelta(days=3))
    login_as(team.manager)
    page = flashes(client, client.post("/team/remind-late"))
    assert "No one is late in this view: no reminder sent." in page
    assert queued() == []


def test_hr_may_remind_anyone(team, client, login_as, clock):
    theirs = assign(team.outsider, "employees", TODAY - timedelta(days=2))
    login_as("hr", language="en")
    assert "1 reminder sent." in flashes(client, client.post(f"/team/assignments/{theirs}/remind"))


@pytest.mark.parametrize("url", ["/team/assignments/{id}/remind", "/team/remind-late"])
def test_a_reminder_without_the_form_s_token_is_refused(csrf_app, url):
    sync_repository_content()
    team = make_team()
    with time_machine.travel("2026-12-01 12:00:00+00:00", tick=False):
        assignment = assign(team.lead, "employees", TODAY - timedelta(days=2))
        client = csrf_app.test_client()
        login = client.get("/login").get_data(as_text=True)
        client.post(
            "/login",
            data={
                "email": team.manager.email,
                "password": "correct horse battery staple",
                "csrf_token": csrf_token_from(login),
            },
        )
        response = client.post(url.format(id=assignment))
        assert response.status_code == 400
        assert queued() == []
        page = client.get("/team").get_data(as_text=True)
        token = csrf_token_from(page)
        ok = client.post(url.format(id=assignment), data={"csrf_token": token})
        assert ok.status_code == 302 and len(queued()) == 1


def test_the_reminder_reaches_the_learner_in_their_language_as_text_and_html(
    team, client, login_as, clock, smtp_server
):
    _lead, alice, bruno = team.reports  # Alice reads English, Bruno French
    for person in (alice, bruno):
        assignment = assign(person, "employees", TODAY - timedelta(days=3))
        login_as(team.manager)
        client.post(f"/team/assignments/{assignment}/remind")
    handler, port = smtp_server()
    assert send(client.application, port).output.strip() == "sent 2, failed 0"
    mails = {mail["To"]: mail for mail in handler.received()}
    english, french = mails[alice.email], mails[bruno.email]
    assert english["Subject"] == "Reminder: Employees"
    assert french["Subject"] == "Relance\u202f: Collaborateurs"
    for mail in (english, french):
        assert {part.get_content_type() for part in mail.iter_parts()} == {
            "text/plain",
            "text/html",
        }
    text = french.get_body(("plain",)).get_content()
    html = french.get_body(("html",)).get_content()
    assert "Manon Manager vous rappelle le parcours Collaborateurs." in text
    assert "3 jours de retard" in text and "28 nov. 2026" in text
    assert '<a href="https://relais.example/tracks/employees">' in html
