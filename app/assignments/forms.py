"""The assignment pages' forms."""

from __future__ import annotations

from flask_wtf import FlaskForm


class RemindForm(FlaskForm):
    """A reminder's button: the form carries its CSRF token only (the assignment is in the
    URL; the view's filters, to return to, in plain fields)."""
