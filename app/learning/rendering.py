"""The charter's Markdown turned into safe HTML in the reader's language. (Lessons are built
once, at content sync: ``app.content.assets.lesson_html``.)"""

from __future__ import annotations

from app.content.assets import EXTERNAL_SCHEMES
from app.content.markdown import render
from app.content.models import Charter
from app.learning.localized import localized


def render_charter(charter: Charter) -> str:
    def rewrite(kind: str, target: str) -> str | None:
        external = kind == "link" and target.lower().startswith(EXTERNAL_SCHEMES)
        return target if external or target.startswith("#") else None

    return render(localized(charter.body), rewrite)
