"""Assignment pages: assign, rules, the team view."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.assignments import bp
from app.assignments.forms import RemindForm
from app.assignments.reminders import (
    AssignmentClosed,
    OutsideTeam,
    Reminded,
    remind_late,
    remind_one,
)
from app.assignments.team import team_page
from app.assignments.team_export import team_export
from app.assignments.team_filters import TeamRequest
from app.audit.origin import request_origin
from app.csv_export import csv_response
from app.extensions import db
from app.security import MANAGER_HR_OR_ADMIN, requires

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
