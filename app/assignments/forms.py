"""The assignment pages' forms. Their fields carry text as sent: the services read and check
it, so that every refusal has its own message (``assigning.plan_assignment``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

# --- rules ---


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes; a value the page never offered is refused with ``refusal``."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, refusal=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.refusal = refusal

    def pre_validate(self, form):
        offered = {choice.value for choice in self.choices or ()}
        if any(value not in offered for value in self.data or ()):
            raise ValidationError(self.refusal)


class TrackField(SelectField):
    """The track's list; a value it never offered (or no number at all) gets ``refusal``."""

    def __init__(self, label=None, validators=None, refusal=None, **kwargs):
        super().__init__(label, validators, coerce=int, **kwargs)
        self.refusal = refusal

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.refusal) from error

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in self.choices or ()}:
            raise ValidationError(self.refusal)


MAX_DUE_DAYS = 3650
ROLE_CHOICES = [
    SelectChoice("employee", _l("Everyone (every account is an employee)")),
    SelectChoice("manager", _l("Managers (anyone with an active report)")),
    SelectChoice("hr", _l("HR")),
    SelectChoice("admin", _l("Administrators")),
]
LANGUAGE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]
DUE_CHOICES = [
    SelectChoice("after_matching", _l("A number of days after the rule first matches the person")),
    SelectChoice(
        "after_joining",
        _l(
            "A number of days after the person joined (or after the rule first matches"
            " them, if later)"
        ),
    ),
    SelectChoice("fixed", _l("On a fixed date")),
]


class RuleForm(FlaskForm):
    """An assignment rule: the track, who it matches, and by when. "Preview" shows what saving
    would do; "Confirm" saves, only for the values previewed (``previewed``)."""

    track = TrackField(
        _l("Track"),
        validators=[InputRequired(_l("Choose the track to assign."))],
        refusal=_l("Choose one of the tracks listed."),
    )
    name = StringField(
        _l("Name of the rule"),
        validators=[
            DataRequired(_l("Give the rule a name, such as “Marketing in Paris”.")),
            Length(max=200, message=_l("Keep the name to 200 characters at most.")),
        ],
    )
    departments = CheckboxesField(
        _l("Departments"), refusal=_l("Choose departments among those listed.")
    )
    offices = CheckboxesField(_l("Offices"), refusal=_l("Choose offices among those listed."))
    roles = CheckboxesField(
        _l("Roles"), choices=ROLE_CHOICES, refusal=_l("Choose roles among those listed.")
    )
    languages = CheckboxesField(
        _l("Languages"),
        choices=LANGUAGE_CHOICES,
        refusal=_l("Choose languages among those listed."),
    )
    manager_email = EmailField(
        _l("Only the reporting line of (manager’s e-mail address)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("An e-mail address has 254 characters at most.")),
            Email(_l("Write the manager’s e-mail address like name@company.com.")),
        ],
    )
    due_kind = RadioField(
        _l("Due"),
        choices=DUE_CHOICES,
        default="after_matching",
        validators=[InputRequired(_l("Choose how the due date is set."))],
    )
    due_days = IntegerField(
        _l("Number of days"),
        validators=[
            Optional(),
            NumberRange(0, MAX_DUE_DAYS, _l("Give a number of days from 0 to %(max)d.")),
        ],
    )
    due_on = DateField(_l("Due date"), validators=[Optional()])
    previewed = HiddenField()
    preview = SubmitField(_l("Preview"))
    confirm = SubmitField(_l("Confirm and save"))

    def validate(self, extra_validators=None) -> bool:
        """The number of days or the date, whichever the due kind needs (the fields' own
        validators skip an empty field)."""
        valid = super().validate(extra_validators)
        if self.due_kind.data == "fixed":
            needed, message = self.due_on, _l("Give the due date.")
        else:
            needed, message = self.due_days, _l("Give the number of days people have.")
        if needed.data is None and not needed.errors:
            needed.errors = [*needed.errors, message]
            valid = False
        return valid


class DeleteRuleForm(FlaskForm):
    submit = SubmitField(_l("Delete the rule"))


# --- assigning ---


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


# --- team ---


class RemindForm(FlaskForm):
    """A reminder's button: the form carries its CSRF token only (the assignment is in the
    URL; the view's filters, to return to, in plain fields)."""
