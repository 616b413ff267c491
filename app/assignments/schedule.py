"""Which e-mails an open assignment is due on a given day: the notice that it was assigned, a
reminder before the due date, the overdue notices after it. A pure core: plain dates in, the
kinds and occurrences out; the message log then makes each one go out once.

A renewal (the cycle a certificate's renewal window opens) has e-mails of its own instead:
the window is open, its certificate expires in 30 and in 7 days, it has expired. They are about
the certificate, so they are keyed on it, and they replace the assignment's "assigned", "due
soon" and "overdue" notices: one message per event.

Each message belongs to a day (the due date minus N, the day after it, a week later …). A run
sends only the latest one whose day has come, so a run that was missed sends the closest
reminder once rather than every one it skipped; and only those whose day came after the
assignment was opened: someone assigned two days before the due date gets the notice that
says so, not also the "due in 7 days" reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

ASSIGNED = "assignment_assigned"
DUE_SOON = "assignment_due_soon"
OVERDUE = "assignment_overdue"
RENEWAL_OPEN = "renewal_window_open"
RENEWAL_SOON = "renewal_expires_soon"
RENEWAL_EXPIRED = "renewal_expired"
KINDS = (ASSIGNED, DUE_SOON, OVERDUE, RENEWAL_OPEN, RENEWAL_SOON, RENEWAL_EXPIRED)


@dataclass(frozen=True)
class NoticeSettings:
    """ASSIGNMENT_NOTICE_DAYS, ASSIGNMENT_DUE_SOON_DAYS (largest first),
    ASSIGNMENT_OVERDUE_REPEAT_DAYS, ASSIGNMENT_OVERDUE_MAX and RENEWAL_REMINDER_DAYS, as
    app/config.py reads them."""

    notice_days: int
    due_soon_days: tuple[int, ...]
    overdue_repeat_days: int
    overdue_max: int
    renewal_reminder_days: tuple[int, ...] = (30, 7)

    @classmethod
    def from_config(cls, config) -> NoticeSettings:
        return cls(
            notice_days=config["ASSIGNMENT_NOTICE_DAYS"],
            due_soon_days=tuple(config["ASSIGNMENT_DUE_SOON_DAYS"]),
            overdue_repeat_days=config["ASSIGNMENT_OVERDUE_REPEAT_DAYS"],
            overdue_max=config["ASSIGNMENT_OVERDUE_MAX"],
            renewal_reminder_days=tuple(config["RENEWAL_REMINDER_DAYS"]),
        )

    def due_window(self, today: date) -> tuple[date, date]:
        """The due dates that can have a reminder or an overdue notice today, a day wider on
        each side because "today" depends on the office's zone."""
        overdue_span = max(self.overdue_repeat_days * self.overdue_max, self.notice_days)
        soonest = max((*self.due_soon_days, *self.renewal_reminder_days), default=0)
        return today - timedelta(days=overdue_span + 1), today + timedelta(days=soonest + 1)


@dataclass(frozen=True)
class Notice:
    """A message due: its kind and which occurrence (N days before for a reminder, the 1st,
    2nd … overdue notice)."""

    kind: str
    occurrence: int = 1


def notices_due(
    *,
    self_enrolled: bool,
    assigned_at: datetime,
    assigned_on: date,
    due_on: date | None,
    today: date,
    now: datetime,
    settings: NoticeSettings,
) -> list[Notice]:
    """The messages an open assignment is due today, in the person's calendar
    (``assigned_on`` and ``today`` are dates in their office's zone)."""
    due: list[Notice] = []
    # Someone who started a track themselves knows it: no notice.
    if not self_enrolled and now - assigned_at <= timedelta(days=settings.notice_days):
        due.append(Notice(ASSIGNED))
    if due_on is None:
        return due
    reminder = due_soon(assigned_on, due_on, today, settings.due_soon_days)
    late = overdue(assigned_on, due_on, today, settings)
    return due + [notice for notice in (reminder, late) if notice is not None]


def due_soon(assigned_on: date, due_on: date, today: date, days: tuple[int, ...]) -> Notice | None:
    """The reminder N days before the due date, for the smallest N whose day has come (up to the
    due date itself) and came after the assignment was opened."""
    left = (due_on - today).days
    if left < 0:
        return None
    lead = (due_on - assigned_on).days
    applicable = [n for n in days if left <= n < lead]
    return Notice(DUE_SOON, min(applicable)) if applicable else None


def overdue(
    assigned_on: date, due_on: date, today: date, settings: NoticeSettings
) -> Notice | None:
    """The overdue notice whose day is the latest to have come: the day after the due date,
    then every ``overdue_repeat_days``, ``overdue_max`` in all; none once the last one's
    period is over, so an assignment forgotten for years is not announced now."""
    late = (today - due_on).days
    if late < 1:
        return None
    occurrence = 1 + (late - 1) // settings.overdue_repeat_days
    day = due_on + timedelta(days=1 + (occurrence - 1) * settings.overdue_repeat_days)
    if occurrence > settings.overdue_max or day <= assigned_on:
        return None
    return Notice(OVERDUE, occurrence)


def renewal_notices_due(
    *,
    assigned_at: datetime,
    assigned_on: date,
    expires_on: date,
    today: date,
    now: datetime,
    settings: NoticeSettings,
) -> list[Notice]:
    """The messages a renewal is due today: that the window opened (while the renewal is
    recent, as for the "assigned" notice), the reminder N days before ``expires_on`` (the
    certificate's last valid day) for the smallest N whose day has come after the window
    opened, and, once, that it expired: from the day after, for ``notice_days`` (so a renewal
    opened after the expiry, or a run missed for months, does not announce it late or twice)."""
    due: list[Notice] = []
    if now - assigned_at <= timedelta(days=settings.notice_days):
        due.append(Notice(RENEWAL_OPEN))
    reminder = due_soon(assigned_on, expires_on, today, settings.renewal_reminder_days)
    if reminder is not None:
        due.append(Notice(RENEWAL_SOON, reminder.occurrence))
    expired_on = expires_on + timedelta(days=1)
    recent = expired_on <= today < expired_on + timedelta(days=settings.notice_days)
    if recent and expired_on > assigned_on:
        due.append(Notice(RENEWAL_EXPIRED))
    return due
