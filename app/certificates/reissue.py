"""Re-issue: HR renders a certificate's PDF again, explicitly and with a reason, one certificate
or the certificates of a register view after a template fix. Each re-issue adds a document
version (``documents.render_certificate``) and keeps the earlier ones, and is audited.

What a certificate states stays frozen: a re-issue prints the same facts with today's template.
The one fact HR may change is the holder's name, when the person's name was corrected since
issue (``use_current_name``): the certificate then states the corrected name from this version
on, the earlier versions keep the old one, and the history says who changed it and why.

A revoked certificate is never re-issued: a new PDF of it would look valid. A batch of more than
``INLINE_LIMIT`` certificates is not rendered in the request: each is marked wanted, with the
reason and who asked, and ``flask --app wsgi certificates render-pending`` renders them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError

from app.audit.origin import RequestOrigin
from app.audit.services import record_event, record_events
from app.certificates.documents import render_certificate
from app.certificates.models import REVOKED, Certificate
from app.certificates.register import RegisterRequest, selected_certificate_ids, selection
from app.certificates.render import RenderError
from app.certificates.revocation import read_reason
from app.database import utcnow
from app.extensions import db
from app.people.models import Person

# WeasyPrint takes about half a second for a certificate here: twenty keep a request within
# about ten seconds; more are left to render-pending.
INLINE_LIMIT = 20


class CertificateRevoked(Exception):
    """A revoked certificate is not re-issued."""


class RenderFailed(Exception):
    """The PDF could not be rendered (the template is broken): nothing is stored."""


class SelectionChanged(Exception):
    """The view's certificates are not those previewed: preview again."""


@dataclass(frozen=True)
class BatchPreview:
    total: int  # certificates in the view
    to_reissue: int
    revoked: int  # skipped
    fingerprint: str  # ties the confirmation to exactly these certificates

    @property
    def deferred(self) -> bool:
        return self.to_reissue > INLINE_LIMIT


@dataclass(frozen=True)
class BatchReport:
    reissued: int
    failed: int
    skipped: int  # revoked
    pending: int  # left to render-pending


def reissue_certificate(
    certificate: Certificate,
    *,
    by: Person,
    reason: str,
    use_current_name: bool,
    origin: RequestOrigin,
):
    """Render a new version of one valid (or expired) certificate; the new document. Raises
    ``ReasonRefused``, ``CertificateRevoked`` or ``RenderFailed``; the caller then rolls back,
    which undoes a name change too. Flush only."""
    reason = read_reason(reason)
    if certificate.state == REVOKED:
        raise CertificateRevoked(certificate.serial)
    details = {"serial": certificate.serial, "reason": reason}
    if use_current_name:
        holder = db.session.get(Person, certificate.person_id)
        if holder.display_name != certificate.holder_name:
            details.update(name_before=certificate.holder_name, name_after=holder.display_name)
            certificate.holder_name = holder.display_name
            db.session.flush()
    try:
        document = render_certificate(certificate.id, reason=reason, requested_by_id=by.id)
    except RenderError as error:
        current_app.logger.exception("re-issue of %s failed", certificate.serial)
        raise RenderFailed(certificate.serial) from error
    details["version"] = document.version
    record_event(
        "certificate.reissued",
        origin=origin,
        actor=by,
        subject=db.session.get(Person, certificate.person_id),
        details=details,
    )
    return document


# --- a batch ----------------------------------------------------------------------------------


def preview_batch(raw: RegisterRequest) -> BatchPreview:
    """What confirming would do for the view's certificates: a few queries."""
    ids = selected_certificate_ids(raw)
    revoked = count_of(revoked_in(selection(raw)))
    return BatchPreview(len(ids), len(ids) - revoked, revoked, fingerprint_of(ids))


def revoked_in(selected):
    return select(Certificate.id).where(Certificate.id.in_(selected), Certificate.state == REVOKED)


def reissuable_in(selected):
    return select(Certificate.id).where(Certificate.id.in_(selected), Certificate.state != REVOKED)


def count_of(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def fingerprint_of(ids: list[int]) -> str:
    return hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:32]


def reissue_batch(
    raw: RegisterRequest, *, by: Person, reason: str, previewed: str, origin: RequestOrigin
) -> BatchReport:
    """Re-issue the view's certificates that are not revoked, if they are still those
    previewed (``SelectionChanged`` otherwise). Up to ``INLINE_LIMIT`` are rendered now, each in
    its own savepoint so that one failure leaves the others (and is counted); more are marked
    for render-pending. The caller commits."""
    reason = read_reason(reason)
    if fingerprint_of(selected_certificate_ids(raw)) != previewed:
        raise SelectionChanged
    selected = selection(raw)
    skipped = count_of(revoked_in(selected))
    wanted = reissuable_in(selected)
    if count_of(wanted) > INLINE_LIMIT:
        pending = mark_wanted(wanted, by=by, reason=reason)
        record_batch_events(wanted, "certificate.reissue_requested", by, reason, origin)
        return BatchReport(0, 0, skipped, pending)
    ids = list(db.session.scalars(wanted.order_by(Certificate.id)))
    done = render_now(ids, by=by, reason=reason)
    record_batch_events(
        select(Certificate.id).where(Certificate.id.in_(done)),
        "certificate.reissued",
        by,
        reason,
        origin,
    )
    return BatchReport(len(done), len(ids) - len(done), skipped, 0)


def render_now(ids: list[int], *, by: Person, reason: str) -> list[int]:
    """Render each in its own savepoint; the ids rendered (a failure is logged and counted,
    and leaves that certificate's earlier versions as they were)."""
    done = []
    for certificate_id in ids:
        try:
            with db.session.begin_nested():
                render_certificate(certificate_id, reason=reason, requested_by_id=by.id)
            done.append(certificate_id)
        except (RenderError, SQLAlchemyError):
            current_app.logger.exception("re-issue of certificate %s failed", certificate_id)
    return done


def mark_wanted(wanted, *, by: Person, reason: str) -> int:
    """Ask render-pending for a new version of each certificate ``wanted`` selects; how many."""
    statement = (
        update(Certificate)
        .where(Certificate.id.in_(wanted))
        .values(render_requested_at=utcnow(), render_reason=reason, render_requested_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(statement).rowcount


def record_batch_events(selected, action: str, by: Person, reason: str, origin) -> None:
    """One event per certificate ``selected`` selects, naming its holder, in one statement."""
    rows = db.session.execute(
        select(Certificate.person_id, Certificate.serial).where(Certificate.id.in_(selected))
    )
    events = [(row.person_id, {"serial": row.serial, "reason": reason}) for row in rows]
    record_events(action, origin=origin, actor=by, events=events)


def pending_reissues() -> int:
    """Re-issues HR asked for that render-pending has not rendered yet."""
    query = select(func.count()).where(
        Certificate.render_requested_at.is_not(None), Certificate.render_reason != ""
    )
    return db.session.scalar(query.select_from(Certificate))
