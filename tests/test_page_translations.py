"""The templates' ``_()`` and ``ngettext()``: the request's language, the language forced for an
e-mail inside a request, escaping as Jinja's own newstyle gettext does."""

from contextlib import contextmanager

from flask import render_template_string
from flask_babel import force_locale


@contextmanager
def request_in(app, language: str):
    # A fresh application context: Flask-Babel keeps the chosen locale on ``g``, which the
    # fixture's own context would share between requests.
    with app.app_context(), app.test_request_context("/", headers={"Accept-Language": language}):
        yield


def render(app, source: str, language: str, **values) -> str:
    with request_in(app, language):
        return render_template_string(source, **values)


def test_a_string_is_in_the_request_language(app):
    assert render(app, '{{ _("Skip to content") }}', "fr") == "Aller au contenu"
    assert render(app, '{{ _("Skip to content") }}', "en") == "Skip to content"


def test_a_plural_is_chosen_by_the_number_in_the_request_language(app):
    message = '"%(num)d of %(total)d lessons read"'
    source = f"{{{{ ngettext({message}, {message}, 2, total=10) }}}}"
    assert render(app, source, "fr") == "2 leçons lues sur 10"
    assert render(app, source, "en") == "2 of 10 lessons read"


def test_a_forced_language_wins_inside_a_request(app):
    with request_in(app, "fr"):
        assert render_template_string('{{ _("Skip to content") }}') == "Aller au contenu"
        with force_locale("en"):
            assert render_template_string('{{ _("Skip to content") }}') == "Skip to content"
        assert render_template_string('{{ _("Skip to content") }}') == "Aller au contenu"


def test_a_value_put_into_a_string_is_escaped(app):
    source = '{{ _("Continue: %(lesson)s", lesson=title) }}'
    assert render(app, source, "en", title="<b>") == "Continue: &lt;b&gt;"
