"""Assignment pages: assign, rules, the team view."""

from __future__ import annotations

from app.assignments import bp  # noqa: F401  (routes attach to it)
