"""The learner's home with assignments: what is assigned (the soonest due first, the due date
as a date and in words, who assigned it and their message), what was completed, and the tracks
anyone may start, with the Start button and what it refuses."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.content.loader import load_content
from app.content.models import Track
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import BY_SELF, COMPLETED, close_assignment
from app.learning.models import Assignment, TrackCompletion
from tests.conftest import csrf_token_from, sign_in
from tests.content.content_cases import LAST_COURSE, TRACKS, Replace, minimal_tree
from tests.factories import make_office, make_person
from tests.learning.assignment_helpers import assign

NOON_1_DECEMBER = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)  # noon in Paris


def extra_track(slug: str, title: str, self_enrol: bool) -> str:
    return (
        f"  - slug: {slug}\n    audience: employees\n"
        f'    title: {{fr: "{title} (fr)", en: "{title}"}}\n'
        f'    summary: {{fr: "Résumé.", en: "Summary of {title}."}}\n'
        f"    self_enrol: {'true' if self_enrol else 'false'}\n"
        "    certificate: {validity_months: 12, champion_credits: 5}\n"
        "    courses:\n      - {course: basics}\n"
    )


@pytest.fixture
def tracks(app, tmp_path):
    """The minimal tree's employees track (not self-enrol), and two more on the same course:
    "first-steps", which anyone may start, and "deep-dive", which someone must assign."""
    more = extra_track("first-steps", "First steps", True)
    more += extra_track("deep-dive", "Deep dive", False)
    root = minimal_tree(tmp_path / "c", Replace(TRACKS, LAST_COURSE, LAST_COURSE + more))
    sync_content(load_content(root))
    db.session.commit()


@pytest.fixture
def first_of_december():
    """Noon in Paris on 1 December 2026, from before the sign-in (a session must not start
    in the future of the page that uses it)."""
    with time_machine.travel(NOON_1_DECEMBER, tick=False) as clock:
        yield clock


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(html: str, heading_id: str) -> str:
    """The HTML from a section's heading to the next section heading (h2)."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<h2", start)
    return html[start : end if end != -1 else len(html)]


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h3 id="home-track-[^"]+"><a href="[^"]+">([^<]+)</a>', html)


def assignments() -> list[Assignment]:
    db.session.rollback()
    return list(db.session.scalars(select(Assignment).order_by(Assignment.id)))


def self_enrol_events() -> int:
    query = select(func.count()).where(AuditEvent.action == "assignment.self_enrol")
    return db.session.scalar(query.select_from(AuditEvent))


def test_assignments_come_soonest_due_first_and_those_without_a_due_date_last(
    tracks, first_of_december, client, login_as
):
    person = login_as("employee", language="en")
    assign(person, "first-steps", origin=BY_SELF)
    assign(person, "employees", due_on=date(2026, 12, 20))
    assign(person, "deep-dive", due_on=date(2026, 12, 5))
    html = section(home(client), "assigned-heading")
    assert card_titles(html) == ["Deep dive", "Employees", "First steps"]
    assert "Due in 4 days (Dec 5, 2026)" in html
    assert "Due in 19 days (Dec 20, 2026)" in html
    assert "No due date · You started it" in html
    # Each card keeps the track's honest progress and its next step.
    assert html.count("<progress ") == 3
    assert html.count("Start: First lesson") == 3


@pytest.mark.parametrize(
    ("language", "soon", "late", "overdue"),
    [
        (
            "en",
            "Due in 5 days (Dec 6, 2026)",
            "3 days late (Nov 28, 2026)",
            "Overdue",
        ),
        (
            "fr",
            "Échéance dans 5 jours (6 déc. 2026)",
            "3 jours de retard (28 nov. 2026)",
            "En retard",
        ),
    ],
)
def test_the_due_date_reads_as_a_date_and_in_words_and_overdue_says_so(
    tracks, first_of_december, client, login_as, language, soon, late, overdue
):
    person = login_as("employee", language=language, office=make_office("paris"))
    assign(person, "employees", due_on=date(2026, 12, 6))
    assign(person, "deep-dive", due_on=date(2026, 11, 28))
    html = section(home(client), "assigned-heading")
    assert soon in html and late in html
    # Overdue is written as a word in the status, not only coloured.
    late_line = re.search(r'<p class="assignment-due overdue">\s*<strong>([^<]+)</strong>', html)
    assert late_line and late_line.group(1) == overdue
    assert html.count("assignment-due overdue") == 1


def test_today_is_the_day_where_the_person_works(app, tracks, client, login_as):
    """At 03:00 UTC on 1 December it is still 30 November in Québec: due on the 1st is due
    tomorrow there, and due today in Paris."""
    with time_machine.travel(datetime(2026, 12, 1, 3, 0, tzinfo=UTC), tick=False):
        quebec = login_as("employee", language="en", office=make_office("quebec"))
        assign(quebec, "employees", due_on=date(2026, 12, 1))
        assert "Due tomorrow (Dec 1, 2026)" in home(client)
        paris = make_person(language="en", office=make_office("paris"))
        db.session.commit()
        assign(paris, "employees", due_on=date(2026, 12, 1))
        other = app.test_client()
        sign_in(other, paris.email)
        assert "Due today (Dec 1, 2026)" in home(other)


def test_the_managers_message_is_escaped_text_with_its_line_breaks(tracks, client, login_as):
    manager = make_person(display_name="Maude Tremblay")
    person = login_as("employee", language="en", manager=manager)
    message = "Please finish <b>before</b> the launch.\nThanks & see you <script>x()</script>"
    assign(person, "employees", by=manager, message=message, due_on=date(2026, 12, 6))
    html = section(home(client), "assigned-heading")
    assert "Assigned by Maude Tremblay" in html
    assert "<figcaption>Message from Maude Tremblay</figcaption>" in html
    assert (
        "<blockquote>Please finish &lt;b&gt;before&lt;/b&gt; the launch.\n"
        "Thanks &amp; see you &lt;script&gt;x()&lt;/script&gt;</blockquote>"
    ) in html
    assert "<script>x()" not in html and "<b>before" not in html


def test_who_assigned_it_is_said_for_a_rule_and_for_the_learner(tracks, client, login_as):
    person = login_as("employee", language="fr")
    assign(person, "employees")
    assign(person, "first-steps", origin=BY_SELF)
    html = section(home(client), "assigned-heading")
    assert "Sans échéance · Attribué par une règle" in html
    assert "Sans échéance · Vous l’avez commencé" in html
    assert "<figure" not in html  # no message, no empty quote


def test_completed_tracks_are_listed_with_their_date(tracks, client, login_as):
    """Completed at 23:30 UTC on 30 October, which is already the 31st in Paris."""
    with time_machine.travel(datetime(2026, 10, 30, 23, 30, tzinfo=UTC), tick=False):
        person = login_as("employee", language="fr", office=make_office("paris"))
        assignment_id = assign(person, "deep-dive", due_on=date(2026, 11, 1))
        track_id = db.session.scalar(select(Track.id).where(Track.slug == "deep-dive"))
        completion = TrackCompletion(person_id=person.id, track_id=track_id)
        db.session.add(completion)
        db.session.flush()
        # As completion does: the track's completion closes the open assignment.
        assert close_assignment(assignment_id, COMPLETED, completion_id=completion.id)
        db.session.commit()
        html = home(client)
    assert (
        '<li><a href="/tracks/deep-dive">Deep dive (fr)</a> — terminé le 31 oct. 2026</li>'
        in section(html, "completed-heading")
    )
    assert card_titles(section(html, "assigned-heading")) == []
    assert "Aucun parcours ne vous est attribué pour le moment." in html


def test_nothing_completed_shows_no_completed_section(tracks, client, login_as):
    login_as("employee", language="en")
    assert 'id="completed-heading"' not in home(client)


def test_self_enrol_tracks_not_assigned_are_offered_with_a_start_button(tracks, client, login_as):
    login_as("employee", language="en")
    html = section(home(client), "to-start-heading")
    assert '<h3 id="start-first-steps"><a href="/tracks/first-steps">First steps</a></h3>' in html
    assert '<form method="post" action="/tracks/first-steps/start">' in html
    assert 'aria-describedby="start-first-steps">Start this track</button>' in html
    assert "deep-dive" not in html and "employees" not in html  # someone must assign those


def test_starting_a_self_enrol_track_assigns_it_with_no_due_date(tracks, client, login_as):
    person = login_as("employee", language="en")
    response = client.post("/tracks/first-steps/start")
    assert response.status_code == 302
    assert response.headers["Location"] == "/tracks/first-steps"
    [assignment] = assignments()
    assert (assignment.person_id, assignment.origin, assignment.due_on, assignment.state) == (
        person.id,
        BY_SELF,
        None,
        "open",
    )
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "assignment.self_enrol")
    )
    assert (event.actor_id, event.subject_id) == (person.id, person.id)
    assert event.details == {"track": "first-steps", "assignment_id": assignment.id}
    page = client.get("/tracks/first-steps").get_data(as_text=True)
    assert "The track is now assigned to you, with no due date." in page
    assert "This track is assigned to you" in page and "No due date · You started it" in page
    html = home(client)
    assert card_titles(section(html, "assigned-heading")) == ["First steps"]
    assert 'id="to-start-heading"' not in html  # nothing left to start


def test_starting_twice_opens_one_assignment(tracks, client, login_as):
    login_as("employee", language="en")
    first = client.post("/tracks/first-steps/start")
    second = client.post("/tracks/first-steps/start", follow_redirects=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "This track is already assigned to you." in second.get_data(as_text=True)
    assert len(assignments()) == 1 and self_enrol_events() == 1


def test_a_track_that_is_not_self_enrol_refuses_to_start(tracks, client, login_as):
    login_as("employee", language="en")
    assert client.post("/tracks/deep-dive/start").status_code == 403
    assert assignments() == [] and self_enrol_events() == 0


def test_an_unknown_track_cannot_be_started(tracks, client, login_as):
    login_as("employee", language="en")
    assert client.post("/tracks/nowhere/start").status_code == 404
    assert assignments() == []


def test_a_completed_self_enrol_track_is_not_started_again(tracks, client, login_as):
    person = login_as("employee", language="en")
    track_id = db.session.scalar(select(Track.id).where(Track.slug == "first-steps"))
    db.session.add(TrackCompletion(person_id=person.id, track_id=track_id))
    db.session.commit()
    assert 'id="to-start-heading"' not in home(client)
    page = client.get("/tracks/first-steps").get_data(as_text=True)
    assert "You completed this track on" in page and "Start this track" not in page
    response = client.post("/tracks/first-steps/start", follow_redirects=True)
    assert "You have already completed this track." in response.get_data(as_text=True)
    assert assignments() == [] and self_enrol_events() == 0


def test_starting_needs_a_csrf_token(csrf_app, tmp_path):
    root = minimal_tree(
        tmp_path / "c",
        Replace(TRACKS, LAST_COURSE, LAST_COURSE + extra_track("first-steps", "First", True)),
    )
    sync_content(load_content(root))
    person = make_person(language="en")
    db.session.commit()
    client = csrf_app.test_client()
    sign_in(
        client,
        person.email,
        csrf_token=csrf_token_from(client.get("/login").get_data(as_text=True)),
    )
    assert client.post("/tracks/first-steps/start").status_code == 400
    assert assignments() == []
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', home(client)).group(1)
    assert client.post("/tracks/first-steps/start", data={"csrf_token": token}).status_code == 302
    assert len(assignments()) == 1


def test_the_track_page_says_whether_it_is_assigned_or_offers_start(
    tracks, first_of_december, client, login_as
):
    person = login_as("employee", language="fr")
    assign(person, "employees", due_on=date(2026, 12, 6))
    assigned = client.get("/tracks/employees").get_data(as_text=True)
    assert "Ce parcours vous est attribué" in assigned
    assert "Échéance dans 5 jours (6 déc. 2026) · Attribué par une règle" in assigned
    assert "Commencer ce parcours" not in assigned
    open_to_all = client.get("/tracks/first-steps").get_data(as_text=True)
    assert "Ce parcours est ouvert à tous\u202f: commencez-le" in open_to_all
    assert "Commencer ce parcours</button>" in open_to_all
    assert 'aria-describedby="start-note"' in open_to_all
    neither = client.get("/tracks/deep-dive").get_data(as_text=True)
    assert "Commencer ce parcours" not in neither and "vous est attribué" not in neither


def test_home_shows_the_profile_and_no_longer_the_team(tracks, client, login_as):
    boss = make_person(display_name="Maude Tremblay")
    person = login_as("employee", language="en", manager=boss)
    make_person(display_name="Report One", manager=person)
    db.session.commit()
    html = home(client)
    assert "<dt>Manager</dt><dd>Maude Tremblay</dd>" in html
    # The team has its own page, linked from the menu; home no longer lists it.
    assert 'id="team-heading"' not in html and "Report One" not in html
    assert 'href="/team"' in html
