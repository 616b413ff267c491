"""The team page of a top manager runs the same number of SQL statements with 1,000 and with
10,000 people in the reporting line, whatever the sort, filter or page: counted on the engine
(``before_cursor_execute``) over HTTP, sign-in lookup included. The time each view takes is
printed (``-s``), for the record; the machine is shared, so no test asserts on it."""

from __future__ import annotations

import time
from datetime import date, timedelta

import time_machine
from sqlalchemy import event, insert, select, text

from app.content.models import Lesson
from app.extensions import db
from app.learning.cycles import BY_PERSON, NewAssignment, open_assignments
from app.learning.models import LessonRead
from app.people.demo_large import add_people_tree
from tests.assignments.team_helpers import make_team, sync_repository_content, track_id

TODAY = date(2026, 12, 1)
VIEWS = {
    "default": {},
    "page 3": {"page": "3"},
    "by status": {"sort": "status"},
    "by progress": {"sort": "progress", "order": "desc"},
    "in progress, one office": {"status": "in_progress", "office": "quebec"},
    "direct reports": {"scope": "direct"},
}


def grow_the_line(top_id: int, count: int, prefix: str) -> None:
    """``count`` people below the top manager, each with two assignments (due dates spread
    either side of today) and, one in three, lessons read on the employees track."""
    people = add_people_tree(top_id, count, None, TODAY, prefix=prefix)
    tracks = [track_id("employees"), track_id("community-managers")]
    open_assignments(
        [
            NewAssignment(person, track, BY_PERSON, due_on=TODAY + timedelta(days=n % 40 - 10))
            for n, person in enumerate(people)
            for track in tracks
        ]
    )
    lessons = list(db.session.scalars(select(Lesson.id).order_by(Lesson.id).limit(4)))
    reads = [
        {"person_id": person, "lesson_id": lesson, "course_version": 1}
        for person in people[::3]
        for lesson in lessons[: 1 + people.index(person) % 4]
    ]
    db.session.execute(insert(LessonRead), reads)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Statistics, as autovacuum would gather them in a while: timings of realistic plans.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))


def statements_and_time(client) -> dict[str, tuple[int, float]]:
    counted: list[str] = []

    def count(_connection, _cursor, statement, *_args) -> None:
        counted.append(statement)

    found = {}
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for name, query in VIEWS.items():
            assert client.get("/team", query_string=query).status_code == 200  # warm the snapshot
            timings = []
            for _run in range(3):  # the best of three: the machine is shared
                counted.clear()
                started = time.perf_counter()
                response = client.get("/team", query_string=query)
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200, name
            found[name] = (len(counted), min(timings))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return found


def test_the_same_statements_at_a_thousand_and_ten_thousand_people(app, client, login_as):
    sync_repository_content()
    with time_machine.travel("2026-12-01 12:00:00+00:00", tick=False):
        team = make_team()
        top = team.manager
        grow_the_line(top.id, 1_000, "small")
        login_as(top)
        small = statements_and_time(client)
        grow_the_line(top.id, 9_000, "large")
        login_as(top)
        large = statements_and_time(client)
        page = client.get("/team").get_data(as_text=True)
    print()
    for name in VIEWS:
        print(
            f"{name:>24}: {small[name][0]} statements, {small[name][1] * 1000:.0f} ms at 1,000;"
            f" {large[name][0]} statements, {large[name][1] * 1000:.0f} ms at 10,000"
        )
    assert {name: n for name, (n, _t) in small.items()} == {
        name: n for name, (n, _t) in large.items()
    }
    assert max(n for n, _t in large.values()) <= 9
    # Every open assignment of the line: two for each of its 10,000 people.
    assert "Showing 1–50 of 20,000" in page
