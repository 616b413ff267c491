"""Reading a people file: bytes to numbered rows of cells keyed by column, or the reasons why not.

Pure (no database); ``import_rows`` checks what the cells say.
"""

from __future__ import annotations

import codecs
import csv
import io
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


class PeopleImportError(Exception):
    """The file cannot be imported; ``problems`` lists every reason, row by row."""

    def __init__(self, problems: list[ImportProblem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class CsvRow:
    number: int
    cells: dict[str, str]  # column → cell, stripped of surrounding spaces


def read_people_csv(data: bytes) -> tuple[list[CsvRow], list[ImportProblem]]:
    """The data rows, and the rows whose shape is wrong. A file that cannot be read raises."""
    text = decode(data)
    separator = separator_of(text)
    records = parse_records(text, separator)
    columns = header_columns(records)
    rows, problems = [], []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or one made of separators only
        if len(cells) != len(columns):
            problems.append(cell_count_problem(number, len(cells), len(columns), separator))
            continue
        rows.append(
            CsvRow(number, {c: cell.strip() for c, cell in zip(columns, cells, strict=True)})
        )
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


def parse_records(text: str, separator: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error as error:
        # The reader cannot resume after a broken quote, so what follows is unknown: stop here.
        raise PeopleImportError([csv_error_problem(len(records) + 1, error)]) from None
    return records


def csv_error_problem(number: int, error: csv.Error) -> ImportProblem:
    reason = str(error)
    if reason == "unexpected end of data":
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
