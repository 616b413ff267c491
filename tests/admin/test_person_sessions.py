"""An admin sees a person's open sessions and ends them all, audited; the audit log links there."""

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.people.models import SignInSession
from tests.conftest import sign_in
from tests.factories import make_audit_event, make_person

FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"


def signed_in_browser(app, person):
    browser = app.test_client()
    response = browser.post(
        "/login",
        data={"email": person.email, "password": "correct horse battery staple"},
        headers={"User-Agent": FIREFOX_ON_LINUX},
        environ_base={"REMOTE_ADDR": "198.51.100.40"},
    )
    assert response.status_code == 302
    return browser


def test_the_page_shows_a_persons_open_sessions(app, admin_client):
    person = make_person(display_name="Ada Example")
    db.session.commit()
    signed_in_browser(app, person)
    page = admin_client.get(f"/admin/people/{person.id}/sessions").get_data(as_text=True)
    assert "Sessions of Ada Example" in page
    assert "Firefox on Linux" in page and "198.51.100.40" in page
    assert "End all sessions of this person" in page


def test_an_admin_ends_every_session_of_a_person_and_it_is_audited(app, admin_client):
    person, bystander = make_person(display_name="Ada Example"), make_person()
    db.session.commit()
    browsers = [signed_in_browser(app, person) for _ in range(2)]
    bystanders = signed_in_browser(app, bystander)
    response = admin_client.post(f"/admin/people/{person.id}/sessions/end")
    assert response.headers["Location"] == f"/admin/people/{person.id}/sessions"
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Every session of Ada Example is ended." in page and "No open session." in page
    assert [browser.get("/").status_code for browser in browsers] == [302, 302]
    assert bystanders.get("/").status_code == 200
    assert admin_client.get("/admin/audit").status_code == 200  # the admin stays signed in
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "session.ended_by_admin")
    )
    assert event.subject_id == person.id and event.details == {"count": 2}
    assert event.actor_id is not None and event.actor_id != person.id
    reasons = db.session.scalars(
        select(SignInSession.end_reason).where(SignInSession.person_id == person.id)
    )
    assert set(reasons) == {"ended_by_admin"}
    assert sign_in(app.test_client(), person.email).status_code == 302  # may sign in again


def test_an_unknown_person_is_not_found(admin_client):
    assert admin_client.get("/admin/people/999999/sessions").status_code == 404
    assert admin_client.post("/admin/people/999999/sessions/end").status_code == 404


def test_a_non_admin_cannot_end_someone_elses_sessions(app, client, login_as):
    person = make_person()
    db.session.commit()
    browser = signed_in_browser(app, person)
    login_as("hr")
    assert client.post(f"/admin/people/{person.id}/sessions/end").status_code == 403
    assert browser.get("/").status_code == 200


def test_the_audit_log_links_people_to_their_sessions(admin_client):
    actor, subject = make_person(), make_person()
    make_audit_event(action="role.granted", actor_id=actor.id, subject_id=subject.id)
    db.session.commit()
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert f'href="/admin/people/{actor.id}/sessions"' in page
    assert f'href="/admin/people/{subject.id}/sessions"' in page
