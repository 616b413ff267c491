"""Every domain's models, imported in one place: the whole schema (for Alembic and tests)."""

from app.admin.models import AuditEvent, OutboxMessage
from app.people.models import Office, PasswordReset, Person, PersonRole, SignInSession

__all__ = [
    "AuditEvent",
    "Office",
    "OutboxMessage",
    "PasswordReset",
    "Person",
    "PersonRole",
    "SignInSession",
]
