"""Recertification is earned again: in a renewal (cycle 2) only the quiz attempts of cycle 2
count — the attempt limit starts afresh, a pass of cycle 1 completes nothing — and passing
again issues certificate 2 with new dates. The learner's pages say so: "Renew by" and why on
the home page, the cycles and certificates on the track page, "expired" once it is."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from app.certificates.dates import valid_until
from app.certificates.models import Certificate
from app.extensions import db
from app.learning.cycles import BY_RENEWAL, COMPLETED, OPEN, WITHDRAWN, close_assignment
from app.learning.models import Assignment, CourseCompletion, TrackCompletion
from app.quiz.models import QuizAttempt
from tests.assignments.notify_helpers import RENEWALS_OPENED, at, notify_output
from tests.assignments.renewal_helpers import ISSUED, VALID_UNTIL, WINDOW_OPENS, renewals
from tests.conftest import sign_in
from tests.learning.test_completion import pass_quiz, read_everything
from tests.quiz.attempt_helpers import start, submit
from tests.quiz.quiz_content import sync_quiz

ACCEPT = {"version": "1", "confirm": "y"}
IN_THE_WINDOW = WINDOW_OPENS + timedelta(days=5)


@pytest.fixture
def one_attempt(app, tmp_path):
    """The one-course track, its quiz allowing a single attempt (per cycle)."""
    sync_quiz(tmp_path / "c", attempts_allowed=1)


@pytest.fixture
def holder(one_attempt, client, login_as):
    """Someone who completed the track on ISSUED (certificate 1) and whose renewal window then
    opened (cycle 2, by ``notify``)."""
    with time_machine.travel(at(ISSUED), tick=False):
        person = login_as("employee", language="en", display_name="Ana Lima")
        read_everything(client)
        pass_quiz(client)
        client.post("/charter/accept", data=ACCEPT)
    assert notify_output(client.application, at(WINDOW_OPENS))[RENEWALS_OPENED] == 1
    return person


def certificates() -> list[Certificate]:
    db.session.expire_all()
    return list(db.session.scalars(select(Certificate).order_by(Certificate.cycle)))


def page(client, url: str, day, **extra) -> str:
    with time_machine.travel(at(day), tick=False):
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def signed_in(client, person, day) -> None:
    with time_machine.travel(at(day), tick=False):
        assert sign_in(client, person.email).status_code == 302


def test_passing_again_in_cycle_2_issues_certificate_2_with_new_dates(holder, client):
    signed_in(client, holder, IN_THE_WINDOW)
    with time_machine.travel(at(IN_THE_WINDOW), tick=False):
        pass_quiz(client)
    first, second = certificates()
    assert (first.cycle, second.cycle) == (1, 2)
    assert second.valid_from == IN_THE_WINDOW
    assert second.valid_until == valid_until(IN_THE_WINDOW, 24)
    assert second.serial != first.serial
    [renewal] = renewals()
    assert renewal.state == COMPLETED
    completion = db.session.get(TrackCompletion, renewal.completion_id)
    assert completion.cycle == 2
    # And the next window is the new certificate's.
    assert notify_output(client.application, at(VALID_UNTIL))[RENEWALS_OPENED] == 0


def test_a_pass_of_cycle_1_completes_nothing_in_cycle_2(holder, client):
    """The lessons stay read and the charter stays accepted: only the quiz is taken again."""
    signed_in(client, holder, IN_THE_WINDOW)
    with time_machine.travel(at(IN_THE_WINDOW), tick=False):
        read_everything(client)
        client.post("/charter/accept", data=ACCEPT)
    assert len(certificates()) == 1
    assert db.session.scalar(select(func.max(CourseCompletion.cycle))) == 1
    assert [renewal.state for renewal in renewals()] == [OPEN]


def test_the_attempt_limit_counts_the_attempts_of_the_cycle(holder, client):
    # Before the window, cycle 1's single attempt is spent.
    db.session.query(Assignment).filter_by(origin=BY_RENEWAL).delete()
    db.session.commit()
    signed_in(client, holder, IN_THE_WINDOW)
    with time_machine.travel(at(IN_THE_WINDOW), tick=False):
        refused = client.post("/courses/basics/quiz/start", follow_redirects=True)
    assert "You have used all 1 attempts of this quiz." in refused.get_data(as_text=True)
    # The window opens (again, the renewal being gone): cycle 2 has an attempt of its own.
    assert notify_output(client.application, at(IN_THE_WINDOW))[RENEWALS_OPENED] == 1
    with time_machine.travel(at(IN_THE_WINDOW), tick=False):
        attempt = start(client)
    assert (attempt.number, attempt.cycle) == (2, 2)


def test_a_failed_renewal_attempt_spends_cycle_2_s_limit_not_cycle_1_s_grade(holder, client):
    signed_in(client, holder, IN_THE_WINDOW)
    with time_machine.travel(at(IN_THE_WINDOW), tick=False):
        submit(client, start(client), {})  # a fail, in cycle 2
        refused = client.post("/courses/basics/quiz/start", follow_redirects=True)
    assert "You have used all 1 attempts of this quiz." in refused.get_data(as_text=True)
    course = page(client, "/courses/basics", IN_THE_WINDOW)
    assert "Passed" not in course
    assert len(certificates()) == 1
    cycles = db.session.scalars(select(QuizAttempt.cycle).order_by(QuizAttempt.number))
    assert list(cycles) == [1, 2]


def test_the_home_page_says_renew_by_the_expiry_and_why(holder, client):
    signed_in(client, holder, IN_THE_WINDOW)
    home = page(client, "/", IN_THE_WINDOW)
    assert "Renew by Jan 9, 2029 (due in 55 days)" in home
    [first] = certificates()
    assert f"Your certificate {first.serial} is valid until Jan 9, 2029" in home


def test_the_home_page_in_french(holder, client):
    holder.language = "fr"
    db.session.commit()
    signed_in(client, holder, IN_THE_WINDOW)
    home = page(client, "/", IN_THE_WINDOW)
    assert "À renouveler d’ici le 9 janv. 2029 (échéance dans 55 jours)" in home
    assert "est valide jusqu’au 9 janv. 2029" in home


def test_the_track_page_lists_the_cycles_and_certificates(holder, client):
    signed_in(client, holder, IN_THE_WINDOW)
    with time_machine.travel(at(IN_THE_WINDOW), tick=False):
        pass_quiz(client)
    first, second = certificates()
    track = page(client, "/tracks/employees", IN_THE_WINDOW)
    assert "Cycles and certificates" in track
    assert track.index("Cycle 2") < track.index("Cycle 1")
    for certificate in (first, second):
        assert certificate.serial in track
    assert "from Jan 10, 2027 to Jan 9, 2029" in track
    assert track.count(">Valid<") == 2


def test_an_expired_certificate_without_renewal_shows_expired(holder, client):
    [renewal] = renewals()
    close_assignment(renewal.id, WITHDRAWN, closed_by_id=holder.id, reason="left the role")
    db.session.commit()
    after = VALID_UNTIL + timedelta(days=1)
    signed_in(client, holder, after)
    track = page(client, "/tracks/employees", after)
    assert ">Expired<" in track
    home = page(client, "/", after)
    assert "certificate expired after Jan 9, 2029" in home


def test_the_renewal_shows_the_certificate_still_valid_on_its_last_day(holder, client):
    signed_in(client, holder, VALID_UNTIL)
    track = page(client, "/tracks/employees", VALID_UNTIL)
    assert ">Valid<" in track and ">Expired<" not in track
    assert "In progress, due Jan 9, 2029" in track
