"""``notify`` then ``outbox send``, delivered to a real SMTP server: the e-mail that an
assignment was given, the reminders before its due date and the overdue notices after it (the
manager in copy), in the learner's language, each once however often the commands run."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.extensions import db
from app.learning.cycles import BY_RULE, BY_SELF, COMPLETED, WITHDRAWN, close_assignment
from app.learning.models import Assignment
from app.outbox.models import OutboxMessage
from tests.assignments.notify_helpers import (
    LINK,
    assign,
    at,
    deliver,
    make_track,
    notify,
    text_and_html,
)
from tests.factories import make_office, make_person

DUE = date(2026, 12, 1)
NOTHING = {"assignment_assigned": 0, "assignment_due_soon": 0, "assignment_overdue": 0}


def counts(**queued) -> dict[str, int]:
    return {**NOTHING, **{f"assignment_{kind}": n for kind, n in queued.items()}}


@pytest.fixture
def track(app):
    return make_track()


@pytest.fixture
def manager(app):
    return make_person(display_name="Marie Tremblay", email="marie@relais.example")


@pytest.fixture
def learner(manager):
    paris = make_office("paris")
    return make_person(
        display_name="Léa Martin", email="lea@relais.example", manager=manager, office=paris
    )


def test_the_assigned_e_mail_names_track_assigner_due_date_message_and_link(
    app, smtp_server, track, manager, learner
):
    assign(
        learner,
        track,
        on=date(2026, 11, 10),
        due_on=DUE,
        assigned_by_id=manager.id,
        message="Pour la réunion de janvier.\nMerci !",
    )
    assert notify(app, at(date(2026, 11, 10))) == counts(assigned=1)
    handler, result = deliver(app, smtp_server, at(date(2026, 11, 10)))
    assert result.output.strip() == "sent 1, failed 0"
    [envelope] = handler.envelopes
    [mail] = handler.received()
    assert (mail["To"], mail["Cc"], envelope.rcpt_tos) == (
        "lea@relais.example",
        None,
        ["lea@relais.example"],
    )
    assert mail["Subject"] == "Nouveau parcours à suivre\u202f: Employés"
    text, html = text_and_html(mail)
    assert "Bonjour Léa Martin," in text
    assert "Marie Tremblay vous a confié le parcours «\u202fEmployés\u202f»." in text
    assert "Échéance\u202f: 1er décembre 2026 (échéance dans 21 jours)." in text
    assert "Pour la réunion de janvier.\nMerci !" in text
    assert LINK.findall(text) == ["https://relais.example/tracks/employees"]
    assert '<html lang="fr">' in html
    assert '<a href="https://relais.example/tracks/employees">' in html
    assert "1er décembre 2026" in html and "Pour la réunion de janvier." in html


def test_an_english_reader_assigned_by_a_rule_reads_it_in_english(app, smtp_server, track):
    reader = make_person(language="en", email="sam@relais.example", display_name="Sam Roy")
    assign(reader, track, on=date(2026, 11, 10), due_on=DUE, origin=BY_RULE)
    assert notify(app, at(date(2026, 11, 10))) == counts(assigned=1)
    handler, _result = deliver(app, smtp_server, at(date(2026, 11, 10)))
    [mail] = handler.received()
    assert mail["Subject"] == "New track to follow: Employees"
    text, html = text_and_html(mail)
    assert "Hello Sam Roy," in text
    assert "The track “Employees” was assigned to you automatically." in text
    assert "Due date: December 1, 2026 (due in 21 days)." in text
    assert "The message that comes with it" not in text
    assert '<html lang="en">' in html and "December 1, 2026" in html


def test_a_message_is_escaped_in_the_html_part(app, smtp_server, track, manager, learner):
    assign(
        learner,
        track,
        on=date(2026, 11, 10),
        due_on=None,
        assigned_by_id=manager.id,
        message="<b>vite</b>",
    )
    notify(app, at(date(2026, 11, 10)))
    handler, _result = deliver(app, smtp_server, at(date(2026, 11, 10)))
    text, html = text_and_html(handler.received()[0])
    assert "Il n’y a pas d’échéance." in text and "<b>vite</b>" in text
    assert "&lt;b&gt;vite&lt;/b&gt;" in html and "<b>vite</b>" not in html


def test_a_self_enrolment_is_not_announced(app, track, learner):
    assign(learner, track, on=date(2026, 11, 10), due_on=None, origin=BY_SELF)
    assert notify(app, at(date(2026, 11, 10))) == NOTHING


def test_a_first_run_does_not_announce_assignments_older_than_the_notice_days(app, track, learner):
    assign(learner, track, on=date(2026, 11, 10), due_on=None)
    assert notify(app, at(date(2026, 11, 25))) == NOTHING
    assert notify(app, at(date(2026, 11, 24), hour=8)) == counts(assigned=1)


def test_running_notify_twice_queues_nothing_the_second_time(app, track, learner):
    assign(learner, track, on=date(2026, 11, 10), due_on=DUE)
    assert notify(app, at(date(2026, 11, 10))) == counts(assigned=1)
    assert notify(app, at(date(2026, 11, 10), hour=13)) == NOTHING
    assert db.session.query(OutboxMessage).count() == 1


def test_reminders_go_seven_days_and_one_day_before_each_once(app, smtp_server, track, learner):
    assign(learner, track, on=date(2026, 10, 1), due_on=DUE)
    assert notify(app, at(date(2026, 11, 23))) == NOTHING
    assert notify(app, at(date(2026, 11, 24))) == counts(due_soon=1)
    assert notify(app, at(date(2026, 11, 25))) == NOTHING
    assert notify(app, at(date(2026, 11, 30))) == counts(due_soon=1)
    assert notify(app, at(date(2026, 11, 30), hour=18)) == NOTHING
    assert notify(app, at(DUE)) == NOTHING
    handler, result = deliver(app, smtp_server, at(DUE))
    assert result.output.strip() == "sent 2, failed 0"
    subjects = [mail["Subject"] for mail in handler.received()]
    assert subjects == [
        "Rappel\u202f: Employés, échéance dans 7 jours",
        "Rappel\u202f: Employés, échéance demain",
    ]
    text, html = text_and_html(handler.received()[0])
    assert (
        "Pour rappel, parcours «\u202fEmployés\u202f»\u202f: échéance dans 7 jours"
        " (1er décembre 2026)." in text
    )
    assert '<a href="https://relais.example/tracks/employees">' in html
    assert all(mail["Cc"] is None for mail in handler.received())


def test_a_late_run_sends_only_the_closest_reminder(app, track, learner):
    assign(learner, track, on=date(2026, 10, 1), due_on=DUE)
    assert notify(app, at(date(2026, 11, 30))) == counts(due_soon=1)
    [message] = db.session.query(OutboxMessage).all()
    assert message.subject == "Rappel\u202f: Employés, échéance demain"
    assert notify(app, at(DUE)) == NOTHING


def test_a_run_missed_on_the_reminder_day_still_reminds_later_that_week(app, track, learner):
    assign(learner, track, on=date(2026, 10, 1), due_on=DUE)
    assert notify(app, at(date(2026, 11, 27))) == counts(due_soon=1)
    [message] = db.session.query(OutboxMessage).all()
    assert message.subject == "Rappel\u202f: Employés, échéance dans 4 jours"


def test_an_assignment_opened_close_to_its_due_date_gets_no_reminder_it_was_too_late_for(
    app, track, learner
):
    assign(learner, track, on=date(2026, 11, 28), due_on=DUE)
    assert notify(app, at(date(2026, 11, 28))) == counts(assigned=1)
    assert notify(app, at(date(2026, 11, 29))) == NOTHING
    assert notify(app, at(date(2026, 11, 30))) == counts(due_soon=1)


def test_the_overdue_e_mail_copies_the_manager_and_links_the_team_page(
    app, smtp_server, track, manager, learner
):
    assign(learner, track, on=date(2026, 10, 1), due_on=DUE, assigned_by_id=manager.id)
    assert notify(app, at(date(2026, 12, 2))) == counts(overdue=1)
    assert notify(app, at(date(2026, 12, 2), hour=20)) == NOTHING
    handler, result = deliver(app, smtp_server, at(date(2026, 12, 2)))
    assert result.output.strip() == "sent 1, failed 0"
    [envelope] = handler.envelopes
    [mail] = handler.received()
    assert (mail["To"], mail["Cc"]) == ("lea@relais.example", "marie@relais.example")
    assert sorted(envelope.rcpt_tos) == ["lea@relais.example", "marie@relais.example"]
    assert mail["Subject"] == "Échéance dépassée\u202f: Employés"
    text, html = text_and_html(mail)
    assert (
        "Le parcours «\u202fEmployés\u202f» était à terminer le 1er décembre 2026\u202f:"
        " 1 jour de retard." in text
    )
    assert "Marie Tremblay, votre responsable, en reçoit une copie" in text
    assert LINK.findall(text) == [
        "https://relais.example/tracks/employees",
        "https://relais.example/team",
    ]
    assert '<a href="https://relais.example/team">' in html


def test_the_overdue_e_mail_in_english(app, smtp_server, track, manager):
    reader = make_person(language="en", manager=manager, display_name="Sam Roy")
    assign(reader, track, on=date(2026, 10, 1), due_on=DUE)
    notify(app, at(date(2026, 12, 4)))
    handler, _result = deliver(app, smtp_server, at(date(2026, 12, 4)))
    [mail] = handler.received()
    assert mail["Subject"] == "Past its due date: Employees"
    text, _html = text_and_html(mail)
    assert "The track “Employees” was due on December 1, 2026: 3 days late." in text
    assert "Marie Tremblay, your manager, receives a copy" in text


def test_the_overdue_notice_repeats_weekly_up_to_the_cap(app, smtp_server, track, learner):
    assign(learner, track, on=date(2026, 10, 1), due_on=DUE)
    sent_on = []
    for offset in range(60):
        day = date(2026, 12, 2) + timedelta(days=offset)
        if notify(app, at(day))["assignment_overdue"]:
            sent_on.append(day)
    assert sent_on == [date(2026, 12, 2), date(2026, 12, 9), date(2026, 12, 16), date(2026, 12, 23)]
    handler, result = deliver(app, smtp_server, at(date(2027, 2, 1)))
    assert result.output.strip() == "sent 4, failed 0"
    texts = [text_and_html(mail)[0] for mail in handler.received()]
    assert ["1 jour de retard" in texts[0], "8 jours de retard" in texts[1]] == [True, True]
    assert all(mail["Cc"] == "marie@relais.example" for mail in handler.received())


def test_the_repeat_and_the_cap_follow_the_settings(app, track, learner):
    app.config.update(ASSIGNMENT_OVERDUE_REPEAT_DAYS=3, ASSIGNMENT_OVERDUE_MAX=2)
    assign(learner, track, on=date(2026, 10, 1), due_on=DUE)
    overdue = [notify(app, at(DUE + timedelta(days=n)))["assignment_overdue"] for n in range(1, 12)]
    assert overdue == [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]


def test_the_due_soon_days_follow_the_settings(app, track, learner):
    app.config.update(ASSIGNMENT_DUE_SOON_DAYS=(3,))
    assign(learner, track, on=date(2026, 10, 1), due_on=DUE)
    reminders = [
        notify(app, at(DUE - timedelta(days=n)))["assignment_due_soon"] for n in range(8, -1, -1)
    ]
    assert reminders == [0, 0, 0, 0, 0, 1, 0, 0, 0]


@pytest.mark.parametrize("state", [COMPLETED, WITHDRAWN])
def test_a_closed_assignment_gets_nothing(app, track, learner, state):
    assignment_id = assign(learner, track, on=date(2026, 11, 28), due_on=DUE)
    assert close_assignment(assignment_id, state, reason="test")
    db.session.commit()
    for day in (date(2026, 11, 28), date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 9)):
        assert notify(app, at(day)) == NOTHING


def test_an_inactive_person_gets_nothing(app, track, learner):
    assign(learner, track, on=date(2026, 11, 28), due_on=DUE)
    learner.active = False
    db.session.commit()
    for day in (date(2026, 11, 28), date(2026, 11, 30), date(2026, 12, 2)):
        assert notify(app, at(day)) == NOTHING


def test_without_a_manager_the_overdue_notice_has_no_copy(app, smtp_server, track):
    loner = make_person()
    assign(loner, track, on=date(2026, 10, 1), due_on=DUE)
    assert notify(app, at(date(2026, 12, 2))) == counts(overdue=1)
    handler, _result = deliver(app, smtp_server, at(date(2026, 12, 2)))
    [envelope] = handler.envelopes
    [mail] = handler.received()
    assert (mail["Cc"], envelope.rcpt_tos) == (None, [loner.email])
    assert "votre responsable" not in text_and_html(mail)[0]


def test_an_inactive_manager_is_not_copied(app, track, manager, learner):
    assign(learner, track, on=date(2026, 10, 1), due_on=DUE)
    manager.active = False
    db.session.commit()
    assert notify(app, at(date(2026, 12, 2))) == counts(overdue=1)
    assert db.session.query(OutboxMessage).one().cc == ""


def test_a_moved_due_date_gives_fresh_reminders_but_no_second_announcement(app, track, learner):
    assignment_id = assign(learner, track, on=date(2026, 11, 20), due_on=DUE)
    assert notify(app, at(date(2026, 11, 20))) == counts(assigned=1)
    assert notify(app, at(date(2026, 11, 24))) == counts(due_soon=1)
    db.session.get(Assignment, assignment_id).due_on = date(2026, 12, 15)
    db.session.commit()
    assert notify(app, at(date(2026, 11, 25))) == NOTHING
    assert notify(app, at(date(2026, 12, 8))) == counts(due_soon=1)
    assert notify(app, at(date(2026, 12, 16))) == counts(overdue=1)


def test_today_is_the_learner_s_date_in_their_office_zone(app, track, manager):
    in_paris = make_person(office=make_office("paris"), manager=manager)
    in_quebec = make_person(office=make_office("quebec"), manager=manager)
    for person in (in_paris, in_quebec):
        assign(person, track, on=date(2026, 10, 1), due_on=DUE)
    # 03:00 UTC on 2 December: 04:00 in Paris (a day late), still 22:00 on 1 December in
    # Québec (due today: the reminder of the day before, which no run sent, goes now).
    assert notify(app, at(date(2026, 12, 2), hour=3)) == counts(overdue=1, due_soon=1)
    overdue = db.session.query(OutboxMessage).filter(OutboxMessage.cc != "").one()
    assert overdue.recipient == in_paris.email
    assert notify(app, at(date(2026, 12, 2), hour=6)) == counts(overdue=1)


def test_a_refused_delivery_stays_in_the_outbox_and_goes_out_once_on_retry(
    app, smtp_server, track, learner
):
    assign(learner, track, on=date(2026, 10, 1), due_on=DUE)
    notify(app, at(date(2026, 12, 2)))
    refusing, result = deliver(
        app, smtp_server, at(date(2026, 12, 2)), refusal="451 4.3.0 Try again later"
    )
    assert (result.exit_code, refusing.refused) == (1, 1)
    message = db.session.query(OutboxMessage).one()
    assert (message.state, message.attempts) == ("pending", 1)
    assert notify(app, at(date(2026, 12, 2), hour=13)) == NOTHING
    handler, result = deliver(app, smtp_server, at(date(2026, 12, 2), hour=13))
    assert result.output.strip() == "sent 1, failed 0"
    [mail] = handler.received()
    assert mail["Cc"] == "marie@relais.example"
    assert db.session.query(OutboxMessage).one().state == "sent"
