"""Reconcile: rules open assignments for the people they match, withdraw the ones not started
of people who stopped matching, seed tracks.yml's rules once, and a second run changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from app.assignments.models import AFTER_JOINING, FIXED, AssignmentRule
from app.assignments.reconcile import (
    ReconcileCounts,
    live_rules,
    plan_reconcile,
    reconcile,
    withdraw,
)
from app.assignments.seeding import seed_default_rules
from app.audit.models import AuditEvent
from app.audit.origin import COMMAND_LINE
from app.content.loader import load_content
from app.content.sync import sync_content
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import (
    BY_PERSON,
    WITHDRAWN,
    NewAssignment,
    close_assignment,
    open_assignments,
)
from app.quiz.models import QuizAttempt
from tests.assignments.rule_factories import (
    assignments_of,
    complete_track,
    make_rule,
    make_rule_track,
    open_count,
    read_first_lesson,
)
from tests.factories import make_office, make_person

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def rules_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def run() -> ReconcileCounts:
    counts = reconcile(origin=COMMAND_LINE)
    db.session.commit()
    return counts


def test_a_rule_opens_one_assignment_per_person_it_matches(app, rules_clock):
    track = make_rule_track()
    rule = make_rule(track, departments=["Marketing"], due_days=10)
    marketer = make_person(department=" marketing ")
    make_person(department="sales")
    assert run() == ReconcileCounts(opened=1)
    [assignment] = assignments_of(marketer)
    assert (assignment.origin, assignment.rule_id, assignment.state) == ("rule", rule.id, "open")
    # 15:00 UTC is 10:00 in Québec: still 1 December there.
    assert assignment.due_on == date(2026, 12, 11)
    assert run() == ReconcileCounts()  # idempotent


@pytest.mark.parametrize(
    ("criterion", "matching", "other"),
    [
        ({"offices": ["paris"]}, {"office_code": "paris"}, {"office_code": "quebec"}),
        ({"languages": ["en"]}, {"language": "en"}, {"language": "fr"}),
        ({"roles": ["hr"]}, {"roles": ("hr",)}, {}),
        ({"roles": ["admin", "hr"]}, {"roles": ("admin",)}, {}),
        ({"roles": ["employee"]}, {}, None),
    ],
    ids=["office", "language", "role-hr", "role-admin-or-hr", "role-employee-is-everyone"],
)
def test_each_criterion_keeps_only_the_people_it_names(app, criterion, matching, other):
    track = make_rule_track()
    make_rule(track, **criterion)

    def person(values):
        values = dict(values)
        code = values.pop("office_code", "quebec")
        return make_person(office=make_office(code), **values)

    yes = person(matching)
    no = person(other) if other is not None else None
    run()
    assert len(assignments_of(yes)) == 1
    if no is not None:
        assert assignments_of(no) == []


def test_the_manager_role_means_having_an_active_report(app):
    track = make_rule_track()
    make_rule(track, roles=["manager"])
    boss, former_boss = make_person(), make_person()
    make_person(manager=boss)
    make_person(manager=former_boss, active=False)
    run()
    assert (len(assignments_of(boss)), assignments_of(former_boss)) == (1, [])


def test_a_manager_subtree_rule_reaches_every_level_and_no_one_else(app):
    track = make_rule_track()
    top = make_person()
    middle = make_person(manager=top)
    bottom = make_person(manager=middle)
    outsider = make_person()
    make_rule(track, manager_id=top.id)
    run()
    assert [len(assignments_of(p)) for p in (top, middle, bottom, outsider)] == [0, 1, 1, 0]


def test_criteria_combine_and_inactive_people_never_match(app):
    track = make_rule_track()
    make_rule(track, departments=["sales"], languages=["en"])
    both = make_person(department="sales", language="en")
    make_person(department="sales", language="fr")
    make_person(department="hr", language="en")
    make_person(department="sales", language="en", active=False)
    assert run() == ReconcileCounts(opened=1)
    assert len(assignments_of(both)) == 1


def test_after_joining_never_gives_someone_an_assignment_already_late(app, rules_clock):
    track = make_rule_track()
    make_rule(track, due_kind=AFTER_JOINING, due_days=30)
    veteran = make_person(hired_on=date(2019, 3, 1))
    starting_soon = make_person(hired_on=date(2026, 12, 15))
    run()
    assert assignments_of(veteran)[0].due_on == date(2026, 12, 31)  # today + 30
    assert assignments_of(starting_soon)[0].due_on == date(2027, 1, 14)  # first day + 30


def test_after_matching_counts_from_the_day_in_the_persons_office(app):
    track = make_rule_track()
    make_rule(track, due_days=1)
    quebec = make_person(office=make_office("quebec"))
    paris = make_person(office=make_office("paris"))
    with time_machine.travel(datetime(2026, 12, 1, 23, 30, tzinfo=UTC), tick=False):
        run()  # 18:30 on 1 December in Québec, 00:30 on 2 December in Paris
    assert assignments_of(quebec)[0].due_on == date(2026, 12, 2)
    assert assignments_of(paris)[0].due_on == date(2026, 12, 3)


def test_a_fixed_rule_gives_its_date_and_the_earliest_due_date_wins(app):
    track = make_rule_track()
    make_rule(track, due_kind=FIXED, due_on=date(2027, 6, 30), due_days=None)
    earliest = make_rule(track, due_kind=FIXED, due_on=date(2027, 3, 31), due_days=None)
    person = make_person()
    assert run() == ReconcileCounts(opened=1)
    [assignment] = assignments_of(person)
    assert (assignment.rule_id, assignment.due_on) == (earliest.id, date(2027, 3, 31))


def test_no_rule_assignment_for_what_is_open_completed_or_taken_back(app):
    track = make_rule_track()
    make_rule(track)
    manager = make_person()
    has_it, done_it, taken_back = make_person(), make_person(), make_person()
    open_assignments([NewAssignment(has_it.id, track.id, BY_PERSON, assigned_by_id=manager.id)])
    complete_track(done_it, track)
    [taken_id] = open_assignments(
        [NewAssignment(taken_back.id, track.id, BY_PERSON, assigned_by_id=manager.id)]
    )
    close_assignment(taken_id, WITHDRAWN, closed_by_id=manager.id, reason="not for this role")
    assert run() == ReconcileCounts(opened=1)  # the manager, whom the rule matches too
    assert [a.origin for a in assignments_of(has_it)] == ["person"]
    assert assignments_of(done_it) == []
    assert [a.state for a in assignments_of(taken_back)] == ["withdrawn"]


def test_who_stops_matching_loses_it_unless_started_and_the_reason_is_kept(app):
    track = make_rule_track()
    make_rule(track, departments=["sales"], name="Sales people")
    idle, busy = make_person(department="sales"), make_person(department="sales")
    run()
    read_first_lesson(busy, track)
    idle.department = busy.department = "hr"
    assert run() == ReconcileCounts(withdrawn=1)
    [withdrawn] = assignments_of(idle)
    assert withdrawn.state == "withdrawn"
    assert withdrawn.withdrawal_reason == "ne correspond plus à la règle «\u202fSales people\u202f»"
    assert [a.state for a in assignments_of(busy)] == ["open"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assignment.withdrawn"))
    assert (event.subject_id, event.details["assignment"]) == (idle.id, withdrawn.id)
    assert run() == ReconcileCounts()


def test_a_lesson_read_after_the_plan_was_made_keeps_the_assignment(app):
    """The withdrawal checks again: someone who starts while reconcile plans keeps the track."""
    track = make_rule_track()
    make_rule(track, departments=["sales"], name="Sales people")
    person = make_person(department="sales")
    run()
    person.department = "hr"
    db.session.flush()
    plan = plan_reconcile(live_rules(), now=utcnow())
    assert [item.person_id for item in plan.to_withdraw] == [person.id]
    read_first_lesson(person, track)
    assert withdraw(plan.to_withdraw, utcnow()) == []
    assert [a.state for a in assignments_of(person)] == ["open"]


def test_a_quiz_begun_after_the_plan_was_made_keeps_the_assignment(app):
    track = make_rule_track()
    make_rule(track, departments=["sales"], name="Sales people")
    person = make_person(department="sales")
    run()
    person.department = "hr"
    db.session.flush()
    plan = plan_reconcile(live_rules(), now=utcnow())
    assert [item.person_id for item in plan.to_withdraw] == [person.id]
    course_id = track.track_courses[0].course_id
    db.session.add(
        QuizAttempt(
            person_id=person.id, course_id=course_id, number=1, course_version=1, settings={}
        )
    )
    db.session.flush()
    assert withdraw(plan.to_withdraw, utcnow()) == []
    assert [a.state for a in assignments_of(person)] == ["open"]


def test_a_quiz_attempt_also_counts_as_started(app):
    track = make_rule_track()
    rule = make_rule(track)
    person = make_person()
    run()
    course_id = track.track_courses[0].course_id
    db.session.add(
        QuizAttempt(
            person_id=person.id, course_id=course_id, number=1, course_version=1, settings={}
        )
    )
    rule.deleted_at = NOW
    assert run() == ReconcileCounts()
    assert [a.state for a in assignments_of(person)] == ["open"]


def test_a_deleted_rule_withdraws_what_it_gave_not_what_another_rule_gives(app):
    track = make_rule_track()
    everyone = make_rule(track, name="Everyone")
    sales = make_rule(track, departments=["sales"], name="Sales")
    seller, other = make_person(department="sales"), make_person(department="hr")
    run()
    everyone.deleted_at = NOW
    assert run() == ReconcileCounts(withdrawn=1)
    [gone] = assignments_of(other)
    assert gone.withdrawal_reason == "la règle «\u202fEveryone\u202f» a été supprimée"
    assert [a.state for a in assignments_of(seller)] == ["open"]  # still matches "Sales"
    assert sales.deleted_at is None


def test_reconcile_for_some_people_leaves_the_others(app):
    track = make_rule_track()
    make_rule(track)
    chosen, other = make_person(), make_person()
    assert reconcile([chosen.id], origin=COMMAND_LINE) == ReconcileCounts(opened=1)
    assert (len(assignments_of(chosen)), assignments_of(other)) == (1, [])


def test_a_retired_track_gets_no_new_assignment(app):
    track = make_rule_track(retired_at=NOW)
    make_rule(track)
    make_person()
    assert run() == ReconcileCounts()


# --- seeding ---------------------------------------------------------------------------------


def seeded_rules() -> list[AssignmentRule]:
    return list(db.session.scalars(select(AssignmentRule).order_by(AssignmentRule.seed_key)))


def test_default_rules_are_seeded_once_and_a_deleted_one_stays_deleted(app):
    track = make_rule_track("employees")
    track.default_rules = [
        {"departments": [], "due": {"days_after": "joining", "days": 30}},
        {"departments": [" Marketing "], "due": {"on": "2027-01-31"}},
    ]
    make_person(department="marketing")
    assert run() == ReconcileCounts(opened=1)
    first, second = seeded_rules()
    assert (first.seed_key, first.due_kind, first.due_days) == ("employees#0", "after_joining", 30)
    assert (second.seed_key, second.due_kind, second.due_on) == (
        "employees#1",
        "fixed",
        date(2027, 1, 31),
    )
    assert second.departments == ["marketing"]
    assert first.name == "Parcours employees\u202f: règle par défaut 1"
    second.deleted_at = NOW
    run()
    run()
    assert len(seeded_rules()) == 2
    assert seeded_rules()[1].deleted_at is not None


@pytest.mark.parametrize(
    "entry",
    [
        "everyone",
        {"departments": "marketing"},  # no due date
        {"due": {"days_after": "lunch", "days": 3}},
        {"due": {"days_after": "joining", "days": -1}},
        {"due": {"days_after": "joining", "days": True}},
        {"due": {"on": "31/01/2027"}},
        {"roles": ["boss"], "due": {"days_after": "matching", "days": 3}},
        {"languages": ["de"], "due": {"days_after": "matching", "days": 3}},
        {"offices": [3], "due": {"days_after": "matching", "days": 3}},
    ],
    ids=[
        "not-a-dict",
        "no-due",
        "unknown-days-after",
        "negative-days",
        "days-not-a-number",
        "date-not-iso",
        "unknown-role",
        "unknown-language",
        "office-not-text",
    ],
)
def test_a_default_rule_that_is_not_a_rule_is_skipped(app, entry):
    track = make_rule_track("employees")
    track.default_rules = [entry, {"due": {"kind": "after_matching", "days": 7}}]
    run()
    assert [rule.seed_key for rule in seeded_rules()] == ["employees#1"]


def test_the_daily_command_prints_its_counts_and_a_second_run_does_nothing(app):
    track = make_rule_track()
    make_rule(track)
    make_person()
    make_person()
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["assignments", "reconcile"])
    assert (first.exit_code, first.output) == (0, "opened 2, withdrawn 0\n")
    second = runner.invoke(args=["assignments", "reconcile"])
    assert second.output == "opened 0, withdrawn 0\n"
    db.session.expire_all()
    assert open_count() == 2


def test_what_a_person_assigned_stays_when_no_rule_gives_it_any_more(app):
    track = make_rule_track()
    make_rule(track, departments=["sales"])
    manager = make_person(department="hr")
    seller = make_person(department="sales")
    open_assignments([NewAssignment(seller.id, track.id, BY_PERSON, assigned_by_id=manager.id)])
    seller.department = "hr"
    assert run() == ReconcileCounts()
    assert [(a.origin, a.state) for a in assignments_of(seller)] == [("person", "open")]


def test_a_person_deactivated_loses_a_rule_assignment_not_started(app):
    track = make_rule_track()
    make_rule(track)
    leaver = make_person()
    run()
    leaver.active = False
    assert run() == ReconcileCounts(withdrawn=1)
    assert [a.state for a in assignments_of(leaver)] == ["withdrawn"]


def test_the_default_rules_of_the_repository_s_tracks_yml_are_seeded_as_content_sync_stores_them(
    app,
):
    """The path the site really takes: tracks.yml read and synced, then seeded, rule by rule."""
    sync_content(load_content(Path(__file__).resolve().parents[2]))
    assert seed_default_rules() == 3
    rules = {
        rule.seed_key: (rule.departments, rule.due_kind, rule.due_days)
        for rule in db.session.scalars(select(AssignmentRule))
    }
    assert rules == {
        "executives#0": (["leadership"], "after_matching", 90),
        "community-managers#0": (["communication", "marketing"], "after_matching", 60),
        "employees#0": ([], "after_joining", 30),
    }
