"""Password change: wrong current passwords are counted per account and end the session; the
new password follows the rules, the site's name and the person's own name included."""

import html

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.people.models import SignInSession
from tests.conftest import sign_in
from tests.factories import TEST_PASSWORD, make_person

NEW_PASSWORD = "a brand new passphrase"


def change(client, current, new=NEW_PASSWORD, **headers):
    data = {"current_password": current, "new_password": new, "confirm": new}
    return client.post("/account/password", data=data, headers=headers)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Trop de mots de passe actuels erronés"), ("en", "Too many wrong current passwords")],
)
def test_six_wrong_current_passwords_end_the_session(client, app, language, expected):
    person = make_person(language=language)
    db.session.commit()
    sign_in(client, person.email)
    for _ in range(5):
        response = change(client, "wrong guess")
        assert response.status_code == 200
    sixth = change(client, "wrong guess")
    assert sixth.status_code == 302
    assert sixth.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert expected in page
    assert f'<html lang="{language}">' in page  # said in the person's language
    assert client.get("/").status_code == 302  # signed out
    record = db.session.scalar(select(SignInSession).where(SignInSession.person_id == person.id))
    assert record.end_reason == "password_guesses"
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("password.change_refused") == 5
    assert "password.change_stopped" in actions


def test_past_the_limit_even_the_right_password_is_not_checked(client, app):
    person = make_person()
    db.session.commit()
    sign_in(client, person.email)
    for _ in range(5):
        change(client, "wrong guess")
    assert change(client, TEST_PASSWORD).headers["Location"] == "/login"
    db.session.expire_all()
    assert sign_in(app.test_client(), person.email).status_code == 302  # unchanged


def test_the_count_is_per_account_across_sessions(client, app):
    person = make_person()
    db.session.commit()
    sign_in(client, person.email)
    for _ in range(3):
        change(client, "wrong guess")
    second = app.test_client()
    sign_in(second, person.email)
    assert change(second, "wrong guess").status_code == 200
    assert change(second, "wrong guess").status_code == 200
    assert change(second, "wrong guess").headers["Location"] == "/login"


def test_wrong_tries_of_one_account_leave_another_alone(client, app):
    target, other = make_person(), make_person()
    db.session.commit()
    sign_in(client, target.email)
    for _ in range(6):
        change(client, "wrong guess")
    sign_in(client, other.email)
    assert change(client, TEST_PASSWORD).status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "ne doit pas contenir le nom du site, Relais"), ("en", "name of the site, Relais")],
)
def test_the_site_name_is_refused_on_the_page(client, app, language, expected):
    person = make_person(language=language)
    db.session.commit()
    sign_in(client, person.email)
    response = change(client, TEST_PASSWORD, "relais2026")
    assert response.status_code == 200
    assert expected in response.get_data(as_text=True)


def test_the_person_own_name_is_refused_on_the_page(client, app):
    person = make_person(display_name="Dominique Bélanger", language="en")
    db.session.commit()
    sign_in(client, person.email)
    response = change(client, TEST_PASSWORD, "belanger-since-1999")
    assert "your name or your e-mail address" in response.get_data(as_text=True)


def test_the_company_name_is_refused_on_the_page(client, app):
    app.config["COMPANY_NAME"] = "Exemplaire Inc."
    person = make_person(language="en")
    db.session.commit()
    sign_in(client, person.email)
    response = change(client, TEST_PASSWORD, "exemplaireinc-2026")
    assert "the company's name, Exemplaire Inc." in html.unescape(response.get_data(as_text=True))
