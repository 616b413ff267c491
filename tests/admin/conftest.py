"""The admin pages are read by a signed-in admin, in English."""

import pytest
from sqlalchemy import delete

from app.extensions import db
from app.models import AuditEvent


@pytest.fixture
def admin_client(client, login_as):
    """A signed-in admin's client; the audit log is emptied of their own sign-in."""
    login_as("admin", language="en")
    db.session.execute(delete(AuditEvent))
    db.session.commit()
    return client
