"""The learner's forms: mark a lesson as read, accept the charter, start a track."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SubmitField
from wtforms.validators import DataRequired, InputRequired


class MarkReadForm(FlaskForm):
    submit = SubmitField(_l("Mark as read"))


class AcceptCharterForm(FlaskForm):
    # The version the person read: if a new one was published meanwhile, they must read it first.
    version = IntegerField(validators=[InputRequired()])
    confirm = BooleanField(validators=[DataRequired(_l("Tick the box to confirm you accept it."))])
    submit = SubmitField(_l("Accept"))


class StartTrackForm(FlaskForm):
    """Its CSRF token only: each track's Start button is a form of its own."""
