"""The charter: read it, accept version N once; a new version asks everyone again."""

from __future__ import annotations

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.content.loader import load_content
from app.content.models import Charter
from app.content.sync import sync_content
from app.extensions import db
from app.learning.models import CharterAcceptance
from tests.content.content_cases import CHARTER, MINIMAL, Replace, minimal_tree


def publish(root=MINIMAL) -> None:
    sync_content(load_content(root))
    db.session.commit()


def acceptances() -> list[tuple[int, int]]:
    rows = db.session.execute(
        select(CharterAcceptance.person_id, Charter.version).join(Charter)
    ).all()
    return sorted(tuple(row) for row in rows)


def test_the_charter_page_shows_the_current_version(app, client, login_as):
    publish()
    login_as("employee", language="en")
    html = client.get("/charter").get_data(as_text=True)
    assert "Social media charter" in html and "Version 1, effective" in html
    assert "<h2>What you may say</h2>" in html
    assert "I have read and accept version 1 of the charter" in html


def test_accepting_records_the_version_and_time_once(app, client, login_as):
    publish()
    person = login_as("employee", language="en")
    first = client.post("/charter/accept", data={"version": "1", "confirm": "y"})
    again = client.post("/charter/accept", data={"version": "1", "confirm": "y"})
    assert first.status_code == again.status_code == 302
    assert acceptances() == [(person.id, 1)]
    accepted = db.session.scalar(select(CharterAcceptance))
    assert accepted.accepted_at is not None
    events = db.session.scalars(
        select(AuditEvent.details).where(AuditEvent.action == "charter.accept")
    )
    assert list(events) == [{"version": 1}]
    assert "You accepted version 1 on" in client.get("/charter").get_data(as_text=True)


def test_accepting_without_ticking_the_box_is_refused(app, client, login_as):
    publish()
    login_as("employee", language="en")
    response = client.post("/charter/accept", data={"version": "1"})
    assert response.status_code == 400
    assert "Tick the box to confirm you accept it." in response.get_data(as_text=True)
    assert acceptances() == []


def test_a_new_version_asks_again_and_an_old_form_cannot_accept_it(app, client, login_as, tmp_path):
    publish()
    person = login_as("employee", language="en")
    client.post("/charter/accept", data={"version": "1", "confirm": "y"})
    publish(minimal_tree(tmp_path / "v2", Replace(CHARTER, "version: 1", "version: 2")))

    html = client.get("/charter").get_data(as_text=True)
    assert "You accepted version 1; version 2 replaces it" in html
    stale = client.post(
        "/charter/accept", data={"version": "1", "confirm": "y"}, follow_redirects=True
    )
    assert "A new version of the charter was published" in stale.get_data(as_text=True)
    assert acceptances() == [(person.id, 1)]

    client.post("/charter/accept", data={"version": "2", "confirm": "y"})
    assert acceptances() == [(person.id, 1), (person.id, 2)]


def test_the_employees_track_shows_whether_the_charter_is_accepted(app, client, login_as):
    publish()
    login_as("employee", language="en")
    html = client.get("/tracks/employees").get_data(as_text=True)
    assert "This track asks you to read and accept the current charter (version 1)." in html
    client.post("/charter/accept", data={"version": "1", "confirm": "y"})
    html = client.get("/tracks/employees").get_data(as_text=True)
    assert "You accepted version 1 of the charter." in html
    assert db.session.scalar(select(func.count()).select_from(CharterAcceptance)) == 1
