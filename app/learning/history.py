"""A person's cycles on a track as the track page lists them: each cycle completed with the
certificate it earned (its serial, dates, grade and whether it is valid, expired or revoked),
and the cycle open now (a renewal, say) with its due date. Pure: built from the ``TrackProgress``
the page has already read, so it costs no query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.certificates.states import certificate_state, state_name
from app.learning.progress import TrackProgress
from app.learning.state import CertificateFacts


@dataclass(frozen=True)
class CycleLine:
    cycle: int
    completed_at: datetime | None  # None: the cycle open now
    due_on: date | None  # the open cycle's due date
    certificate: CertificateFacts | None
    status: str | None  # the certificate's: VALID, EXPIRED or REVOKED (certificates.states)

    @property
    def status_name(self) -> str | None:
        return state_name(self.status) if self.status is not None else None


def cycle_history(progress: TrackProgress, today: date) -> list[CycleLine]:
    """The cycles completed and the one open, the latest first."""
    by_cycle = {certificate.cycle: certificate for certificate in progress.certificates}
    lines = [
        CycleLine(
            done.cycle,
            done.completed_at,
            None,
            by_cycle.get(done.cycle),
            certificate_state(by_cycle[done.cycle], today) if done.cycle in by_cycle else None,
        )
        for done in progress.cycles_done
    ]
    if progress.assignment is not None:
        assignment = progress.assignment
        lines.append(CycleLine(assignment.cycle, None, assignment.due_on, None, None))
    return sorted(lines, key=lambda line: line.cycle, reverse=True)
