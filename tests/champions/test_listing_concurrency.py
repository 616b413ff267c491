"""Appearing in the directory is recorded once, however many times it is asked at the same
moment (a double click, two tabs): twenty simultaneous requests against a live server in its
own process leave one listing and one audit event; twenty simultaneous withdrawals leave none
and one more event. On a SQLite file and on PostgreSQL."""

from __future__ import annotations

from app.audit.models import AuditEvent
from app.champions.models import ChampionListing
from app.extensions import db
from tests.factories import make_person
from tests.quiz import test_concurrency as quiz_concurrency
from tests.quiz.test_concurrency import all_at_once, count, post, served, sign_in_cookie

live_database = quiz_concurrency.live_database  # the same fixture: SQLite file, PostgreSQL
AT_ONCE = 20


def test_twenty_simultaneous_choices_are_recorded_once(live_database):
    person = make_person(language="en")
    db.session.commit()
    with served(live_database) as base_url:
        cookie = sign_in_cookie(base_url, person.email)

        def choose(choice: str):
            return lambda: post(base_url, "/champion/directory", cookie, {"choice": choice})

        appeared = all_at_once(AT_ONCE, choose("appear"))
        assert {status for status, _location in appeared} == {302}
        assert count(ChampionListing) == 1
        assert count(AuditEvent, AuditEvent.action == "champion.listed") == 1
        withdrawn = all_at_once(AT_ONCE, choose("withdraw"))
    assert {status for status, _location in withdrawn} == {302}
    assert count(ChampionListing) == 0
    assert count(AuditEvent, AuditEvent.action == "champion.withdrawn") == 1
