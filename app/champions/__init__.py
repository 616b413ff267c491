"""The champions programme: credits from valid certificates, levels, the opt-in directory and
HR's roster. Routes attach themselves when the factory asks for the blueprint."""

from flask import Blueprint

bp = Blueprint("champions", __name__)


def blueprint() -> Blueprint:
    from app.champions import views  # noqa: F401  (routes attach themselves to bp)

    return bp
