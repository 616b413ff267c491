"""HR's certificate forms. Their fields carry text as sent: the services read and check it
(``revocation.read_reason``), so that every refusal has its own message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SubmitField, TextAreaField


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason"))
    publish_reason = BooleanField(_l("Show this reason on the public verification page"))
    submit = SubmitField(_l("Revoke the certificate"))


class ReissueForm(FlaskForm):
    reason = TextAreaField(_l("Reason"))
    use_current_name = BooleanField(_l("Print the person's current name"))
    submit = SubmitField(_l("Re-issue the certificate"))


class BatchReissueForm(FlaskForm):
    reason = TextAreaField(_l("Reason"))
    previewed = HiddenField()
    submit = SubmitField(_l("Confirm the re-issue"))
