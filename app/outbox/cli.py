"""``flask outbox send``: deliver queued e-mails (for cron)."""

import click
from flask.cli import AppGroup

from app.extensions import db
from app.outbox.services import deliver_pending_emails

outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@outbox_cli.command("send")
@click.option("--limit", default=200, show_default=True, help="At most this many messages.")
def send_command(limit: int) -> None:
    """Deliver pending e-mails over SMTP."""
    sent, failed = deliver_pending_emails(limit)
    db.session.commit()
    click.echo(f"sent {sent}, failed {failed}")
    if failed:
        raise SystemExit(1)
