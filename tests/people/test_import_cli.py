"""``flask people import``: problems on stderr and exit 1, or the summary on stdout and exit 0."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.people.importer import ImportProblem, describe_problem
from app.people.models import Person
from tests.factories import make_person
from tests.people.test_import import DATA, EXPECTED_PROBLEMS, seed_offices, seed_organisation


def run_command(app, *args: str):
    return app.test_cli_runner().invoke(args=["people", "import", *args])


def people_count() -> int:
    db.session.rollback()  # count what the command committed, not what it left pending
    return db.session.scalar(select(func.count(Person.id)))


def test_a_bad_file_prints_each_problem_on_stderr_and_exits_1(app):
    seed_organisation()
    path = str(DATA / "bad" / "several_problems.csv")

    result = run_command(app, path)

    assert result.exit_code == 1
    expected = [
        f"{path}: {describe_problem(ImportProblem(*problem))}"
        for problem in EXPECTED_PROBLEMS["several_problems.csv"]
    ]
    assert result.stderr.splitlines() == [*expected, "7 problem(s); nothing was imported."]
    assert expected[0] == (
        f"{path}: row 3, column email: "
        '"not-an-address" is not a valid e-mail address; write it like name@company.com'
    )
    assert result.stdout == ""
    assert people_count() == 4


def test_a_file_that_cannot_be_read_names_the_row_without_a_column(app):
    seed_offices()
    path = str(DATA / "bad" / "latin1.csv")
    result = run_command(app, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f'{path}: row 3: the file is not UTF-8; save it from your spreadsheet as "CSV UTF-8" '
        "and upload it again"
    )


def test_a_good_file_prints_the_summary_and_commits(app):
    seed_offices()
    result = run_command(app, str(DATA / "good" / "comma.csv"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created 3, updated 0, unchanged 0, deactivated 0\n"
    assert people_count() == 3


def test_a_dry_run_prints_the_summary_and_changes_nothing(app):
    seed_offices()
    result = run_command(app, str(DATA / "good" / "comma.csv"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "dry run, nothing changed: created 3, updated 0, unchanged 0, deactivated 0\n"
    )
    assert people_count() == 0


def test_deactivate_missing_deactivates_the_active_people_left_out(app):
    seed_organisation()  # adjoint, direction (in the file), rh, and ancien (already inactive)
    result = run_command(app, str(DATA / "good" / "comma.csv"), "--deactivate-missing")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created 2, updated 1, unchanged 0, deactivated 2\n"
    db.session.rollback()
    active = db.session.scalars(select(Person.email).where(Person.active.is_(True)))
    assert sorted(active) == [
        "direction@relais.example",
        "marketing.chargee@relais.example",
        "ventes.conseil@relais.example",
    ]


def test_the_command_refuses_to_leave_relais_without_an_active_admin(app):
    seed_offices()
    admin = make_person(email="admin@relais.example", roles=("admin",))
    db.session.commit()
    path = str(DATA / "good" / "comma.csv")

    result = run_command(app, path, "--deactivate-missing")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: row 1: admin@relais.example is not in this file, so they would be deactivated "
        "and Relais would have no active administrator left; add a row for them",
        "1 problem(s); nothing was imported.",
    ]
    assert people_count() == 1
    assert db.session.get(Person, admin.id).active
