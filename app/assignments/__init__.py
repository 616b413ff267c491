"""Assignments: managers, HR and rules give people tracks with due dates; the team pages, the
reminders and the e-mails that follow them. The cycle itself (an ``Assignment`` and the
completion that closes it) belongs to learning, which records completions.

Routes attach themselves when the factory asks for the blueprint.
"""

from flask import Blueprint

bp = Blueprint("assignments", __name__)


def blueprint() -> Blueprint:
    """The blueprint with its routes attached, and the listener that applies the rules after a
    people import (people sits below assignments, so it announces the change on a signal)."""
    from app.assignments import views  # noqa: F401  (routes attach themselves to bp)
    from app.assignments.listeners import connect_listeners

    connect_listeners()

    return bp
