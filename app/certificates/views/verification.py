"""Public pages: a certificate's verification (page and JSON), the form to type a code, the
signing key set and the status lists. No sign-in anywhere: the QR code on a certificate must
land on an answer, not on a sign-in page. Every verification route shares one rate limit."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.routing import PathConverter

from app.certificates import bp, status_list
from app.certificates.badges import public_jwks
from app.certificates.verification import (
    CODE,
    EMPTY,
    SERIAL,
    find_verification,
    read_typed_code,
    verification_data,
)
from app.extensions import limiter
from app.security import PUBLIC, requires

# A verification names a person and can change (a revocation): kept by no cache.
PRIVATE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}
JWKS_MAX_AGE = 3600


def _verification_limit() -> str:
    return current_app.config["VERIFICATION_LIMIT_PER_IP"]


def _status_list_limit() -> str:
    return current_app.config["STATUS_LIST_LIMIT_PER_IP"]


class AnyTextConverter(PathConverter):
    """Whatever follows /verify/, slashes and line breaks included (the path converter stops at
    a line break): any junk typed there must reach the one "not found" answer, not the site's
    generic 404."""

    regex = r"[\s\S]+?"
    part_isolating = False


bp.record_once(lambda state: state.app.url_map.converters.setdefault("any_text", AnyTextConverter))

verification_limit = limiter.shared_limit(_verification_limit, scope="certificate-verification")


def not_found_text() -> tuple[str, str]:
    return _("Certificate not found"), _(
        "No certificate has this verification code. Check the code or the address printed on "
        "the certificate, then try again."
    )


def html(page: str, status: int):
    return make_response(page, status, {**PRIVATE_HEADERS, "Vary": "Accept-Language, Cookie"})


def form_page(typed: str = "", error: str = "", status: int = 200):
    return html(render_template("certificates/verify_form.html", typed=typed, error=error), status)


def not_found_page(typed: str = ""):
    """The one answer to an unknown or malformed code, from the form and from an address."""
    title, message = not_found_text()
    page = render_template(
        "certificates/verify_form.html",
        typed=typed,
        error=message,
        title=title,
        field_invalid=bool(typed),
    )
    return html(page, 404)


@bp.get("/verify")
@requires(PUBLIC)
@verification_limit
def verify_form():
    if "code" not in request.args:
        return form_page()
    typed = request.args.get("code", "")
    read = read_typed_code(typed)
    if read.kind == EMPTY:
        return form_page(typed, _("Type the verification code printed on the certificate."), 400)
    if read.kind == SERIAL:
        message = _(
            "This is a certificate's serial number, which cannot be checked on its own. Type "
            "the verification code instead: it is in the link and under the QR code on the "
            "certificate."
        )
        return form_page(typed, message, 400)
    if read.kind == CODE and find_verification(read.code) is not None:
        return redirect(url_for(".verify", code=read.code), 303)
    return not_found_page(typed)


@bp.get("/verify/<any_text:code>")
@requires(PUBLIC)
@verification_limit
def verify(code: str):
    found = find_verification(code)
    if found is None:
        return not_found_page()
    return html(render_template("certificates/verify.html", found=found, code=code), 200)


@bp.get("/verify/<any_text:code>.json")
@requires(PUBLIC)
@verification_limit
def verify_json(code: str):
    found = find_verification(code)
    if found is None:
        title, message = not_found_text()
        body = {"error": {"status": 404, "title": title, "message": message}}
        return make_response(jsonify(body), 404, PRIVATE_HEADERS)
    page_url = current_app.config["PUBLIC_BASE_URL"] + url_for(".verify", code=code)
    return make_response(jsonify(verification_data(found, page_url)), 200, PRIVATE_HEADERS)


@bp.get("/.well-known/jwks.json")
@requires(PUBLIC)
def jwks():
    response = jsonify(public_jwks())
    response.headers["Cache-Control"] = f"public, max-age={JWKS_MAX_AGE}"
    return response


@bp.get("/credentials/status/<int:number>")
@requires(PUBLIC)
@limiter.limit(_status_list_limit, scope="status-list")
def status_list_credential(number: int):
    if number >= status_list.list_count():
        abort(404)
    if request.accept_mimetypes.best_match(["application/vc+jwt", "application/json"]) == (
        "application/json"
    ):
        # For a person reading it; a verifier takes the signed form (the default).
        response = jsonify(status_list.status_list_credential(number))
    else:
        token = status_list.signed_status_list(number)
        response = current_app.response_class(token, mimetype="application/vc+jwt")
    response.headers["Cache-Control"] = f"public, max-age={status_list.TIME_TO_LIVE_SECONDS}"
    response.headers["Vary"] = "Accept"
    return response
