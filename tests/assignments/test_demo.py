"""The demo organisation's assignments and progress: who has which track, from whom, due when,
and how far they got, recorded by the real services (completions close their cycles)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.assignments.demo_renewals import DAYS_LEFT
from app.audit.models import AuditEvent
from app.certificates.models import Certificate
from app.content.loader import load_content
from app.content.models import Lesson, Track, TrackCourse
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import BY_RENEWAL, COMPLETED, OPEN, Status, status_of, today_for
from app.learning.models import Assignment, CourseCompletion, LessonRead, TrackCompletion
from app.people.models import Person
from app.people.reporting import reporting_line
from app.quiz.models import QuizAttempt

MANAGER = "direction.quebec@demo.example"
EMPLOYEE = "communication.quebec.1@demo.example"


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def person(email: str) -> Person:
    return db.session.scalar(select(Person).where(Person.email == email))


def assignments_on(slug: str) -> list[Assignment]:
    query = select(Assignment).join(Track, Track.id == Assignment.track_id)
    query = query.where(Track.slug == slug)
    return list(db.session.scalars(query.order_by(Assignment.id)))


def started(assignment: Assignment) -> bool:
    """Whether the person read a lesson of one of the track's courses."""
    courses = select(TrackCourse.course_id).where(TrackCourse.track_id == assignment.track_id)
    query = (
        select(func.count())
        .select_from(LessonRead)
        .join(Lesson, Lesson.id == LessonRead.lesson_id)
        .where(LessonRead.person_id == assignment.person_id, Lesson.course_id.in_(courses))
    )
    return bool(db.session.scalar(query))


def status(assignment: Assignment) -> Status:
    owner = db.session.get(Person, assignment.person_id)
    return status_of(assignment.state, assignment.due_on, started(assignment), today_for(owner))


def test_the_demo_syncs_the_content_it_needs_and_says_so(demo):
    assert "content was synced first" in demo.output
    assert db.session.scalar(select(func.count(Track.id))) == 3


def test_everyone_active_has_the_employees_track_from_hr(demo):
    active = set(db.session.scalars(select(Person.id).where(Person.active.is_(True))))
    employees = assignments_on("employees")
    assert {a.person_id for a in employees} == active
    hr = person("rh@demo.example")
    assert {a.assigned_by_id for a in employees if a.origin != BY_RENEWAL} == {hr.id}
    inactive = db.session.scalar(select(Person).where(Person.active.is_(False)))
    assert inactive.id not in {a.person_id for a in employees}


def test_communication_and_marketing_have_their_track_from_their_manager_with_a_message(demo):
    community = assignments_on("community-managers")
    people = {a.person_id: db.session.get(Person, a.person_id) for a in community}
    assert {p.department for p in people.values()} == {"communication", "marketing"}
    expected = db.session.scalar(
        select(func.count(Person.id)).where(
            Person.active.is_(True), Person.department.in_(["communication", "marketing"])
        )
    )
    assert len(community) == expected
    for assignment in community:
        assert assignment.assigned_by_id == people[assignment.person_id].manager_id
        assert assignment.message == "Merci de le terminer avant la campagne de janvier."


def test_the_leadership_has_the_executives_track(demo):
    executives = assignments_on("executives")
    departments = {db.session.get(Person, a.person_id).department for a in executives}
    assert departments == {"leadership"} and len(executives) == 4


def test_due_dates_mix_a_few_late_several_this_week_and_most_later(demo):
    open_ones = [a for a in db.session.scalars(select(Assignment)) if a.state == OPEN]
    days = Counter()
    for assignment in open_ones:
        left = (assignment.due_on - today_for(db.session.get(Person, assignment.person_id))).days
        days["late" if left < 0 else "week" if left <= 7 else "later"] += 1
    assert 0 < days["late"] < days["week"] < days["later"]
    assert days["later"] > len(open_ones) / 2


def test_the_demo_managers_team_shows_every_status(demo):
    manager = person(MANAGER)
    team = select(Assignment).where(Assignment.person_id.in_(reporting_line(manager.id)))
    found = Counter(status(a) for a in db.session.scalars(team))
    assert set(found) >= {Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE, Status.COMPLETED}


def test_completed_tracks_were_completed_by_passing_the_quizzes_and_closed_their_cycle(demo):
    done = list(db.session.scalars(select(Assignment).where(Assignment.state == COMPLETED)))
    assert len(done) >= 5
    for assignment in done:
        completion = db.session.get(TrackCompletion, assignment.completion_id)
        assert (completion.person_id, completion.track_id) == (
            assignment.person_id,
            assignment.track_id,
        )
        assert completion.cycle == assignment.cycle == 1
    for course_completion in db.session.scalars(select(CourseCompletion)):
        attempt = db.session.get(QuizAttempt, course_completion.attempt_id)
        assert attempt.passed and attempt.person_id == course_completion.person_id
    completed_events = select(func.count()).where(AuditEvent.action == "track.complete")
    assert db.session.scalar(completed_events) == len(done)


def test_the_employee_who_signs_in_has_one_track_part_done_and_one_just_begun(demo):
    employee = person(EMPLOYEE)
    mine = {
        db.session.get(Track, a.track_id).slug: a
        for a in db.session.scalars(select(Assignment).where(Assignment.person_id == employee.id))
    }
    assert set(mine) == {"employees", "community-managers"}
    assert status(mine["employees"]) == Status.IN_PROGRESS
    assert status(mine["community-managers"]) == Status.IN_PROGRESS
    completed_courses = select(func.count()).where(CourseCompletion.person_id == employee.id)
    assert db.session.scalar(completed_courses) == 1
    left = (mine["employees"].due_on - today_for(employee)).days
    assert 0 < left <= 7


def test_a_synced_database_is_not_synced_again(app):
    sync_content(load_content(Path(app.config["CONTENT_ROOT"])))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "synced first" not in result.output
    assert "assignments opened" in result.output


def test_three_certificates_are_aged_two_inside_their_window_and_one_expired(demo):
    """Their renewals are opened as the daily notify opens them, due on the last valid day."""
    assert "3 renewals opened" in demo.output
    renewals = [a for a in assignments_on("employees") if a.origin == BY_RENEWAL]
    assert len(renewals) == 3
    days_left = []
    for renewal in renewals:
        certificate = db.session.get(Certificate, renewal.renews_certificate_id)
        today = today_for(person_of(renewal))
        assert (renewal.cycle, renewal.state, renewal.due_on) == (2, OPEN, certificate.valid_until)
        assert certificate.serial.startswith(f"RL-{certificate.valid_from.year}-")
        days_left.append((certificate.valid_until - today).days)
    # As DAYS_LEFT asks, within a day (month lengths move a validity's last day).
    found = sorted(days_left, reverse=True)
    assert all(abs(got - wanted) <= 1 for got, wanted in zip(found, DAYS_LEFT, strict=True))
    assert found[-1] < 0 < found[1]


def person_of(assignment: Assignment) -> Person:
    return db.session.get(Person, assignment.person_id)
