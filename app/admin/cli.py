"""``flask demo``: the demo organisation with its assignments and progress, at a size. Thin
like a view: one service call, one commit."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app

from app.admin.demo import SIZES, seed_demo_organisation
from app.audit.origin import COMMAND_LINE
from app.content.problems import ContentError
from app.extensions import db
from app.people.demo import DEMO_PASSWORD, DemoAlreadySeeded, DemoRefused


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when people exist.")
@click.option(
    "--size",
    type=click.Choice(list(SIZES)),
    default="normal",
    show_default=True,
    help="large: 10,000 more people under the chief executive, about 30,000 assignments.",
)
def demo_command(if_empty: bool, size: str) -> None:
    """Seed the demo organisation (three offices, about sixty people), its assignments and some
    progress; syncs the content first if there is none. Refused in production."""
    try:
        report = seed_demo_organisation(
            production=current_app.config["RELAIS_ENV"] == "production",
            content_root=Path(current_app.config["CONTENT_ROOT"]),
            extra_people=SIZES[size],
            origin=COMMAND_LINE,
        )
    except ContentError as error:
        db.session.rollback()
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo("Demo not seeded: the content it needs could not be synced.", err=True)
        sys.exit(1)
    except DemoAlreadySeeded:
        click.echo("People already exist; the demo organisation was not seeded.")
        sys.exit(0 if if_empty else 1)
    except DemoRefused as refusal:
        click.echo(f"Demo not seeded: {refusal}.", err=True)
        sys.exit(1)
    db.session.commit()
    if report.content_synced:
        click.echo("The database had no content: the repository's content was synced first.")
    click.echo(
        f"{report.opened} assignments opened, {report.quizzes_passed} quizzes passed for the demo."
    )
    click.echo(f"{report.renewals} renewals opened for certificates aged into their window.")
    if report.large is not None:
        large = report.large
        click.echo(
            f"Large demo: {large.people} more people, {large.assignments} assignments, "
            f"{large.track_completions} track completions, {large.certificates} certificates "
            f"(their PDFs not rendered), {large.lessons_read} lessons read."
        )
    click.echo(
        f"Demo organisation seeded. Sign in with any of these (password for all: {DEMO_PASSWORD}):"
    )
    for sign_in in report.sign_ins:
        click.echo(f"  {sign_in.label:<9} {sign_in.email}")
