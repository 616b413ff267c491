"""The words of a question, read the way the quality lint needs: absolute words that give an
answer away, content words and their stems (for echoes), and how alike two stems are."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from app.quiz.types.shortanswer import fold


def word_list(text: str) -> tuple[str, ...]:
    """Long word lists read best written as text."""
    return tuple(text.split())


# Words that make a statement or an option sound absolute, the cue test-wise readers use to
# rule it out (or, for "enough"/"suffit", to spot a trap). Written as ``fold`` leaves text:
# lowercase, no accents, straight apostrophes.
ABSOLUTE_WORDS = {
    "fr": word_list(
        "toujours jamais uniquement seulement seul seule seuls seules suffit suffisent suffire "
        "aucun aucune rien tout tous toute toutes totalement entierement systematiquement "
        "forcement exclusivement n'importe"
    ),
    "en": word_list(
        "always never only solely suffice suffices enough none nothing all every any entirely "
        "completely totally necessarily exclusively whatever"
    ),
}
# "Tout de suite" means "right away", not "all": no cue there.
NOT_ABSOLUTE = {"fr": ("tout de suite",), "en": ()}
# Options that point at the other options instead of standing on their own.
CATCH_ALL_OPTIONS = {
    "fr": (
        "toutes les reponses",
        "toutes ces reponses",
        "aucune de ces reponses",
        "aucune des reponses",
        "aucune reponse",
    ),
    "en": ("all of the above", "none of the above", "all of these", "none of these"),
}

# Stop words long enough (five letters or more) to count as content words otherwise.
STOP_WORDS = {
    "fr": set(
        word_list(
            "alors apres autre autres avant avoir aussi celle celles celui ceux cette chaque comme "
            "contre depuis encore entre etait etant elles leurs lorsque meme memes notre nos "
            "pendant parce pourquoi quand quelle quelles quels selon toute toutes votre vous "
            "doivent faire peuvent ainsi laquelle lequel lesquels lesquelles quelque quelques "
            "plutot"
        )
    ),
    "en": set(
        word_list(
            "about above after again among because before being below between could during every "
            "first other others should their theirs there these those through under until which "
            "while where would without within whose yours"
        )
    ),
}
# A light stemmer: the longest of these endings is cut, as long as four letters remain.
SUFFIXES = {
    "fr": sorted(
        word_list(
            "issements issement ations ation ements ement ments ment atrices atrice ateurs "
            "ateur euses euse eurs eur ites ite ives ive ifs if ables able iques ique ismes "
            "isme istes iste ances ance ences ence aient ait ant ants antes ante ees ee es er "
            "ez e s x"
        ),
        key=len,
        reverse=True,
    ),
    "en": sorted(
        word_list(
            "ations ation ings ing ments ment ness ities ity ives ive ers er ed ies ied es s ly "
            "al e"
        ),
        key=len,
        reverse=True,
    ),
}
MIN_STEM = 4
MIN_CONTENT_WORD = 5  # shorter words are too common to make an echo

WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=64)
def word_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(phrase) for phrase in phrases)
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def absolute_words(text: str, language: str) -> list[str]:
    """The absolute words in ``text``, whole words only ("seul" is not found in "seuil")."""
    found = fold(text)
    for idiom in NOT_ABSOLUTE[language]:
        found = found.replace(idiom, " ")
    return word_pattern(tuple(ABSOLUTE_WORDS[language])).findall(found)


def catch_all_phrases(text: str, language: str) -> list[str]:
    """'All of the above' and its kin, which no option of ours may be."""
    return word_pattern(tuple(CATCH_ALL_OPTIONS[language])).findall(fold(text))


def stem(word: str, language: str) -> str:
    for suffix in SUFFIXES[language]:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def content_stems(text: str, language: str) -> dict[str, str]:
    """Stem → the first word that has it, for the words of five letters or more that carry
    meaning (stop words left out)."""
    stems: dict[str, str] = {}
    for word in WORD.findall(fold(text)):
        if len(word) >= MIN_CONTENT_WORD and word not in STOP_WORDS[language]:
            stems.setdefault(stem(word, language), word)
    return stems


def echoed_words(premise: str, answer: str, language: str) -> list[str]:
    """Words of the premise whose stem comes back in its answer ("temps" → "temps")."""
    answer_stems = content_stems(answer, language)
    return [word for key, word in content_stems(premise, language).items() if key in answer_stems]


# Two question stems are near duplicates when their characters match this closely (difflib's
# ratio) or when they share this share of their words (Jaccard index of the word sets).
SIMILAR_RATIO = 0.85
SIMILAR_WORDS = 0.8
# Stems that share less than a quarter of their words are not compared character by character:
# none reaches the ratio in practice, and the comparison is what takes time.
COMPARED_WORDS = 0.25


class Stem:
    """A question's stem, normalised (folded words, no punctuation) and ready to compare."""

    def __init__(self, text: str):
        self.text = " ".join(WORD.findall(fold(text)))
        self.words = set(self.text.split())
        self._matcher: SequenceMatcher | None = None

    def matcher(self) -> SequenceMatcher:
        """A matcher against this stem, built once: difflib indexes its second sequence."""
        if self._matcher is None:
            self._matcher = SequenceMatcher(None, b=self.text, autojunk=False)
        return self._matcher


def similarity(first: Stem, second: Stem) -> float | None:
    """How alike two stems are, or None when they are not near duplicates."""
    union = first.words | second.words
    jaccard = len(first.words & second.words) / len(union) if union else 1.0
    if jaccard >= SIMILAR_WORDS:
        return jaccard
    # The ratio is at most 2·shorter/(both lengths).
    shorter, both = min(len(first.text), len(second.text)), len(first.text) + len(second.text)
    if jaccard < COMPARED_WORDS or 2 * shorter < SIMILAR_RATIO * both:
        return None
    matcher = second.matcher()
    matcher.set_seq1(first.text)
    if matcher.quick_ratio() < SIMILAR_RATIO:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= SIMILAR_RATIO else None
