"""Certificates: issued once when a track is completed, frozen at issue, rendered to PDF/A once,
verifiable by anyone at /verify/<code>, and signed as Open Badges credentials.

Certificates sit below learning: completing a track calls ``issuing.issue_certificate`` in the
completion's transaction. The pages live in ``views/``, one module per audience (the holder's
downloads, the public verification, HR's administration). Routes attach themselves when the
factory asks for the blueprint.
"""

from flask import Blueprint

bp = Blueprint("certificates", __name__)


def blueprint() -> Blueprint:
    from app.certificates import views  # noqa: F401  (routes attach themselves to bp)

    return bp
