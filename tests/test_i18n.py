"""Two languages: French by default, English complete; the choice follows the person."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from app.extensions import db
from app.people.models import Person
from tests.conftest import sign_in
from tests.factories import make_person

ROOT = Path(__file__).resolve().parent.parent
FRENCH_CATALOG = ROOT / "app/translations/fr/LC_MESSAGES/messages.po"
METHOD_MAP = [
    ("app/**.py", "python"),
    ("app/templates/**.html", "jinja2"),
    ("app/templates/**.txt", "jinja2"),
]
# The keywords of `make i18n-extract`: pybabel's defaults, the lazy and the no-op (N_) markers.
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "lazy_gettext": None, "_l": None}


def source_messages(root: Path = ROOT) -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        root, METHOD_MAP, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def untranslated(messages: set[str], catalog_path: Path = FRENCH_CATALOG) -> list[str]:
    with open(catalog_path, "rb") as handle:
        catalog = read_po(handle, locale="fr")
    translated = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated[key] = all(strings) and "fuzzy" not in message.flags
    return sorted(m for m in messages if not translated.get(m))


def test_every_message_has_a_french_translation():
    missing = untranslated(source_messages())
    assert missing == [], "run `make i18n-extract` and translate: " + "; ".join(missing)


def test_messages_marked_with_n_are_checked_too(tmp_path):
    module = tmp_path / "app" / "quiz.py"
    module.parent.mkdir()
    module.write_text('refusal = N_("Only marked, translated later.")\nseen = _("Seen.")\n')
    catalog = tmp_path / "messages.po"
    catalog.write_text(
        'msgid "Seen."\nmsgstr "Vu."\n\nmsgid "Only marked, translated later."\nmsgstr ""\n'
    )
    messages = source_messages(tmp_path)
    assert messages == {"Only marked, translated later.", "Seen."}
    assert untranslated(messages, catalog) == ["Only marked, translated later."]


def test_french_is_the_default(client, app):
    assert "Se connecter" in client.get("/login").get_data(as_text=True)


def test_accept_language_picks_english(client, app):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="en">' in page and "Sign in" in page


def test_switch_changes_the_language_for_an_anonymous_visitor(client, app):
    response = client.post("/language", data={"language": "en", "next": "/login"})
    assert response.headers["Location"] == "/login"
    assert "Forgot your password?" in client.get("/login").get_data(as_text=True)


def test_switch_refuses_unknown_languages(client, app):
    client.post("/language", data={"language": "de", "next": "/login"})
    assert "Se connecter" in client.get("/login").get_data(as_text=True)


def test_preference_wins_over_the_browser(client, app):
    person = make_person(language="fr")
    db.session.commit()
    sign_in(client, person.email)
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Mon profil" in page


def test_switch_saves_the_preference_of_a_signed_in_person(client, app):
    person = make_person(language="fr")
    db.session.commit()
    sign_in(client, person.email)
    client.post("/language", data={"language": "en", "next": "/"})
    db.session.expire_all()
    assert db.session.get(Person, person.id).language == "en"
    assert "My profile" in client.get("/").get_data(as_text=True)


# French typography: a no-break space (U+00A0, or the narrow U+202F) before : ; ! ? and before
# a percent sign (%% in a python-format string, % elsewhere; not a %(name)s placeholder).
PLAIN_SPACE_BEFORE_SIGN = re.compile(r"[ \t\n](?:[:;!?]|%%|%(?![(a-z]))")


def french_typography_faults(catalog_path: Path = FRENCH_CATALOG) -> list[str]:
    with open(catalog_path, "rb") as handle:
        catalog = read_po(handle, locale="fr")
    faults = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        faults += [text for text in strings if message.id and PLAIN_SPACE_BEFORE_SIGN.search(text)]
    return faults


def test_french_puts_a_no_break_space_before_two_part_signs_and_percent():
    faults = french_typography_faults()
    assert faults == [], "use U+202F (or U+00A0) before : ; ! ? %: " + " | ".join(faults)


def test_the_typography_check_finds_a_plain_space(tmp_path):
    catalog = tmp_path / "messages.po"
    catalog.write_text(
        'msgid "Wait:"\nmsgstr "Attendez :"\n\n'
        'msgid "Good:"\nmsgstr "Bien\u202f:"\n\n'
        '#, python-format\nmsgid "%(n)d%%"\nmsgstr "%(n)d %%"\n\n'
        '#, python-format\nmsgid "of %(n)d"\nmsgstr "sur %(n)d"\n',
        encoding="utf-8",
    )
    assert french_typography_faults(catalog) == ["Attendez :", "%(n)d %%"]


# English typography: no space of any kind before : ; ! ? or a percent sign ("22%", not
# "22 %"), where French puts a no-break one. A %(name)s placeholder after a space is fine.
SPACE_BEFORE_SIGN_IN_ENGLISH = re.compile(
    r"[ \t\n\u00a0\u202f](?:[:;!?](?=\s|$)|%%|%(?![(a-z]))|[\u00a0\u202f][:;!?]"
)
ENGLISH_CONTENT = ("courses/**/*.en.md", "quizzes/*.en.gift")


def english_typography_faults(texts) -> list[str]:
    return [text for text in texts if SPACE_BEFORE_SIGN_IN_ENGLISH.search(text)]


def test_english_messages_have_no_french_spacing():
    faults = english_typography_faults(source_messages())
    assert faults == [], "English writes 22% and 'Note:' without a space: " + " | ".join(faults)


def test_english_content_has_no_french_spacing():
    lines = [
        f"{path.relative_to(ROOT)}: {line}"
        for pattern in ENGLISH_CONTENT
        for path in sorted(ROOT.glob(pattern))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert len(lines) > 100  # the content is there to check
    faults = english_typography_faults(lines)
    assert faults == [], "English writes 30% and 'Note:' without a space: " + " | ".join(faults)


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("Score: 22 %", True),
        ("Score: 22\u00a0%", True),
        ("%(grade)d %%", True),
        ("Note\u202f: read it", True),
        ("Really ?", True),
        ("Score: 22%", False),
        ("Pass mark: %(mark)s", False),
        ("%(answered)d answered, %(num)d questions", False),
    ],
    ids=["space", "no-break", "escaped", "narrow-colon", "question", "fine", "placeholder",
         "placeholders"],
)  # fmt: skip
def test_the_english_typography_check_finds_french_spacing(text, fault):
    assert english_typography_faults([text]) == ([text] if fault else [])


def test_french_names_the_pass_mark_one_way():
    """One term, "seuil de réussite", wherever English says "pass mark"."""
    with open(FRENCH_CATALOG, "rb") as handle:
        catalog = read_po(handle, locale="fr")
    pass_mark = [message for message in catalog if message.id and "pass mark" in str(message.id)]
    assert len(pass_mark) >= 3
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert "note de réussite" not in text.lower(), text
            assert "encore une fois" not in text.lower(), text
            if message in pass_mark:
                assert "seuil de réussite" in text.lower(), text
