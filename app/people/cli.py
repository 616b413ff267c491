"""``flask people import`` and ``flask people add-office``: thin wrappers over the people
services."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from app.audit.origin import COMMAND_LINE
from app.extensions import db
from app.people.importer import PeopleImportError, describe_problem, import_people
from app.people.services import OfficeError, add_office

people_cli = AppGroup("people", help="People and the organisation chart.")


@people_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--deactivate-missing", is_flag=True, help="Deactivate active people not in the file."
)
@click.option("--dry-run", is_flag=True, help="Check the file and report; change nothing.")
def import_command(csv_file: str, deactivate_missing: bool, dry_run: bool) -> None:
    """Import people from CSV_FILE (email, name, department, office, manager_email, roles,
    language)."""
    with open(csv_file, "rb") as handle:
        data = handle.read()
    try:
        summary = import_people(
            data,
            importer=None,
            origin=COMMAND_LINE,
            deactivate_missing=deactivate_missing,
            dry_run=dry_run,
        )
    except PeopleImportError as error:
        db.session.rollback()
        for problem in error.problems:
            click.echo(f"{csv_file}: {describe_problem(problem)}", err=True)
        if error.last_row_checked:
            click.echo(f"{csv_file}: the check stopped at row {error.last_row_checked}.", err=True)
        elif error.more:
            click.echo(f"{csv_file}: ... and {error.more} more problem(s).", err=True)
        at_least = "at least " if error.last_row_checked else ""
        click.echo(f"{at_least}{error.total} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    db.session.commit()
    prefix = "dry run, nothing changed: " if dry_run else ""
    click.echo(
        f"{prefix}created {len(summary.created)}, updated {len(summary.updated)}, "
        f"unchanged {len(summary.unchanged)}, deactivated {len(summary.deactivated)}"
    )


@people_cli.command("add-office")
@click.argument("code")
@click.argument("name")
@click.option("--country", required=True, help="ISO 3166 two-letter code, e.g. FR.")
@click.option("--timezone", "timezone_name", required=True, help="e.g. Europe/Paris.")
def add_office_command(code: str, name: str, country: str, timezone_name: str) -> None:
    """Create an office that people files can then name in their office column."""
    try:
        office = add_office(code, name, country, timezone_name, COMMAND_LINE)
    except OfficeError as error:
        click.echo(f"Office not created: {error}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Office {office.code} ({office.name}) created.")
