"""Issuing: completing a track issues one certificate for the person, track and cycle, in the
completion's transaction, with a yearly serial and a verification code of its own; what it
states is frozen at issue."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from app.certificates.dates import add_months, valid_until
from app.certificates.issuing import format_serial, next_serial_number
from app.certificates.models import Certificate
from app.content.models import Track
from app.extensions import db
from app.learning.cycles import today_for
from app.learning.models import TrackCompletion
from tests.learning.test_completion import pass_quiz, read_everything

ACCEPT = {"version": "1", "confirm": "y"}


def complete_track(client) -> None:
    read_everything(client)
    pass_quiz(client)
    client.post("/charter/accept", data=ACCEPT)


def certificates() -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).order_by(Certificate.id)))


def test_completing_the_track_issues_one_certificate_with_its_facts(quiz, client, login_as):
    person = login_as("employee", language="en", display_name="Ana Lima")
    complete_track(client)
    today = today_for(person)  # in the person's zone, as the certificate dates it
    [certificate] = certificates()
    completion = db.session.scalar(select(TrackCompletion))
    track = db.session.get(Track, completion.track_id)
    assert certificate.completion_id == completion.id
    assert (certificate.person_id, certificate.track_id, certificate.cycle) == (
        person.id,
        track.id,
        1,
    )
    assert certificate.serial == f"RL-{today.year}-000001"
    assert (certificate.holder_name, certificate.language) == ("Ana Lima", "en")
    assert certificate.track_title == track.title
    assert certificate.grade == 1.0
    assert certificate.credits == track.champion_credits
    assert certificate.valid_from == today
    assert certificate.valid_until == valid_until(today, track.validity_months)
    # Its PDF was wanted at issue, and rendered once the completion had committed.
    assert certificate.render_requested_at is None


def test_passing_again_issues_nothing_more(quiz, client, login_as):
    login_as("employee", language="en")
    complete_track(client)
    pass_quiz(client)
    client.post("/charter/accept", data=ACCEPT)
    assert len(certificates()) == 1


def test_the_verification_code_is_long_url_safe_and_not_the_serial(quiz, client, login_as):
    login_as("employee", language="en")
    complete_track(client)
    [certificate] = certificates()
    code = certificate.verification_code
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,}", code)  # 24 bytes: 192 bits
    assert certificate.serial not in code


def test_a_later_name_change_leaves_the_certificate_as_issued(quiz, client, login_as):
    person = login_as("employee", language="en", display_name="Ana Lima")
    complete_track(client)
    person.display_name = "Ana Lima-Souza"
    db.session.commit()
    db.session.expire_all()
    assert certificates()[0].holder_name == "Ana Lima"


def test_serials_follow_each_other_within_a_year_and_restart_the_next(app):
    numbers = [next_serial_number(2026) for _ in range(3)] + [next_serial_number(2027)]
    assert numbers == [1, 2, 3, 1]
    assert format_serial(2026, 123) == "RL-2026-000123"


def test_a_rolled_back_issue_leaves_no_gap(app):
    next_serial_number(2026)
    db.session.commit()
    next_serial_number(2026)
    db.session.rollback()
    assert next_serial_number(2026) == 2


def test_validity_ends_the_day_before_the_anniversary():
    assert valid_until(date(2026, 12, 1), 24) == date(2028, 11, 30)
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_no_certificate_without_the_track(quiz, client, login_as):
    login_as("employee", language="en")
    read_everything(client)
    pass_quiz(client)  # the charter is not accepted: the track is not complete
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0
