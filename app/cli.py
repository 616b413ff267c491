"""Registers each domain's click commands on the application."""

from flask import Flask


def register_cli(app: Flask) -> None:
    from app.admin.cli import demo_command
    from app.assignments.cli import assignments_cli, notify_command
    from app.certificates.cli import certificates_cli
    from app.content.cli import content_cli
    from app.outbox.cli import outbox_cli
    from app.people.cli import people_cli
    from app.quiz.cli import quiz_cli

    app.cli.add_command(people_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(quiz_cli)
    app.cli.add_command(assignments_cli)
    app.cli.add_command(notify_command)
    app.cli.add_command(certificates_cli)
