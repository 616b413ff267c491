"""The upload page /admin/people/import: who may use it, what it shows, and what it refuses."""

from __future__ import annotations

import io

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from app.extensions import db
from app.people.importer import ImportProblem, describe_problem
from app.people.models import Person
from tests.conftest import csrf_token_from, empty_all_tables, sign_in
from tests.factories import make_person
from tests.people.test_import import (
    DATA,
    EXPECTED_PROBLEMS,
    database_state,
    people_csv,
    seed_offices,
    seed_organisation,
)

URL = "/admin/people/import"
XSS_NAME = "<img src=x onerror=alert(1)>"


def upload(client, data: bytes, filename: str = "people.csv", **fields):
    form = {"file": (io.BytesIO(data), filename), **fields}
    return client.post(URL, data=form, content_type="multipart/form-data")


def good_file() -> bytes:
    return (DATA / "good" / "comma.csv").read_bytes()


def people_count() -> int:
    db.session.rollback()  # what the request committed
    return db.session.scalar(select(func.count(Person.id)))


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_hr_and_admin_can_import(app, client, login_as, role):
    seed_offices()
    login_as(role, language="en")
    assert client.get(URL).status_code == 200

    response = upload(client, good_file())

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Import done" in page and "Created: 3" in page
    assert people_count() == 4


def test_an_employee_is_refused(app, client, login_as):
    seed_offices()
    login_as("employee")
    assert client.get(URL).status_code == 403
    assert upload(client, good_file()).status_code == 403
    assert people_count() == 1


def test_someone_signed_out_cannot_post_a_file(app, client):
    seed_offices()
    assert upload(client, good_file()).status_code == 401
    assert people_count() == 0


def test_a_bad_file_gets_400_with_every_problem_and_nothing_imported(app, client, login_as):
    login_as("hr", language="en")
    seed_organisation()
    before = database_state()

    response = upload(client, (DATA / "bad" / "several_problems.csv").read_bytes())

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "7 problems: nothing was imported" in page
    for problem in EXPECTED_PROBLEMS["several_problems.csv"]:
        assert str(escape(describe_problem(ImportProblem(*problem)))) in page
    db.session.rollback()
    assert database_state() == before


def test_a_dry_run_from_the_page_changes_nothing(app, client, login_as):
    seed_offices()
    login_as("hr", language="en")
    response = upload(client, good_file(), dry_run="y")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Check only: nothing was changed" in page and "Created: 3" in page
    assert people_count() == 1


def test_the_deactivate_missing_box_deactivates_people_left_out(app, client, login_as):
    seed_offices()
    hr = login_as("hr", language="en", display_name="RH", department="rh")
    make_person(email="depart@relais.example")
    db.session.commit()
    data = people_csv(f"{hr.email},RH,rh,quebec,,hr,en")

    response = upload(client, data, deactivate_missing="y")

    assert response.status_code == 200
    assert "Deactivated: 1" in response.get_data(as_text=True)
    db.session.rollback()
    assert not db.session.scalar(
        select(Person).where(Person.email == "depart@relais.example")
    ).active


def test_a_name_that_looks_like_html_is_shown_escaped(app, client, login_as):
    seed_offices()
    admin = login_as("admin", language="en")
    # The page header shows the signed-in person's name: rename the admin through the import.
    data = people_csv(f"{admin.email},{XSS_NAME},it,quebec,,admin,en")

    response = upload(client, data)

    assert response.status_code == 200
    for page in (response.get_data(as_text=True), client.get(URL).get_data(as_text=True)):
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "<img src=x" not in page
    db.session.rollback()
    assert db.session.get(Person, admin.id).display_name == XSS_NAME


def test_an_oversized_upload_gets_413_and_imports_nothing(app_factory):
    small = app_factory(WTF_CSRF_ENABLED=False, MAX_CONTENT_LENGTH=1024)
    with small.app_context():
        empty_all_tables()
        seed_offices()
        hr = make_person(roles=("hr",), language="en")
        db.session.commit()
        client = small.test_client()
        assert sign_in(client, hr.email).status_code == 302
        rows = [f"p{n}@relais.example,Person {n},communication,quebec,,,fr" for n in range(40)]

        response = upload(client, people_csv(*rows))

        assert response.status_code == 413
        assert "1 KiB" in response.get_data(as_text=True)
        assert people_count() == 1
        db.session.remove()


def test_with_csrf_protection_the_form_needs_its_token(csrf_app):
    seed_offices()
    hr = make_person(roles=("hr",), language="en")
    db.session.commit()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert sign_in(client, hr.email, csrf_token=token).status_code == 302

    assert upload(client, good_file()).status_code == 400
    assert people_count() == 1

    token = csrf_token_from(client.get(URL).get_data(as_text=True))
    response = upload(client, good_file(), csrf_token=token)
    assert response.status_code == 200
    assert people_count() == 4


def test_hr_leaving_the_admin_out_with_deactivate_missing_is_refused(app, client, login_as):
    """The audit's finding: this file used to deactivate the admin and end their session."""
    seed_offices()
    admin = make_person(email="admin@relais.example", roles=("admin",))
    db.session.commit()
    admin_client = client.application.test_client()
    assert sign_in(admin_client, admin.email).status_code == 302
    hr = login_as("hr", language="en", display_name="RH", department="rh")
    before = database_state()

    response = upload(client, people_csv(f"{hr.email},RH,rh,quebec,,hr,en"), deactivate_missing="y")

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "1 problem: nothing was imported" in page
    assert (
        "row 1: administrator admin@relais.example is not in this file, so they would be "
        "deactivated, and only an administrator may deactivate an administrator; add a row for them"
    ) in page
    assert "Deactivated" not in page
    db.session.rollback()
    assert database_state() == before
    assert admin_client.get("/").status_code == 200
    assert sign_in(client.application.test_client(), admin.email).status_code == 302


def test_the_refusal_speaks_french_to_a_french_speaker(app, client, login_as):
    seed_offices()
    make_person(email="admin@relais.example", roles=("admin",))
    hr = login_as("hr", language="fr", display_name="RH", department="rh")

    response = upload(client, people_csv(f"{hr.email},RH,rh,quebec,,hr,fr"), deactivate_missing="y")

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert (
        "ligne 1\u202f: le compte administrateur admin@relais.example n’est pas dans ce fichier et "
        "serait donc désactivé, or seul un administrateur peut désactiver un administrateur\u202f; "
        "ajoutez une ligne pour ce compte"
    ) in page
