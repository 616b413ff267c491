"""The rules pages in a browser, as an admin, in French and in English, on a phone (390 px) and
on a desk: a new rule filled in by label, previewed (with its list of people), confirmed; the
form showing its errors; the list; the deletion preview. Each passes axe and fits the phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.assignments.models import AssignmentRule
from app.extensions import db
from app.people.roles import Role
from tests.assignments.rule_factories import make_rule_track
from tests.e2e.accessibility import assert_accessible
from tests.e2e.phrases import Words
from tests.e2e.test_accessible import sign_in
from tests.e2e.test_fits_a_phone import fits
from tests.factories import make_office, make_person

VIEWPORTS = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LONG_NAME = "Responsable de la communication numérique et des réseaux " * 2


@pytest.fixture
def rules_people(app, request):
    language = request.node.callspec.params["language"]
    make_office("quebec")
    make_office("paris")
    make_rule_track("community-managers")
    admin = make_person(roles=[Role.ADMIN.value], department="it", language=language)
    for n in range(3):
        make_person(department="marketing", display_name=f"{LONG_NAME}{n}", manager=admin)
    db.session.commit()
    return admin.email


def checked(page, what: str) -> None:
    assert_accessible(page, what)
    fits(page, what)


@pytest.mark.parametrize("viewport", ["phone", "desk"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_admin_previews_then_saves_a_rule(server, browser, rules_people, language, viewport):
    say = Words(language)
    context = browser.new_context(locale=f"{language}-FR", viewport=VIEWPORTS[viewport])
    page = context.new_page()
    sign_in(page, server, rules_people, language)
    page.goto(server + "/admin/rules")
    checked(page, "rules, none yet")
    page.get_by_role("link", name=say("New rule")).click()
    checked(page, "new rule")

    page.get_by_role("button", name=say("Preview")).click()  # nothing filled in
    expect(
        page.get_by_text(say("Give the rule a name, such as “Marketing in Paris”."))
    ).to_be_visible()
    checked(page, "new rule with errors")

    page.get_by_label(say("Name of the rule")).fill("Marketing")
    page.get_by_label(say("Marketing"), exact=True).check()
    page.get_by_role("spinbutton", name=say("Number of days")).fill("30")
    page.get_by_role("button", name=say("Preview")).click()
    expect(
        page.get_by_text(
            say.plural(
                "Assigns the track to %(num)d person.", "Assigns the track to %(num)d people.", 3
            )
        )
    ).to_be_visible()
    checked(page, "rule preview")

    page.get_by_role("button", name=say("Confirm and save")).click()
    expect(page).to_have_url(re.compile(r"/admin/rules$"))
    expect(page.get_by_text(say("The rule is saved."), exact=False)).to_be_visible()
    checked(page, "rules list")

    db.session.expire_all()
    rule = db.session.scalar(select(AssignmentRule))
    page.goto(server + f"/admin/rules/{rule.id}/delete")
    expect(
        page.get_by_text(
            say.plural(
                "Withdraws %(num)d assignment not started.",
                "Withdraws %(num)d assignments not started.",
                3,
            )
        )
    ).to_be_visible()
    checked(page, "rule deletion")
    context.close()
