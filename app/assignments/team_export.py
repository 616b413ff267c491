"""The team page as a CSV file: the same rows, filters and order, without paging; headers in
the reader's language, dates in ISO form, progress as a number (percent)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

from app.assignments.team import all_rows, team_context
from app.assignments.team_filters import TeamRequest
from app.learning.localized import localized
from app.people.models import Person


@dataclass(frozen=True)
class TeamExport:
    header: list[str]
    rows: Iterator[list]


def team_export(viewer: Person, raw: TeamRequest) -> TeamExport:
    """Every row of the view, read before the download starts (a fixed number of queries)."""
    rows = all_rows(team_context(viewer, raw))
    header = [
        _("Person"),
        _("E-mail address"),
        _("Office"),
        _("Track"),
        _("Progress (%)"),
        _("Status"),
        _("Due date"),
    ]
    lines = (
        [
            row.name,
            row.email,
            row.office,
            localized(row.track.title),
            row.steps.percent,
            row.status_name,
            row.due_on.isoformat() if row.due_on else "",
        ]
        for row in rows
    )
    return TeamExport(header, lines)
