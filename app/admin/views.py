"""Admin pages: people import, the audit log and the e-mail outbox."""

from flask import render_template, request
from flask_login import current_user

from app.admin import bp
from app.admin.queries import audit_page, outbox_page
from app.extensions import db
from app.people.forms import PeopleImportForm
from app.people.importer import PeopleImportError, import_people
from app.security import ADMIN, HR_OR_ADMIN, requires


@bp.get("/audit")
@requires(ADMIN)
def audit_log():
    page = audit_page(
        action=request.args.get("action", "").strip(),
        page_number=request.args.get("page", 1, type=int),
    )
    return render_template("admin/audit.html", page=page)


@bp.get("/outbox")
@requires(ADMIN)
def outbox():
    return render_template("admin/outbox.html", messages=outbox_page())


@bp.route("/people/import", methods=["GET", "POST"])
@requires(HR_OR_ADMIN)
def people_import():
    form = PeopleImportForm()
    summary = problems = None
    status = 200
    if form.validate_on_submit():
        try:
            summary = import_people(
                form.file.data.read(),
                importer=current_user,
                deactivate_missing=form.deactivate_missing.data,
                dry_run=form.dry_run.data,
            )
        except PeopleImportError as error:
            db.session.rollback()
            problems, status = error.problems, 400
        else:
            db.session.commit()
    elif form.errors:
        status = 400
    page = render_template(
        "admin/people_import.html", form=form, summary=summary, problems=problems
    )
    return page, status
