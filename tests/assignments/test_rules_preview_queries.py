"""A rule's preview issues the same number of SQL statements at 1,000 and at 10,000 people,
counted over HTTP (the sign-in lookup included), for a new rule and for a deletion."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from app.assignments.reconcile import reconcile
from app.audit.origin import COMMAND_LINE
from app.extensions import db
from app.people.demo_large import add_people_tree
from tests.assignments.rule_factories import make_rule, make_rule_track
from tests.conftest import empty_all_tables
from tests.factories import make_office, make_person


def statements_during(request) -> tuple[int, str]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page = request().get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements), page


def organisation(size: int, login_as):
    for code in ("quebec", "paris", "louvain-la-neuve"):
        make_office(code)
    top = make_person(department="leadership")
    add_people_tree(top.id, size, None, date(2026, 12, 1))
    track = make_rule_track()
    old = make_rule(track, name="Old", departments=["sales"])
    reconcile(origin=COMMAND_LINE)
    db.session.commit()
    login_as("admin", language="en")
    return top, track, old


def previews(client, login_as, size: int) -> tuple[int, int, str]:
    top, track, old = organisation(size, login_as)
    form = {
        "track": str(track.id),
        "name": "Customer service in the line",
        "departments": ["customer-service", "marketing"],
        "manager_email": top.email,
        "due_kind": "after_joining",
        "due_days": "30",
        "preview": "Preview",
    }
    new, page = statements_during(lambda: client.post("/admin/rules/new", data=form))
    assert "Assigns the track to" in page
    deleting, page = statements_during(lambda: client.get(f"/admin/rules/{old.id}/delete"))
    assert "Withdraws" in page
    return new, deleting, page


def test_the_preview_issues_the_same_statements_at_1000_and_10000_people(client, login_as):
    small_new, small_delete, _page = previews(client, login_as, 1000)
    client.post("/logout")
    empty_all_tables()
    large_new, large_delete, large_page = previews(client, login_as, 10000)
    assert "… and " in large_page  # the list stops at 500 per change; the counts are whole
    assert (small_new, small_delete) == (large_new, large_delete)
    print(f"preview: {small_new} statements; delete preview: {small_delete}")
