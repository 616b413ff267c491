"""CSV files a spreadsheet opens: streamed a row at a time, UTF-8 with a byte-order mark (so
that a spreadsheet reads the accents), and every text cell that a spreadsheet would take for
a formula neutralised, as OWASP advises against CSV injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from flask import Response, stream_with_context

# A cell starting with one of these runs as a formula in Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> object:
    """A text cell that would start a formula, prefixed with an apostrophe so that it reads as
    text; numbers stay numbers (-0.25 is no formula) and None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The file, one line at a time: the header (after the byte-order mark), then each row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Sequence[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralised(cell) for cell in cells])
        return buffer.getvalue()

    yield "\ufeff" + line(header)
    for row in rows:
        yield line(row)


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]):
    """A streamed download; ``rows`` may be lazy, and is read within the request."""
    return Response(
        stream_with_context(csv_lines(header, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
