"""No query string makes a page fail: every GET route, read by an admin, answers below 500.

The routes come from the URL map and the parameters from what the views read, so a new list
page or a new query parameter is fuzzed without anyone remembering to add it here.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.extensions import db
from tests.factories import make_audit_event, make_outbox_message

APP = Path(__file__).resolve().parent.parent / "app"
READ_PARAMETER = re.compile(r"request\.args\.get\(\s*[\"']([^\"']+)[\"']")
# What the views read; the first test keeps it true.
PARAMETERS = (
    "action",
    "code",
    "competency",
    "department",
    "language",
    "level",
    "levels",
    "listed",
    "next",
    "office",
    "order",
    "page",
    "scope",
    "sort",
    "status",
    "track",
)
PLACEHOLDERS = {"filename": "relais.css", "token": "not-a-token"}

VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=2**60, max_value=2**80).map(str),  # beyond any page, any offset
    st.text(max_size=40),
    st.sampled_from(["", "0", "1", "2", "-1", "9223372036854775807", "1e9", "0x10", "²", "１"]),
    st.sampled_from(["\x00", "%", "_", "//evil.example", "<script>", "a" * 5000]),
)
# Each parameter a view reads is there half the time, among others no view reads.
QUERY = st.builds(
    lambda known, others: [*known.items(), *others],
    st.fixed_dictionaries({}, optional=dict.fromkeys(PARAMETERS, VALUES)),
    st.lists(st.tuples(st.text(max_size=8), VALUES), max_size=2),
)
RAW_QUERY = st.text(alphabet=string.ascii_letters + string.digits + "%&=+;?#[]-._~", max_size=60)


def test_the_fuzz_knows_every_query_parameter_a_view_reads():
    read = {
        name
        for path in APP.rglob("*.py")
        for name in READ_PARAMETER.findall(path.read_text(encoding="utf-8"))
    }
    assert read == set(PARAMETERS)


def get_urls(app) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods:
            urls.append(rule.build({arg: PLACEHOLDERS.get(arg, "1") for arg in rule.arguments})[1])
    return sorted(urls)


def urls_of_the_app() -> list[str]:
    from app import create_app

    return get_urls(create_app({"TESTING": True, "SECRET_KEY": "fuzz" * 10}))


@pytest.fixture
def admin_reading(client, login_as):
    """An admin's client, with more than one page of audit log and some mail queued."""
    login_as("admin", language="en")
    for number in range(60):
        make_audit_event(action=f"sign_in.event{number}")
    make_outbox_message()
    db.session.commit()
    assert client.get("/admin/audit").status_code == 200
    return client


def test_the_list_pages_are_among_the_routes_fuzzed(app):
    assert {"/admin/audit", "/admin/outbox", "/admin/people/import", "/tracks"} <= set(
        get_urls(app)
    )


# The fixture is built once for all examples: GET requests change nothing it holds.
@pytest.mark.parametrize("url", urls_of_the_app())
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=QUERY | RAW_QUERY)
@example(query=[("page", "9223372036854775807")])  # the audit's 500 (OverflowError)
@example(query=[("action", "sign\x00in")])  # PostgreSQL refuses a NUL in a query
def test_no_query_string_makes_a_page_fail(admin_reading, url, query):
    response = admin_reading.get(url, query_string=query)
    response.close()
    assert response.status_code < 500, (url, query, response.status_code)
