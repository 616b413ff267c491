"""The form macro gives a field the attributes it has, and only those: WTForms prints a None
value as the text "None", which once put autocomplete="None" on every field without one."""

from __future__ import annotations

from flask import render_template_string
from wtforms import Form, StringField

TEMPLATE = '{% from "_form_macros.html" import field %}{{ field(form.name, autocomplete=hint) }}'


class NameForm(Form):
    name = StringField("Name")


def rendered(app, hint=None, errors=()) -> str:
    with app.test_request_context():
        form = NameForm()
        form.name.errors = list(errors)
        return render_template_string(TEMPLATE, form=form, hint=hint)


def test_a_field_without_a_hint_has_no_autocomplete_attribute(app):
    assert "autocomplete" not in rendered(app)
    assert "autocomplete" not in rendered(app, errors=["Required"])


def test_a_field_with_a_hint_keeps_it_with_or_without_errors(app):
    assert 'autocomplete="email"' in rendered(app, hint="email")
    html = rendered(app, hint="email", errors=["Required"])
    assert 'autocomplete="email"' in html and 'aria-invalid="true"' in html
