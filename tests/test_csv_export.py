"""CSV files for spreadsheets: formula cells neutralised, numbers kept, one line at a time."""

import csv
import io

import pytest

from app.csv_export import csv_lines, neutralised


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("=1+1", id="equals"),
        pytest.param("+1+1", id="plus"),
        pytest.param("-1+1", id="minus"),
        pytest.param("@SUM(A1)", id="at"),
        pytest.param("\t=1+1", id="tab"),
        pytest.param("\r=1+1", id="carriage-return"),
    ],
)
def test_a_text_cell_that_starts_a_formula_gets_an_apostrophe(cell):
    assert neutralised(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Paris", "1 = 1", " =1", "", "'=quoted already"])
def test_other_text_is_left_as_it_is(cell):
    assert neutralised(cell) == cell


@pytest.mark.parametrize("number", [-0.25, -3, 0, 0.9])
def test_numbers_stay_numbers(number):
    assert neutralised(number) == number


def test_none_is_an_empty_cell():
    assert neutralised(None) == ""


def test_the_file_is_a_byte_order_mark_a_header_and_one_line_per_row():
    lines = list(csv_lines(["Name", "Score"], [["=cmd", -0.5], ['He said "hi", twice', None]]))
    assert lines == [
        "\ufeffName,Score\r\n",
        "'=cmd,-0.5\r\n",
        '"He said ""hi"", twice",\r\n',
    ]
    rows = list(csv.reader(io.StringIO("".join(lines)[1:])))
    assert rows == [["Name", "Score"], ["'=cmd", "-0.5"], ['He said "hi", twice', ""]]


def test_rows_are_read_one_at_a_time():
    def rows():
        yield ["first"]
        raise AssertionError("read before it was asked for")

    lines = csv_lines(["Header"], rows())
    assert next(lines) == "\ufeffHeader\r\n"
    assert next(lines) == "first\r\n"
