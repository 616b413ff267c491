"""Admin pages: the audit log and the e-mail outbox."""

from flask import render_template, request

from app.admin import bp
from app.admin.services import audit_page
from app.outbox.services import recent_messages
from app.security import ADMIN, requires


@bp.get("/audit")
@requires(ADMIN)
def audit_log():
    page = audit_page(
        action=request.args.get("action", "").strip(),
        page_number=request.args.get("page", 1, type=int),
    )
    return render_template("admin/audit.html", page=page)


@bp.get("/outbox")
@requires(ADMIN)
def outbox():
    return render_template("admin/outbox.html", messages=recent_messages())
