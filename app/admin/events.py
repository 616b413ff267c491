"""What the audit page shows for an event: its action and its details' keys in words.

The names are only marked here (``N_``); the page translates them. An action or a key missing
from these tables shows as stored, so a new event is never hidden.
"""

from __future__ import annotations

from app.i18n import N_

ACTIONS = {
    "assignment.assign": N_("Track assigned"),
    "assignment.due_moved": N_("Due date moved"),
    "assignment.reminded": N_("Reminder sent"),
    "assignment.withdrawn": N_("Assignment withdrawn"),
    "assignments.reconciled": N_("Assignment rules applied"),
    "charter.accept": N_("Charter accepted"),
    "course.complete": N_("Course completed"),
    "office.created": N_("Office created"),
    "password.change_refused": N_("Password change refused"),
    "password.change_stopped": N_("Password change stopped"),
    "password.changed": N_("Password changed"),
    "password.rehashed": N_("Password hash renewed"),
    "password.reset": N_("Password reset"),
    "password.reset_limited": N_("Password reset limited"),
    "password.reset_requested": N_("Password reset requested"),
    "password.reset_unknown": N_("Password reset for an unknown address"),
    "people.import": N_("People imported"),
    "person.deactivated": N_("Person deactivated"),
    "person.reactivated": N_("Person reactivated"),
    "quiz.regrade": N_("Attempt regraded"),
    "quiz.regrade_course": N_("Quiz regraded"),
    "role.granted": N_("Role granted"),
    "role.revoked": N_("Role revoked"),
    "rule.create": N_("Assignment rule created"),
    "rule.delete": N_("Assignment rule deleted"),
    "rule.update": N_("Assignment rule changed"),
    "security.csrf_refused": N_("Form refused (expired or forged)"),
    "security.forbidden": N_("Access refused"),
    "security.rate_limited": N_("Too many requests"),
    "security.reset_refused": N_("Reset link refused"),
    "session.ended": N_("Session ended"),
    "session.ended_by_admin": N_("Sessions ended by an administrator"),
    "session.ended_others": N_("Other sessions ended"),
    "sign_in.failure": N_("Sign-in failed"),
    "sign_in.inactive": N_("Sign-in of a deactivated person"),
    "sign_in.success": N_("Signed in successfully"),
    "track.complete": N_("Track completed"),
}

DETAIL_KEYS = {
    "after": N_("after"),
    "assignment": N_("assignment"),
    "attempt": N_("attempt"),
    "attempts": N_("attempts"),
    "before": N_("before"),
    "changed": N_("changed"),
    "code": N_("code"),
    "count": N_("count"),
    "course": N_("course"),
    "created": N_("people created"),
    "cycle": N_("cycle"),
    "deactivated": N_("people deactivated"),
    "dry_run": N_("trial run"),
    "due": N_("due date"),
    "email": N_("e-mail"),
    "grade": N_("grade"),
    "limit": N_("limit"),
    "method": N_("method"),
    "opened": N_("assignments opened"),
    "reason": N_("reason"),
    "role": N_("role"),
    "rule": N_("rule"),
    "route": N_("route"),
    "session": N_("session"),
    "track": N_("track"),
    "typed_hash": N_("typed text (hash)"),
    "unchanged": N_("people unchanged"),
    "updated": N_("people updated"),
    "version": N_("version"),
    "withdrawn": N_("assignments withdrawn"),
}


def action_name(action: str) -> str | None:
    """The untranslated name of an action, or None when it has none (shown as stored)."""
    return ACTIONS.get(action)


def detail_key(key: str) -> str | None:
    """The untranslated name of a details' key, or None when it has none (shown as stored)."""
    return DETAIL_KEYS.get(key)
