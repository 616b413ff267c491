"""HR's certificate pages: the register (filtered, paged, downloadable as a ZIP), a
certificate's page (its facts, documents and history) with revocation and re-issue, and the
batch re-issue after a template fix (preview with counts, then confirm)."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.origin import request_origin
from app.certificates import bp
from app.certificates.administration_forms import BatchReissueForm, ReissueForm, RevokeForm
from app.certificates.archive import archive_name, certificate_archive
from app.certificates.record import certificate_record, document_download, find_certificate
from app.certificates.register import RegisterRequest, register_page
from app.certificates.reissue import (
    CertificateRevoked,
    RenderFailed,
    SelectionChanged,
    preview_batch,
    reissue_batch,
    reissue_certificate,
)
from app.certificates.revocation import ReasonRefused, revoke_certificate
from app.extensions import db
from app.security import HR_OR_ADMIN, requires


def register_request() -> RegisterRequest:
    return RegisterRequest.from_args(request.args)


@bp.get("/admin/certificates")
@requires(HR_OR_ADMIN)
def register():
    page = register_page(register_request())
    status = 400 if page.filters.problems else 200
    return render_template("certificates/register.html", page=page), status


@bp.get("/admin/certificates.zip")
@requires(HR_OR_ADMIN)
def register_zip():
    archive = certificate_archive(register_request(), str(get_locale()))
    return Response(
        stream_with_context(archive),
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{archive_name()}"'},
    )


@bp.get("/admin/certificates/<serial>")
@requires(HR_OR_ADMIN)
def certificate_page(serial: str):
    return record_page(serial, RevokeForm(prefix="revoke"), ReissueForm(prefix="reissue"))


def record_page(serial: str, revoke_form, reissue_form, status: int = 200):
    record = certificate_record(serial) or abort(404)
    return render_template(
        "certificates/record.html",
        record=record,
        revoke_form=revoke_form,
        reissue_form=reissue_form,
    ), status


@bp.get("/admin/certificates/<serial>/v<int:version>.pdf")
@requires(HR_OR_ADMIN)
def document_version(serial: str, version: int):
    pdf, filename = document_download(serial, version) or abort(404)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/admin/certificates/<serial>/revoke")
@requires(HR_OR_ADMIN)
def revoke(serial: str):
    form = RevokeForm(prefix="revoke")
    if not form.validate_on_submit():
        abort(400)
    certificate = find_certificate(serial) or abort(404)
    try:
        revoked = revoke_certificate(
            certificate,
            by=current_user,
            reason=form.reason.data or "",
            publish_reason=form.publish_reason.data,
            origin=request_origin(),
        )
    except ReasonRefused as refused:
        form.reason.errors = [str(refused)]
        return record_page(serial, form, ReissueForm(formdata=None, prefix="reissue"), 400)
    if not revoked:
        db.session.rollback()
        flash(_("This certificate was already revoked: nothing was changed."), "error")
        return redirect(url_for(".certificate_page", serial=serial)), 303
    db.session.commit()
    flash(_("The certificate is revoked; its holder is told by e-mail."), "success")
    return redirect(url_for(".certificate_page", serial=serial))


@bp.post("/admin/certificates/<serial>/reissue")
@requires(HR_OR_ADMIN)
def reissue(serial: str):
    form = ReissueForm(prefix="reissue")
    if not form.validate_on_submit():
        abort(400)
    certificate = find_certificate(serial) or abort(404)
    try:
        document = reissue_certificate(
            certificate,
            by=current_user,
            reason=form.reason.data or "",
            use_current_name=form.use_current_name.data,
            origin=request_origin(),
        )
    except ReasonRefused as refused:
        db.session.rollback()
        form.reason.errors = [str(refused)]
        return record_page(serial, RevokeForm(formdata=None, prefix="revoke"), form, 400)
    except CertificateRevoked:
        db.session.rollback()
        flash(_("A revoked certificate is not re-issued: nothing was changed."), "error")
        return redirect(url_for(".certificate_page", serial=serial)), 303
    except RenderFailed:
        db.session.rollback()
        flash(_("The PDF could not be rendered: nothing was changed."), "error")
        return redirect(url_for(".certificate_page", serial=serial)), 303
    db.session.commit()
    flash(
        _(
            "Version %(version)d is stored; the earlier ones stay in the history.",
            version=document.version,
        ),
        "success",
    )
    return redirect(url_for(".certificate_page", serial=serial))


# --- the batch re-issue ---


@bp.get("/admin/certificates/reissue")
@requires(HR_OR_ADMIN)
def batch_reissue():
    return batch_page(BatchReissueForm())


def batch_page(form, status: int = 200):
    raw = register_request()
    page = register_page(raw)
    preview = preview_batch(raw)
    form.previewed.data = preview.fingerprint
    return render_template(
        "certificates/batch_reissue.html", page=page, preview=preview, form=form
    ), status


@bp.post("/admin/certificates/reissue")
@requires(HR_OR_ADMIN)
def confirm_batch_reissue():
    form = BatchReissueForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        report = reissue_batch(
            register_request(),
            by=current_user,
            reason=form.reason.data or "",
            previewed=form.previewed.data or "",
            origin=request_origin(),
        )
    except ReasonRefused as refused:
        db.session.rollback()
        form.reason.errors = [str(refused)]
        return batch_page(form, 400)
    except SelectionChanged:
        db.session.rollback()
        flash(
            _("The certificates of this view changed since the preview: check it again."), "error"
        )
        return batch_page(form, 409)
    db.session.commit()
    flash(batch_message(report), "success" if not report.failed else "error")
    return redirect(url_for(".register", **request.args.to_dict()))


def batch_message(report) -> str:
    if report.pending:
        return ngettext(
            "%(num)d certificate will be re-issued by the next render-pending run; "
            "%(skipped)d skipped (revoked).",
            "%(num)d certificates will be re-issued by the next render-pending run; "
            "%(skipped)d skipped (revoked).",
            report.pending,
            skipped=report.skipped,
        )
    return _(
        "Re-issued %(reissued)d, %(failed)d failed, %(skipped)d skipped (revoked).",
        reissued=report.reissued,
        failed=report.failed,
        skipped=report.skipped,
    )
