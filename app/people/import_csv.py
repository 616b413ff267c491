"""Reading a people file: bytes to numbered rows of cells keyed by column, or the reasons why not.

Pure (no database); ``import_rows`` checks what the cells say.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

COLUMNS = ("email", "name", "department", "office", "manager_email", "roles", "language")
SEPARATORS = (";", ",")


@dataclass(frozen=True)
class ImportProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str | None
    message: str


def reading_order(problem: ImportProblem) -> tuple[int, int]:
    """Row by row, and left to right within a row (problems about the whole row first)."""
    column = COLUMNS.index(problem.column) + 1 if problem.column in COLUMNS else 0
    return problem.row, column


# However bad a file, a page or a terminal shows this many problems, then how many more; and
# checking stops once it has found ten times as many, so a bad file costs a bounded time.
SHOWN_PROBLEMS = 100
CHECKED_PROBLEMS = 10 * SHOWN_PROBLEMS


class PeopleImportError(Exception):
    """The file cannot be imported; ``problems`` lists the first reasons, row by row, ``more``
    how many others were found, and ``last_row_checked`` the row after which checking gave up."""

    def __init__(self, problems: list[ImportProblem], last_row_checked: int | None = None):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems[:SHOWN_PROBLEMS]
        self.more = len(problems) - len(self.problems)
        self.total = len(problems)
        self.last_row_checked = last_row_checked


@dataclass(frozen=True)
class ImportLimits:
    """How much one file may hold, so that checking it takes a bounded time (app settings)."""

    rows: int  # people rows, the header aside
    cell: int  # characters in one cell


@dataclass(frozen=True)
class CsvRow:
    number: int
    cells: dict[str, str]  # column → cell, stripped of surrounding spaces


def read_people_csv(data: bytes, limits: ImportLimits) -> tuple[list[CsvRow], list[ImportProblem]]:
    """The data rows, and the rows whose shape is wrong. A file that cannot be read raises, and
    so does one with more rows than ``limits`` allow, as soon as the reader meets the first."""
    text = decode(data)
    separator = separator_of(text)
    records = parse_records(text, separator, limits)
    header = next(records, None)
    columns = header_columns([] if header is None else [header])
    rows, problems, counted = [], [], 0
    for number, cells in enumerate(records, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or one made of separators only
        counted += 1
        if counted > limits.rows:
            raise PeopleImportError([ImportProblem(number, None, too_many_rows_message(limits))])
        if len(cells) != len(columns):
            problems.append(cell_count_problem(number, len(cells), len(columns), separator))
        else:
            row = CsvRow(number, dict(zip(columns, (cell.strip() for cell in cells), strict=True)))
            too_long = [c for c, cell in row.cells.items() if len(cell) > limits.cell]
            # A row with a huge cell is checked no further: it would make huge messages.
            problems += [cell_too_long_problem(row, column, limits) for column in too_long]
            if not too_long:
                rows.append(row)
        if len(problems) >= CHECKED_PROBLEMS:
            raise PeopleImportError(problems, last_row_checked=number)
    if not rows and not problems:
        nobody = _("the file lists nobody; add one row per person below the header")
        raise PeopleImportError([ImportProblem(2, None, nobody)])
    return rows, problems


def decode(data: bytes) -> str:
    """UTF-8, with or without the byte-order mark Excel puts in front of "CSV UTF-8" files."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PeopleImportError(
            [ImportProblem(line_of(data, error.start), None, not_utf8_message())]
        ) from None
    if "\x00" in text:
        line = line_of(data, data.index(b"\x00"))
        message = _(
            'the file contains a NUL byte, so it is not a text CSV; save it as "CSV UTF-8" '
            "and upload it again"
        )
        raise PeopleImportError([ImportProblem(line, None, message)])
    return text


def not_utf8_message() -> str:
    return _(
        'the file is not UTF-8; save it from your spreadsheet as "CSV UTF-8" and upload it again'
    )


def line_of(data: bytes, offset: int) -> int:
    """The line holding byte ``offset``, whatever the line endings (\\n, \\r\\n or \\r)."""
    return len((data[:offset] + b".").splitlines())


def separator_of(text: str) -> str:
    """Spreadsheets set to French write ``;``, others ``,``: the header line tells which."""
    header = io.StringIO(text).readline()
    return max(SEPARATORS, key=header.count)  # a tie (no separator at all) gives ";"


def parse_records(text: str, separator: str, limits: ImportLimits) -> Iterator[list[str]]:
    """The records one by one, so that a file far over the limits is not read to its end."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):  # noqa: B007 (read after the loop)
            yield record
    except csv.Error as error:
        # The reader cannot resume after a broken quote, so what follows is unknown: stop here.
        raise PeopleImportError([csv_error_problem(number + 1, error, limits)]) from None


def too_many_rows_message(limits: ImportLimits) -> str:
    return _(
        "the file has more than %(limit)d people rows, the most one import takes; import it in "
        "parts of %(limit)d rows at most (without deactivating missing people), or ask an "
        "administrator to raise PEOPLE_IMPORT_MAX_ROWS",
        limit=limits.rows,
    )


def cell_too_long_problem(row: CsvRow, column: str, limits: ImportLimits) -> ImportProblem:
    message = _(
        "this cell has %(length)d characters, more than the %(limit)d a cell may hold; shorten it",
        length=len(row.cells[column]),
        limit=limits.cell,
    )
    return ImportProblem(row.number, column, message)


def csv_error_problem(number: int, error: csv.Error, limits: ImportLimits) -> ImportProblem:
    reason = str(error)
    if reason.startswith("field larger than field limit"):
        # Longer than the csv module reads at all, so past our own limit too.
        limit = min(limits.cell, csv.field_size_limit())
        message = _(
            "a cell in this row is longer than %(limit)d characters; shorten it", limit=limit
        )
    elif reason == "unexpected end of data":
        message = _('a quote (") opens in this row and is never closed; close it or remove it')
    elif reason.endswith("expected after '\"'"):
        message = _(
            'text follows a closing quote ("); put the whole cell in quotes and double '
            "every quote inside it"
        )
    else:
        message = _(
            "this row cannot be read (%(reason)s); check its quotes and separators", reason=reason
        )
    return ImportProblem(number, None, message)


def header_columns(records: list[list[str]]) -> list[str]:
    """The column of each cell position; every header problem at once, or none."""
    expected = ", ".join(COLUMNS)
    if not records:
        message = _(
            "the file is empty; its first row must name the columns: %(columns)s", columns=expected
        )
        raise PeopleImportError([ImportProblem(1, None, message)])
    names = [cell.strip() for cell in records[0]]
    if not any(names):
        message = _(
            "the first row is empty; it must name the columns: %(columns)s", columns=expected
        )
        raise PeopleImportError([ImportProblem(1, None, message)])
    problems = list(header_problems(names, expected))
    if problems:
        raise PeopleImportError(problems)
    return [name.lower() for name in names]


def header_problems(names: list[str], expected: str):
    seen = set()
    for position, name in enumerate(names, start=1):
        column = name.lower()
        if not column:
            yield ImportProblem(
                1, None, _("column %(number)d has no name; name it or delete it", number=position)
            )
        elif column not in COLUMNS:
            yield ImportProblem(
                1, name, _("unknown column; the columns are: %(columns)s", columns=expected)
            )
        elif column in seen:
            yield ImportProblem(1, column, _("this column appears twice; keep only one"))
        seen.add(column)
    for column in COLUMNS:
        if column not in seen:
            message = _(
                "this column is missing; the first row must name: %(columns)s", columns=expected
            )
            yield ImportProblem(1, column, message)


def cell_count_problem(number: int, found: int, expected: int, separator: str) -> ImportProblem:
    message = ngettext(
        "this row has %(num)d cell but the header has %(expected)d; separate cells with "
        '"%(separator)s" as the header does, and put quotes around a cell that contains it',
        "this row has %(num)d cells but the header has %(expected)d; separate cells with "
        '"%(separator)s" as the header does, and put quotes around a cell that contains it',
        found,
        expected=expected,
        separator=separator,
    )
    return ImportProblem(number, None, message)
