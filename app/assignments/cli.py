"""Assignment commands, run by cron: ``assignments reconcile`` and ``notify``. Thin like views:
each calls one service and commits once."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.assignments.reconcile import reconcile
from app.audit.origin import COMMAND_LINE
from app.extensions import db

assignments_cli = AppGroup("assignments", help="Assignments: apply the rules.")


@assignments_cli.command("reconcile")
def reconcile_command() -> None:
    """Apply every rule to everyone: open what the rules give, withdraw what they no longer do
    (not started). Run it daily; twice, or on two servers at once, changes nothing more."""
    counts = reconcile(origin=COMMAND_LINE)
    db.session.commit()
    click.echo(f"opened {counts.opened}, withdrawn {counts.withdrawn}")
