"""My sessions: each person sees and ends their own sign-in sessions, never anyone else's."""

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.database import utcnow
from app.extensions import db
from app.people.models import SignInSession
from tests.conftest import csrf_token_from
from tests.factories import make_person

CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"


def signed_in_client(app, person, user_agent=CHROME_ON_WINDOWS, ip="192.0.2.1"):
    client = app.test_client()
    response = client.post(
        "/login",
        data={"email": person.email, "password": "correct horse battery staple"},
        headers={"User-Agent": user_agent},
        environ_base={"REMOTE_ADDR": ip},
    )
    assert response.status_code == 302
    return client


def session_ids(person) -> list[int]:
    query = select(SignInSession.id).where(SignInSession.person_id == person.id)
    return list(db.session.scalars(query.order_by(SignInSession.id)))


def open_session_ids(person) -> list[int]:
    db.session.expire_all()
    query = select(SignInSession.id).where(
        SignInSession.person_id == person.id, SignInSession.ended_at.is_(None)
    )
    return list(db.session.scalars(query.order_by(SignInSession.id)))


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_page_lists_my_sessions_in_plain_words_and_marks_this_one(app):
    person, stranger = make_person(language="en"), make_person()
    db.session.commit()
    signed_in_client(app, person, FIREFOX_ON_LINUX, ip="198.51.100.23")
    signed_in_client(app, stranger, "Stranger's browser", ip="203.0.113.99")
    mine = signed_in_client(app, person, CHROME_ON_WINDOWS, ip="192.0.2.1")
    page = mine.get("/account/sessions").get_data(as_text=True)
    assert "Firefox on Linux" in page and "198.51.100.23" in page
    assert re.search(r"Chrome on Windows\s*<span[^>]*>· this session", page)
    assert "203.0.113.99" not in page  # someone else's session
    assert page.count("End this session") == 1  # this one is ended by signing out
    assert "Sign out everywhere else" in page
    assert 'href="/account/sessions"' in page  # the layout links to it


def test_the_page_speaks_french(app):
    person = make_person(language="fr")
    db.session.commit()
    signed_in_client(app, person, FIREFOX_ON_LINUX)
    page = signed_in_client(app, person).get("/account/sessions").get_data(as_text=True)
    for text in (
        "Mes sessions",
        "Firefox sur Linux",
        "cette session",
        "Mettre fin à cette session",
    ):
        assert text in page
    assert "Me déconnecter partout ailleurs" in page


def test_ending_one_of_my_sessions_signs_that_browser_out(app):
    person = make_person()
    db.session.commit()
    other = signed_in_client(app, person, FIREFOX_ON_LINUX)
    mine = signed_in_client(app, person)
    other_id = session_ids(person)[0]
    response = mine.post(f"/account/sessions/{other_id}/end")
    assert response.headers["Location"] == "/account/sessions"
    assert other.get("/").status_code == 302
    assert mine.get("/").status_code == 200
    assert open_session_ids(person) == [session_ids(person)[1]]
    [event] = events("session.ended")
    assert (event.actor_id, event.subject_id, event.details) == (
        person.id,
        person.id,
        {"session": other_id},
    )


def test_ending_someone_elses_session_by_id_is_not_found_and_changes_nothing(app):
    person, victim = make_person(), make_person()
    db.session.commit()
    victims_browser = signed_in_client(app, victim)
    attacker = signed_in_client(app, person)
    [victim_session] = session_ids(victim)
    assert attacker.post(f"/account/sessions/{victim_session}/end").status_code == 404
    assert victims_browser.get("/").status_code == 200
    assert open_session_ids(victim) == [victim_session]
    assert events("session.ended") == []


def test_an_ended_session_cannot_be_ended_twice(app):
    person = make_person()
    db.session.commit()
    signed_in_client(app, person)
    mine = signed_in_client(app, person)
    first = session_ids(person)[0]
    assert mine.post(f"/account/sessions/{first}/end").status_code == 302
    assert mine.post(f"/account/sessions/{first}/end").status_code == 404
    assert len(events("session.ended")) == 1


def test_sign_out_everywhere_else_keeps_only_this_session(app):
    person, colleague = make_person(), make_person()
    db.session.commit()
    others = [signed_in_client(app, person, FIREFOX_ON_LINUX) for _ in range(2)]
    colleagues = signed_in_client(app, colleague)
    mine = signed_in_client(app, person)
    response = mine.post("/account/sessions/end-others")
    assert response.headers["Location"] == "/account/sessions"
    page = mine.get("/account/sessions").get_data(as_text=True)
    assert "Vous êtes déconnecté·e partout ailleurs." in page
    assert "Mettre fin à cette session" not in page  # no other session is left to end
    assert [client.get("/").status_code for client in others] == [302, 302]
    assert mine.get("/").status_code == 200
    assert colleagues.get("/").status_code == 200
    [event] = events("session.ended_others")
    assert event.details == {"count": 2}


def test_ending_sessions_needs_a_csrf_token(csrf_app):
    person = make_person()
    db.session.commit()
    signed_in = csrf_app.test_client()
    token = csrf_token_from(signed_in.get("/login").get_data(as_text=True))
    login = {"email": person.email, "password": "correct horse battery staple", "csrf_token": token}
    assert signed_in.post("/login", data=login).status_code == 302
    assert signed_in.post("/account/sessions/end-others").status_code == 400
    assert signed_in.post(f"/account/sessions/{session_ids(person)[0]}/end").status_code == 400
    assert open_session_ids(person) == session_ids(person)


def test_sessions_past_their_timeouts_are_not_listed(app):
    person = make_person(language="en")
    db.session.commit()
    with time_machine.travel(utcnow(), tick=False) as clock:
        signed_in_client(app, person, FIREFOX_ON_LINUX)
        clock.shift(timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1))
        page = signed_in_client(app, person).get("/account/sessions").get_data(as_text=True)
    assert "Firefox" not in page
    assert "You are signed in nowhere else." in page


def test_last_seen_moves_at_most_once_a_minute(app):
    person = make_person()
    db.session.commit()
    with time_machine.travel(utcnow(), tick=False) as clock:
        client = signed_in_client(app, person)
        signed_in_at = utcnow()
        clock.shift(timedelta(seconds=30))
        client.get("/")
        db.session.expire_all()
        [record] = db.session.scalars(select(SignInSession))
        assert record.last_seen_at == signed_in_at
        clock.shift(timedelta(seconds=40))
        client.get("/")
        db.session.expire_all()
        assert db.session.get(SignInSession, record.id).last_seen_at == utcnow()
