"""The rules pages (admin): list, a new rule previewed then confirmed, a change, a deletion,
each audited; bad input refused with its own message and nothing saved."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from app.assignments.models import AssignmentRule
from app.audit.models import AuditEvent
from app.extensions import db
from app.learning.models import Assignment
from tests.assignments.rule_factories import (
    assignments_of,
    make_rule,
    make_rule_track,
    read_first_lesson,
)
from tests.factories import make_office, make_person

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
PREVIEWED = re.compile(r'name="previewed" type="hidden" value="([0-9a-f]*)"')


@pytest.fixture
def rules_admin(app, login_as):
    with time_machine.travel(NOW, tick=False):
        make_office("quebec")
        make_office("paris")
        yield login_as("admin", language="en", department="it")


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def form_for(for_track, **overrides) -> dict:
    values = {
        "track": str(for_track.id),
        "name": "Marketing people",
        "departments": ["marketing"],
        "due_kind": "after_matching",
        "due_days": "30",
    }
    values.update(overrides)
    return values


def previewed(page: str) -> str:
    match = PREVIEWED.search(page)
    assert match, "no preview fingerprint in the page"
    return match.group(1)


def test_the_list_shows_each_live_rule_in_words(client, rules_admin):
    home = client.get("/").get_data(as_text=True)  # before the test's track, which has no quiz
    assert 'href="/admin/rules"' in home  # the admin's menu leads there
    track = make_rule_track("managers")
    make_rule(track, name="Paris marketing", departments=["marketing"], offices=["paris"])
    make_rule(track, name="Gone", deleted_at=NOW)
    db.session.commit()
    page = client.get("/admin/rules").get_data(as_text=True)
    assert "Paris marketing" in page and "Gone" not in page
    assert "Departments: Marketing" in page and "Offices: paris" in page
    assert "30 days after the rule matched" in page


def test_a_new_rule_is_previewed_then_saved_only_on_confirmation(client, rules_admin):
    track = make_rule_track()
    marketer = make_person(department="marketing", display_name="Mia Marketing")
    done = make_person(department="marketing")
    from tests.assignments.rule_factories import complete_track

    complete_track(done, track)
    make_person(department="sales")
    db.session.commit()

    response = client.post("/admin/rules/new", data=form_for(track, preview="Preview"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Assigns the track to 1 person." in page
    assert "1 person it matches completed the track." in page
    assert "Mia Marketing" in page
    assert (count(AssignmentRule), count(Assignment)) == (0, 0)

    confirm = form_for(track, confirm="Confirm and save", previewed=previewed(page))
    response = client.post("/admin/rules/new", data=confirm)
    assert response.status_code == 302
    [rule] = db.session.scalars(select(AssignmentRule))
    assert (rule.name, rule.departments, rule.due_days) == ("Marketing people", ["marketing"], 30)
    [assignment] = assignments_of(marketer)
    assert (assignment.rule_id, assignment.due_on) == (rule.id, date(2026, 12, 31))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "rule.create"))
    assert event.actor_id == rules_admin.id
    assert event.details["before"] is None and event.details["after"]["name"] == "Marketing people"
    assert "1 person was assigned the track." in client.get("/admin/rules").get_data(as_text=True)


def test_confirming_other_values_than_the_preview_saves_nothing(client, rules_admin):
    track = make_rule_track()
    db.session.commit()
    page = client.post("/admin/rules/new", data=form_for(track, preview="Preview")).get_data(
        as_text=True
    )
    changed = form_for(track, departments=["sales"], confirm="y", previewed=previewed(page))
    page = client.post("/admin/rules/new", data=changed).get_data(as_text=True)
    assert "The rule changed after the preview, so nothing was saved" in page
    assert count(AssignmentRule) == 0


def test_a_change_previews_and_withdraws_what_is_not_started(client, rules_admin):
    track = make_rule_track()
    rule = make_rule(track, name="Marketing", departments=["marketing"])
    idle = make_person(department="marketing", display_name="Idle")
    busy = make_person(department="marketing")
    db.session.commit()
    from app.assignments.reconcile import reconcile
    from app.audit.origin import COMMAND_LINE

    reconcile(origin=COMMAND_LINE)
    read_first_lesson(busy, track)
    db.session.commit()
    edit = f"/admin/rules/{rule.id}/edit"
    assert re.search(
        r'<input checked [^>]*value="marketing"', client.get(edit).get_data(as_text=True)
    )
    page = client.post(edit, data=form_for(track, departments=["sales"], preview="1")).get_data(
        as_text=True
    )
    assert "Withdraws 1 assignment not started." in page and "Idle" in page
    data = form_for(track, departments=["sales"], confirm="1", previewed=previewed(page))
    assert client.post(edit, data=data).status_code == 302
    db.session.expire_all()
    assert [a.state for a in assignments_of(idle)] == ["withdrawn"]
    assert [a.state for a in assignments_of(busy)] == ["open"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "rule.update"))
    assert event.details["before"]["departments"] == ["marketing"]
    assert event.details["after"]["departments"] == ["sales"]


def test_a_deletion_previews_what_it_withdraws_then_deletes_once(client, rules_admin):
    track = make_rule_track()
    rule = make_rule(track, name="Everyone")
    make_person(display_name="Zoé")
    db.session.commit()
    from app.assignments.reconcile import reconcile
    from app.audit.origin import COMMAND_LINE

    reconcile(origin=COMMAND_LINE)
    db.session.commit()
    path = f"/admin/rules/{rule.id}/delete"
    page = client.get(path).get_data(as_text=True)
    assert "Withdraws 2 assignments not started." in page and "Zoé" in page  # the admin too
    assert count(AssignmentRule, AssignmentRule.deleted_at.is_(None)) == 1
    response = client.post(path)
    assert response.status_code == 302
    db.session.expire_all()
    assert count(Assignment, Assignment.state == "withdrawn") == 2
    assert count(AuditEvent, AuditEvent.action == "rule.delete") == 1
    assert client.post(path).status_code == 404
    assert client.get(f"/admin/rules/{rule.id}/edit").status_code == 404


def test_the_pages_speak_french(client, app, login_as):
    make_rule_track()
    admin = login_as("admin", language="fr")
    assert admin.language == "fr"
    page = client.get("/admin/rules/new").get_data(as_text=True)
    assert "Nouvelle règle d’attribution" in page
    assert "Aperçu" in page


BAD_INPUT = [
    ("name-missing", {"name": ""}, "Give the rule a name, such as “Marketing in Paris”."),
    ("name-too-long", {"name": "x" * 201}, "Keep the name to 200 characters at most."),
    ("track-unknown", {"track": "99999"}, "Choose one of the tracks listed."),
    ("track-not-a-number", {"track": "abc"}, "Choose one of the tracks listed."),
    ("track-missing", {"track": ""}, "Choose the track to assign."),
    (
        "department-unknown",
        {"departments": ["astrology"]},
        "Choose departments among those listed.",
    ),
    ("office-unknown", {"offices": ["tokyo"]}, "Choose offices among those listed."),
    ("role-unknown", {"roles": ["boss"]}, "Choose roles among those listed."),
    ("language-unknown", {"languages": ["de"]}, "Choose languages among those listed."),
    (
        "manager-unknown",
        {"manager_email": "nobody@relais.example"},
        "No active person in Relais has the address nobody@relais.example; check it or leave it"
        " empty.",
    ),
    (
        "manager-malformed",
        {"manager_email": "not-an-address"},
        "Write the manager’s e-mail address like name@company.com.",
    ),
    ("due-kind-unknown", {"due_kind": "someday"}, "Not a valid choice."),
    ("due-days-missing", {"due_days": ""}, "Give the number of days people have."),
    ("due-days-negative", {"due_days": "-1"}, "Give a number of days from 0 to 3650."),
    ("due-days-too-many", {"due_days": "3651"}, "Give a number of days from 0 to 3650."),
    ("due-days-not-a-number", {"due_days": "ten"}, "Not a valid integer value."),
    ("due-date-missing", {"due_kind": "fixed", "due_on": ""}, "Give the due date."),
    (
        "due-date-malformed",
        {"due_kind": "fixed", "due_on": "31/12/2026"},
        "Not a valid date value.",
    ),
    (
        "due-date-passed",
        {"due_kind": "fixed", "due_on": "2026-11-30"},
        "This date has passed; choose today or a later date.",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "message"), [case[1:] for case in BAD_INPUT], ids=[case[0] for case in BAD_INPUT]
)
def test_bad_input_is_refused_with_its_message_and_nothing_saved(
    client, rules_admin, overrides, message
):
    track = make_rule_track()
    make_person(department="marketing")
    db.session.commit()
    for button in ({"preview": "Preview"}, {"confirm": "Confirm", "previewed": "x"}):
        response = client.post("/admin/rules/new", data=form_for(track, **overrides, **button))
        assert response.status_code == 400
        assert message in response.get_data(as_text=True).replace("&#34;", '"').replace(
            "&#39;", "'"
        )
    assert (
        count(AssignmentRule),
        count(Assignment),
        count(AuditEvent, AuditEvent.action.like("rule.%")),
    ) == (0, 0, 0)


def test_an_unknown_rule_is_not_found(client, rules_admin):
    assert client.get("/admin/rules/12345/edit").status_code == 404
    assert client.get("/admin/rules/12345/delete").status_code == 404
