"""Assignments: managers, HR and rules give people tracks with due dates; the team pages, the
reminders and the e-mails that follow them. The cycle itself (an ``Assignment`` and the
completion that closes it) belongs to learning, which records completions.

Routes attach themselves when the factory asks for the blueprint.
"""

from flask import Blueprint

bp = Blueprint("assignments", __name__)


def blueprint() -> Blueprint:
    """The blueprint with its routes attached."""
    from app.assignments import views  # noqa: F401  (routes attach themselves to bp)

    return bp
