"""A certificate's PDF: rendered once from its frozen facts, stored with its SHA-256, and read
back for download, never rendered there.

A certificate asks for its PDF when it is issued (``render_requested_at``). The PDF is rendered
right after the issuing transaction commits: a session listener notes the certificates issued
in the transaction, and the request that issued them renders each once it has committed, in a
transaction of its own, so that a failed rendering never undoes a completion. Whatever is still
wanted after that (a crash, a broken template) is rendered by
``flask --app wsgi certificates render-pending``. A re-issue by HR calls ``render_certificate``
with its reason: it adds the next version and keeps the others.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import event, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.certificates.badges import base_url, signed_credential
from app.certificates.issuing import template_version
from app.certificates.models import Certificate, CertificateDocument
from app.certificates.render import CertificateFacts, render_pdf
from app.database import utcnow
from app.extensions import db

log = logging.getLogger(__name__)

# Keys of ``Session.info``: the certificates issued in the open transaction, then those of
# committed transactions that wait for the end of the request.
ISSUED = "relais.certificates.issued"
TO_RENDER = "relais.certificates.to_render"


# What clears a certificate's wish for a PDF once one is stored.
NOTHING_WANTED = {"render_requested_at": None, "render_reason": "", "render_requested_by_id": None}


@dataclass(frozen=True)
class RenderReport:
    rendered: int  # PDFs stored
    failed: int  # left wanted, each logged with its reason
    skipped: int = 0  # already stored by another process meanwhile


def render_certificate(
    certificate_id: int, *, reason: str = "", requested_by_id: int | None = None
) -> CertificateDocument:
    """Render the certificate from its frozen facts and store the PDF as its next version (a
    re-issue when one exists: the earlier versions stay). Flush only."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise LookupError(f"no certificate {certificate_id}")
    pdf, token = rendering(certificate)
    db.session.execute(
        update(Certificate)
        .where(Certificate.id == certificate.id)
        .values(**NOTHING_WANTED)
        .execution_options(synchronize_session=False)
    )
    return stored(certificate, pdf, token, reason=reason, requested_by_id=requested_by_id)


def render_if_requested(certificate_id: int) -> CertificateDocument | None:
    """Render the certificate if its PDF is still wanted; None when another process stored it
    meanwhile. The request is claimed by a conditional update after rendering (so no lock is
    held while WeasyPrint works): of two processes, one stores the PDF, the other nothing."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.render_requested_at is None:
        return None
    # A re-issue HR asked for in a batch too large for its request carries its reason and asker.
    reason, requested_by_id = certificate.render_reason, certificate.render_requested_by_id
    pdf, token = rendering(certificate)
    claimed = db.session.execute(
        update(Certificate)
        .where(Certificate.id == certificate.id, Certificate.render_requested_at.is_not(None))
        .values(**NOTHING_WANTED)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return None
    return stored(certificate, pdf, token, reason=reason, requested_by_id=requested_by_id)


def rendering(certificate: Certificate) -> tuple[bytes, str]:
    """The PDF of the certificate and the signed credential it embeds."""
    token = signed_credential(certificate)
    folder = Path(current_app.config["CERTIFICATE_TEMPLATES"])
    return render_pdf(facts_of(certificate, token), folder), token


def stored(certificate, pdf: bytes, token: str, *, reason: str, requested_by_id: int | None):
    last = db.session.scalar(
        select(func.max(CertificateDocument.version)).where(
            CertificateDocument.certificate_id == certificate.id
        )
    )
    document = CertificateDocument(
        certificate_id=certificate.id,
        version=(last or 0) + 1,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        template_version=template_version(),
        credential_jwt=token,
        holder_name=certificate.holder_name,
        rendered_at=utcnow(),
        reason=reason,
        requested_by_id=requested_by_id,
    )
    db.session.add(document)
    db.session.flush()
    db.session.expire(certificate, list(NOTHING_WANTED))
    return document


def facts_of(certificate: Certificate, credential_jwt: str) -> CertificateFacts:
    """What the PDF states: the certificate's frozen facts only, never the person or track now."""
    issuer = certificate.issuer
    return CertificateFacts(
        serial=certificate.serial,
        holder_name=certificate.holder_name,
        language=certificate.language,
        track_title=dict(certificate.track_title),
        grade=certificate.grade,
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        issued_at=certificate.issued_at,
        accent_colour=certificate.accent_colour,
        issuer_name=issuer.get("name", ""),
        signatory=issuer.get("signatory", ""),
        signatory_title=issuer.get("signatory_title", ""),
        verification_url=f"{base_url()}/verify/{certificate.verification_code}",
        credential_jwt=credential_jwt,
    )


# --- rendering what is wanted, each in a transaction of its own ------------------------------


def render_pending(limit: int | None = None) -> RenderReport:
    """Render every certificate whose PDF is still wanted, the longest waiting first. Each is
    committed on its own (this is a boundary, like a command): one that fails is rolled back,
    logged and left wanted, and the others are stored."""
    wanted = (
        select(Certificate.id)
        .where(Certificate.render_requested_at.is_not(None))
        .order_by(Certificate.render_requested_at, Certificate.id)
        .limit(limit)
    )
    ids = list(db.session.scalars(wanted))
    db.session.rollback()  # each rendering reads afresh in its own transaction
    return render_each(ids)


def render_each(ids: Iterable[int]) -> RenderReport:
    rendered = failed = skipped = 0
    for certificate_id in ids:
        try:
            document = render_if_requested(certificate_id)
            db.session.commit()
        except IntegrityError:  # another process stored this version first
            db.session.rollback()
            skipped += 1
        except Exception:
            db.session.rollback()
            log.exception(
                "certificate %s: PDF not rendered, left for render-pending", certificate_id
            )
            failed += 1
        else:
            rendered += document is not None
            skipped += document is None
    return RenderReport(rendered=rendered, failed=failed, skipped=skipped)


def note_issued(session: Session, flush_context) -> None:
    """after_flush: remember the certificates this transaction issued (they have their ids)."""
    issued = [
        instance.id
        for instance in session.new
        if isinstance(instance, Certificate) and instance.render_requested_at is not None
    ]
    if issued:
        session.info.setdefault(ISSUED, []).extend(issued)


def keep_committed(session: Session) -> None:
    """after_commit: what the transaction issued is now for the end of the request to render."""
    issued = session.info.pop(ISSUED, None)
    if issued:
        session.info.setdefault(TO_RENDER, []).extend(issued)


def forget_rolled_back(session: Session) -> None:
    """after_rollback: a rolled-back transaction issued nothing."""
    session.info.pop(ISSUED, None)


LISTENERS = (("after_flush", note_issued), ("after_commit", keep_committed))
LISTENERS += (("after_rollback", forget_rolled_back),)


def listen_for_issues() -> None:
    """Install the session listeners, once per process."""
    for name, listener in LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def render_committed_issues() -> RenderReport:
    """Render what the request's committed transactions issued. Never raises: the request has
    done its work, and what fails here waits for render-pending."""
    if not db.session.registry.has():  # the request used no database
        return RenderReport(0, 0)
    ids = db.session.info.pop(TO_RENDER, None)
    if not ids:
        return RenderReport(0, 0)
    try:
        return render_each(dict.fromkeys(ids))
    except Exception:
        db.session.rollback()
        log.exception("certificates %s: PDFs not rendered, left for render-pending", ids)
        return RenderReport(0, len(ids))


# --- reading ---------------------------------------------------------------------------------


def current_document(certificate_id: int) -> CertificateDocument | None:
    """The certificate's latest stored PDF (its bytes load when read)."""
    return db.session.scalar(
        select(CertificateDocument)
        .where(CertificateDocument.certificate_id == certificate_id)
        .order_by(CertificateDocument.version.desc())
        .limit(1)
    )
