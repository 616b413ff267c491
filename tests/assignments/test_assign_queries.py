"""The assign page and its preview run a fixed number of SQL statements whatever the size of
the reporting line: one for the people, one for their assignments and completions on the
track, whether the line holds 10 people or 200 (counted on the engine, over HTTP, sign-in
lookup included)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select

from app.content.loader import load_content
from app.content.models import Track
from app.content.sync import sync_content
from app.extensions import db
from app.learning.models import TrackCompletion
from app.people.demo_large import add_people_tree
from app.people.models import Person
from tests.assignments.assign_helpers import assign_form, open_for, text
from tests.conftest import empty_all_tables, sign_in
from tests.content.content_cases import MINIMAL
from tests.factories import make_office, make_person

SIZES = (10, 200)


def statements_of(client, method: str, url: str, data=None) -> tuple[int, str]:
    counted: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        counted.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.open(url, method=method, data=data)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, text(response)
    return len(counted), text(response)


def organisation(app, size: int, roles=()):
    """From empty: the content, a manager over ``size`` people (several levels), a tenth of
    them with the track open, another tenth who completed it; a client signed in as
    ``roles`` (the manager when none)."""
    db.session.remove()
    empty_all_tables()
    sync_content(load_content(MINIMAL))
    track = db.session.scalar(select(Track).where(Track.slug == "employees"))
    make_office("quebec"), make_office("paris")
    manager = make_person(display_name="Top Manager", language="en")
    ids = add_people_tree(manager.id, size, None, date.today())
    for person_id in ids[::10]:
        open_for(db.session.get(Person, person_id), track, manager)
    for person_id in ids[5::10]:
        db.session.add(TrackCompletion(person_id=person_id, track_id=track.id, cycle=1))
    actor = make_person(roles=roles, language="en") if roles else manager
    db.session.commit()
    client = app.test_client()
    sign_in(client, actor.email)
    client.get("/assign")  # the first request after a sync builds the catalog snapshot
    return client, track, ids


@pytest.mark.parametrize("who", ["line", "people"])
def test_the_preview_runs_as_many_statements_at_10_and_200_people(app, who):
    counts = {}
    for size in SIZES:
        client, track, ids = organisation(app, size)
        ticked = [str(person_id) for person_id in ids] if who == "people" else []
        form = assign_form(track, who=who, people=ticked, levels="all")
        counts[size], page = statements_of(client, "POST", "/assign", form)
        assert f"To be assigned: {size - 2 * (size // 10)} people" in page
        assert f"{size // 10} already ha" in page  # "1 already has it", "20 already have it"
        counts[f"form at {size}"] = statements_of(client, "GET", "/assign?levels=all")[0]
    assert counts[10] == counts[200] and counts["form at 10"] == counts["form at 200"], counts
    assert counts[200] <= 8, counts


def test_hr_s_preview_by_office_runs_as_many_statements(app):
    counts = {}
    for size in SIZES:
        client, track, _ids = organisation(app, size, roles=("hr",))
        form = assign_form(track, who="group", office="paris")
        counts[size], page = statements_of(client, "POST", "/assign", form)
        assert "To be assigned:" in page
    assert counts[10] == counts[200], counts
