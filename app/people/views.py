"""Sign-in, sign-out, password change and reset, language, and the people import page."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.audit.origin import request_origin
from app.database import utcnow
from app.extensions import client_address, db, limiter
from app.people import bp, devices, services, sessions
from app.people.forms import (
    ChangePasswordForm,
    EndSessionsForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    LogoutForm,
    PeopleImportForm,
    ResetPasswordForm,
)
from app.people.importer import PeopleImportError, import_people
from app.people.sessions import SESSION_TOKEN_KEY
from app.security import HR_OR_ADMIN, PUBLIC, SIGNED_IN, record_refusal, requires, safe_next_path


def _login_account_key() -> str:
    return "login-account:" + services.normalise_email(request.form.get("email", ""))


def _known_device() -> str | None:
    cookie = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    return devices.known_device(cookie, request.form.get("email", ""))


def _login_account_and_client_key() -> str:
    # The owner's browser is another client than a stranger's: their failures count apart.
    device = _known_device()
    client = f"device:{device}" if device else f"address:{client_address()}"
    return _login_account_key() + "|" + client


def _login_limit_for_ip() -> str:
    return current_app.config["LOGIN_LIMIT_PER_IP"]


def _login_limit_for_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _login_limit_for_account_all_clients() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT_ALL_CLIENTS"]


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@requires(PUBLIC)
@limiter.limit(_login_limit_for_ip, methods=["POST"], scope="login-ip")
@limiter.limit(
    _login_limit_for_account,
    methods=["POST"],
    key_func=_login_account_and_client_key,
    deduct_when=_failed,
    scope="login-account",
)
@limiter.limit(
    _login_limit_for_account_all_clients,
    methods=["POST"],
    key_func=_login_account_key,
    deduct_when=_failed,
    exempt_when=lambda: _known_device() is not None,
    scope="login-account-all",
)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated:
        return redirect(safe_next_path(form.next.data) or url_for("learning.home"))
    if form.validate_on_submit():
        origin = request_origin()
        person = services.authenticate(form.email.data, form.password.data, origin)
        if person is not None:
            token = sessions.start_sign_in_session(
                person, origin, request.headers.get("User-Agent", "")
            )
            db.session.commit()
            session.clear()  # a fresh session: nothing carried over from before sign-in
            login_user(person)
            session[SESSION_TOKEN_KEY] = token
            session.permanent = False
            g.signed_in_this_request = True
            response = redirect(safe_next_path(form.next.data) or url_for("learning.home"))
            return _remember_device(response, person.email)
        db.session.commit()  # keep the audit record of the failure
        flash(_("E-mail address or password is not right."), "error")
    status = 400 if request.method == "POST" else 200
    return render_template("people/login.html", form=form), status


def _remember_device(response, email: str):
    if _known_device() is None:
        config = current_app.config
        response.set_cookie(
            config["DEVICE_COOKIE_NAME"],
            devices.new_device_cookie(email),
            max_age=devices.DEVICE_COOKIE_DAYS * 86400,
            secure=config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
            path="/",
        )
    return response


@bp.post("/logout")
@requires(PUBLIC)
def logout():
    if not LogoutForm().validate_on_submit():
        abort(400)
    language = session.get("language")
    if current_user.is_authenticated:
        language = current_user.language
        sessions.sign_out(current_user, session.get(SESSION_TOKEN_KEY), request_origin())
        db.session.commit()
    _forget_browser_session(language)
    flash(_("You are signed out."), "info")
    return redirect(url_for("people.login"))


def _forget_browser_session(language: str | None) -> None:
    logout_user()
    session.clear()
    if language:  # the sign-in page keeps speaking the language the person was using
        session["language"] = language


@bp.post("/language")
@requires(PUBLIC)
def change_language():
    form = LanguageForm()
    if form.validate_on_submit():
        language = form.language.data
        session["language"] = language
        if current_user.is_authenticated and services.set_language(current_user, language):
            db.session.commit()
    return redirect(safe_next_path(form.next.data) or url_for("learning.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires(SIGNED_IN)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            problem = services.change_password(
                current_user,
                form.current_password.data,
                form.new_password.data,
                keep_token=session.get(SESSION_TOKEN_KEY),
                origin=request_origin(),
            )
        except services.TooManyPasswordGuesses:
            db.session.commit()
            # Said in the person's language before the session (and its language) goes.
            message = _(
                "Too many wrong current passwords: you are signed out. Sign in again, or ask "
                "for a reset link if you forgot your password."
            )
            _forget_browser_session(current_user.language)
            flash(message, "error")
            return redirect(url_for("people.login"))
        db.session.commit()
        if problem is None:
            flash(_("Your password is changed. Your other sessions are signed out."), "info")
            return redirect(url_for("learning.home"))
        form.new_password.errors.append(problem)
    return render_template("people/change_password.html", form=form)


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_LIMIT"]


@bp.route("/password/forgot", methods=["GET", "POST"])
@requires(PUBLIC)
@limiter.limit(_reset_limit, methods=["POST"], scope="password-forgot")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # Queued only: `flask outbox send` delivers it, so no mail server is awaited here.
        services.request_password_reset(form.email.data, request_origin())
        db.session.commit()
        # Same answer whether or not the address has an account.
        flash(_("If an account uses this address, a reset link is on its way."), "info")
        return redirect(url_for("people.login"))
    return render_template("people/forgot_password.html", form=form)


RESET_TOKEN_KEY = "reset_token"  # noqa: S105 (a session key name, not a secret)


@bp.get("/password/reset/<token>")
@requires(PUBLIC)
def open_reset_link(token: str):
    # Keep the token out of the address bar, history and access logs from here on.
    session[RESET_TOKEN_KEY] = token
    return redirect(url_for("people.reset_password"))


@bp.route("/password/reset", methods=["GET", "POST"])
@requires(PUBLIC)
def reset_password():
    token = session.get(RESET_TOKEN_KEY, "")
    if not token or services.usable_reset(token) is None:
        record_refusal("security.reset_refused")
        return render_template("people/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        problem = services.reset_password(token, form.new_password.data, request_origin())
        if problem is None:
            db.session.commit()
            session.pop(RESET_TOKEN_KEY, None)
            flash(_("Your password is set. Sign in with it."), "info")
            return redirect(url_for("people.login"))
        db.session.rollback()
        form.new_password.errors.append(problem)
    return render_template("people/reset_password.html", form=form)


@bp.route("/admin/people/import", methods=["GET", "POST"])
@requires(HR_OR_ADMIN)
def people_import():
    form = PeopleImportForm()
    summary = refused = None
    status = 200
    if form.validate_on_submit():
        try:
            summary = import_people(
                form.file.data.read(),
                importer=current_user,
                origin=request_origin(),
                deactivate_missing=form.deactivate_missing.data,
                dry_run=form.dry_run.data,
            )
        except PeopleImportError as error:
            db.session.rollback()
            refused, status = error, 400
        else:
            db.session.commit()
    elif form.errors:
        status = 400
    page = render_template("people/import.html", form=form, summary=summary, refused=refused)
    return page, status


@bp.get("/account/sessions")
@requires(SIGNED_IN)
def my_sessions():
    rows = sessions.open_sessions(current_user, utcnow(), session.get(SESSION_TOKEN_KEY))
    return render_template("people/sessions.html", rows=rows, form=EndSessionsForm())


@bp.post("/account/sessions/<int:session_id>/end")
@requires(SIGNED_IN)
def end_session(session_id: int):
    if not EndSessionsForm().validate_on_submit():
        abort(400)
    # Only an open session of one's own: any other id is "not found", and nothing changes.
    if not sessions.end_own_session(current_user, session_id, request_origin()):
        abort(404)
    db.session.commit()
    flash(_("The session is ended: that browser is signed out."), "info")
    return redirect(url_for("people.my_sessions"))


@bp.post("/account/sessions/end-others")
@requires(SIGNED_IN)
def end_other_sessions():
    if not EndSessionsForm().validate_on_submit():
        abort(400)
    sessions.end_other_sessions(current_user, session.get(SESSION_TOKEN_KEY), request_origin())
    db.session.commit()
    flash(_("You are signed out everywhere else."), "info")
    return redirect(url_for("people.my_sessions"))
