"""The directory's and the roster's parameters, read from the query string: each one a value
the page offers, or its default, so that no link or typed URL can make a page fail. Paging is
shared with the page's view."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from app.content.specs import LevelSpec
from app.learning.localized import localized

PAGE_SIZE = 20
MOST_PAGES = 10**6
YES, NO = "yes", "no"  # the roster's "listed in the directory" filter
NO_LEVEL = "none"  # the roster's filter for people with credits below the first level


def page_number(raw: str | None) -> int:
    text = raw or ""
    number = int(text) if text.isascii() and text.isdecimal() and len(text) < 8 else 1
    return min(max(number, 1), MOST_PAGES)


def pick(value: str | None, allowed: Collection[str], default: str = "") -> str:
    return value if value in allowed else default


@dataclass(frozen=True)
class DirectoryFilters:
    office: str = ""  # an office's code
    language: str = ""  # fr or en
    competency: str = ""  # "track:<slug>" or "course:<slug>"
    level: str = ""  # a level's slug
    page: int = 1

    def query(self, **changes) -> dict:
        """The query string of a link that keeps these filters, with ``changes``."""
        values = {**self.__dict__, **changes}
        return {name: value for name, value in values.items() if value not in ("", None, 1)}

    @property
    def any(self) -> bool:
        return bool(self.office or self.language or self.competency or self.level)


@dataclass(frozen=True)
class RosterFilters:
    office: str = ""
    department: str = ""
    level: str = ""  # a level's slug, or NO_LEVEL
    track: str = ""  # holds a valid certificate of this track
    listed: str = ""  # YES, NO or "" (everyone)
    page: int = 1

    def query(self, **changes) -> dict:
        values = {**self.__dict__, **changes}
        return {name: value for name, value in values.items() if value not in ("", None, 1)}

    @property
    def any(self) -> bool:
        return bool(self.office or self.department or self.level or self.track or self.listed)


def level_choices(levels: Sequence[LevelSpec]) -> list[tuple[str, str]]:
    """(slug, name in the page's language) of each level, for a filter's options."""
    return [(level.slug, localized(level.name)) for level in levels]
