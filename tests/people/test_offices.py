"""Offices are created from the command line before people files name them."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.people.models import Office


def test_add_office(app):
    result = app.test_cli_runner().invoke(
        args=[
            "people",
            "add-office",
            "lyon",
            "Lyon",
            "--country",
            "fr",
            "--timezone",
            "Europe/Paris",
        ]
    )
    assert result.exit_code == 0, result.output
    office = db.session.scalar(select(Office).where(Office.code == "lyon"))
    assert (office.name, office.country, office.timezone) == ("Lyon", "FR", "Europe/Paris")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["bad code!", "X", "--country", "FR", "--timezone", "Europe/Paris"], "letters, digits"),
        (["lyon", "Lyon", "--country", "FRA", "--timezone", "Europe/Paris"], "two-letter"),
        (["lyon", "Lyon", "--country", "FR", "--timezone", "Mars/Olympus"], "unknown time zone"),
    ],
    ids=["code", "country", "timezone"],
)
def test_bad_office_is_refused(app, arguments, message):
    result = app.test_cli_runner().invoke(args=["people", "add-office", *arguments])
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.scalar(select(func.count(Office.id))) == 0


def test_duplicate_office_is_refused(app):
    runner = app.test_cli_runner()
    args = ["people", "add-office", "lyon", "Lyon", "--country", "FR", "--timezone", "Europe/Paris"]
    runner.invoke(args=args)
    again = runner.invoke(args=args)
    assert again.exit_code == 1 and "already exists" in again.output
    assert db.session.scalar(select(func.count(Office.id))) == 1
