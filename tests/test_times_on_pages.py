"""Every date and time a page prints goes through the local-time filters.

Two nets: a scan of every template for printed datetimes that skip the filters, and the pages
that show times, rendered at a known moment, read for the local time and for any raw UTC text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from jinja2 import nodes
from sqlalchemy import Date, DateTime

from app.content.loader import load_content
from app.content.sync import sync_content
from app.database import UTCDateTime
from app.extensions import db
from tests.content.content_cases import MINIMAL
from tests.factories import make_office, make_person
from tests.quiz.attempt_helpers import start
from tests.quiz.quiz_content import sync_quiz

TEMPLATES = Path(__file__).resolve().parent.parent / "app" / "templates"
LOCAL_FILTERS = {"local_datetime", "local_time", "local_date"}
# An e-mail's own helpers (app/notify/services.py): the recipient's zone and language, not the
# signed-in person's.
EMAIL_FORMATTERS = {"format_date", "format_long_date", "format_datetime"}
# Flask-Babel's own filters show neither the person's zone nor its name.
UNZONED_FILTERS = {"datetimeformat", "dateformat", "timeformat", "timedeltaformat"}
DATETIME_SUFFIX = re.compile(r"(_at|_on|deadline|date|time)$")
IN_ATTRIBUTE = re.compile(r'[\w-]+="$')


def datetime_columns() -> set[str]:
    return {
        column.name
        for table in db.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, Date | DateTime | UTCDateTime)
    }


def raw_datetimes(source: str, environment, datetime_names: set[str]) -> list[str]:
    """The printed expressions of a template that show a date or time without a local filter.

    ``.isoformat()`` is allowed inside an HTML attribute: a machine reads it (``<time
    datetime>``, the countdown's deadline).
    """
    found = []
    for output in environment.parse(source).find_all(nodes.Output):
        before = ""
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                before = node.data
                continue
            found += unlocalised(node, IN_ATTRIBUTE.search(before) is not None, datetime_names)
            before = ""
    return found


def unlocalised(node: nodes.Node, in_attribute: bool, datetime_names: set[str]) -> list[str]:
    if isinstance(node, nodes.Filter) and node.name in LOCAL_FILTERS:
        arguments = [*node.args, *(keyword.value for keyword in node.kwargs)]
        return [n for a in arguments for n in unlocalised(a, in_attribute, datetime_names)]
    called = node.node if isinstance(node, nodes.Call) else None
    if isinstance(called, nodes.Name) and called.name in EMAIL_FORMATTERS:
        return []
    if isinstance(node, nodes.Filter) and node.name in UNZONED_FILTERS:
        return [f"|{node.name}"]
    called = node.node if isinstance(node, nodes.Call) else None
    if isinstance(called, nodes.Name) and called.name in EMAIL_FORMATTERS:
        return []
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
        if node.node.attr == "strftime":
            return [".strftime()"]
        if node.node.attr == "isoformat" and in_attribute:
            return []
    name = getattr(node, "attr", None) if isinstance(node, nodes.Getattr) else None
    if isinstance(node, nodes.Name):
        name = node.name
    if name and (name in datetime_names or DATETIME_SUFFIX.search(name)):
        return [name]
    children = node.iter_child_nodes()
    return [n for child in children for n in unlocalised(child, in_attribute, datetime_names)]


def test_the_scan_finds_raw_datetimes_and_lets_local_ones_through(app):
    names = datetime_columns()
    assert {"occurred_at", "created_at", "started_at", "effective", "saved_at"} <= names
    scan = lambda source: raw_datetimes(source, app.jinja_env, names)  # noqa: E731
    assert scan("<td>{{ row.event.occurred_at }}</td>") == ["occurred_at"]
    assert scan('{{ x.started_at.strftime("%H:%M") }}') == [".strftime()"]
    assert scan("{{ _('on %(d)s', d=charter.effective | dateformat) }}") == ["|dateformat"]
    assert scan("<p>{{ page.deadline.isoformat() }}</p>") == ["deadline"]
    assert scan("{% if a %}{{ a.saved_at }}{% endif %}") == ["saved_at"]
    assert scan("{{ x.created_at | local_datetime }} {{ page.deadline | local_time }}") == []
    assert scan('<time datetime="{{ x.created_at.isoformat() }}">') == []
    assert scan("{{ _('until %(t)s', t=page.deadline | local_time(seconds=true)) }}") == []
    assert scan("{% if page.deadline %}{{ quiz.time_limit_minutes }}{% endif %}") == []
    assert scan("{{ _('due %(d)s', d=format_long_date(due_on)) }}") == []
    assert scan("{{ _('due %(d)s', d=due_on) }}") == ["due_on"]
    assert scan("{{ _('due %(d)s', d=format_date(due_on)) }}") == []  # an e-mail's helper


@pytest.mark.parametrize(
    "template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))
)
def test_no_template_prints_a_raw_datetime(app, template):
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    assert raw_datetimes(source, app.jinja_env, datetime_columns()) == []


# --- the pages, rendered at a known moment -------------------------------------------------------

MOMENT = datetime(2026, 7, 1, 8, 30, 15, tzinfo=UTC)  # 10:30:15 in Paris, 04:30:15 in Toronto
RAW = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}[+-]\d{2}|[+-]00:?00|\bUTC\b|\bGMT\b")
# English times take a narrow no-break space before AM and PM, as CLDR writes them.
PARIS_FR = {
    "office": "paris",
    "language": "fr",
    "datetime": "1er juil. 2026, 10:30 (heure d’été d’Europe centrale)",
    "seconds": "1er juil. 2026, 10:30:15 (heure d’été d’Europe centrale)",
    "deadline": "Temps limité\u202f: les réponses comptent jusqu’à 10:40 (heure d’été d’Europe "
    "centrale).",
    "saved": "Réponses enregistrées à 10:30:15 (heure d’été d’Europe centrale).",
    "accepted": "Vous avez accepté la version 1 le 1er juil. 2026, 10:30 (heure d’été d’Europe "
    "centrale).",
    "effective": "Version 1, en vigueur depuis le 1er sept. 2026",
}
QUEBEC_EN = {
    "office": "quebec",
    "language": "en",
    "datetime": "Jul 1, 2026, 4:30\u202fAM (Eastern Daylight Time)",
    "seconds": "Jul 1, 2026, 4:30:15\u202fAM (Eastern Daylight Time)",
    "deadline": "Time limit: answers count until 4:40\u202fAM (Eastern Daylight Time).",
    "saved": "Answers saved at 4:30:15\u202fAM (Eastern Daylight Time).",
    "accepted": "You accepted version 1 on Jul 1, 2026, 4:30\u202fAM (Eastern Daylight Time).",
    "effective": "Version 1, effective Sep 1, 2026",
}
PEOPLE = pytest.mark.parametrize("seen_by", [PARIS_FR, QUEBEC_EN], ids=["paris-fr", "quebec-en"])


class VisibleText(HTMLParser):
    """The text a person reads: no tags, no attributes, no scripts."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in {"script", "style"}

    def handle_endtag(self, tag):
        self.hidden -= tag in {"script", "style"}

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    # ASCII white space only: the narrow no-break space before AM is part of what people read.
    return re.sub(r"[ \t\r\n]+", " ", " ".join(parser.parts)).strip()


def read(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    text = visible_text(response.get_data(as_text=True))
    assert RAW.findall(text) == [], path
    return text


@pytest.fixture
def at_the_moment():
    with time_machine.travel(MOMENT, tick=False):
        yield


def sign_in_as(login_as, seen_by: dict, role: str = "employee"):
    office = make_office(seen_by["office"])
    return login_as(role, office=office, language=seen_by["language"])


@PEOPLE
def test_the_audit_log_and_the_outbox_show_local_times(
    app, client, login_as, at_the_moment, seen_by
):
    reader = make_person(email="lecteur@relais.example", office=make_office("paris"))
    db.session.commit()
    assert client.post("/password/forgot", data={"email": reader.email}).status_code == 302
    sign_in_as(login_as, seen_by, "admin")

    audit = read(client, "/admin/audit")
    assert seen_by["seconds"] in audit
    outbox = read(client, "/admin/outbox")
    assert seen_by["datetime"] in outbox


@PEOPLE
def test_a_timed_attempt_shows_its_deadline_and_last_save_in_local_time(
    app, client, login_as, at_the_moment, seen_by, tmp_path
):
    sync_quiz(tmp_path / "content", time_limit_minutes=10)
    sign_in_as(login_as, seen_by)
    attempt = start(client)
    saved = client.post(f"/quiz/attempts/{attempt.id}/save", data={})
    assert saved.status_code == 303

    page = read(client, f"/quiz/attempts/{attempt.id}")
    assert seen_by["deadline"] in page
    assert seen_by["saved"] in page
    html = client.get(f"/quiz/attempts/{attempt.id}").get_data(as_text=True)
    assert 'data-deadline="2026-07-01T08:40:15+00:00"' in html  # the countdown reads UTC
    zone = {"paris": "Europe/Paris", "quebec": "America/Toronto"}[seen_by["office"]]
    assert f'data-timezone="{zone}"' in html
    assert seen_by["datetime"] in read(client, "/courses/basics/quiz")


@PEOPLE
def test_the_charter_shows_its_date_and_the_acceptance_in_local_time(
    app, client, login_as, at_the_moment, seen_by
):
    sync_content(load_content(MINIMAL))
    db.session.commit()
    sign_in_as(login_as, seen_by)
    accepted = client.post("/charter/accept", data={"version": "1", "confirm": "y"})
    assert accepted.status_code == 302

    page = read(client, "/charter")
    assert seen_by["effective"] in page
    assert seen_by["accepted"] in page
