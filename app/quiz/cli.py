"""``flask quiz close-overdue`` (for cron) and ``flask quiz regrade`` (an admin's decision)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.audit.origin import COMMAND_LINE
from app.extensions import db
from app.quiz import services

quiz_cli = AppGroup("quiz", help="Quiz attempts: closing overdue ones, regrading.")


@quiz_cli.command("close-overdue")
def close_overdue_command() -> None:
    """Grade the attempts left open past their deadline with the answers they saved."""
    closed = services.close_overdue(origin=COMMAND_LINE)
    db.session.commit()
    click.echo(f"{closed} overdue attempt(s) closed and graded.")


@quiz_cli.command("regrade")
@click.argument("course_slug")
@click.option("--by", "admin_email", required=True, help="The e-mail of the admin who decides.")
def regrade_command(course_slug: str, admin_email: str) -> None:
    """Grade every finished attempt of a course again against its current question bank."""
    course = services.find_course(course_slug)
    if course is None:
        raise click.UsageError(f"there is no course '{course_slug}'")
    admin = services.find_admin(admin_email)
    if admin is None:
        raise click.UsageError(f"{admin_email} is not an active admin")
    report = services.regrade_course(course, admin, COMMAND_LINE)
    db.session.commit()
    click.echo(f"{report.attempts} attempt(s) regraded, {report.changed} grade(s) changed.")
