"""Learner pages: home, catalog, tracks, courses, lessons, course files and the charter."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.origin import request_origin
from app.extensions import db
from app.learning import bp, services
from app.learning.forms import AcceptCharterForm, MarkReadForm, StartTrackForm
from app.learning.rendering import render_charter
from app.people.departments import department_name
from app.security import SIGNED_IN, requires


@bp.get("/")
@requires(SIGNED_IN)
def home():
    page = services.home_page_for(current_user)
    return render_template("learning/home.html", page=page, department_name=department_name)


@bp.get("/tracks")
@requires(SIGNED_IN)
def catalog():
    return render_template("learning/catalog.html", tracks=services.catalog_for(current_user))


@bp.get("/tracks/<slug>")
@requires(SIGNED_IN)
def track(slug: str):
    page = services.track_page_for(current_user, slug) or abort(404)
    return render_template("learning/track.html", page=page)


@bp.post("/tracks/<slug>/start")
@requires(SIGNED_IN)
def start_track(slug: str):
    if not StartTrackForm().validate_on_submit():
        abort(400)
    try:
        outcome = services.start_track(current_user, slug, request_origin()) or abort(404)
    except services.NotSelfEnrol:
        abort(403)
    db.session.commit()
    messages = {
        services.StartOutcome.OPENED: _("The track is now assigned to you, with no due date."),
        services.StartOutcome.ALREADY_ASSIGNED: _("This track is already assigned to you."),
        services.StartOutcome.ALREADY_COMPLETED: _("You have already completed this track."),
    }
    flash(messages[outcome], "success")
    return redirect(url_for(".track", slug=slug))


@bp.get("/courses/<slug>")
@requires(SIGNED_IN)
def course(slug: str):
    page = services.course_page_for(current_user, slug) or abort(404)
    return render_template("learning/course.html", page=page)


@bp.get("/courses/<slug>/lessons/<lesson_slug>")
@requires(SIGNED_IN)
def lesson(slug: str, lesson_slug: str):
    page = services.lesson_page_for(current_user, slug, lesson_slug) or abort(404)
    return render_template("learning/lesson.html", page=page, form=MarkReadForm())


@bp.post("/courses/<slug>/lessons/<lesson_slug>/read")
@requires(SIGNED_IN)
def mark_read(slug: str, lesson_slug: str):
    found = services.find_course(slug) or abort(404)
    lesson_found = services.find_lesson(found, lesson_slug) or abort(404)
    if not MarkReadForm().validate_on_submit():
        abort(400)
    services.read_lesson(current_user, found, lesson_found, request_origin())
    db.session.commit()
    page = services.lesson_page_for(current_user, slug, lesson_slug)
    if page is not None and page.next is not None:
        return redirect(url_for(".lesson", slug=slug, lesson_slug=page.next.slug))
    flash(_("You have read every lesson of this course."), "success")
    return redirect(url_for(".course", slug=slug))


@bp.get("/courses/<slug>/files/<path:path>")
@requires(SIGNED_IN)
def course_file(slug: str, path: str):
    asset = services.find_asset(services.find_course(slug) or abort(404), path) or abort(404)
    response = Response(asset.data, mimetype=asset.media_type)
    # An SVG or PDF opened on its own must not run anything, whatever it contains.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    return response


@bp.get("/charter")
@requires(SIGNED_IN)
def charter():
    status = services.charter_status(current_user)
    form = AcceptCharterForm(version=status.charter.version if status.charter else None)
    return charter_page(status, form)


def charter_page(status, form, code: int = 200):
    html = render_charter(status.charter) if status.charter else ""
    return render_template(
        "learning/charter.html", status=status, form=form, charter_html=html
    ), code


@bp.post("/charter/accept")
@requires(SIGNED_IN)
def accept():
    form = AcceptCharterForm()
    if not form.validate_on_submit():
        return charter_page(services.charter_status(current_user), form, 400)
    try:
        services.accept_current_charter(current_user, form.version.data, request_origin())
    except services.CharterChanged:
        flash(_("A new version of the charter was published: read it, then accept it."), "error")
        return redirect(url_for(".charter"))
    db.session.commit()
    flash(_("Thank you: your acceptance of the charter is recorded."), "success")
    return redirect(url_for(".charter"))
