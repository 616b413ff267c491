from flask import Blueprint

from app.learning.localized import localized

bp = Blueprint("learning", __name__)
# Content texts are {"fr": ..., "en": ...}; templates write {{ course.title | localized }}.
bp.add_app_template_filter(localized, "localized")

from app.learning import views  # noqa: E402,F401
