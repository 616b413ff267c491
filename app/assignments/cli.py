"""Assignment commands, run by cron: ``assignments reconcile`` and ``notify``. Thin like views:
each calls one service and commits once."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.assignments.notifications import queue_assignment_notices
from app.assignments.reconcile import reconcile
from app.assignments.renewal import open_renewals
from app.audit.origin import COMMAND_LINE
from app.extensions import db

assignments_cli = AppGroup("assignments", help="Assignments: apply the rules.")


# --- notify ---------------------------------------------------------------------------------


@click.command("notify")
def notify_command() -> None:
    """Open the renewals whose window has opened, then queue the assignment e-mails due now
    (assigned, due soon, overdue, and the renewals'); `outbox send` delivers them. Safe to run
    again, and on several servers at once: each renewal opens once, each e-mail is queued
    once."""
    # One commit: the renewals, the e-mails and the log keys that make them once appear
    # together or not at all, so a run that fails leaves nothing half done and the next run
    # does it whole.
    renewals = open_renewals(origin=COMMAND_LINE)
    queued = queue_assignment_notices()
    db.session.commit()
    click.echo(f"renewals opened: {renewals}")
    for kind, count in queued.items():
        click.echo(f"{kind}: {count}")


@assignments_cli.command("reconcile")
def reconcile_command() -> None:
    """Apply every rule to everyone: open what the rules give, withdraw what they no longer do
    (not started). Run it daily; twice, or on two servers at once, changes nothing more."""
    counts = reconcile(origin=COMMAND_LINE)
    db.session.commit()
    click.echo(f"opened {counts.opened}, withdrawn {counts.withdrawn}")
