"""The quality lint's rules, each on a small bank that trips it and one that does not."""

from __future__ import annotations

import pytest

from app.content.quality import RULES
from tests.content.content_cases import BANK_EN, BANK_FR, COURSE, Replace, Write
from tests.content.quality_banks import (
    FIRST,
    SECOND,
    all_warnings,
    background,
    bank,
    draws,
    filler,
    matching,
    several,
    single,
    statement,
    tree,
    warnings_of,
)


def test_a_bank_that_follows_every_rule_has_no_warning(tmp_path):
    assert all_warnings(tree(tmp_path, background())) == []


def test_every_rule_has_its_own_code_and_a_description():
    codes = [rule.code for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert all(rule.description for rule in RULES)


# --- longest-right-option ---


def longest_bank(longest: int) -> str:
    """Eight single-answer items with four options (chance: 2); ``longest`` of them have the
    right option strictly the longest, the others a distractor as long as the right one."""
    items = [
        single(f"q{n}", "Une réponse plus longue", "Court", "Bref", "Net")
        if n < longest
        else single(f"q{n}", "Une réponse", "Une méprise", "Bref", "Net")
        for n in range(8)
    ]
    return background(*items)


def test_the_right_option_longest_more_often_than_chance_is_reported(tmp_path):
    assert warnings_of(tree(tmp_path, longest_bank(3)), "longest-right-option") == [
        f"{path}:1: warning: the right option is the longest in 3 of 8 single-answer "
        "questions (38%); chance would give at most 2: make a distractor the longest in some "
        "of them (q0, q1, q2) [longest-right-option]"
        for path in (BANK_EN, BANK_FR)
    ]


def test_the_right_option_longest_as_often_as_chance_is_fine(tmp_path):
    assert warnings_of(tree(tmp_path, longest_bank(2)), "longest-right-option") == []


def test_the_longest_option_is_counted_in_each_language(tmp_path):
    fr = background(*(single(f"q{n}", "Une réponse plus longue", "Non", "Bof") for n in range(2)))
    en = background(*(single(f"q{n}", "Yes", "A much longer option", "No") for n in range(2)))
    found = warnings_of(tree(tmp_path, fr, en), "longest-right-option")
    assert [warning.split(":")[0] for warning in found] == [BANK_FR]


def test_one_item_with_the_right_option_longest_is_allowed_in_a_small_bank(tmp_path):
    root = tree(tmp_path, background(single("q", "Une réponse plus longue", "Non")))
    assert warnings_of(root, "longest-right-option") == []


# --- true-false-balance ---


def test_unbalanced_true_false_keys_are_reported(tmp_path):
    keys = [True, False, False, False]
    root = tree(tmp_path, background(*(statement(f"s{n}", key) for n, key in enumerate(keys))))
    assert warnings_of(root, "true-false-balance") == [
        f"{BANK_FR}:1: warning: 1 of 4 true/false statements are true (25%); between 40% and "
        "60% should be, so that answering the same everywhere does not pay [true-false-balance]"
    ]


def test_balanced_true_false_keys_are_fine(tmp_path):
    keys = [True, False, True, False]
    root = tree(tmp_path, background(*(statement(f"s{n}", key) for n, key in enumerate(keys))))
    assert warnings_of(root, "true-false-balance") == []


def test_two_true_false_statements_are_not_judged(tmp_path):
    root = tree(tmp_path, background(statement("s0", False), statement("s1", False)))
    assert warnings_of(root, "true-false-balance") == []


def test_three_statements_may_have_one_true(tmp_path):
    keys = [True, False, False]
    root = tree(tmp_path, background(*(statement(f"s{n}", key) for n, key in enumerate(keys))))
    assert warnings_of(root, "true-false-balance") == []


def test_three_false_statements_are_reported(tmp_path):
    root = tree(tmp_path, background(*(statement(f"s{n}", False) for n in range(3))))
    assert len(warnings_of(root, "true-false-balance")) == 1


# --- fixed-right-count ---


def test_the_same_number_of_right_answers_everywhere_is_reported(tmp_path):
    root = tree(tmp_path, background(*(several(f"m{n}", 4, 6) for n in range(3))))
    assert warnings_of(root, "fixed-right-count") == [
        f"{BANK_FR}:1: warning: all 3 multiple-answer questions have 4 right options; vary how "
        "many are right, from 1 to all but one [fixed-right-count]"
    ]


def test_varied_numbers_of_right_answers_are_fine(tmp_path):
    root = tree(tmp_path, background(several("m0", 4, 6), several("m1", 2, 5), several("m2", 1, 4)))
    assert warnings_of(root, "fixed-right-count") == []


def test_two_multiple_answer_questions_are_not_judged(tmp_path):
    root = tree(tmp_path, background(several("m0", 2, 4), several("m1", 2, 4)))
    assert warnings_of(root, "fixed-right-count") == []


# --- absolute-word ---


def option(text: str) -> str:
    return single("q", "Demander d'abord", text, "Se taire")


# case: (French question, English question, the file warned, the word found, where)
ABSOLUTE = {
    "option_fr": (option("Toujours répondre"), option("Reply"), BANK_FR, "toujours", "option 2"),
    "twice_in_an_option_en": (
        option("Répondre"),
        option("Reply every time, to every comment"),
        BANK_EN,
        "every",
        "option 2",
    ),
    "accents_and_capitals_fr": (
        option("ENTIÈREMENT déléguer"),
        option("Delegate"),
        BANK_FR,
        "entierement",
        "option 2",
    ),
    "after_an_apostrophe_fr": (
        option("Ne répondre d'aucune façon"),
        option("Stay out"),
        BANK_FR,
        "aucune",
        "option 2",
    ),
    "n_importe_fr": (
        option("N’importe quel collègue"),
        option("A colleague"),
        BANK_FR,
        "n'importe",
        "option 2",
    ),
    "statement_en": (
        statement("q", False, "Vous répondez au client"),
        statement("q", False, "You must never answer a customer"),
        BANK_EN,
        "never",
        "the statement",
    ),
    "matching_answer_en": (
        matching("q", ("Un journaliste appelle", "Le service presse"), ("Une plainte", "Service")),
        matching("q", ("A journalist calls", "Only the press office"), ("A complaint", "Service")),
        BANK_EN,
        "only",
        "answer 1",
    ),
}


@pytest.mark.parametrize("case", sorted(ABSOLUTE))
def test_an_absolute_word_is_reported(tmp_path, case):
    fr, en, path, word, where = ABSOLUTE[case]
    root = tree(tmp_path, background(fr), background(en))
    assert warnings_of(root, "absolute-word") == [
        f"{path}:3: warning: question 'q' uses absolute wording ('{word}' in {where}), a cue "
        "that gives the answer away; say what the lesson says, with its nuance [absolute-word]"
    ]


NOT_ABSOLUTE = {
    "inside_other_words_fr": option("Atteindre le seuil, surtout"),
    "tout_de_suite_fr": option("Répondre tout de suite"),
    "inside_other_words_en": option("Tell the company, call everyone"),
}


@pytest.mark.parametrize("case", sorted(NOT_ABSOLUTE))
def test_words_that_only_look_absolute_are_fine(tmp_path, case):
    root = tree(tmp_path, background(NOT_ABSOLUTE[case]))
    assert warnings_of(root, "absolute-word") == []


# --- catch-all-option ---


@pytest.mark.parametrize(
    ("option", "language", "phrase"),
    [
        ("Toutes les réponses ci-dessus", "fr", "toutes les reponses"),
        ("Aucune de ces réponses", "fr", "aucune de ces reponses"),
        ("All of the above", "en", "all of the above"),
        ("None of the above", "en", "none of the above"),
    ],
)
def test_all_or_none_of_the_above_is_reported(tmp_path, option, language, phrase):
    question = single("q", "Demander d'abord", option, "Se taire")
    clean = single("q", "Demander d'abord", "Répondre", "Se taire")
    fr, en = (question, clean) if language == "fr" else (clean, question)
    path = BANK_FR if language == "fr" else BANK_EN
    assert warnings_of(tree(tmp_path, background(fr), background(en)), "catch-all-option") == [
        f"{path}:3: warning: question 'q' has '{phrase}' as option 2; write an option that "
        "stands on its own [catch-all-option]"
    ]


def test_options_that_stand_on_their_own_are_fine(tmp_path):
    root = tree(tmp_path, background(single("q", "Les réponses du service", "Répondre", "Rien")))
    assert warnings_of(root, "catch-all-option") == []


# --- matching-echo ---


@pytest.mark.parametrize(
    ("premise", "answer", "echo"),
    [
        ("Dégager du temps", "Inscrire le temps dans l'agenda", "temps"),
        ("Réponses aux clients", "Une réponse dans l'heure", "reponses"),
    ],
)
def test_a_matching_premise_echoing_its_answer_is_reported(tmp_path, premise, answer, echo):
    question = matching("q", (premise, answer), ("Un journaliste appelle", "La cellule de crise"))
    assert warnings_of(tree(tmp_path, background(question)), "matching-echo") == [
        f"{path}:3: warning: question 'q' pairs '{premise}' with an answer that shares '{echo}'; "
        "reword one of them so the pair is found by meaning, not by the word [matching-echo]"
        for path in (BANK_EN, BANK_FR)
    ]


def test_matching_pairs_found_by_meaning_are_fine(tmp_path):
    question = matching(
        "q",
        ("Dégager du temps", "Bloquer une heure dans l'agenda"),
        ("Un journaliste appelle", "La cellule de crise"),
        ("Le plan de la semaine", "Le plan des publications"),  # 'plan' is too short to count
    )
    assert warnings_of(tree(tmp_path, background(question)), "matching-echo") == []


# --- near-duplicate ---

OTHER_COURSE = (
    'slug: other\ntitle: {fr: "Autre", en: "Other"}\nsummary: {fr: "Autre.", en: "Other."}\n'
    "lessons:\n  - 01-only\nquiz:\n  pass_mark: 50\n  questions_per_attempt: 2\n"
)
OTHER_LESSON = '---\ntitle: "Leçon"\nminutes: 3\n---\n## Écouter\n\nÉcoutez.\n'


def with_other_bank(question: str) -> list:
    other = bank(("other/01-only", [question, *filler(4, "other", "Quelle date clôt l'étape {n}")]))
    return [
        Write("courses/other/course.yml", OTHER_COURSE),
        Write("courses/other/lessons/01-only.fr.md", OTHER_LESSON),
        Write("courses/other/lessons/01-only.en.md", OTHER_LESSON),
        Write("quizzes/other.fr.gift", other),
        Write("quizzes/other.en.gift", other),
    ]


ORIGINAL = "Un client se plaint sous une publication du bureau de Paris; que faites-vous d'abord"


def test_a_near_duplicate_in_another_bank_is_reported_in_both(tmp_path):
    here = single("q", "Le signaler", "Le supprimer", text=ORIGINAL)
    there = single("t", "Le signaler", "Le supprimer", text=ORIGINAL.replace("Paris", "Québec"))
    root = tree(tmp_path, background(here), None, *with_other_bank(there))
    found = warnings_of(root, "near-duplicate")
    assert [warning.split(": warning:")[0] for warning in found] == [
        f"{BANK_EN}:3",
        f"{BANK_FR}:3",
        "quizzes/other.en.gift:3",
        "quizzes/other.fr.gift:3",
    ]
    assert (
        "question 'q' is nearly the same as 't' in quizzes/other.fr.gift:3 (similarity"
        in (found[1])
    )


def test_questions_that_ask_different_things_are_fine(tmp_path):
    here = single("q", "Le signaler", "Le supprimer", text=ORIGINAL)
    there = single("t", "Le signaler", "Le supprimer", text="Quel outil sert à la veille")
    root = tree(tmp_path, background(here), None, *with_other_bank(there))
    assert warnings_of(root, "near-duplicate") == []


# --- no-lesson, unknown-lesson, lesson-without-questions ---


def test_a_question_without_a_category_has_no_lesson(tmp_path):
    fr = bank((None, filler(1, "loose")), (FIRST, filler(3)), (SECOND, filler(2, "second")))
    assert warnings_of(tree(tmp_path, fr), "no-lesson") == [
        f"{BANK_FR}:1: warning: question 'loose-0' is not mapped to a lesson: put it under "
        "'$CATEGORY: basics/<lesson>' with one of 01-first, 02-second [no-lesson]"
    ]


def test_a_category_of_another_bank_is_no_lesson(tmp_path):
    fr = bank(
        ("general/01-first", filler(1, "loose")), (FIRST, filler(3)), (SECOND, filler(2, "s"))
    )
    assert len(warnings_of(tree(tmp_path, fr), "no-lesson")) == 1


def test_an_unknown_lesson_is_reported(tmp_path):
    fr = bank(("basics/reflexes", filler(1, "loose")), (FIRST, filler(3)), (SECOND, filler(2, "s")))
    assert warnings_of(tree(tmp_path, fr), "unknown-lesson") == [
        f"{BANK_FR}:3: warning: question 'loose-0' is filed under 'basics/reflexes', but "
        "'reflexes' is not a lesson of the course (lessons: 01-first, 02-second) [unknown-lesson]"
    ]


def test_questions_mapped_to_lessons_are_fine(tmp_path):
    root = tree(tmp_path, background())
    assert warnings_of(root, "no-lesson") + warnings_of(root, "unknown-lesson") == []


def test_a_lesson_without_questions_is_reported(tmp_path):
    root = tree(tmp_path, bank((FIRST, filler(5))))
    assert warnings_of(root, "lesson-without-questions") == [
        f"{BANK_FR}:1: warning: lesson '02-second' has no question; every lesson needs some, "
        "in proportion to its length [lesson-without-questions]"
    ]


# --- bank-too-small ---


def test_a_bank_under_two_and_a_half_draws_is_reported(tmp_path):
    root = tree(tmp_path, bank((FIRST, filler(5)), (SECOND, filler(2, "s"))), None, draws(3))
    assert warnings_of(root, "bank-too-small") == [
        f"{BANK_FR}:1: warning: the bank holds 7 questions for 3 drawn per attempt; it needs at "
        "least 8 (2.5 × the questions drawn) [bank-too-small]"
    ]


def test_a_bank_of_two_and_a_half_draws_is_fine(tmp_path):
    root = tree(tmp_path, bank((FIRST, filler(6)), (SECOND, filler(2, "s"))), None, draws(3))
    assert warnings_of(root, "bank-too-small") == []


def test_a_bank_drawn_whole_is_too_small(tmp_path):
    root = tree(tmp_path, background(), None, Replace(COURSE, "  questions_per_attempt: 2\n", ""))
    assert len(warnings_of(root, "bank-too-small")) == 1


def test_draws_per_category_add_up(tmp_path):
    per_category = Replace(COURSE, "questions_per_attempt: 2", f"draw: {{{FIRST}: 2, {SECOND}: 1}}")
    root = tree(tmp_path, background(), None, per_category)
    assert "for 3 drawn per attempt" in warnings_of(root, "bank-too-small")[0]


# --- language-pairs ---


def test_questions_in_another_order_in_english_are_reported(tmp_path):
    fr = bank((FIRST, filler(3)), (SECOND, filler(2, "s")))
    en = bank((FIRST, [filler(3)[1], filler(3)[0], filler(3)[2]]), (SECOND, filler(2, "s")))
    assert warnings_of(tree(tmp_path, fr, en), "language-pairs") == [
        f"{BANK_EN}:3: warning: question 'filler-1' comes at position 1 here, where the French "
        "bank has 'filler-0'; list the questions in the same order in both files "
        "[language-pairs]"
    ]


def test_questions_in_the_same_order_are_fine(tmp_path):
    assert warnings_of(tree(tmp_path, background()), "language-pairs") == []
