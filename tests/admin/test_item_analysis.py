"""The item-analysis pages and CSV, through HTTP: figures computed from graded attempts whose
statistics are known, the flags at the 30-attempt boundary, both languages, formula cells
neutralised, and as many queries whatever the number of attempts."""

from __future__ import annotations

import csv
import io
import statistics

import pytest
from sqlalchemy import event

from app.extensions import db
from tests.admin.tables import table_rows
from tests.quiz.attempt_helpers import answers, start, submit
from tests.quiz.graded_attempts import HALF, RIGHT, WRONG, bank, matrix_attempts
from tests.quiz.quiz_content import sync_quiz

REPORT = "/admin/item-analysis/basics"
CSV = REPORT + "/report.csv"


@pytest.fixture
def basics(tmp_path):
    sync_quiz(tmp_path / "content")
    return bank()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def by_name(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """Report rows by question name, which the Question cell gives last, after the text."""
    return {row["Question"].rsplit(" ", 1)[-1]: row for row in rows}


def report_rows(client) -> dict[str, dict[str, str]]:
    return by_name(table_rows(page(client, REPORT).split('<table class="responses"')[0]))


def csv_rows(client, url: str = CSV) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


# A hand-built score matrix: which attempts got "choose" and "truth" right (1) or wrong (0),
# and "several" right, half or wrong (1, 0.5, 0). Every attempt drew all three.
MATRIX = [
    {"choose": 1, "truth": 1, "several": 1},
    {"choose": 1, "truth": 0, "several": 0.5},
    {"choose": 0, "truth": 1, "several": 0},
    {"choose": 1, "truth": 1, "several": 0.5},
    {"choose": 0, "truth": 0, "several": 0},
    {"choose": 1, "truth": 0, "several": 1},
]
RESPONSE_FOR = {1: RIGHT, 0.5: HALF, 0: WRONG}


def matrix_responses(matrix: list[dict[str, float]]) -> list[dict]:
    return [{name: RESPONSE_FOR[x][name] for name, x in row.items()} for row in matrix]


def expected_figures(matrix, name: str) -> tuple[float, float]:
    item = [row[name] for row in matrix]
    rest = [sum(row.values()) - row[name] for row in matrix]
    return statistics.fmean(item), statistics.correlation(item, rest)


def test_the_report_gives_facility_and_discrimination_of_a_known_matrix(admin_client, basics):
    course, questions = basics
    matrix_attempts(course, questions, matrix_responses(MATRIX))
    rows = report_rows(admin_client)
    assert list(rows) == ["choose", "several", "truth"]  # bank order; only questions drawn
    for name, row in rows.items():
        facility, index = expected_figures(MATRIX, name)
        assert row["Attempts"] == "6"
        assert row["Facility index"] == f"{round(facility * 100)}%"
        assert row["Discrimination index"] == f"{index:.2f}"  # two decimals, so the column lines up
        assert row["Flags"] == "Too few attempts"


def test_the_csv_gives_the_same_figures_unrounded(admin_client, basics):
    course, questions = basics
    matrix_attempts(course, questions, matrix_responses(MATRIX))
    for row in csv_rows(admin_client):
        facility, index = expected_figures(MATRIX, row["Question"])
        assert float(row["Facility index"]) == pytest.approx(facility, abs=1e-7)
        assert float(row["Discrimination index"]) == pytest.approx(index, abs=1e-7)
        assert row["Attempts"] == "6"


def test_option_shares_are_shown_under_the_report(admin_client, basics):
    course, questions = basics
    matrix_attempts(course, questions, matrix_responses(MATRIX))
    html = page(admin_client, REPORT)
    several = html.split(f'id="question-{questions["several"].id}"')[1].split("</section>")[0]
    assert table_rows(several) == [
        {"Response": "Listen", "Right answer": "yes", "Chosen": "4", "Share": "67%"},
        {"Response": "Check", "Right answer": "yes", "Chosen": "2", "Share": "33%"},
        {"Response": "Insult", "Right answer": "no", "Chosen": "2", "Share": "33%"},
    ]


def test_a_question_with_one_attempt_shows_a_dash_for_discrimination(admin_client, basics):
    course, questions = basics
    matrix_attempts(course, questions, [{"choose": RIGHT["choose"], "truth": WRONG["truth"]}])
    rows = report_rows(admin_client)
    assert rows["choose"]["Discrimination index"] == "—"
    assert rows["choose"]["Facility index"] == "100%"
    assert rows["truth"]["Facility index"] == "0%"


def easy_attempts(course, questions, count: int) -> None:
    """``count`` attempts that all get "choose" right and "truth" wrong; "word" follows the
    rest of the attempt ("pairs"), so that it discriminates well and is never flagged."""
    rows = []
    for n in range(count):
        good = n % 2 == 0
        rows.append(
            {
                "choose": RIGHT["choose"],
                "truth": WRONG["truth"],
                "word": (RIGHT if good else WRONG)["word"],
                "pairs": (RIGHT if good else WRONG)["pairs"],
            }
        )
    matrix_attempts(course, questions, rows)


def test_no_flag_before_thirty_attempts(admin_client, basics):
    course, questions = basics
    easy_attempts(course, questions, 29)
    rows = report_rows(admin_client)
    assert {name: row["Flags"] for name, row in rows.items()} == {
        "choose": "Too few attempts",
        "truth": "Too few attempts",
        "word": "Too few attempts",
        "pairs": "Too few attempts",
    }


def test_flags_from_the_thirtieth_attempt_in_words_with_what_they_mean(admin_client, basics):
    course, questions = basics
    easy_attempts(course, questions, 30)
    rows = report_rows(admin_client)
    assert rows["choose"]["Flags"] == "Too easy, Does not discriminate"
    assert rows["truth"]["Flags"] == "Does not discriminate"  # everyone wrong
    assert rows["word"]["Flags"] == "—"
    html = page(admin_client, REPORT)
    assert html.count("Nearly everyone gets it right (facility above 0.9)") == 1
    assert html.count("Those who do well on the rest of the quiz do no better") == 2


def test_the_csv_names_the_flags(admin_client, basics):
    course, questions = basics
    easy_attempts(course, questions, 30)
    flags = {row["Question"]: row["Flags"] for row in csv_rows(admin_client)}
    assert flags == {
        "choose": "Too easy; Does not discriminate",
        "truth": "Does not discriminate",
        "word": "",
        "pairs": "",
    }


def test_attempts_taken_over_http_are_counted(client, login_as, basics):
    """The real path: a learner starts and submits; the stored responses are what is read."""
    login_as("employee", language="en")
    attempt = start(client)
    fields = {**answers(attempt, right=True), **answers(attempt, right=False, only={2})}
    assert submit(client, attempt, fields).status_code in (302, 303)
    client.post("/logout")
    login_as("admin", language="en")
    rows = report_rows(client)
    assert rows["choose"]["Facility index"] == "100%"
    assert rows["several"]["Facility index"] == "0%"
    shares = {row["Response"]: row["Chosen"] for row in csv_rows(client)}
    assert shares["The community team"] == "1"
    assert shares["Insult"] == "1"


def test_an_open_attempt_is_not_counted(client, login_as, basics):
    login_as("employee", language="en")
    start(client)
    client.post("/logout")
    login_as("admin", language="en")
    assert "No graded attempt yet" in page(client, REPORT)


def test_a_course_without_graded_attempts_says_so_and_offers_no_csv_link(admin_client, basics):
    html = page(admin_client, REPORT)
    assert "No graded attempt yet: the figures appear once learners have finished" in html
    assert "report.csv" not in html


def test_the_course_list_gives_each_course_its_graded_attempts(admin_client, basics):
    course, questions = basics
    matrix_attempts(course, questions, matrix_responses(MATRIX))
    rows = table_rows(page(admin_client, "/admin/item-analysis"))
    assert rows == [{"Course": "The basics basics", "Graded attempts": "6"}]


def test_the_course_list_says_when_there_is_no_course(admin_client):
    assert "No course yet: publish the content first." in page(admin_client, "/admin/item-analysis")


def test_an_unknown_course_is_404(admin_client):
    assert admin_client.get("/admin/item-analysis/nothing-here").status_code == 404
    assert admin_client.get("/admin/item-analysis/nothing-here/report.csv").status_code == 404


def test_only_admins_see_the_link(client, login_as):
    login_as("hr", language="en")
    assert "/admin/item-analysis" not in page(client, "/")
    client.post("/logout")
    login_as("admin", language="en")
    assert 'href="/admin/item-analysis"' in page(client, "/")


# --- French ---------------------------------------------------------------------------------


def test_the_report_in_french(client, login_as, basics):
    course, questions = basics
    matrix_attempts(course, questions, matrix_responses(MATRIX))
    login_as("admin", language="fr")
    html = page(client, REPORT)
    assert "<h1>Analyse des questions · Les bases</h1>" in html
    rows = by_name(table_rows(html.split('<table class="responses"')[0]))
    facility, index = expected_figures(MATRIX, "choose")
    # The table reader makes every space plain; the page has French's no-break one.
    assert rows["choose"]["Indice de facilité"] == f"{round(facility * 100)} %"
    assert f"<td>{round(facility * 100)}\u00a0%</td>" in html
    assert rows["choose"]["Indice de discrimination"] == f"{index:.2f}".replace(".", ",")
    assert rows["choose"]["Type"] == "Choix multiple, une réponse"
    assert "<td>L&#39;équipe communauté</td>" in html  # the option in French, escaped


def test_the_csv_headers_and_words_in_french(client, login_as, basics):
    course, questions = basics
    matrix_attempts(course, questions, matrix_responses(MATRIX))
    login_as("admin", language="fr")
    rows = csv_rows(client)
    assert list(rows[0]) == [
        "Question",
        "Texte",
        "Type",
        "Tentatives",
        "Indice de facilité",
        "Indice de discrimination",
        "Signalements",
        "Partie",
        "Réponse",
        "Bonne réponse",
        "Choisie",
        "Proportion",
    ]
    truth = [row for row in rows if row["Question"] == "truth"]
    assert [(row["Réponse"], row["Bonne réponse"]) for row in truth] == [
        ("Vrai", "non"),
        ("Faux", "oui"),
    ]


# --- CSV injection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param('=HYPERLINK("https://evil.example","x")', id="equals"),
        pytest.param("+1+cmd|' /C calc'!A0", id="plus"),
        pytest.param("-2+3", id="minus"),
        pytest.param("@SUM(A1:A9)", id="at"),
    ],
)
def test_a_typed_response_that_reads_as_a_formula_is_neutralised(admin_client, basics, typed):
    course, questions = basics
    matrix_attempts(course, questions, [{"word": typed}])
    (row,) = [row for row in csv_rows(admin_client) if row["Question"] == "word"]
    assert row["Response"] == "'" + typed


def test_a_negative_discrimination_stays_a_number(admin_client, basics):
    course, questions = basics
    # Those who get "choose" right fail "truth" and "word", and the other way round.
    rows = [
        {"choose": RIGHT["choose"], "truth": WRONG["truth"], "word": WRONG["word"]},
        {"choose": WRONG["choose"], "truth": RIGHT["truth"], "word": RIGHT["word"]},
        {"choose": RIGHT["choose"], "truth": WRONG["truth"], "word": RIGHT["word"]},
    ]
    matrix_attempts(course, questions, rows)
    (row, *_) = [row for row in csv_rows(admin_client) if row["Question"] == "choose"]
    assert float(row["Discrimination index"]) < 0
    assert row["Discrimination index"].startswith("-")


# --- queries ----------------------------------------------------------------------------------


def statements(client, url: str) -> int:
    counted = []

    def count(conn, cursor, statement, *args) -> None:
        counted.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
        response.get_data()  # a streamed body runs its generator here
        assert response.status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(counted)


def all_questions(n: int) -> dict:
    good = n % 3 != 0
    return {name: (RIGHT if good else WRONG)[name] for name in RIGHT}


@pytest.mark.parametrize("url", ["/admin/item-analysis", REPORT, CSV])
def test_as_many_queries_for_4_attempts_as_for_40(admin_client, basics, url):
    course, questions = basics
    matrix_attempts(course, questions, [all_questions(n) for n in range(4)])
    few = statements(admin_client, url)
    matrix_attempts(course, questions, [all_questions(n) for n in range(4, 40)])
    many = statements(admin_client, url)
    assert few == many
    assert few <= 10


def test_each_row_shows_the_question_s_text_then_its_name(admin_client, basics):
    course, questions = basics
    matrix_attempts(course, questions, matrix_responses(MATRIX))
    rows = table_rows(page(admin_client, REPORT).split('<table class="responses"')[0])
    assert rows[0]["Question"] == "Which team do you alert first? choose"
