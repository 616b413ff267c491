"""A whole team's progress in a fixed number of queries, by the learner pages' own measure:
for each person and track, the same steps and the same "started" as ``progress_in`` gives the
person on their own pages, and the same "started" in the SQL condition the team page filters
and sorts with."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from app.content.models import Charter
from app.extensions import db
from app.learning.models import Assignment, CharterAcceptance
from app.learning.progress import progress_in
from app.learning.state import learner_state
from app.learning.team_progress import current_catalog, started_clause, team_progress
from tests.assignments.team_helpers import (
    add_attempt,
    assign,
    read_lessons,
    sync_repository_content,
    track_id,
)
from tests.factories import make_person

TRACKS = ("employees", "community-managers", "executives")


@pytest.fixture
def content(app):
    sync_repository_content()


def accept_charter(person) -> None:
    charter = db.session.scalar(select(Charter).order_by(Charter.version.desc()))
    db.session.add(CharterAcceptance(person_id=person.id, charter_id=charter.id))
    db.session.commit()


def people_with_every_kind_of_progress():
    """Nothing done; lessons read; a failed quiz; a passed one; an open attempt; the charter;
    a quiz passed before the lessons; two attempts, the better one first."""
    nobody = make_person()
    reader = make_person()
    read_lessons(reader, "emp-social-culture", 2)
    read_lessons(reader, "cm-roles", 1)
    failed = make_person()
    add_attempt(failed, "emp-social-culture", 0.3)
    passed = make_person()
    read_lessons(passed, "emp-social-culture", 4)
    add_attempt(passed, "emp-social-culture", 0.9)
    add_attempt(passed, "exec-governance", 0.7)
    opened = make_person()
    add_attempt(opened, "cm-owned-platforms", None)
    charter = make_person()
    accept_charter(charter)
    quiz_first = make_person()
    add_attempt(quiz_first, "emp-ambassador", 1.0)
    twice = make_person()
    add_attempt(twice, "cm-roles", 0.8, number=1)
    add_attempt(twice, "cm-roles", 0.2, number=2)
    return [nobody, reader, failed, passed, opened, charter, quiz_first, twice]


def test_each_person_s_progress_is_the_one_their_own_pages_show(content):
    people = people_with_every_kind_of_progress()
    catalog = current_catalog()
    pairs = [(person.id, track_id(slug)) for person in people for slug in TRACKS]
    found = team_progress(pairs, catalog)
    assert set(found) == set(pairs)
    for person in people:
        state = learner_state(person)
        for own in progress_in(state, list(state.catalog.tracks)):
            team = found[(person.id, own.track.id)]
            assert (team.steps, team.started) == (own.steps, own.started), (person, own.track)
    # The cases differ: the comparison above is not between empty progresses.
    assert len({found[pair].steps for pair in pairs}) > 4
    assert {found[pair].started for pair in pairs} == {True, False}


def test_the_sql_condition_finds_the_same_started_assignments(content):
    people = people_with_every_kind_of_progress()
    for person in people:
        for slug in TRACKS:
            assign(person, slug)
    catalog = current_catalog()
    started = started_clause(catalog, Assignment.person_id, Assignment.track_id)
    by_sql = set(
        db.session.execute(select(Assignment.person_id, Assignment.track_id).where(started))
    )
    pairs = [(person.id, track_id(slug)) for person in people for slug in TRACKS]
    found = team_progress(pairs, catalog)
    assert by_sql == {pair for pair in pairs if found[pair].started}
    assert by_sql and by_sql != set(pairs)


def statements_for(pairs, catalog) -> int:
    counted = []

    def count(*_args) -> None:
        counted.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        team_progress(pairs, catalog)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(counted)


def test_three_queries_whatever_the_number_of_people(content):
    catalog = current_catalog()
    few = people_with_every_kind_of_progress()
    many = few + [make_person() for _ in range(40)]
    for person in many[len(few) :: 3]:
        read_lessons(person, "emp-charter-in-practice", 1)
        add_attempt(person, "emp-charter-in-practice", 0.5)
    db.session.commit()

    def pairs(people):
        return [(person.id, track_id(slug)) for person in people for slug in TRACKS]

    assert statements_for(pairs(few[:2]), catalog) == 3  # lessons read, attempts, the charter
    assert statements_for(pairs(many), catalog) == 3
    # Without a track that asks for the charter, two.
    assert statements_for([(p.id, track_id("executives")) for p in many], catalog) == 2


def test_no_pair_no_query_and_a_retired_track_is_left_out(content):
    catalog = current_catalog()
    person = make_person()
    assert statements_for([], catalog) == 0
    assert team_progress([(person.id, 999999)], catalog) == {}
