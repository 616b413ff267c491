"""The team page's parameters: what its links and forms carry (whose assignments, status,
track, office, sort, order, page), each read as one the page offers or as its default, so that
no query string can make the page fail."""

from __future__ import annotations

from dataclasses import dataclass

from app.content.snapshot import Catalog
from app.learning.cycles import Status

PAGE_SIZE = 50
LINE, DIRECT, EVERYONE = "line", "direct", "everyone"  # whose assignments the page shows
OPEN_ONES, ALL = "open", "all"  # the status filters beside each status
STATUS_FILTERS = (OPEN_ONES, *(status.value for status in Status), ALL)
SORTS = ("person", "track", "due", "progress", "status")
ASC, DESC = "asc", "desc"
MOST_PAGES = 10**6


@dataclass(frozen=True)
class TeamRequest:
    """The page's parameters as they came (any text, or None)."""

    scope: str | None = None
    status: str | None = None
    track: str | None = None
    office: str | None = None
    sort: str | None = None
    order: str | None = None
    page: str | None = None


@dataclass(frozen=True)
class TeamFilters:
    """The parameters read: each one valid, or its default."""

    scope: str
    status: str = OPEN_ONES
    track: str = ""  # a track's slug; "" is every track
    office: str = ""  # an office's code; "" is every office
    sort: str = "due"
    order: str = ASC
    page: int = 1

    def query(self, **changes) -> dict:
        """The query string of a link that keeps these filters, with ``changes``."""
        values = {**self.__dict__, **changes}
        return {name: value for name, value in values.items() if value not in ("", None)}

    def sorted_by(self, sort: str) -> dict:
        """A column header's link: that sort, ascending, or reversed if it is the current one."""
        order = DESC if self.sort == sort and self.order == ASC else ASC
        return self.query(sort=sort, order=order, page=1)


def read_filters(raw: TeamRequest, scopes, catalog: Catalog, offices) -> TeamFilters:
    """Each parameter if it is one the page offers, else its default: never an error."""

    def pick(value, allowed, default):
        return value if value in allowed else default

    page = raw.page or ""
    number = int(page) if page.isascii() and page.isdecimal() and len(page) < 8 else 1
    return TeamFilters(
        scope=pick(raw.scope, scopes, scopes[0] if scopes else LINE),
        status=pick(raw.status, STATUS_FILTERS, OPEN_ONES),
        track=pick(raw.track, {track.slug for track in catalog.tracks}, ""),
        office=pick(raw.office, {office.code for office in offices}, ""),
        sort=pick(raw.sort, SORTS, "due"),
        order=pick(raw.order, (ASC, DESC), ASC),
        page=min(max(number, 1), MOST_PAGES),
    )
