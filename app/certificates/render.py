"""The certificate as a PDF/A-3b: frozen facts and a template folder in, PDF bytes out.

A pure core (no Flask, no database): ``documents.py`` gathers the facts a certificate froze at
issue and stores what this returns. The template is data (``certificates/``): Jinja with
autoescaping, so a holder's name is always text, and WeasyPrint with a fetcher that serves only
the folder's own files, so a template can neither read the machine nor reach the network. The
signed Open Badges credential travels inside the PDF as an embedded file. The same facts give
the same bytes: every date and identifier in the file comes from the facts, none from the clock.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import threading
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
import segno
import yaml
from babel.dates import format_date
from babel.numbers import format_percent
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from app.i18n import LANGUAGES

PDF_VARIANT = "pdf/a-3b"
TEMPLATE = "certificate.html"
DEFAULT_ACCENT = "#1d3557"  # printed when a stored colour is not a plain #rrggbb
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
LONG_NAME, LONG_TITLE = 40, 80  # characters
CREDENTIAL_TYPE = "application/vc+jwt"  # the media type of a VC-JWT (VC-JOSE-COSE)


class RenderError(Exception):
    """The template could not be rendered: a refused or missing file, or a broken template."""


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate states, as it was frozen at issue, and the credential it carries."""

    serial: str
    holder_name: str
    language: str  # the holder's; the other language is the subtitle
    track_title: dict[str, str]  # {"fr": ..., "en": ...}
    grade: float | None  # within [0, 1]
    valid_from: date
    valid_until: date | None  # the last valid day; None: no end
    issued_at: datetime  # aware; dates the PDF's metadata and attachment
    accent_colour: str
    issuer_name: str
    signatory: str
    signatory_title: str
    verification_url: str
    credential_jwt: str  # the signed Open Badges credential, embedded as a file


class BundledFiles(URLFetcher):
    """Serves the files under one folder and refuses every other URL (other schemes, other
    paths, ``..`` escapes, links out of the folder): WeasyPrint stops the rendering at the
    first refusal, so a certificate never silently lacks its logo or font."""

    def __init__(self, root: Path):
        super().__init__(fail_on_errors=True)
        self.root = root.resolve()

    def fetch(self, url, headers=None):
        path = self.local_path(url)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": media_type}
        )

    def local_path(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise PermissionError(f"refused: {url} is not a file of the template")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise PermissionError(f"refused: {url} is not a file of the template")
        return path


class CredentialFile(URLFetcher):
    """Hands WeasyPrint the credential to embed, with its media type (PDF/A-3 asks for one)."""

    def __init__(self, token: str):
        super().__init__(fail_on_errors=True)
        self.token = token

    def fetch(self, url, headers=None):
        return URLFetcherResponse(url, body=self.token, headers={"Content-Type": CREDENTIAL_TYPE})


# Shared by every rendering in the process: the fonts are loaded into Fontconfig once, and the
# images are decoded once. gunicorn's sync workers render one certificate at a time; the lock
# keeps threads (the test server, a thread pool) from sharing them mid-rendering.
FONTS: list[FontConfiguration] = []  # made at the first rendering (see ``fonts``)
IMAGES: dict = {}
SHARED = threading.Lock()
TEMPLATES: dict[Path, Template] = {}
STYLESHEET = "certificate.css"


def fonts() -> FontConfiguration:
    """The process's font configuration, made when the first certificate is rendered rather
    than at import: a process that never renders (every other command, most requests) never
    holds Fontconfig and Pango objects, whose teardown at exit can crash."""
    if not FONTS:
        FONTS.append(FontConfiguration())
    return FONTS[0]


@dataclass(frozen=True)
class Template:
    """A template folder, read once per process: the page, its wording, its parsed style."""

    folder: Path
    page: jinja2.Template  # autoescaped
    wording: dict
    stylesheet: CSS
    fetcher: BundledFiles


def render_pdf(facts: CertificateFacts, folder: Path) -> bytes:
    """The certificate's PDF/A-3b, from its facts and the template folder."""
    try:
        with SHARED:
            found = template(folder)
        html = found.page.render(page_values(facts, found.wording))
    except FatalURLFetchingError as error:
        raise RenderError(str(error.__cause__ or error)) from error
    except Exception as error:
        raise RenderError(f"{folder}: {error}") from error
    document = HTML(string=html, base_url=found.folder.as_uri() + "/")
    document.url_fetcher = found.fetcher
    try:
        with SHARED, warnings.catch_warnings():
            # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it: the file is
            # read whole, so the warning is all there is to it.
            warnings.filterwarnings(
                "ignore", r"unclosed file .*sRGB2014\.icc", category=ResourceWarning
            )
            return document.write_pdf(
                stylesheets=[found.stylesheet],
                font_config=fonts(),
                cache=IMAGES,
                pdf_variant=PDF_VARIANT,
                pdf_identifier=identifier(facts),
                attachments=[credential_attachment(facts)],
                finisher=list_attachments_once,
            )
    except FatalURLFetchingError as error:  # a BaseException: turned into one callers catch
        raise RenderError(str(error.__cause__ or error)) from error


def template(folder: Path) -> Template:
    """The template folder's page, wording and style, read and parsed once per process (parsing
    the style costs as much as laying out half the page). A changed template is read again
    when the site restarts, as its version changes with a deployment."""
    folder = folder.resolve()
    if folder not in TEMPLATES:
        settings = yaml.safe_load((folder / "template.yml").read_text(encoding="utf-8"))
        environment = Environment(loader=FileSystemLoader(folder), autoescape=True)
        fetcher = BundledFiles(folder)
        stylesheet = CSS(
            url=(folder / STYLESHEET).as_uri(), url_fetcher=fetcher, font_config=fonts()
        )
        TEMPLATES[folder] = Template(
            folder, environment.get_template(TEMPLATE), settings["wording"], stylesheet, fetcher
        )
    return TEMPLATES[folder]


def page_values(facts: CertificateFacts, wording: dict) -> dict:
    """What certificate.html shows: each fact in the holder's language and in the other."""
    lang = facts.language if facts.language in LANGUAGES else LANGUAGES[0]
    other_lang = next(language for language in LANGUAGES if language != lang)
    titles = facts.track_title
    main_title = titles.get(lang) or next(iter(titles.values()), "")
    return {
        "lang": lang,
        "other_lang": other_lang,
        "main": wording[lang],
        "other": wording[other_lang],
        "serial": facts.serial,
        "holder_name": facts.holder_name,
        # Set in smaller type beyond these lengths, so that the page stays one page.
        "long": len(facts.holder_name) > LONG_NAME or len(main_title) > LONG_TITLE,
        "title": {"main": main_title, "other": titles.get(other_lang, "")},
        "dates": {
            "valid_from": both_languages(facts.valid_from, lang, other_lang),
            "valid_until": facts.valid_until
            and both_languages(facts.valid_until, lang, other_lang),
        },
        "grade": None if facts.grade is None else format_percent(facts.grade, locale=lang),
        "issuer": {
            "name": facts.issuer_name,
            "signatory": facts.signatory,
            "signatory_title": facts.signatory_title,
        },
        "accent": facts.accent_colour
        if HEX_COLOUR.fullmatch(facts.accent_colour)
        else DEFAULT_ACCENT,
        "created": facts.issued_at.astimezone(UTC).isoformat(timespec="seconds"),
        "verification_url": facts.verification_url,
        "qr_code": qr_code(facts.verification_url),
    }


def both_languages(day: date, lang: str, other_lang: str) -> dict:
    return {
        "main": format_date(day, format="long", locale=lang),
        "other": format_date(day, format="long", locale=other_lang),
    }


def qr_code(url: str) -> Markup:
    """The verification URL as an inline SVG QR code. segno writes the markup itself (the URL
    is only data in it), so it is marked safe."""
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#1a1a1a", light="#ffffff", border=2)
    return Markup(svg)  # noqa: S704  (segno's markup: the URL is only drawn)


def credential_attachment(facts: CertificateFacts) -> Attachment:
    """A new attachment for each PDF: WeasyPrint writes its checksum onto the object."""
    return Attachment(
        url=f"credential:{facts.serial}",
        url_fetcher=CredentialFile(facts.credential_jwt),
        name=f"{facts.serial}-credential.jwt",
        description="Open Badges 3.0 credential (VC-JWT)",
        created=facts.issued_at,
        modified=facts.issued_at,
        relationship="Data",
    )


def identifier(facts: CertificateFacts) -> bytes:
    """The PDF's file identifier, from the facts rather than from chance."""
    seed = "\n".join((facts.serial, facts.holder_name, facts.credential_jwt))
    return hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest().encode()


def list_attachments_once(document, pdf) -> None:
    """WeasyPrint 70 puts each embedded file twice in the catalog's /AF (its issue #2917): it
    adds the names tree's references, then every file specification again. Keep one of each."""
    listed = pdf.catalog.get("AF")
    if not listed:
        return
    unique = list(dict.fromkeys(listed))
    listed.clear()
    listed.extend(unique)
