"""Admin pages: the audit log and the e-mail outbox."""

import re

from flask import abort, render_template, request

from app.admin import bp
from app.admin.services import PageNotFound, audit_page
from app.outbox.services import recent_messages
from app.security import ADMIN, requires

# A page number is digits; nine of them are already far beyond any log's last page.
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


def page_number_asked() -> int:
    """The ``page`` the request asks for (1 when none); anything but a page number is a 400."""
    raw = request.args.get("page", "1")
    if not PAGE_NUMBER.fullmatch(raw):
        abort(400)
    return int(raw)


@bp.get("/audit")
@requires(ADMIN)
def audit_log():
    action = request.args.get("action", "").strip()
    if "\x00" in action:  # no action holds one, and PostgreSQL refuses it in a query
        abort(400)
    try:
        page = audit_page(action=action, page_number=page_number_asked())
    except PageNotFound:
        abort(400)
    return render_template("admin/audit.html", page=page)


@bp.get("/outbox")
@requires(ADMIN)
def outbox():
    return render_template("admin/outbox.html", messages=recent_messages())
