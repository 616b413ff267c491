"""HR's certificate register: every certificate, filtered by track, office, department, state,
issue period and a searched name or serial, paged; each filter that cannot be read is said in
the page's language and leaves the others working."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.certificates.models import REVOKED
from app.database import utcnow
from app.extensions import db
from tests.certificates.register_helpers import make_certificate, make_track, store_pdf
from tests.factories import make_office, make_person

TODAY = date.today()


def serials(client, **query) -> list[str]:
    response = client.get("/admin/certificates", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    return sorted(
        part.split('"')[0]
        for part in html.split('href="/admin/certificates/')[1:]
        if part.startswith("RL-")
    )


@pytest.fixture
def certificates(app):
    """Five certificates, one of each kind the filters tell apart."""
    paris = make_office("paris")
    employees, managers = (
        make_track(),
        make_track("managers", {"fr": "Gestion", "en": "Managing"}, 2),
    )
    ana = make_person(display_name="Ana Lima", department="sales", office=paris)
    bo = make_person(display_name="Bo Tremblay", department="hr")
    found = {
        "valid": make_certificate(ana, employees, issued_on=TODAY - timedelta(days=30)),
        "expiring": make_certificate(
            bo, employees, issued_on=date(2024, 1, 1), valid_until=TODAY + timedelta(days=20)
        ),
        "expired": make_certificate(
            bo, managers, issued_on=date(2023, 5, 1), valid_until=TODAY - timedelta(days=2)
        ),
        "revoked": make_certificate(
            ana,
            managers,
            issued_on=date(2025, 3, 3),
            state=REVOKED,
            revoked_at=utcnow(),
            revocation_reason="Fraud",
        ),
    }
    store_pdf(found["valid"])
    db.session.commit()
    return {name: certificate.serial for name, certificate in found.items()}


def test_the_register_lists_every_certificate(certificates, client, login_as):
    login_as("hr", language="en")
    assert serials(client) == sorted(certificates.values())


@pytest.mark.parametrize("state", ["valid", "expiring", "expired", "revoked"])
def test_the_state_filter_keeps_that_state(certificates, client, login_as, state):
    login_as("hr", language="en")
    expected = {certificates[state]}
    if state == "valid":  # expiring soon is still valid
        expected.add(certificates["expiring"])
    assert serials(client, state=state) == sorted(expected)


def test_filters_by_track_office_and_department(certificates, client, login_as):
    login_as("hr", language="en")
    assert serials(client, track="managers") == sorted(
        [certificates["expired"], certificates["revoked"]]
    )
    assert serials(client, office="paris") == sorted(
        [certificates["valid"], certificates["revoked"]]
    )
    assert serials(client, department="hr") == sorted(
        [certificates["expiring"], certificates["expired"]]
    )


def test_filters_by_issue_period(certificates, client, login_as):
    login_as("hr", language="en")
    found = serials(client, issued_from="2024-01-01", issued_to="2025-12-31")
    assert found == sorted([certificates["expiring"], certificates["revoked"]])


def test_searches_a_name_or_a_serial(certificates, client, login_as):
    login_as("hr", language="en")
    assert serials(client, search="TREMBLAY") == sorted(
        [certificates["expiring"], certificates["expired"]]
    )
    assert serials(client, search=certificates["revoked"]) == [certificates["revoked"]]


def test_a_search_with_like_wildcards_matches_them_literally(certificates, client, login_as):
    login_as("hr", language="en")
    assert serials(client, search="%") == []
    assert serials(client, search="_") == []


def test_a_filter_value_the_page_never_offers_is_ignored(certificates, client, login_as):
    login_as("hr", language="en")
    everything = sorted(certificates.values())
    assert serials(client, track="nope", state="gone", office="mars", page="-3") == everything


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("issued_from", "31/12/2026", "“31/12/2026” is not a date: use the form 2026-12-31."),
        ("issued_to", "2026-02-30", "“2026-02-30” is not a date: use the form 2026-12-31."),
        ("issued_from", "20261231", "“20261231” is not a date: use the form 2026-12-31."),
    ],
    ids=["day-first", "no-such-day", "no-dashes"],
)
def test_a_date_that_is_not_one_is_refused_and_named(
    certificates, client, login_as, field, value, message
):
    login_as("hr", language="en")
    response = client.get("/admin/certificates", query_string={field: value, "track": "managers"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert certificates["expired"] in html  # the other filter still applies
    assert certificates["valid"] not in html


def test_a_period_that_ends_before_it_starts_is_refused(certificates, client, login_as):
    login_as("hr", language="en")
    response = client.get(
        "/admin/certificates", query_string={"issued_from": "2026-01-01", "issued_to": "2025-01-01"}
    )
    assert response.status_code == 400
    assert "The end of the period comes before its start." in response.get_data(as_text=True)


def test_a_search_too_long_is_refused(certificates, client, login_as):
    login_as("hr", language="en")
    response = client.get("/admin/certificates", query_string={"search": "a" * 101})
    assert response.status_code == 400
    assert "Search for at most 100 characters: a name or a serial." in response.get_data(
        as_text=True
    )


def test_the_refusal_is_in_french_for_a_french_reader(certificates, client, login_as):
    login_as("hr", language="fr")
    response = client.get("/admin/certificates", query_string={"issued_from": "demain"})
    assert response.status_code == 400
    expected = "«\u202fdemain\u202f» n’est pas une date\u202f: écrivez-la sous la forme 2026-12-31."
    assert expected in response.get_data(as_text=True)


def test_the_register_is_paged(app, client, login_as):
    person, track = make_person(), make_track()
    for day in range(55):
        make_certificate(person, track, issued_on=TODAY - timedelta(days=day))
    db.session.commit()
    login_as("hr", language="en")
    first, second = serials(client), serials(client, page="2")
    assert (len(first), len(second)) == (50, 5)
    assert not set(first) & set(second)


def test_an_empty_register_says_none_was_issued(app, client, login_as):
    login_as("hr", language="en")
    html = client.get("/admin/certificates").get_data(as_text=True)
    assert "No certificate has been issued yet." in html


def test_a_view_with_no_match_says_so(certificates, client, login_as):
    login_as("hr", language="en")
    html = client.get("/admin/certificates", query_string={"search": "nobody"}).get_data(
        as_text=True
    )
    assert "No certificate matches these filters." in html


def test_a_page_past_the_last_shows_the_last(certificates, client, login_as):
    login_as("hr", language="en")
    assert serials(client, page="9999") == sorted(certificates.values())
