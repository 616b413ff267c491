"""The assignment pages' forms. Their fields carry text as sent: the services read and check
it, so that every refusal has its own message (``assigning.plan_assignment``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)


class AssignForm(FlaskForm):
    """Step one: the track, who, the due date and a message; sent to see the preview. Step two
    (confirm) sends the same fields, the people by id and the due date as a date."""

    track = SelectField(_l("Track"), choices=[], validate_choice=False)
    who = RadioField(_l("Who"), choices=[], validate_choice=False, default="people")
    people = SelectMultipleField(_l("People"), choices=[], validate_choice=False)
    department = SelectField(_l("Department"), choices=[], validate_choice=False)
    office = SelectField(_l("Office"), choices=[], validate_choice=False)
    emails = TextAreaField(_l("E-mail addresses, separated by commas or on separate lines"))
    due_kind = RadioField(_l("Due"), choices=[], validate_choice=False, default="date")
    due = StringField(_l("Due on"), render_kw={"type": "date"})
    due_days = StringField(_l("Number of days from today"), render_kw={"inputmode": "numeric"})
    message = TextAreaField(_l("Message to the people assigned (optional)"))
    levels = HiddenField()
    preview = SubmitField(_l("Preview"))
    confirm = SubmitField(_l("Confirm and assign"))

    def choice(self) -> dict:
        """The fields as the service reads them (``assigning.AssignChoice``)."""
        return {
            "track": self.track.data or "",
            "who": self.who.data or "",
            "people": tuple(self.people.data or ()),
            "department": self.department.data or "",
            "office": self.office.data or "",
            "emails": self.emails.data or "",
            "due_kind": self.due_kind.data or "",
            "due_on": self.due.data or "",
            "due_days": self.due_days.data or "",
            "message": self.message.data or "",
        }


class MoveDueDateForm(FlaskForm):
    new_due = StringField(_l("New due date"), render_kw={"type": "date"})
    reason = TextAreaField(_l("Reason"))
    submit = SubmitField(_l("Move the due date"))


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Reason"))
    submit = SubmitField(_l("Withdraw the assignment"))
