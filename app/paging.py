"""Pages of a long list (the team page, the certificate register, the champions directory and
roster): a page's place in the list and the page numbers its pager links."""

from __future__ import annotations

from typing import ClassVar


def page_count(total: int, page_size: int) -> int:
    """How many pages ``total`` rows fill: at least one, even for an empty list."""
    return max(1, -(-total // page_size))


class Paged:
    """What a page of a longer list says of itself. The class using it (a dataclass) has
    ``filters.page`` (from 1), ``rows`` (this page's) and ``total`` (on every page), and sets
    ``page_size``."""

    page_size: ClassVar[int]

    @property
    def pages(self) -> int:
        """At least one page, even for an empty list."""
        return page_count(self.total, self.page_size)

    @property
    def first(self) -> int:
        """The number of the page's first row (0 when it shows none)."""
        return (self.filters.page - 1) * self.page_size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0

    @property
    def page_links(self) -> list[int | None]:
        """The pages to link: the first, the last and two either side of this one (None: a gap)."""
        here, shown = self.filters.page, []
        for number in range(1, self.pages + 1):
            if number in (1, self.pages) or abs(number - here) <= 2:
                shown.append(number)
            elif shown[-1] is not None:
                shown.append(None)
        return shown
