"""The holder's downloads: a certificate's stored PDF and its Open Badges credential (.json,
.jwt). Its holder, HR and admins may download them; to anyone else they do not exist. A PDF is
served as it was stored, never rendered here: one not stored yet is "being prepared".

This module also renders, at the end of a request, the PDFs of the certificates the request
issued (see ``documents``), once the request's transaction has committed.
"""

from __future__ import annotations

import json
import re

from flask import Response, abort, render_template
from flask_login import current_user

from app.certificates import bp, documents, held
from app.certificates.badges import credential, signed_credential
from app.security import SIGNED_IN, requires

SERIAL = re.compile(r"[A-Z]{2}-\d{4}-\d{6,9}")  # RL-2026-000123: the only names served
RETRY_SECONDS = 60


@bp.get("/certificates/<serial>.pdf")
@requires(SIGNED_IN)
def download_pdf(serial: str):
    known_serial(serial)
    stored = held.stored_pdf(current_user, serial)
    if stored is None:
        held.certificate_for(current_user, serial) or abort(404)
        return being_prepared()
    response = attachment(stored.pdf, "application/pdf", f"{stored.serial}.pdf")
    response.set_etag(stored.sha256)
    return response


@bp.get("/certificates/<serial>.json")
@requires(SIGNED_IN)
def download_credential(serial: str):
    certificate = held.certificate_for(current_user, known_serial(serial)) or abort(404)
    body = json.dumps(credential(certificate), ensure_ascii=False, indent=2)
    return attachment(body, "application/json", f"{certificate.serial}.json")


@bp.get("/certificates/<serial>.jwt")
@requires(SIGNED_IN)
def download_signed_credential(serial: str):
    certificate = held.certificate_for(current_user, known_serial(serial)) or abort(404)
    return attachment(
        signed_credential(certificate), "application/vc+jwt", f"{certificate.serial}.jwt"
    )


def known_serial(serial: str) -> str:
    """A serial of our shape, or 404 before any query (the same 404 as an unknown one)."""
    if not SERIAL.fullmatch(serial):
        abort(404)
    return serial


def attachment(body, mimetype: str, filename: str) -> Response:
    """A download with a name of our making (the serial is checked against SERIAL)."""
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def being_prepared():
    """503 with Retry-After: the PDF will be there once rendered, which takes seconds."""
    page = render_template("certificates/being_prepared.html", retry_seconds=RETRY_SECONDS)
    return page, 503, {"Retry-After": str(RETRY_SECONDS)}


@bp.record_once
def listen_for_issues(state) -> None:
    documents.listen_for_issues()


@bp.after_app_request
def render_issued_certificates(response):
    """Render the PDFs of what this request issued, now that its transaction has committed.
    Errors are logged and left for render-pending: the response stands."""
    documents.render_committed_issues()
    return response
