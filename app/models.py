"""Every domain's models, imported in one place: the whole schema (for Alembic and tests)."""

from app.admin.models import AuditEvent, OutboxMessage
from app.content.models import (
    Charter,
    Course,
    CourseAsset,
    CourseVersion,
    Lesson,
    Question,
    Track,
    TrackCourse,
)
from app.learning.models import CharterAcceptance, LessonRead
from app.people.models import Office, PasswordReset, Person, PersonRole, SignInSession

__all__ = [
    "AuditEvent",
    "Charter",
    "CharterAcceptance",
    "Course",
    "CourseAsset",
    "CourseVersion",
    "Lesson",
    "LessonRead",
    "Office",
    "OutboxMessage",
    "PasswordReset",
    "Person",
    "PersonRole",
    "Question",
    "SignInSession",
    "Track",
    "TrackCourse",
]
