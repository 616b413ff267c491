"""Renewals at once and by hand: two ``notify`` processes started together (as on two servers'
cron, on the test database: a SQLite file or PostgreSQL) open each renewal once and send its
e-mail once; a manager gives no second cycle to someone whose certificate is valid outside its
window, and may open the renewal inside it."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from app.assignments.assigning import confirm_assignment, plan_assignment
from app.assignments.choosing import AssignChoice
from app.assignments.models import AssignmentRule
from app.assignments.reconcile import reconcile
from app.assignments.renewal import open_renewals
from app.audit.origin import COMMAND_LINE
from app.certificates.dates import add_months
from app.content.models import Track
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import BY_PERSON, BY_RENEWAL, OPEN, today_for
from app.learning.models import Assignment
from app.notify.models import MessageLog
from tests.assignments.notify_helpers import at, make_track
from tests.assignments.renewal_helpers import ISSUED, VALID_UNTIL, WINDOW_OPENS, issue_on
from tests.assignments.test_notify_runs import notifier
from tests.factories import make_office, make_person


def renewals_printed(output: str) -> int:
    line = next(line for line in output.splitlines() if line.startswith("renewals opened: "))
    return int(line.rsplit(": ", 1)[1])


def test_two_notify_processes_at_once_open_each_renewal_once(app, database_url):
    track = make_track()
    paris = make_office("paris")
    # Issued 24 months less 30 days ago: each expires in 29 days, its window open today.
    issued = add_months(today_for(make_person(office=paris)), -24) + timedelta(days=30)
    holders = [make_person(password=None, office=paris) for _ in range(40)]
    for person in holders:
        issue_on(person, track, issued)
    processes = [notifier(database_url) for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    db.session.expire_all()
    opened = db.session.execute(
        select(Assignment.person_id, func.count()).group_by(Assignment.person_id)
    ).all()
    assert sorted(person for person, _n in opened) == sorted(p.id for p in holders)
    assert {n for _person, n in opened} == {1}
    assert sum(renewals_printed(out) for out, _err in outputs) == 40
    # Each holder's "window open" e-mail once (the 30-day reminder's day came before the window
    # opened here, so it is not sent; the 7-day one's has not come).
    kinds = Counter(db.session.scalars(select(MessageLog.kind)))
    assert kinds == Counter({"renewal_window_open": 40})
    third = notifier(database_url)
    out, err = third.communicate(timeout=120)
    assert (third.returncode, renewals_printed(out)) == (0, 0), err


def choose(track, person) -> AssignChoice:
    return AssignChoice(
        track=str(track.id),
        people=(str(person.id),),
        due_kind="date",
        due_on=(VALID_UNTIL - timedelta(days=3)).isoformat(),
    )


def test_a_manager_gives_no_second_cycle_outside_the_window(app):
    track = make_track()
    manager = make_person(roles=("hr",))
    holder = make_person(manager=manager)
    issue_on(holder, track, ISSUED)
    day = WINDOW_OPENS - timedelta(days=1)
    with time_machine.travel(at(day), tick=False):
        plan = plan_assignment(manager, choose(track, holder), [db.session.get(Track, track.id)])
        assert (plan.new, [done.member.id for done in plan.completed]) == ((), [holder.id])
        outcome = confirm_assignment(manager, choose(track, holder), COMMAND_LINE)
    db.session.commit()
    assert (outcome.opened, outcome.completed) == (0, 1)
    assert db.session.query(Assignment).count() == 0


def test_a_manager_inside_the_window_opens_the_renewal_with_their_due_date(app):
    track = make_track()
    manager = make_person(roles=("hr",))
    holder = make_person(manager=manager)
    certificate = issue_on(holder, track, ISSUED)
    with time_machine.travel(at(WINDOW_OPENS), tick=False):
        outcome = confirm_assignment(manager, choose(track, holder), COMMAND_LINE)
        db.session.commit()
    assert outcome.opened == 1
    assignment = db.session.scalar(select(Assignment))
    assert (assignment.origin, assignment.cycle, assignment.state) == (BY_PERSON, 2, OPEN)
    assert assignment.renews_certificate_id == certificate.id
    assert assignment.due_on == VALID_UNTIL - timedelta(days=3)
    # The daily run then finds the cycle open: it adds no renewal of its own.
    with time_machine.travel(at(WINDOW_OPENS, 13), tick=False):
        assert open_renewals(origin=COMMAND_LINE) == 0
    assert db.session.query(Assignment).filter_by(origin=BY_RENEWAL).count() == 0


def test_a_rule_gives_no_second_cycle_to_a_holder(app):
    track = make_track()
    holder = make_person(department="communication")
    issue_on(holder, track, ISSUED)
    db.session.add(
        AssignmentRule(
            track_id=track.id,
            name="everyone",
            departments=["communication"],
            due_days=30,
        )
    )
    db.session.commit()
    for day in (WINDOW_OPENS - timedelta(days=1), WINDOW_OPENS, VALID_UNTIL + timedelta(days=1)):
        with time_machine.travel(at(day), tick=False):
            assert reconcile(origin=COMMAND_LINE, now=utcnow()).opened == 0
    assert db.session.query(Assignment).count() == 0
