"""Admin pages: the audit log, the e-mail outbox, a person's sign-in sessions, the item
analysis of each course's quiz."""

import re

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp, item_words
from app.admin.events import action_name, detail_key
from app.admin.services import PageNotFound, audit_page, find_person
from app.audit.origin import request_origin
from app.csv_export import csv_response
from app.database import utcnow
from app.extensions import db
from app.outbox.services import recent_messages
from app.people.forms import EndSessionsForm
from app.people.sessions import SESSION_TOKEN_KEY, end_sessions_by_admin, open_sessions
from app.quiz.item_analysis import course_item_report, courses_with_attempts, find_course
from app.quiz.statistics import MIN_ATTEMPTS_FOR_FLAGS
from app.quiz.types import Labels
from app.security import ADMIN, requires

# A page number is digits; nine of them are already far beyond any log's last page.
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


def page_number_asked() -> int:
    """The ``page`` the request asks for (1 when none); anything but a page number is a 400."""
    raw = request.args.get("page", "1")
    if not PAGE_NUMBER.fullmatch(raw):
        abort(400)
    return int(raw)


@bp.get("/audit")
@requires(ADMIN)
def audit_log():
    action = request.args.get("action", "").strip()
    if "\x00" in action:  # no action holds one, and PostgreSQL refuses it in a query
        abort(400)
    try:
        page = audit_page(action=action, page_number=page_number_asked())
    except PageNotFound:
        abort(400)
    return render_template(
        "admin/audit.html", page=page, action_name=action_name, detail_key=detail_key
    )


@bp.get("/outbox")
@requires(ADMIN)
def outbox():
    return render_template("admin/outbox.html", messages=recent_messages(), now=utcnow())


@bp.get("/people/<int:person_id>/sessions")
@requires(ADMIN)
def person_sessions(person_id: int):
    person = find_person(person_id) or abort(404)
    rows = open_sessions(person, utcnow(), session.get(SESSION_TOKEN_KEY))
    page = render_template(
        "admin/person_sessions.html", person=person, rows=rows, form=EndSessionsForm()
    )
    return page


@bp.post("/people/<int:person_id>/sessions/end")
@requires(ADMIN)
def end_person_sessions(person_id: int):
    if not EndSessionsForm().validate_on_submit():
        abort(400)
    person = find_person(person_id) or abort(404)
    end_sessions_by_admin(current_user, person, request_origin())
    db.session.commit()
    flash(_("Every session of %(name)s is ended.", name=person.display_name), "info")
    return redirect(url_for("admin.person_sessions", person_id=person.id))


@bp.get("/item-analysis")
@requires(ADMIN)
def item_analysis():
    return render_template("admin/item_analysis.html", courses=courses_with_attempts())


def item_report_asked(slug: str):
    """The report of the course named ``slug``, in the reader's language (404: no course)."""
    course = find_course(slug) or abort(404)
    return course_item_report(course, str(get_locale()), Labels(true=_("True"), false=_("False")))


@bp.get("/item-analysis/<slug>")
@requires(ADMIN)
def course_item_analysis(slug: str):
    return render_template(
        "admin/item_report.html",
        report=item_report_asked(slug),
        words=item_words,
        min_attempts=MIN_ATTEMPTS_FOR_FLAGS,
    )


@bp.get("/item-analysis/<slug>/report.csv")
@requires(ADMIN)
def course_item_analysis_csv(slug: str):
    report = item_report_asked(slug)
    return csv_response(
        f"item-analysis-{report.course.slug}.csv",
        item_words.csv_header(),
        item_words.csv_rows(report),
    )
