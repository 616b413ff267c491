"""The champions pages: my champion page and my choice to appear in the directory, the
directory every signed-in person may read, and HR's roster with its CSV."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.origin import request_origin
from app.champions import bp
from app.champions.directory import directory_page
from app.champions.forms import APPEAR, DirectoryChoiceForm
from app.champions.roster import roster_export, roster_page
from app.champions.standing import champion_page, join_directory, leave_directory
from app.csv_export import csv_response
from app.extensions import db
from app.security import HR_OR_ADMIN, SIGNED_IN, requires


def my_page(form: DirectoryChoiceForm, status: int = 200):
    page = champion_page(current_user)
    return render_template("champions/champion.html", page=page, form=form), status


@bp.get("/champion")
@requires(SIGNED_IN)
def champion():
    return my_page(DirectoryChoiceForm())


@bp.post("/champion/directory")
@requires(SIGNED_IN)
def directory_choice():
    form = DirectoryChoiceForm()
    if not form.validate_on_submit():  # CSRF is checked before: only the choice can be wrong
        flash(_("That choice is not one this page offers: nothing was changed."), "error")
        return my_page(form, 400)
    if form.choice.data == APPEAR:
        changed = join_directory(current_user, origin=request_origin())
        message = (
            _("You appear in the champions directory.")
            if changed
            else _("You were already in the champions directory.")
        )
    else:
        changed = leave_directory(current_user, origin=request_origin())
        message = (
            _("You no longer appear in the champions directory.")
            if changed
            else _("You were not in the champions directory.")
        )
    db.session.commit()
    flash(message, "success" if changed else "info")
    return redirect(url_for(".champion"))


# The lists' parameters, as they came: the services keep those they offer and ignore the rest.


def directory_request() -> dict:
    return {
        "office": request.args.get("office"),
        "language": request.args.get("language"),
        "competency": request.args.get("competency"),
        "level": request.args.get("level"),
        "page": request.args.get("page"),
    }


def roster_request() -> dict:
    return {
        "office": request.args.get("office"),
        "department": request.args.get("department"),
        "level": request.args.get("level"),
        "track": request.args.get("track"),
        "listed": request.args.get("listed"),
        "page": request.args.get("page"),
    }


@bp.get("/champions")
@requires(SIGNED_IN)
def directory():
    return render_template("champions/directory.html", page=directory_page(directory_request()))


@bp.get("/champions/roster")
@requires(HR_OR_ADMIN)
def roster():
    return render_template("champions/roster.html", page=roster_page(roster_request()))


@bp.get("/champions/roster.csv")
@requires(HR_OR_ADMIN)
def roster_csv():
    export = roster_export(roster_request())
    return csv_response("champions.csv", export.header, export.rows)
