"""Learning: the catalog, tracks, lessons, progress, the charter and completion.

Routes attach themselves when the factory asks for the blueprint, so that importing a service
(as the quiz does for completion) never pulls in the views.
"""

from flask import Blueprint

from app.learning.localized import localized

bp = Blueprint("learning", __name__)
# Content texts are {"fr": ..., "en": ...}; templates write {{ course.title | localized }}.
bp.add_app_template_filter(localized, "localized")


def blueprint() -> Blueprint:
    """The blueprint with its routes attached."""
    from app.learning import views  # noqa: F401  (routes attach themselves to bp)

    return bp
