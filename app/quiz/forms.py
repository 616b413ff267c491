"""The quiz's fixed form. The attempt form is built from the attempt's own questions and read
by ``answers.read_answers``; CSRFProtect checks its token like every other POST."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class StartAttemptForm(FlaskForm):
    submit = SubmitField(_l("Start the quiz"))
