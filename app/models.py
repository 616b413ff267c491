"""Every domain's models, imported in one place: the whole schema (for Alembic and tests)."""

from app.assignments.models import AssignmentRule
from app.audit.models import AuditEvent
from app.certificates.models import Certificate, CertificateDocument, SerialCounter
from app.champions.models import ChampionListing
from app.content.models import (
    Charter,
    ContentVersion,
    Course,
    CourseAsset,
    CourseVersion,
    Lesson,
    Question,
    Track,
    TrackCourse,
)
from app.learning.models import (
    Assignment,
    CharterAcceptance,
    CourseCompletion,
    LessonRead,
    TrackCompletion,
)
from app.notify.models import MessageLog
from app.outbox.models import OutboxMessage
from app.people.models import Office, PasswordReset, Person, PersonRole, SignInSession
from app.quiz.models import AttemptSlot, QuizAttempt

__all__ = [
    "Assignment",
    "AssignmentRule",
    "AttemptSlot",
    "AuditEvent",
    "Certificate",
    "CertificateDocument",
    "ChampionListing",
    "Charter",
    "CharterAcceptance",
    "ContentVersion",
    "Course",
    "CourseAsset",
    "CourseCompletion",
    "CourseVersion",
    "Lesson",
    "LessonRead",
    "MessageLog",
    "Office",
    "OutboxMessage",
    "PasswordReset",
    "Person",
    "PersonRole",
    "Question",
    "QuizAttempt",
    "SerialCounter",
    "SignInSession",
    "Track",
    "TrackCompletion",
    "TrackCourse",
]
