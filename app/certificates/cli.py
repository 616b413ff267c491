"""Certificate commands: ``certificates render-pending`` (cron) and ``new-signing-key``. Thin
like views."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from app.certificates.badges import new_signing_key
from app.certificates.documents import render_pending

certificates_cli = AppGroup("certificates", help="Certificates: their PDFs and signing key.")


@certificates_cli.command("render-pending")
@click.option("--limit", type=click.IntRange(min=1), help="Render at most this many.")
def render_pending_command(limit: int | None) -> None:
    """Render and store the PDFs still wanted (a rendering that failed after issue, a re-issue
    left for later), the longest waiting first. Each is committed on its own; one that fails
    is logged and stays wanted, and the command exits with status 1 so that cron says so."""
    report = render_pending(limit)
    click.echo(f"rendered {report.rendered}, failed {report.failed}, skipped {report.skipped}")
    if report.failed:
        raise SystemExit(1)


@certificates_cli.command("new-signing-key")
def new_signing_key_command() -> None:
    """Print a new Ed25519 private key as a JWK, to give every server as
    CERTIFICATE_SIGNING_KEY. Keep it secret; changing it later leaves the credentials already
    issued unverifiable against the published key set."""
    click.echo(json.dumps(new_signing_key().as_dict(private=True)))
