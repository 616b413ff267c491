"""Quiz routes: the quiz page, start, the attempt (save, submit) and its review.

Errors never echo an answer key: refusals carry their own message, built from what the
learner sent, never from the question's data.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.origin import request_origin
from app.content.models import Course
from app.database import utcnow
from app.extensions import db
from app.learning.lessons import find_course
from app.quiz.attempts import (
    QuizRefused,
    close_attempt,
    is_overdue,
    open_attempt,
    save_answers,
    start_attempt,
    submit_attempt,
)
from app.quiz.forms import StartAttemptForm
from app.quiz.models import OPEN, QuizAttempt
from app.quiz.pages import attempt_page
from app.quiz.responses import ResponseError
from app.quiz.results import attempts_of, standing_of
from app.quiz.review import quiz_over, review_page, review_shows
from app.security import SIGNED_IN, requires

bp = Blueprint("quiz", __name__)


def current_language() -> str:
    return str(get_locale())


def found_course(attempt: QuizAttempt) -> Course:
    return db.session.get(Course, attempt.course_id)


def true_false_labels() -> tuple[str, str]:
    return _("True"), _("False")


def own_attempt(attempt_id: int) -> QuizAttempt:
    attempt = db.session.get(QuizAttempt, attempt_id) or abort(404)
    if attempt.person_id != current_user.id:
        abort(403)
    return attempt


def refusal(error: QuizRefused | ResponseError, code: int, attempt: QuizAttempt):
    message = _(error.template, **error.params)
    if wants_json():
        return jsonify(error=message), code
    return render_template("quiz/refused.html", message=message, attempt=attempt), code


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def posted_revision() -> int:
    raw = request.form.get("revision", "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        abort(400)
    return int(raw)


@bp.get("/courses/<slug>/quiz")
@requires(SIGNED_IN)
def overview(slug: str):
    course = find_course(slug) or abort(404)
    current = open_attempt(current_user, course)
    if current is not None and is_overdue(current, utcnow()):
        close_attempt(current, utcnow(), closed_by="deadline", origin=request_origin())
        db.session.commit()
        current = None
    standing = standing_of(current_user.id, course)
    return render_template(
        "quiz/overview.html",
        course=course,
        current=current,
        standing=standing,
        attempts=attempts_of(current_user.id, course.id),
        over=quiz_over(course, standing),
        shows_of=lambda attempt: review_shows(attempt, course, standing),
        form=StartAttemptForm(),
    )


@bp.post("/courses/<slug>/quiz/start")
@requires(SIGNED_IN)
def start(slug: str):
    course = find_course(slug) or abort(404)
    if not StartAttemptForm().validate_on_submit():
        abort(400)
    try:
        attempt = start_attempt(current_user, course, origin=request_origin())
    except QuizRefused as error:
        db.session.rollback()
        flash(_(error.template, **error.params), "error")
        return redirect(url_for(".overview", slug=slug))
    db.session.commit()
    return redirect(url_for(".attempt", attempt_id=attempt.id), 303)


@bp.get("/quiz/attempts/<int:attempt_id>")
@requires(SIGNED_IN)
def attempt(attempt_id: int):
    found = own_attempt(attempt_id)
    if found.state == OPEN and is_overdue(found, utcnow()):
        close_attempt(found, utcnow(), closed_by="deadline", origin=request_origin())
        db.session.commit()
    if found.state != OPEN:
        return redirect(url_for(".review", attempt_id=found.id))
    page = attempt_page(found_course(found), found, current_language(), true_false_labels())
    return render_template("quiz/attempt.html", page=page)


@bp.post("/quiz/attempts/<int:attempt_id>/save")
@requires(SIGNED_IN)
def save(attempt_id: int):
    found = own_attempt(attempt_id)
    revision = posted_revision()
    try:
        new_revision = save_answers(found, request.form, revision, origin=request_origin())
    except ResponseError as error:
        db.session.rollback()
        return refusal(error, 400, found)
    except QuizRefused as error:
        db.session.commit()  # a deadline passed: the attempt was closed and graded
        return refusal(error, 409, found)
    db.session.commit()
    if wants_json():
        return jsonify(revision=new_revision, saved_at=found.saved_at.isoformat())
    flash(_("Your answers are saved."), "success")
    return redirect(url_for(".attempt", attempt_id=found.id), 303)


@bp.post("/quiz/attempts/<int:attempt_id>/submit")
@requires(SIGNED_IN)
def submit(attempt_id: int):
    found = own_attempt(attempt_id)
    revision = posted_revision()
    try:
        submit_attempt(found, request.form, revision, origin=request_origin())
    except ResponseError as error:
        db.session.rollback()
        return refusal(error, 400, found)
    except QuizRefused as error:
        db.session.rollback()
        return refusal(error, 409, found)
    db.session.commit()
    return redirect(url_for(".review", attempt_id=found.id), 303)


@bp.get("/quiz/attempts/<int:attempt_id>/review")
@requires(SIGNED_IN)
def review(attempt_id: int):
    found = own_attempt(attempt_id)
    if found.state == OPEN:
        return redirect(url_for(".attempt", attempt_id=found.id))
    course = found_course(found)
    standing = standing_of(current_user.id, course)
    page = review_page(course, found, standing, current_language(), true_false_labels())
    return render_template("quiz/review.html", page=page, standing=standing)
