"""The assignment journey from end to end, in a real browser and a real SMTP server: a manager
assigns the community managers track to two reports with a due date and a message; one of
them signs in and finds it first on the home page, with its due date and the message; once
the clock has passed the due date, ``notify`` then ``outbox send`` put exactly one overdue
e-mail to that learner, the manager in copy, and a second run adds none; and the manager's team
page shows the learner as overdue."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.content.loader import load_content
from app.content.models import Track
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import BY_PERSON, NewAssignment, open_assignments, today_for
from tests.assignments.notify_helpers import deliver, notify
from tests.e2e.test_answers_survive import WORDS
from tests.e2e.test_fits_a_phone import sign_in
from tests.factories import make_office, make_person
from tests.live_server import live_server

REPOSITORY = Path(__file__).resolve().parents[2]
MESSAGE = "Merci de le terminer avant la campagne de janvier."
CM_TITLE = "Community managers : animer, outiller, mesurer"


@pytest.fixture
def team(app):
    """A manager in Québec with three reports, all reading French; the learner who will check
    the home page already has the employees track, due later than the track to come."""
    sync_content(load_content(REPOSITORY))
    quebec = make_office("quebec")
    manager = make_person(
        display_name="Direction Québec", email="direction@relais.example", office=quebec
    )
    learner = make_person(
        display_name="Léa Ventes", email="lea@relais.example", manager=manager, office=quebec,
        department="sales",
    )  # fmt: skip
    colleague = make_person(
        display_name="Noé Ventes", email="noe@relais.example", manager=manager, office=quebec,
        department="sales",
    )  # fmt: skip
    make_person(display_name="Zoé Ventes", manager=manager, office=quebec, department="sales")
    employees = db.session.scalar(select(Track).where(Track.slug == "employees"))
    later = today_for(learner) + timedelta(days=30)
    open_assignments([NewAssignment(learner.id, employees.id, BY_PERSON, later, "", manager.id)])
    db.session.commit()
    return manager.email, learner.email, colleague.email


def test_a_manager_s_assignment_reaches_the_learner_then_the_overdue_e_mail_and_the_team_page(
    app, server, browser, smtp_server, database_url, team
):
    manager, learner, colleague = team
    words = WORDS["fr"]
    due = datetime.now(UTC).date() + timedelta(days=3)

    page = browser.new_context(locale="fr-FR").new_page()
    sign_in(page, server, manager, words)
    page.goto(server + "/assign")
    page.get_by_label("Parcours", exact=True).select_option(label=CM_TITLE)
    page.get_by_label(re.compile("^Léa Ventes")).check()
    page.get_by_label(re.compile("^Noé Ventes")).check()
    page.get_by_label("Le", exact=True).fill(due.isoformat())
    page.get_by_label("Message aux personnes concernées (facultatif)").fill(MESSAGE)
    page.get_by_role("button", name="Aperçu").click()
    expect(page.locator("#preview-heading")).to_be_visible()
    page.get_by_role("button", name="Confirmer et attribuer").click()
    expect(page.locator(".flash").first).to_contain_text("est attribué à 2 personnes")
    page.context.close()

    page = browser.new_context(locale="fr-FR").new_page()
    sign_in(page, server, learner, words)
    first = page.locator("main section.card").first
    expect(first.get_by_role("heading", level=3)).to_have_text(CM_TITLE)
    expect(first).to_contain_text(MESSAGE)
    expect(first).to_contain_text("Échéance dans 3 jours")
    page.context.close()

    # The day after the due date, mid-morning in Québec.
    after = datetime.combine(due + timedelta(days=1), time(15, 0), tzinfo=UTC)
    notify(app, after)
    handler, result = deliver(app, smtp_server, after)
    assert result.exit_code == 0, result.output
    overdue = [mail for mail in handler.received() if "Échéance dépassée" in mail["Subject"]]
    to_learner = [mail for mail in overdue if mail["To"] == learner]
    assert len(to_learner) == 1, [mail["Subject"] for mail in handler.received()]
    assert to_learner[0]["Cc"] == manager
    assert CM_TITLE in to_learner[0]["Subject"] + to_learner[0].get_body().get_content()
    assert {mail["To"] for mail in overdue} == {learner, colleague}

    notify(app, after)
    handler, _result = deliver(app, smtp_server, after)
    assert handler.received() == [], "a second run sent again"

    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_KEY_PREFIX": f"relais-e2e-{uuid.uuid4().hex}",
    }
    with live_server(settings, clock=after.isoformat()) as later_server:
        page = browser.new_context(locale="fr-FR").new_page()
        sign_in(page, later_server, manager, words)
        page.goto(later_server + "/team")
        row = page.get_by_role("row").filter(has_text="Léa Ventes").filter(has_text=CM_TITLE)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("En retard")
        page.context.close()
