"""The people import's limits: rows and cell length capped (settings), problems counted but
shown and checked up to a bound, so that any file is answered quickly with a short page."""

from __future__ import annotations

import io
import time

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.people.import_csv import CHECKED_PROBLEMS, SHOWN_PROBLEMS
from app.people.import_plan import chain_through
from tests.conftest import empty_all_tables, sign_in
from tests.factories import make_person
from tests.people.test_import import (
    DATA,
    HEADER,
    database_state,
    people_csv,
    problems_of,
    seed_organisation,
)
from tests.people.test_import_cli import run_command
from tests.people.test_import_page import URL

ROLES = "(allowed: employee, manager, hr, admin)"


def too_many_rows(limit: int) -> str:
    return (
        f"the file has more than {limit} people rows, the most one import takes; import it in "
        f"parts of {limit} rows at most (without deactivating missing people), or ask an "
        "administrator to raise PEOPLE_IMPORT_MAX_ROWS"
    )


def cell_too_long(length: int, limit: int) -> str:
    return f"this cell has {length} characters, more than the {limit} a cell may hold; shorten it"


# With PEOPLE_IMPORT_MAX_ROWS=4 and PEOPLE_IMPORT_MAX_CELL=40: each file's problems, exactly.
EXPECTED_PROBLEMS = {
    # The fifth person is on row 7: the blank row 4 is not a person.
    "too_many_rows.csv": [(7, None, too_many_rows(4))],
    "cell_too_long.csv": [(2, "name", cell_too_long(42, 40))],
    "roles_cell_too_long.csv": [(2, "roles", cell_too_long(44, 40))],
    "repeated_unknown_roles.csv": [
        (2, "roles", f"unknown role boss {ROLES}"),
        (2, "roles", f"unknown role chef {ROLES}"),
        (2, "roles", f"unknown role root {ROLES}"),
    ],
}


@pytest.fixture
def small_limits(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False, PEOPLE_IMPORT_MAX_ROWS=4, PEOPLE_IMPORT_MAX_CELL=40)
    with app.app_context():
        empty_all_tables()
        yield app
        db.session.remove()


def test_every_file_over_a_limit_has_its_expected_problems():
    on_disk = sorted(path.name for path in (DATA / "limits").glob("*.csv"))
    assert on_disk == sorted(EXPECTED_PROBLEMS)


@pytest.mark.parametrize("name", sorted(EXPECTED_PROBLEMS))
def test_a_file_over_a_limit_is_refused_and_nothing_changes(small_limits, name):
    importer = seed_organisation()
    before = database_state()

    assert problems_of((DATA / "limits" / name).read_bytes(), importer) == EXPECTED_PROBLEMS[name]

    db.session.rollback()
    assert database_state() == before


def test_the_limits_have_defaults_and_come_from_the_environment(tmp_path):
    from app.config import settings_from_environment

    defaults = settings_from_environment(tmp_path, {})
    assert (defaults["PEOPLE_IMPORT_MAX_ROWS"], defaults["PEOPLE_IMPORT_MAX_CELL"]) == (
        10_000,
        1_000,
    )
    chosen = settings_from_environment(
        tmp_path, {"PEOPLE_IMPORT_MAX_ROWS": "50000", "PEOPLE_IMPORT_MAX_CELL": "300"}
    )
    assert (chosen["PEOPLE_IMPORT_MAX_ROWS"], chosen["PEOPLE_IMPORT_MAX_CELL"]) == (50_000, 300)


def upload(client, data: bytes):
    """The form as the page sends it, encoded here: the test client would spool a large body
    to a temporary file it never closes."""
    file = FileStorage(io.BytesIO(data), filename="people.csv", content_type="text/csv")
    boundary, body = encode_multipart({"file": file})
    return client.post(URL, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def hr_client(app, language="en"):
    hr = make_person(roles=("hr",), language=language, email="rh.web@relais.example")
    db.session.commit()
    client = app.test_client()
    assert sign_in(client, hr.email).status_code == 302
    return client


def test_the_audits_file_of_490000_bad_rows_is_answered_at_once(app):
    """4.9 MB of bad rows used to keep a server process busy until it was killed."""
    seed_organisation()
    client = hr_client(app)
    before = database_state()
    data = (HEADER + "\n" + "x,x,x,x,x\n" * 490_000).encode()
    assert len(data) > 4_900_000

    started = time.perf_counter()
    response = upload(client, data)
    elapsed = time.perf_counter() - started

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "At least 1000 problems: nothing was imported" in page
    assert page.count("this row has 5 cells but the header has 7") == SHOWN_PROBLEMS
    assert "The check stopped at row 1001, after 1000 problems." in page
    assert len(response.data) < 50_000
    assert elapsed < 5  # about 0.15 s here; it took 12.6 s with a 95 MB page before
    db.session.rollback()
    assert database_state() == before


def test_a_roles_cell_of_50000_words_gives_a_short_page(app):
    seed_organisation()
    client = hr_client(app)
    words = " ".join(["r"] * 50_000)  # short enough for the csv reader, too long for a cell

    response = upload(client, people_csv(f"a@relais.example,A,it,quebec,,{words},fr"))

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"row 2, column roles: {cell_too_long(len(words), 1_000)}" in page
    assert len(response.data) < 50_000


def test_a_cell_longer_than_the_csv_reader_takes_is_refused_with_the_limit(app):
    seed_organisation()
    huge = "x" * 200_000
    assert problems_of(people_csv(f'a@relais.example,"{huge}",it,quebec,,,fr')) == [
        (2, None, "a cell in this row is longer than 1000 characters; shorten it")
    ]


def bad_rows(count: int) -> bytes:
    return people_csv(*[f"person{n}@relais.example,P,it,nowhere,,,fr" for n in range(count)])


def test_a_file_over_the_row_limit_is_refused_before_its_rows_are_checked(app):
    seed_organisation()
    client = hr_client(app)
    data = people_csv(*[f"person{n}@relais.example,P,it,quebec,,,fr" for n in range(10_001)])

    response = upload(client, data)

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "1 problem: nothing was imported" in page
    assert f"row 10002: {too_many_rows(10_000)}" in page


def test_the_page_shows_the_first_hundred_problems_and_counts_the_rest(app):
    seed_organisation()
    client = hr_client(app)

    response = upload(client, bad_rows(150))

    page = response.get_data(as_text=True)
    assert "150 problems: nothing was imported" in page
    assert page.count("column office: unknown office") == SHOWN_PROBLEMS
    assert "row 101, column office" in page and "row 102, column office" not in page
    assert (
        "… and 50 more problems. Correct the ones above and upload the file again to see the rest."
    ) in page


def test_checking_stops_after_a_thousand_problems(app):
    seed_organisation()
    client = hr_client(app, language="fr")

    response = upload(client, bad_rows(CHECKED_PROBLEMS + 500))

    page = response.get_data(as_text=True)
    assert page.count("colonne office\u202f: bureau inconnu") == SHOWN_PROBLEMS
    assert (
        "La vérification s’est arrêtée ligne 1001, après 1000 problèmes. Corrigez ceux "
        "ci-dessus et envoyez à nouveau le fichier pour vérifier la suite."
    ) in page


def test_the_command_prints_the_first_hundred_and_counts_the_rest(app, tmp_path):
    seed_organisation()
    path = tmp_path / "people.csv"
    path.write_bytes(bad_rows(150))

    result = run_command(app, str(path))

    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert len(lines) == SHOWN_PROBLEMS + 2
    assert lines[-2:] == [
        f"{path}: ... and 50 more problem(s).",
        "150 problem(s); nothing was imported.",
    ]


def test_the_command_says_where_checking_stopped(app, tmp_path):
    seed_organisation()
    path = tmp_path / "people.csv"
    path.write_bytes(bad_rows(CHECKED_PROBLEMS + 500))

    result = run_command(app, str(path))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"{path}: the check stopped at row 1001.",
        "at least 1000 problem(s); nothing was imported.",
    ]


def test_a_long_circle_is_named_by_its_first_people_and_the_last(app):
    circle = [f"p{n}@relais.example" for n in range(30)]
    assert chain_through(circle, 3) == [
        *circle[3:8],
        "…",
        "p2@relais.example",
        "p3@relais.example",
    ]
    assert chain_through(circle[:4], 2) == [*circle[2:4], *circle[:2], circle[2]]
