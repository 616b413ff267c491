"""A renewal as its holder and their manager see it, in a real browser: the home card says
"renew by" and why, the track page lists the cycles and certificates, the team page marks the
renewal — each passing axe and fitting a phone, in French and in English."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.assignments.renewal import open_renewals
from app.audit.origin import COMMAND_LINE
from app.certificates.dates import add_months
from app.content.loader import load_content
from app.content.models import Track
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import today_for
from tests.assignments.renewal_helpers import issue_on
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_accessible import VIEWPORTS, sign_in
from tests.e2e.test_fits_a_phone import fits
from tests.factories import make_person

REPOSITORY = Path(__file__).resolve().parents[2]
SAID = {
    "en": {
        "renew": "Renew by",
        "why": "is valid until",
        "history": "Cycles and certificates",
        "cycle": "Cycle 1",
        "team": "Renewal, cycle 2",
    },
    "fr": {
        "renew": "À renouveler d’ici le",
        "why": "est valide jusqu’au",
        "history": "Cycles et certificats",
        "cycle": "Cycle 1",
        "team": "Renouvellement, cycle 2",
    },
}


@pytest.fixture
def renewal(app, request):
    """A manager and their report, whose employees certificate expires in 20 days: its window
    open, the renewal opened as ``notify`` opens it."""
    language = request.node.callspec.params["language"]
    sync_content(load_content(REPOSITORY))
    manager = make_person(display_name="Direction Québec", department="leadership")
    holder = make_person(manager=manager, language=language, display_name="Ana Lima")
    manager.language = language
    track = db.session.scalar(select(Track).where(Track.slug == "employees"))
    issued = add_months(today_for(holder), -track.validity_months) + timedelta(days=21)
    certificate = issue_on(holder, track, issued)
    assert open_renewals(origin=COMMAND_LINE) == 1
    db.session.commit()
    return {"holder": holder.email, "manager": manager.email, "serial": certificate.serial}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_renewal_pages_say_what_to_do_and_pass_axe(
    server, browser, renewal, language, viewport
):
    said = SAID[language]
    page = browser.new_page(viewport=VIEWPORTS[viewport], locale=language)
    sign_in(page, server, renewal["holder"], language)
    title = "Employees" if language == "en" else "Collaborateurs"
    card = page.get_by_role("region", name=title)
    expect(card.get_by_text(said["renew"])).to_be_visible()
    expect(card.get_by_text(said["why"])).to_contain_text(renewal["serial"])
    assert_accessible(page, f"home with a renewal ({language}, {viewport})")
    fits(page, "home with a renewal")
    page.goto(server + "/tracks/employees")
    history = page.get_by_role("region", name=said["history"])
    expect(history.get_by_role("heading", name=said["cycle"])).to_be_visible()
    expect(history).to_contain_text(renewal["serial"])
    assert_accessible(page, f"track with its cycles ({language}, {viewport})")
    fits(page, "track with its cycles")
    page.context.clear_cookies()
    sign_in(page, server, renewal["manager"], language)
    page.goto(server + "/team")
    expect(page.get_by_text(said["team"])).to_be_visible()
    assert_accessible(page, f"team with a renewal ({language}, {viewport})")
    fits(page, "team with a renewal")
