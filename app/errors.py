"""Error pages in the person's language, and JSON errors for the API. Generic; they fail closed.

A page for an unexpected error is built without the database (it may be the cause): the
language comes from the session cookie or the browser, and the layout sees nobody signed in.
"""

from __future__ import annotations

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, SecurityError

from app.extensions import db, login_manager
from app.security import record_refusal

HANDLED_STATUSES = (400, 401, 403, 404, 405, 413, 429, 500, 503)
DATABASE_AWAY_RETRY_SECONDS = 5


def error_text(status: int, retry_after: int = 60) -> tuple[str, str]:
    """Title and message for an error status, in the current language."""
    if status == 400:
        return _("Bad request"), _("The request could not be understood. Go back and try again.")
    if status == 401:
        return _("Sign-in needed"), _("Sign in to continue.")
    if status == 403:
        return _("Not allowed"), _("Your account does not give access to this page.")
    if status == 404:
        return _("Page not found"), _("This page does not exist or has moved.")
    if status == 405:
        return _("Method not allowed"), _("This address does not accept this kind of request.")
    if status == 413:
        limit = current_app.config["MAX_CONTENT_LENGTH"] // 1024
        return _("File too large"), _(
            "The file is larger than the limit of %(size)d KiB. Send a smaller file.", size=limit
        )
    if status == 429:
        return _("Too many attempts"), _(
            "Wait %(seconds)d seconds, then try again.", seconds=retry_after
        )
    if status == 503:
        return _("Unavailable for a moment"), _(
            "The service cannot reach its data right now. Try again in a few seconds."
        )
    return _("Something went wrong"), _("The error is logged. Try again in a moment.")


def _wants_json() -> bool:
    return (
        request.path.startswith("/api/")
        or request.path.endswith(".json")  # a data address (a verification, the JWKS)
        or request.is_json
        or request.accept_mimetypes.best == "application/json"
    )


def retry_after_seconds(error: RateLimitExceeded) -> int:
    limit = getattr(error, "limit", None)
    try:
        seconds = limit.limit.get_expiry()
    except AttributeError:
        seconds = 60
    return max(1, int(seconds))


def render_error(status: int, detail: str | None = None, retry_after: int | None = None):
    title, message = error_text(status, retry_after or 60)
    if _wants_json():
        response = jsonify({"error": {"status": status, "title": title, "message": message}})
    else:
        page = render_template(
            "errors/error.html", status=status, title=title, message=message, detail=detail
        )
        response = current_app.response_class(page, mimetype="text/html")
    response.status_code = status
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def handle_http_error(error: HTTPException):
    if isinstance(error, SecurityError):
        # A Host header outside TRUSTED_HOSTS: no address can be built for it, so the answer
        # is plain text, with no link that could point at the untrusted host.
        title, message = error_text(400)
        return current_app.response_class(f"{title}\n\n{message}\n", 400, mimetype="text/plain")
    if isinstance(error, RateLimitExceeded):
        record_refusal("security.rate_limited", limit=str(error.description))
        return render_error(429, retry_after=retry_after_seconds(error))
    if isinstance(error, CSRFError):
        record_refusal("security.csrf_refused", reason=str(error.description))
        return render_error(400, detail=_("The form expired or was sent twice. Reload the page."))
    if error.code == 403:
        record_refusal("security.forbidden")
    status = error.code if error.code in HANDLED_STATUSES else 500
    return render_error(status)


def handle_unexpected_error(error: Exception):
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the connection is gone; the pool replaces it
        current_app.logger.warning("rollback failed after an error", exc_info=True)
    current_app.logger.exception("unhandled error", exc_info=error)
    # Whoever was signed in stays so; this page just does not look them up again.
    g._login_user = login_manager.anonymous_user()
    if isinstance(error, OperationalError):  # the database is out of reach: worth a retry
        return render_error(503, retry_after=DATABASE_AWAY_RETRY_SECONDS)
    return render_error(500)


def register_errorhandlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
