"""The champion page's form: appearing in the directory, or no longer."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf

APPEAR, WITHDRAW = "appear", "withdraw"


class DirectoryChoiceForm(FlaskForm):
    """One button per choice: ``choice`` says which (the CSRF token travels with it)."""

    choice = HiddenField(validators=[AnyOf((APPEAR, WITHDRAW))])
