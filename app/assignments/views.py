"""Assignment pages: assign, rules, the team view."""

from __future__ import annotations

from contextlib import contextmanager

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.assignments import assigning, bp, choosing, managing, rule_admin, rule_preview
from app.assignments.access import OutOfReach
from app.assignments.forms import (
    AssignForm,
    DeleteRuleForm,
    MoveDueDateForm,
    RemindForm,
    RuleForm,
    WithdrawForm,
)
from app.assignments.reminders import (
    AssignmentClosed,
    OutsideTeam,
    Reminded,
    remind_late,
    remind_one,
)
from app.assignments.rule_admin import RuleValues
from app.assignments.team import team_page
from app.assignments.team_export import team_export
from app.assignments.team_filters import TeamRequest
from app.audit.origin import request_origin
from app.csv_export import csv_response
from app.database import utcnow
from app.extensions import db
from app.learning.cycles import status_name, today_for
from app.learning.localized import localized
from app.people.departments import department_name
from app.security import ADMIN, MANAGER_HR_OR_ADMIN, requires
from app.timezones import local_date

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


# --- assigning ---


@bp.get("/assign")
@requires(MANAGER_HR_OR_ADMIN)
def assign():
    direct_only = request.args.get("levels") != "all"
    chosen = tuple(int(v) for v in request.args.getlist("person") if v.isdigit())
    try:
        page = assigning.open_assign_page(current_user, direct_only=direct_only, chosen=chosen)
    except OutOfReach:
        abort(403)
    form = AssignForm(people=[str(person_id) for person_id in chosen])
    form.levels.data = "direct" if direct_only else "all"
    return assign_page(form, page)


@bp.post("/assign")
@requires(MANAGER_HR_OR_ADMIN)
def preview_assign():
    form, choice = sent_choice()
    preview = assigning.preview_assignment(
        current_user, choice, direct_only=form.levels.data != "all"
    )
    status = 400 if preview.problems else 200
    return assign_page(form, preview.page, preview.plan, preview.problems), status


@bp.post("/assign/confirm")
@requires(MANAGER_HR_OR_ADMIN)
def confirm_assign():
    form, choice = sent_choice()
    try:
        outcome = assigning.confirm_assignment(current_user, choice, request_origin())
    except OutOfReach:
        abort(403)
    except choosing.AssignProblems as refused:
        db.session.rollback()
        page = assigning.assign_page(current_user, direct_only=False, chosen=choice_ids(form))
        return assign_page(form, page, problems=refused.problems), 400
    db.session.commit()
    for message in outcome_messages(outcome):
        flash(message, "info")
    return redirect(url_for("assignments.assign"))


def sent_choice() -> tuple[AssignForm, choosing.AssignChoice]:
    form = AssignForm()
    if not form.validate_on_submit():
        abort(400)  # the CSRF token: the fields themselves are read by the service
    return form, choosing.AssignChoice(**form.choice())


def choice_ids(form: AssignForm) -> tuple[int, ...]:
    return choosing.ids_in(tuple(form.people.data or ()))


def assign_page(form, page, plan=None, problems=None):
    return render_template(
        "assignments/assign.html",
        form=form,
        page=page,
        plan=plan,
        problems=problems or {},
        department_name=department_name,
    )


def outcome_messages(outcome: assigning.AssignOutcome) -> list[str]:
    track = localized(outcome.track.title)
    messages = [
        ngettext(
            "“%(track)s” is assigned to %(num)d person.",
            "“%(track)s” is assigned to %(num)d people.",
            outcome.opened,
            track=track,
        )
    ]
    if outcome.already:
        messages.append(
            ngettext(
                "%(num)d person already had it open and keeps it.",
                "%(num)d people already had it open and keep it.",
                outcome.already,
            )
        )
    if outcome.completed:
        messages.append(
            ngettext(
                "%(num)d person has completed it: no new cycle.",
                "%(num)d people have completed it: no new cycle.",
                outcome.completed,
            )
        )
    return messages


@bp.get("/assignments/<int:assignment_id>")
@requires(MANAGER_HR_OR_ADMIN)
def assignment(assignment_id: int):
    return assignment_view(
        assignment_id, MoveDueDateForm(prefix="move"), WithdrawForm(prefix="withdraw")
    )


@bp.post("/assignments/<int:assignment_id>/due")
@requires(MANAGER_HR_OR_ADMIN)
def move_due_date(assignment_id: int):
    form = MoveDueDateForm(prefix="move")
    if not form.validate_on_submit():
        abort(400)
    due_on, reason = form.new_due.data or "", form.reason.data or ""
    try:
        with found_and_in_reach():
            day = managing.move_due_date(
                current_user, assignment_id, due_on, reason, request_origin()
            )
    except managing.AssignmentClosed:
        return closed_page(assignment_id, _("A closed assignment keeps its due date.")), 409
    except choosing.AssignProblems as refused:
        return refused_form(
            assignment_id, form, form, WithdrawForm(formdata=None, prefix="withdraw"), refused
        )
    db.session.commit()
    flash(_("The due date is moved to %(date)s.", date=local_date(day)), "info")
    return redirect(url_for("assignments.assignment", assignment_id=assignment_id))


@bp.post("/assignments/<int:assignment_id>/withdraw")
@requires(MANAGER_HR_OR_ADMIN)
def withdraw(assignment_id: int):
    form = WithdrawForm(prefix="withdraw")
    if not form.validate_on_submit():
        abort(400)
    try:
        with found_and_in_reach():
            managing.withdraw_assignment(
                current_user, assignment_id, form.reason.data or "", request_origin()
            )
    except managing.AssignmentClosed:
        return closed_page(assignment_id, _("It cannot be withdrawn.")), 409
    except choosing.AssignProblems as refused:
        return refused_form(
            assignment_id, form, MoveDueDateForm(formdata=None, prefix="move"), form, refused
        )
    db.session.commit()
    flash(_("The assignment is withdrawn."), "info")
    return redirect(url_for("assignments.assignment", assignment_id=assignment_id))


@contextmanager
def found_and_in_reach():
    """404 for an id that names no assignment, 403 for someone out of the actor's reach."""
    try:
        yield
    except managing.NoSuchAssignment:
        abort(404)
    except OutOfReach:
        abort(403)


def assignment_view(assignment_id: int, move_form, withdraw_form):
    """The page, or 404 / 403 for an id that names none / someone out of reach."""
    with found_and_in_reach():
        page = managing.assignment_page(current_user, assignment_id)
    return render_template(
        "assignments/assignment.html",
        page=page,
        move_form=move_form,
        withdraw_form=withdraw_form,
        status_name=status_name,
    )


def refused_form(assignment_id: int, sent, move_form, withdraw_form, refused):
    """The page again, the sent form showing what is wrong; nothing was changed."""
    db.session.rollback()
    for name, message in refused.problems.items():
        sent[name].errors = [message]
    return assignment_view(assignment_id, move_form, withdraw_form), 400


def closed_page(assignment_id: int, message: str):
    db.session.rollback()
    return render_template("assignments/closed.html", assignment_id=assignment_id, message=message)


# --- team ---
# The reminder forms post to URLs that carry the page's filters, so that every route reads
# them from the query string and goes back to the same view.


def team_request() -> TeamRequest:
    return TeamRequest(
        scope=request.args.get("scope"),
        status=request.args.get("status"),
        track=request.args.get("track"),
        office=request.args.get("office"),
        sort=request.args.get("sort"),
        order=request.args.get("order"),
        page=request.args.get("page"),
    )


def back_to_team():
    return redirect(url_for(".team", **request.args.to_dict()))


@bp.get("/team")
@requires(MANAGER_HR_OR_ADMIN)
def team():
    page = team_page(current_user, team_request())
    return render_template("assignments/team.html", page=page, form=RemindForm())


@bp.get("/team.csv")
@requires(MANAGER_HR_OR_ADMIN)
def team_csv():
    export = team_export(current_user, team_request())
    return csv_response("team.csv", export.header, export.rows)


@bp.post("/team/assignments/<int:assignment_id>/remind")
@requires(MANAGER_HR_OR_ADMIN)
def remind(assignment_id: int):
    if not RemindForm().validate_on_submit():
        abort(400)
    try:
        reminded = remind_one(current_user, assignment_id, request_origin()) or abort(404)
    except OutsideTeam:
        abort(403)
    except AssignmentClosed:
        flash(_("This assignment is closed: no reminder sent."), "error")
        return back_to_team()
    db.session.commit()
    flash_reminded(reminded)
    return back_to_team()


@bp.post("/team/remind-late")
@requires(MANAGER_HR_OR_ADMIN)
def remind_everyone_late():
    if not RemindForm().validate_on_submit():
        abort(400)
    reminded = remind_late(current_user, team_request(), request_origin())
    db.session.commit()
    flash_reminded(reminded)
    return back_to_team()


def flash_reminded(reminded: Reminded) -> None:
    if reminded.sent:
        flash(
            ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", reminded.sent), "success"
        )
    if reminded.already:
        flash(
            ngettext(
                "%(num)d person was already reminded today: no second reminder sent.",
                "%(num)d people were already reminded today: no second reminder sent.",
                reminded.already,
            ),
            "info",
        )
    if not reminded.sent and not reminded.already:
        flash(_("No one is late in this view: no reminder sent."), "info")
