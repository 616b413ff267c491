"""Reconcile at scale and under concurrency: the same number of statements for 100 and 900
people; two ``assignments reconcile`` processes at once open each assignment once; a people
import reconciles the people it changed, in its transaction."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from sqlalchemy import event, func, select

from app.assignments.reconcile import ReconcileCounts, reconcile
from app.audit.origin import COMMAND_LINE
from app.extensions import db
from app.learning.models import Assignment
from app.people.demo_large import add_people_tree
from app.people.importer import import_people
from app.people.models import Person
from tests.assignments.rule_factories import assignments_of, make_rule, make_rule_track
from tests.factories import make_office, make_person
from tests.flask_command import start_flask_command


@contextmanager
def counted_statements():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def organisation(size: int):
    """A top manager with ``size`` people below, two tracks with rules, and a first reconcile;
    then a third of the people move department, so a second run opens and withdraws."""
    for code in ("quebec", "paris", "louvain-la-neuve"):
        make_office(code)
    top = make_person(department="leadership")
    ids = add_people_tree(top.id, size, None, date(2026, 12, 1))
    everyone, sales = make_rule_track(), make_rule_track()
    make_rule(everyone, roles=["employee"])
    make_rule(sales, departments=["sales", "customer-service"], manager_id=top.id)
    make_rule(sales, offices=["paris"], languages=["en"])
    reconcile(origin=COMMAND_LINE)
    db.session.commit()
    moved = ids[::3]
    db.session.execute(
        Person.__table__.update().where(Person.id.in_(moved)).values(department="it")
    )
    db.session.commit()
    return len(moved)


def statements_of_second_run(size: int) -> tuple[int, ReconcileCounts]:
    organisation(size)
    with counted_statements() as statements:
        counts = reconcile(origin=COMMAND_LINE)
    db.session.rollback()
    return len(statements), counts


def test_reconcile_issues_the_same_statements_for_100_and_900_people(app):
    small, small_counts = statements_of_second_run(100)
    from tests.conftest import empty_all_tables

    empty_all_tables()
    large, large_counts = statements_of_second_run(900)
    assert small_counts.withdrawn > 0 and large_counts.withdrawn > small_counts.withdrawn
    assert small == large, (small, large)


def test_two_reconciles_at_once_open_each_assignment_once(app, database_url):
    for code in ("quebec", "paris", "louvain-la-neuve"):
        make_office(code)
    top = make_person()
    add_people_tree(top.id, 3000, None, date(2026, 12, 1))
    track = make_rule_track("employees")
    track.default_rules = [{"due": {"days_after": "joining", "days": 30}}]
    db.session.commit()
    processes = [start_flask_command(database_url, "assignments", "reconcile") for _ in range(2)]
    outputs = [process.communicate(timeout=180) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    opened = [int(out.split(",")[0].removeprefix("opened ")) for out, _err in outputs]
    assert sum(opened) == 3001
    db.session.expire_all()
    per_person = db.session.execute(
        select(Assignment.person_id, func.count()).group_by(Assignment.person_id)
    ).all()
    assert len(per_person) == 3001
    assert {count for _person, count in per_person} == {1}


CSV_HEADER = "email,name,department,office,manager_email,roles,language\n"


def test_a_people_import_applies_the_rules_to_the_people_it_changed(app):
    make_office("quebec")
    track = make_rule_track()
    make_rule(track, departments=["marketing"])
    boss = make_person(email="boss@relais.example", display_name="Boss", department="sales")
    report = make_person(email="report@relais.example", department="marketing", manager=boss)
    make_rule(track, manager_id=boss.id, name="Boss's line")
    db.session.commit()
    rows = (
        "boss@relais.example,Boss,sales,quebec,,,fr\n"
        "new@relais.example,New,marketing,quebec,boss@relais.example,,fr\n"
    )
    import_people(
        (CSV_HEADER + rows).encode(),
        importer=None,
        origin=COMMAND_LINE,
        deactivate_missing=False,
        dry_run=False,
    )
    newcomer = db.session.scalar(select(Person).where(Person.email == "new@relais.example"))
    assert len(assignments_of(newcomer, track)) == 1
    # The report was not in the file and nothing about the boss changed: nobody reconciled them.
    assert assignments_of(report) == []
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_a_manager_moved_by_an_import_takes_their_line_into_a_subtree_rule(app):
    make_office("quebec")
    track = make_rule_track()
    boss = make_person(email="boss@relais.example", display_name="Boss")
    middle = make_person(email="middle@relais.example", display_name="Middle")
    below = make_person(email="below@relais.example", manager=middle)
    make_rule(track, manager_id=boss.id, name="Boss's line")
    db.session.commit()
    row = "middle@relais.example,Middle,communication,quebec,boss@relais.example,,fr\n"
    import_people(
        (CSV_HEADER + row).encode(),
        importer=None,
        origin=COMMAND_LINE,
        deactivate_missing=False,
        dry_run=False,
    )
    assert len(assignments_of(middle, track)) == 1
    assert len(assignments_of(below, track)) == 1  # not in the file, but below the one who moved
