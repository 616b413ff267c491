"""People: accounts, sign-in sessions, roles, the organisation chart and the CSV import.

The blueprint lives here; its routes attach themselves when the factory asks for it, so that
importing a service or the roles never pulls in the views (and the security module they use).
"""

from flask import Blueprint

bp = Blueprint("people", __name__)


def blueprint() -> Blueprint:
    """The blueprint with its routes attached."""
    from app.people import views  # noqa: F401  (routes attach themselves to bp)

    return bp
