"""A page's table as its reader sees it: one dict per body row, keyed by the column headers."""

from __future__ import annotations

from html.parser import HTMLParser


class _TableReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[dict[str, str]]:
    """The text of each cell; markup that was not escaped would not read as text here."""
    reader = _TableReader()
    reader.feed(html)
    if not reader.rows:  # no table: a page says in words that it has nothing to list
        return []
    header, *body = reader.rows
    return [dict(zip(header, row, strict=True)) for row in body]
