"""``flask outbox send``: deliver queued e-mails (for cron); requests only ever queue them."""

import click
from flask import current_app
from flask.cli import AppGroup

from app.outbox.delivery import deliver_pending_emails

outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@outbox_cli.command("send")
@click.option("--limit", default=200, show_default=True, help="At most this many messages.")
def send_command(limit: int) -> None:
    """Deliver pending e-mails over SMTP (SMTP_HOST and the other SMTP_ settings)."""
    if not current_app.config.get("SMTP_HOST"):
        click.echo("SMTP_HOST is not set: nothing was delivered.", err=True)
        raise SystemExit(1)
    # Safe to run on several servers at once: each message is claimed by one sender.
    report = deliver_pending_emails(limit)
    click.echo(f"sent {report.sent}, failed {report.failed}")
    if report.failed:
        raise SystemExit(1)
