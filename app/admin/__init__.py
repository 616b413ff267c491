"""Admin pages: the audit log and the e-mail outbox (their services live in app.audit and
app.outbox). Routes attach themselves when the factory asks for the blueprint."""

from flask import Blueprint

bp = Blueprint("admin", __name__)


def blueprint() -> Blueprint:
    """The blueprint with its routes attached."""
    from app.admin import views  # noqa: F401  (routes attach themselves to bp)

    return bp
