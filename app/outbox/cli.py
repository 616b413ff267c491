"""``flask outbox send``: deliver queued e-mails (for cron); requests only ever queue them."""

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db
from app.outbox.services import deliver_pending_emails

outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@outbox_cli.command("send")
@click.option("--limit", default=200, show_default=True, help="At most this many messages.")
def send_command(limit: int) -> None:
    """Deliver pending e-mails over SMTP (SMTP_HOST and the other SMTP_ settings)."""
    if not current_app.config.get("SMTP_HOST"):
        click.echo("SMTP_HOST is not set: nothing was delivered.", err=True)
        raise SystemExit(1)
    sent, failed = deliver_pending_emails(limit)
    db.session.commit()
    click.echo(f"sent {sent}, failed {failed}")
    if failed:
        raise SystemExit(1)
