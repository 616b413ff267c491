"""Calendar arithmetic for validity: pure, no Flask, no database."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (Jan 31 + 1
    month is Feb 28 or 29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(issued_on: date, validity_months: int) -> date:
    """The last day a certificate issued on ``issued_on`` is valid: the day before the same date
    ``validity_months`` later (issued 2026-12-01 for 24 months: valid to 2028-11-30)."""
    return add_months(issued_on, validity_months) - timedelta(days=1)
