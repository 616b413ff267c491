"""Assignment pages: assign, rules, the team view."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.assignments import bp, rule_admin, rule_preview
from app.assignments.forms import DeleteRuleForm, RuleForm
from app.assignments.rule_admin import RuleValues
from app.audit.origin import request_origin
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import today_for
from app.security import ADMIN, requires

# --- rules ---


@bp.get("/admin/rules")
@requires(ADMIN)
def rules():
    rows = rule_admin.rules_list(str(get_locale()))
    return render_template("assignments/rules.html", rows=rows)


@bp.route("/admin/rules/new", methods=["GET", "POST"])
@requires(ADMIN)
def new_rule():
    return rule_page(None)


@bp.route("/admin/rules/<int:rule_id>/edit", methods=["GET", "POST"])
@requires(ADMIN)
def edit_rule(rule_id: int):
    return rule_page(rule_admin.live_rule(rule_id) or abort(404))


def rule_page(rule):
    """The rule form: "Preview" shows what the change would do; "Confirm" saves it."""
    data = rule_admin.rule_values_of(rule) if rule is not None else None
    form = RuleForm(data=data)
    fill_choices(form, rule_admin.form_choices(str(get_locale()), rule))
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("assignments/rules_form.html", form=form, rule=rule), status
    outcome = rule_admin.submit_rule(
        rule,
        values_from(form),
        confirmed=form.confirm.data,
        previewed=form.previewed.data or "",
        actor=current_user,
        origin=request_origin(),
        now=utcnow(),
        today=today_for(current_user),
    )
    if outcome.saved is not None:
        db.session.commit()
        flash(saved_message(outcome.counts), "info")
        return redirect(url_for("assignments.rules"))
    for name, message in outcome.problems.items():
        getattr(form, name).errors = [*getattr(form, name).errors, message]
    form.previewed.data = outcome.fingerprint
    page = render_template("assignments/rules_form.html", form=form, rule=rule, outcome=outcome)
    return page, 400 if outcome.problems else 200


@bp.route("/admin/rules/<int:rule_id>/delete", methods=["GET", "POST"])
@requires(ADMIN)
def delete_rule(rule_id: int):
    rule = rule_admin.live_rule(rule_id) or abort(404)
    form = DeleteRuleForm()
    if form.validate_on_submit():
        counts = rule_admin.delete_rule(
            rule, actor=current_user, origin=request_origin(), now=utcnow()
        )
        if counts is None:
            abort(404)
        db.session.commit()
        flash(_("The rule is deleted.") + " " + withdrawn_message(counts), "info")
        return redirect(url_for("assignments.rules"))
    preview = rule_preview.preview_change(rule, None, utcnow())
    return render_template("assignments/rules_delete.html", rule=rule, preview=preview, form=form)


def fill_choices(form: RuleForm, choices) -> None:
    form.track.choices = [SelectChoice(value, label) for value, label in choices.tracks]
    form.departments.choices = [SelectChoice(value, label) for value, label in choices.departments]
    form.offices.choices = [SelectChoice(value, label) for value, label in choices.offices]


def values_from(form: RuleForm) -> RuleValues:
    return RuleValues(
        track_id=form.track.data,
        name=form.name.data.strip(),
        departments=tuple(sorted(form.departments.data or ())),
        offices=tuple(sorted(form.offices.data or ())),
        roles=tuple(sorted(form.roles.data or ())),
        languages=tuple(sorted(form.languages.data or ())),
        manager_email=(form.manager_email.data or "").strip().lower(),
        due_kind=form.due_kind.data,
        due_days=form.due_days.data,
        due_on=form.due_on.data,
    )


def saved_message(counts) -> str:
    opened = ngettext(
        "%(num)d person was assigned the track.",
        "%(num)d people were assigned the track.",
        counts.opened,
    )
    return _("The rule is saved.") + " " + opened + " " + withdrawn_message(counts)


def withdrawn_message(counts) -> str:
    return ngettext(
        "%(num)d assignment not started was withdrawn.",
        "%(num)d assignments not started were withdrawn.",
        counts.withdrawn,
    )
