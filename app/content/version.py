"""The content version: one number in the database that grows whenever the content tables
change, so every app process (any worker, any server) sees a sync at its next request.

The number is bumped by the session itself, after any flush that adds, changes or deletes a
content row, in the same transaction: a sync, a test that retires a lesson by hand and any
future admin tool are all seen, and nobody has to remember to call anything. An ``UPDATE …
SET version = version + 1`` takes the row's lock, so two syncs at once cannot both publish the
same number.
"""

from __future__ import annotations

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

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
from app.database import utcnow

CONTENT_MODELS = (Charter, Course, CourseAsset, CourseVersion, Lesson, Question, Track, TrackCourse)
# Set in ``Session.info`` while the session's transaction holds content changes not yet
# committed: a catalog built from them must not outlive the request (it may be rolled back).
UNCOMMITTED = "relais.content_changed"
BUMP_PENDING = "relais.content_version_to_bump"  # between before_flush and after_flush


def current_version():
    """The select of the content version (no row: 0, a database no sync has written to)."""
    return select(ContentVersion.version).where(ContentVersion.id == 1)


def touches_content(session: Session) -> bool:
    changed = (*session.new, *session.deleted, *session.dirty)
    return any(
        isinstance(row, CONTENT_MODELS)
        and (row in session.new or row in session.deleted or session.is_modified(row))
        for row in changed
    )


def note_content_changes(session: Session, _context, _instances) -> None:
    if touches_content(session):
        session.info[BUMP_PENDING] = True


def bump_version(session: Session, _context) -> None:
    if not session.info.pop(BUMP_PENDING, False):
        return
    connection = session.connection()
    values = {"version": ContentVersion.version + 1, "changed_at": utcnow()}
    bumped = connection.execute(update(ContentVersion).where(ContentVersion.id == 1).values(values))
    if bumped.rowcount == 0:  # a schema built by create_all, before its first content
        connection.execute(insert(ContentVersion).values(id=1, version=1, changed_at=utcnow()))
    session.info[UNCOMMITTED] = True


def forget_uncommitted(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction: committed or rolled back
        session.info.pop(UNCOMMITTED, None)
        session.info.pop(BUMP_PENDING, None)


HOOKS = {
    "before_flush": note_content_changes,
    "after_flush": bump_version,
    "after_transaction_end": forget_uncommitted,
}


def watch_content_changes(session) -> None:
    """Bump the version after every flush of ``session`` that changes content (idempotent:
    the factory calls it for each app, and the session object is shared)."""
    for name, hook in HOOKS.items():
        if not event.contains(session, name, hook):
            event.listen(session, name, hook)
