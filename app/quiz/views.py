"""Quiz routes: the quiz page, start, the attempt (save, submit) and its review.

Errors never echo an answer key: refusals carry their own message, built from what the
learner sent, never from the question's data.
"""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.origin import request_origin
from app.extensions import db, limiter
from app.people import services as people_services
from app.quiz import bp, services
from app.quiz.forms import StartAttemptForm
from app.quiz.models import OPEN, QuizAttempt
from app.quiz.services import NoSuchQuestion, QuizRefused, ResponseError
from app.quiz.types import Labels
from app.security import SIGNED_IN, requires, safe_next_path


def current_language() -> str:
    return str(get_locale())


def labels() -> Labels:
    return Labels(true=_("True"), false=_("False"))


def own_attempt(attempt_id: int) -> QuizAttempt:
    attempt = services.find_attempt(attempt_id) or abort(404)
    if attempt.person_id != current_user.id:
        abort(403)
    return attempt


def refusal(error: QuizRefused | ResponseError, code: int, attempt: QuizAttempt, heading: str = ""):
    message = _(error.template, **error.params)
    if wants_json():
        return jsonify(error=message), code
    page = render_template("quiz/refused.html", message=message, attempt=attempt, heading=heading)
    return page, code


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def kept_message(position: int) -> str:
    return _(
        "Question %(number)d was answered in another tab or window: that answer is kept, and "
        "the one from this page was not saved.",
        number=position,
    )


def saved_json(attempt: QuizAttempt, result: services.SaveResult):
    return jsonify(
        saved_at=attempt.saved_at.isoformat(),
        sequences={str(position): sequence for position, sequence in result.sequences.items()},
        kept=[
            {"position": p, "sequence": result.sequences[p], "message": kept_message(p)}
            for p in result.kept
        ],
    )


def switch_language() -> None:
    """The attempt page's language switch sends the answers here, with the language chosen."""
    language = request.form.get("language")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
        people_services.set_language(current_user, language)


@bp.get("/courses/<slug>/quiz")
@requires(SIGNED_IN)
def overview(slug: str):
    course = services.find_course(slug) or abort(404)
    page = services.overview_page(current_user, course, request_origin())
    db.session.commit()  # an attempt whose time was up is now closed and graded
    return render_template(
        "quiz/overview.html",
        course=course,
        current=page.current,
        standing=page.standing,
        attempts=page.attempts,
        over=page.over,
        shows_of=page.shows,
        form=StartAttemptForm(),
    )


@bp.post("/courses/<slug>/quiz/start")
@requires(SIGNED_IN)
def start(slug: str):
    course = services.find_course(slug) or abort(404)
    if not StartAttemptForm().validate_on_submit():
        abort(400)
    try:
        attempt = services.start_attempt(current_user, course, origin=request_origin())
    except QuizRefused as error:
        db.session.rollback()
        flash(_(error.template, **error.params), "error")
        return redirect(url_for(".overview", slug=slug))
    db.session.commit()
    return redirect(url_for(".attempt", attempt_id=attempt.id), 303)


@bp.get("/quiz/attempts/<int:attempt_id>")
@requires(SIGNED_IN)
def attempt(attempt_id: int):
    return open_attempt_page(attempt_id, "quiz/attempt.html")


def open_attempt_page(attempt_id: int, template: str):
    """A page of an open attempt (the attempt, its summary); once closed, the review."""
    found = own_attempt(attempt_id)
    if services.close_if_overdue(found, request_origin()):
        db.session.commit()
    if found.state != OPEN:
        return redirect(url_for(".review", attempt_id=found.id))
    page = services.attempt_page_for(found, current_language(), labels())
    return render_template(template, page=page)


def flash_kept(kept) -> None:
    for position in kept:
        flash(kept_message(position), "error")


def back_with_kept(found: QuizAttempt, kept: tuple[int, ...]):
    """Back to the attempt page, which shows first the answers another page's save kept."""
    flash_kept(kept)
    return redirect(url_for(".attempt", attempt_id=found.id), 303)


def _save_limit() -> str:
    return current_app.config["QUIZ_SAVE_LIMIT_PER_PERSON"]


def _save_limit_key() -> str:
    # Per person, not per address: offices share addresses behind their proxy.
    return f"quiz-save:{current_user.get_id()}"


@bp.post("/quiz/attempts/<int:attempt_id>/save")
@requires(SIGNED_IN)
@limiter.limit(_save_limit, key_func=_save_limit_key, scope="quiz-save")
def save(attempt_id: int):
    found = own_attempt(attempt_id)
    try:
        result = services.save_answers(found, request.form, origin=request_origin())
    except ResponseError as error:
        db.session.rollback()
        return refusal(error, 400, found)
    except QuizRefused as error:
        db.session.commit()  # a deadline passed: the attempt was closed and graded
        return refusal(error, 409, found)
    switch_language()
    db.session.commit()
    if wants_json():
        return saved_json(found, result)
    if request.form.get("beacon"):  # sent as the page was left: nobody reads the answer
        return "", 204
    flash_kept(result.kept)
    if not result.kept:
        flash(_("Your answers are saved."), "success")
    # A way off the page (the menu of the attempt page) saves first, then goes on.
    going = safe_next_path(request.args.get("next")) if not result.kept else None
    return redirect(going or url_for(".attempt", attempt_id=found.id), 303)


@bp.post("/quiz/attempts/<int:attempt_id>/finish")
@requires(SIGNED_IN)
def finish(attempt_id: int):
    """The attempt page's "Submit and finish": save the answers; the summary confirms."""
    found = own_attempt(attempt_id)
    try:
        result = services.save_answers(found, request.form, origin=request_origin())
    except ResponseError as error:
        db.session.rollback()
        return refusal(error, 400, found)
    except QuizRefused:
        # Closed already, or its time was up: it is graded with the answers saved before.
        db.session.commit()
        return redirect(url_for(".review", attempt_id=found.id), 303)
    db.session.commit()
    if result.kept:
        return back_with_kept(found, result.kept)
    return redirect(url_for(".summary", attempt_id=found.id), 303)


def flag_message(result: services.FlagResult) -> str:
    if result.flagged:
        return _("Question %(number)d is flagged.", number=result.position)
    return _("Question %(number)d is no longer flagged.", number=result.position)


@bp.post("/quiz/attempts/<int:attempt_id>/questions/<int:position>/flag")
@requires(SIGNED_IN)
@limiter.limit(_save_limit, key_func=_save_limit_key, scope="quiz-save")
def flag(attempt_id: int, position: int):
    """A question's flag button: without script it sends the whole form, whose answers are
    saved as by "Save my answers"; the page's script sends the flag alone and asks for JSON."""
    found = own_attempt(attempt_id)
    heading = _("Flag not changed")
    try:
        result = services.flag_question(found, position, request.form, origin=request_origin())
    except (ResponseError, NoSuchQuestion) as error:
        db.session.rollback()
        return refusal(error, 404 if isinstance(error, NoSuchQuestion) else 400, found, heading)
    except QuizRefused as error:
        db.session.commit()  # finished, or a deadline passed: the attempt was closed and graded
        return refusal(error, 409, found, heading)
    db.session.commit()
    if wants_json():
        return jsonify(position=result.position, flagged=result.flagged)
    flash_kept(result.saved.kept)
    if result.saved.sequences and not result.saved.kept:  # the form carried the answers
        flash(_("Your answers are saved."), "success")
    flash(flag_message(result), "success")
    anchor = f"question-{position}"
    return redirect(url_for(".attempt", attempt_id=found.id, _anchor=anchor), 303)


@bp.get("/quiz/attempts/<int:attempt_id>/summary")
@requires(SIGNED_IN)
def summary(attempt_id: int):
    return open_attempt_page(attempt_id, "quiz/summary.html")


@bp.post("/quiz/attempts/<int:attempt_id>/submit")
@requires(SIGNED_IN)
def submit(attempt_id: int):
    found = own_attempt(attempt_id)
    try:
        result = services.submit_attempt(found, request.form, origin=request_origin())
    except ResponseError as error:
        db.session.rollback()
        return refusal(error, 400, found)
    db.session.commit()
    if result is not None and result.kept:  # still open: the kept answers are shown first
        return back_with_kept(found, result.kept)
    return redirect(url_for(".review", attempt_id=found.id), 303)


@bp.get("/quiz/attempts/<int:attempt_id>/review")
@requires(SIGNED_IN)
def review(attempt_id: int):
    found = own_attempt(attempt_id)
    if found.state == OPEN:
        return redirect(url_for(".attempt", attempt_id=found.id))
    found_page = services.review_page_for(found, current_user, current_language(), labels())
    return render_template(
        "quiz/review.html",
        page=found_page.page,
        standing=found_page.standing,
        after=found_page.after,
    )
