"""Pages of a long list (the team page, the certificate register): which page numbers a pager
links, and the rows a page shows, numbered from 1."""

from __future__ import annotations


def page_count(total: int, size: int) -> int:
    """At least one page, even for an empty list."""
    return max(1, -(-total // size))


def first_row(page: int, size: int, shown: int) -> int:
    """The number of the page's first row (0 when it shows none)."""
    return (page - 1) * size + 1 if shown else 0


def last_row(page: int, size: int, shown: int) -> int:
    return first_row(page, size, shown) + shown - 1 if shown else 0


def page_links(here: int, pages: int) -> list[int | None]:
    """The pages to link: the first, the last and two either side of this one (None: a gap)."""
    shown: list[int | None] = []
    for number in range(1, pages + 1):
        if number in (1, pages) or abs(number - here) <= 2:
            shown.append(number)
        elif shown[-1] is not None:
            shown.append(None)
    return shown
