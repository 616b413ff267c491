"""Item analysis, the pure part: facility, discrimination and flags from the sums of score
rows, and the shares of each option from responses grouped as stored."""

import math
import statistics

import pytest

from app.content.gift import parse_gift, question_to_json
from app.quiz.statistics import (
    Flag,
    ItemSums,
    ResponseGroup,
    discrimination,
    flags,
    item_statistics,
    response_shares,
)
from app.quiz.types import Labels

LABELS = Labels(true="True", false="False")


def rows_of(item: list[float], totals: list[float], mark: float = 1.0):
    """(fraction, item score, rest of the attempt) from item scores and attempt totals."""
    return [(x / mark, x, total - x) for x, total in zip(item, totals, strict=True)]


# --- facility and discrimination ------------------------------------------------------------


def test_a_small_matrix_worked_by_hand():
    # Item scores 1, 1, 0, 0; rest of the attempt 4, 2, 3, 1. Deviations from the means (0.5
    # and 2.5): ±0.5 and 1.5, -0.5, 0.5, -1.5, so Σdxdy = 1, Σdx² = 1, Σdy² = 5: r = 1/√5.
    found = item_statistics(ItemSums.of(rows_of([1, 1, 0, 0], [5, 3, 3, 1])))
    assert found.attempts == 4
    assert found.facility == 0.5
    assert found.discrimination == pytest.approx(1 / math.sqrt(5), abs=1e-7)


def test_a_larger_matrix_agrees_with_the_standard_library():
    # Ten attempts of a question worth 2 marks, with partial credit.
    item = [2, 1, 0, 2, 2, 1, 0, 0, 2, 1]
    totals = [9, 6, 3, 7, 10, 4, 5, 2, 8, 6]
    found = item_statistics(ItemSums.of(rows_of(item, totals, mark=2)))
    rest = [total - x for x, total in zip(item, totals, strict=True)]
    assert found.facility == pytest.approx(statistics.fmean(x / 2 for x in item))
    assert found.discrimination == pytest.approx(statistics.correlation(item, rest), abs=1e-7)


def test_an_item_that_those_good_at_the_rest_fail_has_a_negative_index():
    item, rest = [0, 0, 1, 1], [9, 8, 2, 1]
    found = discrimination(
        ItemSums.of(rows_of(item, [x + y for x, y in zip(item, rest, strict=True)]))
    )
    assert found == pytest.approx(statistics.correlation(item, rest), abs=1e-7)
    assert found < 0


def test_discrimination_is_undefined_with_one_attempt():
    assert discrimination(ItemSums.of(rows_of([1], [5]))) is None


def test_discrimination_is_undefined_when_the_item_score_never_varies():
    assert discrimination(ItemSums.of(rows_of([1, 1, 1], [3, 5, 8]))) is None


def test_discrimination_is_undefined_when_the_rest_never_varies():
    assert discrimination(ItemSums.of(rows_of([1, 0, 1], [5, 4, 5]))) is None


def test_rounding_in_the_sums_is_not_taken_for_spread():
    # 0.1 has no exact binary form: summed a thousand times, Σx² − (Σx)²/n is not exactly 0.
    sums = ItemSums.of(rows_of([0.1] * 1000, [float(n % 7) + 0.1 for n in range(1000)]))
    assert discrimination(sums) is None
    assert item_statistics(sums).flags == (Flag.NOT_DISCRIMINATING,)


def test_no_attempt_has_no_facility():
    found = item_statistics(ItemSums.of([]))
    assert (found.attempts, found.facility, found.discrimination) == (0, None, None)


# --- flags, at the 30-attempt boundary -------------------------------------------------------


@pytest.mark.parametrize(
    ("attempts", "facility", "index", "varies", "expected"),
    [
        pytest.param(30, 28 / 30, 0.5, True, (Flag.EASY,), id="easy-at-30"),
        pytest.param(29, 1.0, 0.5, True, (), id="easy-but-29-attempts"),
        pytest.param(30, 0.9, 0.5, True, (), id="facility-0.9-is-not-above"),
        pytest.param(30, 0.5, 0.19, True, (Flag.NOT_DISCRIMINATING,), id="low-index-at-30"),
        pytest.param(29, 0.5, -0.4, True, (), id="low-index-but-29-attempts"),
        pytest.param(30, 0.5, 0.2, True, (), id="index-0.2-is-not-below"),
        pytest.param(30, 0.0, None, False, (Flag.NOT_DISCRIMINATING,), id="everyone-wrong"),
        pytest.param(29, 0.0, None, False, (), id="everyone-wrong-29-attempts"),
        pytest.param(
            30, 1.0, None, False, (Flag.EASY, Flag.NOT_DISCRIMINATING), id="everyone-right"
        ),
        pytest.param(30, 0.5, None, True, (), id="rest-never-varies"),
    ],
)
def test_flags(attempts, facility, index, varies, expected):
    assert flags(attempts, facility, index, varies) == expected


def alternating(count: int, right: int) -> list[tuple[float, float, float]]:
    """``count`` attempts, the first ``right`` of them right; the rest of each attempt follows
    the item closely, so that only facility decides."""
    item = [1.0] * right + [0.0] * (count - right)
    return rows_of(item, [x * 5 + n % 3 for n, x in enumerate(item)])


def test_an_easy_item_is_flagged_from_its_thirtieth_attempt():
    assert Flag.EASY not in item_statistics(ItemSums.of(alternating(29, 28))).flags
    assert Flag.EASY in item_statistics(ItemSums.of(alternating(30, 29))).flags


def test_facility_of_exactly_nine_in_ten_is_not_flagged():
    found = item_statistics(ItemSums.of(alternating(30, 27)))
    assert found.facility == 0.9
    assert found.flags == ()


def test_an_item_unrelated_to_the_rest_is_flagged_from_its_thirtieth_attempt():
    # The item is right every other attempt; the rest climbs steadily: r is about 0.
    item = [float(n % 2) for n in range(30)]
    rows = rows_of(item, [x + n // 2 for n, x in enumerate(item)])
    assert abs(discrimination(ItemSums.of(rows))) < 0.2
    assert item_statistics(ItemSums.of(rows)).flags == (Flag.NOT_DISCRIMINATING,)
    assert item_statistics(ItemSums.of(rows[:29])).flags == ()


# --- option shares ---------------------------------------------------------------------------


def bank_question(english: str, french: str) -> dict:
    return {
        "en": question_to_json(parse_gift(english, "bank.en.gift")[0]),
        "fr": question_to_json(parse_gift(french, "bank.fr.gift")[0]),
    }


CHOOSE = bank_question(
    "::choose::Who first?{=The community team ~Nobody ~Your cousin}",
    "::choose::Qui d'abord ?{=L'équipe communauté ~Personne ~Votre cousin}",
)
SEVERAL = bank_question(
    "::several::Good reflexes?{~%50%Listen ~%50%Check ~%-100%Insult}",
    "::several::Bons réflexes ?{~%50%Écouter ~%50%Vérifier ~%-100%Insulter}",
)
TRUTH = bank_question("::truth::Share early.{F}", "::truth::Partager tôt.{F}")
WORD = bank_question("::word::The code word?{=zebra}", "::word::Le mot ?{=zebre}")
PAIRS = bank_question(
    "::pairs::Offices.{=Québec -> Canada =Paris -> France = -> Spain}",
    "::pairs::Bureaux.{=Québec -> Canada =Paris -> France = -> Espagne}",
)


def shares_of(question, responses: dict, language: str = "en", **options):
    groups = [ResponseGroup(question, stored, count) for stored, count in responses]
    return response_shares(groups, language, LABELS, **options)


def table(found) -> list[tuple[str, str, bool, int, int]]:
    return [
        (part.part, option.text, option.right, option.chosen, option.offered)
        for part in found.parts
        for option in part.options
    ]


def test_single_answer_shares_list_every_option_in_order_even_unchosen():
    found = shares_of(CHOOSE, [(0, 3), (1, 1), (None, 1)])
    assert table(found) == [
        ("", "The community team", True, 3, 5),
        ("", "Nobody", False, 1, 5),
        ("", "Your cousin", False, 0, 5),
    ]
    assert (found.attempts, found.unanswered) == (5, 1)
    assert found.parts[0].options[0].share == 0.6


def test_option_texts_come_in_the_readers_language():
    found = shares_of(CHOOSE, [(0, 2)], language="fr")
    assert [option.text for option in found.parts[0].options] == [
        "L'équipe communauté",
        "Personne",
        "Votre cousin",
    ]


def test_multiple_answers_count_each_chosen_option():
    found = shares_of(SEVERAL, [([0, 1], 2), ([0, 2], 1), ([], 1)])
    assert table(found) == [
        ("", "Listen", True, 3, 4),
        ("", "Check", True, 2, 4),
        ("", "Insult", False, 1, 4),
    ]
    assert found.unanswered == 1


def test_true_false_shares_use_the_labels_given():
    found = response_shares(
        [ResponseGroup(TRUTH, True, 1), ResponseGroup(TRUTH, False, 3)],
        "fr",
        Labels(true="Vrai", false="Faux"),
    )
    assert table(found) == [("", "Vrai", False, 1, 4), ("", "Faux", True, 3, 4)]


def test_typed_answers_show_the_most_frequent_first_and_only_so_many():
    responses = [("lion", 1), ("zebra", 4), (" zebra  ", 1), ("horse", 2), ("cat", 1), ("", 2)]
    found = shares_of(WORD, responses, most_frequent=3)
    assert table(found) == [
        ("", "zebra", True, 5, 11),
        ("", "horse", False, 2, 11),
        ("", "cat", False, 1, 11),
    ]
    assert found.unanswered == 2


def test_a_typed_answer_right_in_the_other_language_is_right():
    found = shares_of(WORD, [("zebre", 1)])
    assert table(found) == [("", "zebre", True, 1, 1)]


def test_matching_shares_are_per_premise_with_the_wrong_answers_chosen():
    found = shares_of(PAIRS, [({"0": 0, "1": 1}, 2), ({"0": 2, "1": 0}, 1), ({}, 1)])
    assert table(found) == [
        ("Québec", "Canada", True, 2, 4),
        ("Québec", "Spain", False, 1, 4),
        ("Paris", "France", True, 2, 4),
        ("Paris", "Canada", False, 1, 4),
    ]
    assert found.unanswered == 1


def test_an_option_of_one_version_counts_only_the_attempts_that_were_offered_it():
    edited = bank_question(
        "::choose::Who first?{=The community team ~Nobody ~The intern}",
        "::choose::Qui d'abord ?{=L'équipe communauté ~Personne ~Le stagiaire}",
    )
    found = response_shares(
        [
            ResponseGroup(CHOOSE, 0, 3),
            ResponseGroup(CHOOSE, 2, 1),
            ResponseGroup(edited, 2, 2),
            ResponseGroup(edited, 0, 2),
        ],
        "en",
        LABELS,
    )
    assert table(found) == [
        ("", "The community team", True, 5, 8),
        ("", "Nobody", False, 0, 8),
        ("", "Your cousin", False, 1, 4),
        ("", "The intern", False, 2, 4),
    ]
