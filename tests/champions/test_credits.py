"""Credits: the sum of the credits of a person's valid certificates, the latest cycle of each
track only, read at the moment: they lapse the day a certificate expires where its holder
works, or the moment it is revoked. The SQL (directory, roster) and the page agree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from app.certificates.models import REVOKED
from app.champions.credits import all_offices, credits_by_person, local_days
from app.champions.standing import champion_page, standing_for
from app.database import utcnow
from app.extensions import db
from tests.champions.certificates import TODAY, make_certificate, track
from tests.factories import make_office, make_person


def sql_credits() -> dict[int, int]:
    subquery = credits_by_person(local_days(all_offices()))
    return dict(db.session.execute(select(subquery.c.person_id, subquery.c.credits)).all())


def credits_of(person) -> int:
    return standing_for(person).credits


def test_valid_certificates_add_their_credits(programme):
    person = make_person()
    make_certificate(person, track("employees"))
    make_certificate(person, track("community-managers"))
    assert credits_of(person) == 50
    assert sql_credits() == {person.id: 50}
    assert champion_page(person).standing.level.slug == "ambassadeur"


def test_a_revoked_certificate_gives_nothing_at_once(programme):
    person = make_person()
    certificate = make_certificate(person, track("community-managers"))
    make_certificate(person, track("employees"))
    assert credits_of(person) == 50
    certificate.state, certificate.revoked_at = REVOKED, utcnow()
    db.session.flush()
    assert credits_of(person) == 10
    assert sql_credits() == {person.id: 10}


def test_credits_last_through_the_last_valid_day_and_lapse_the_next(programme, clock):
    person = make_person(office=make_office("paris"))
    make_certificate(person, track("employees"), valid_until=TODAY)
    assert (credits_of(person), sql_credits()) == (10, {person.id: 10})
    clock.move_to(datetime(2026, 12, 1, 23, 30, tzinfo=UTC))  # 00:30 in Paris
    assert (credits_of(person), sql_credits()) == (0, {})


def test_the_last_valid_day_is_a_day_where_the_holder_works(programme):
    quebec = make_person(office=make_office("quebec"))
    paris = make_person(office=make_office("paris"))
    for person in (quebec, paris):
        make_certificate(person, track("employees"), valid_until=TODAY)
    # 02:00 UTC on the next day: still the 1st in Québec, already the 2nd in Paris.
    with time_machine.travel(datetime(2026, 12, 2, 2, tzinfo=UTC), tick=False):
        assert sql_credits() == {quebec.id: 10}
        assert (credits_of(quebec), credits_of(paris)) == (10, 0)


def test_only_the_latest_cycle_of_a_track_counts(programme):
    person = make_person()
    employees = track("employees")
    make_certificate(person, employees, cycle=1, valid_from=TODAY - timedelta(days=700))
    make_certificate(person, employees, cycle=2)
    assert (credits_of(person), sql_credits()) == (10, {person.id: 10})  # not 20


def test_a_revoked_latest_cycle_is_not_replaced_by_an_older_valid_one(programme):
    person = make_person()
    employees = track("employees")
    make_certificate(person, employees, cycle=1, valid_from=TODAY - timedelta(days=30))
    make_certificate(person, employees, cycle=2, revoked=True)
    assert (credits_of(person), sql_credits()) == (0, {})


def test_a_new_cycle_brings_back_the_credits_of_an_expired_one(programme):
    person = make_person()
    employees = track("employees")
    make_certificate(person, employees, cycle=1, valid_until=TODAY - timedelta(days=1))
    assert credits_of(person) == 0
    make_certificate(person, employees, cycle=2)
    assert (credits_of(person), sql_credits()) == (10, {person.id: 10})


def test_credits_are_those_frozen_on_the_certificate(programme):
    # The track's credits may change later; the certificate keeps those it was issued with.
    person = make_person()
    make_certificate(person, track("employees"), credits=15)
    assert (credits_of(person), sql_credits()) == (15, {person.id: 15})


def test_the_page_and_the_sql_agree_for_many_people(programme):
    tracks = [track("employees"), track("executives"), track("community-managers")]
    people = [make_person(office=make_office(("quebec", "paris")[n % 2])) for n in range(12)]
    for n, person in enumerate(people):
        for k, each in enumerate(tracks):
            if (n >> k) & 1:
                make_certificate(
                    person,
                    each,
                    revoked=n % 5 == 0,
                    valid_until=TODAY - timedelta(days=1) if n % 7 == 3 else None,
                )
    expected = {person.id: credits_of(person) for person in people}
    found = sql_credits()
    assert {pid: found.get(pid, 0) for pid in expected} == expected
    assert any(expected.values()) and not all(expected.values())
