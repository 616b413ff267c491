"""A course whose bank holds every graded question type, each feedback carrying a SECRET marker,
so that a test can prove no page shows a key or a feedback before the review allows it."""

from __future__ import annotations

from pathlib import Path

from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from tests.content.content_cases import COURSE, Write, minimal_tree

BANK_EN = """$CATEGORY: basics/choices

::choose::Which team do you alert first?{
=The community team#SECRET-choose-right
~Nobody#SECRET-choose-nobody
~Your cousin#SECRET-choose-cousin
####SECRET-choose-general}

::several::Which are good reflexes?{
~%50%Listen#SECRET-several-listen
~%50%Check#SECRET-several-check
~%-100%Insult#SECRET-several-insult
####SECRET-several-general}

::truth::You may share results before they are announced.{
F#SECRET-truth-wrong#SECRET-truth-right
####SECRET-truth-general}

$CATEGORY: basics/typed

::word::Which code word opens the vault?{
=zebra-keyword#SECRET-word-right
=%0%*#SECRET-word-other
####SECRET-word-general}

::number::How many people sit on the panel?{
#=31:0#SECRET-number-right
=%50%25..35#SECRET-number-close
~#SECRET-number-wrong
####SECRET-number-general}

::pairs::Match each office with its country.{
=Québec -> Canada
=Paris -> France
=Louvain-la-Neuve -> Belgium
####SECRET-pairs-general}
"""

BANK_FR = """$CATEGORY: basics/choices

::choose::Quelle équipe alerter d'abord ?{
=L'équipe communauté#SECRET-choose-right
~Personne#SECRET-choose-nobody
~Votre cousin#SECRET-choose-cousin
####SECRET-choose-general}

::several::Quels sont les bons réflexes ?{
~%50%Écouter#SECRET-several-listen
~%50%Vérifier#SECRET-several-check
~%-100%Insulter#SECRET-several-insult
####SECRET-several-general}

::truth::On peut partager des résultats avant leur annonce.{
F#SECRET-truth-wrong#SECRET-truth-right
####SECRET-truth-general}

$CATEGORY: basics/typed

::word::Quel mot de passe ouvre le coffre ?{
=zebre-motcle#SECRET-word-right
=%0%*#SECRET-word-other
####SECRET-word-general}

::number::Combien de personnes siègent au jury ?{
#=31:0#SECRET-number-right
=%50%25..35#SECRET-number-close
~#SECRET-number-wrong
####SECRET-number-general}

::pairs::Associez chaque bureau à son pays.{
=Québec -> Canada
=Paris -> France
=Louvain-la-Neuve -> Belgique
####SECRET-pairs-general}
"""

COURSE_YML = """slug: basics
title: {{fr: "Les bases", en: "The basics"}}
summary: {{fr: "Pour commencer.", en: "To begin with."}}
lessons:
  - 01-first
  - 02-second
quiz:
  pass_mark: 60
{settings}"""

SECRET_KEYS = ("SECRET", "zebra-keyword", "zebre-motcle")


def quiz_tree(destination: Path, *edits, **settings) -> Path:
    """The minimal tree with the quiz bank, ``settings`` in course.yml, then ``edits``."""
    lines = "".join(f"  {key}: {value}\n" for key, value in settings.items())
    return minimal_tree(
        destination,
        Write(COURSE, COURSE_YML.format(settings=lines)),
        Write("quizzes/basics.en.gift", BANK_EN),
        Write("quizzes/basics.fr.gift", BANK_FR),
        *edits,
    )


def sync_quiz(destination: Path, **settings) -> None:
    sync_content(load_content(quiz_tree(destination, **settings)))
    db.session.commit()
