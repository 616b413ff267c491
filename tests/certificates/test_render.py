"""The PDF core: frozen facts and the template folder in, a PDF/A-3b out, with its metadata and
the signed credential embedded once; the fetcher serves the template's own files and nothing
else; a holder's name is printed as text whatever it holds. No Flask and no database here."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from app.certificates.render import BundledFiles, CertificateFacts, RenderError, render_pdf

TEMPLATES = Path(__file__).resolve().parents[2] / "certificates"
FACTS = CertificateFacts(
    serial="RL-2026-000123",
    holder_name="Learner One",
    language="fr",
    track_title={"fr": "Gestionnaires de communauté", "en": "Community managers"},
    grade=0.92,
    valid_from=date(2026, 12, 1),
    valid_until=date(2028, 11, 30),
    issued_at=datetime(2026, 12, 1, 15, 30, tzinfo=UTC),
    accent_colour="#8b1f5f",
    issuer_name="Relais",
    signatory="Responsable de la formation",
    signatory_title="Ressources humaines",
    verification_url="https://relais.example/verify/abcdefghijklmnopqrstuvwxyz012345",
    credential_jwt="eyJhbGciOiJFZDI1NTE5In0.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl",
)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1  # one A4 page, whatever the facts
    return reader.pages[0].extract_text()


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(FACTS, TEMPLATES)


def test_the_pdf_is_pdf_a_3b(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.open_metadata().pdfa_status == "3B"


def test_the_pdf_is_one_a4_landscape_page(pdf):
    [page] = PdfReader(io.BytesIO(pdf)).pages
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (297, 210)


def test_the_credential_is_embedded_once_and_listed_once(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert list(document.attachments) == ["RL-2026-000123-credential.jwt"]
        listed = document.Root.AF  # WeasyPrint 70 lists each file twice here (its #2917)
        assert len(listed) == 1
        assert listed[0].AFRelationship == "/Data"
        stream = listed[0].EF.F
        assert stream.read_bytes().decode() == FACTS.credential_jwt
        assert stream.Subtype == "/application/vc+jwt"


def test_each_pdf_gets_its_own_attachment():
    other = replace(FACTS, serial="RL-2026-000124", credential_jwt="eyJ.other.token")
    with pikepdf.open(io.BytesIO(render_pdf(other, TEMPLATES))) as document:
        assert list(document.attachments) == ["RL-2026-000124-credential.jwt"]
        assert document.Root.AF[0].EF.F.read_bytes() == b"eyJ.other.token"


def test_the_metadata_says_title_author_subject_and_language(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as document:
        info = document.docinfo
        assert (
            str(info.Title)
            == "Certificat de réussite — Gestionnaires de communauté — RL-2026-000123"
        )
        assert str(info.Author) == "Relais"
        assert str(info.Subject) == "Learner One — Gestionnaires de communauté — RL-2026-000123"
        assert str(document.Root.Lang) == "fr"
        with document.open_metadata() as xmp:
            assert xmp["dc:title"] == str(info.Title)


def test_the_text_states_name_track_serial_dates_grade_and_issuer(pdf):
    text = text_of(pdf)
    for expected in (
        "Learner One",
        "Gestionnaires de communauté",
        "Community managers",  # the other language, as the subtitle
        "Certificat de réussite",
        "Certificate of completion",
        "RL-2026-000123",
        "1 décembre 2026",
        "December 1, 2026",
        "30 novembre 2028",
        "92",
        "Responsable de la formation",
        "Relais",
    ):
        assert expected in text, expected


def test_an_english_holder_reads_english_first():
    text = text_of(render_pdf(replace(FACTS, language="en"), TEMPLATES))
    assert text.index("Certificate of completion") < text.index("Certificat de réussite")
    assert text.index("Community managers") < text.index("Gestionnaires de communauté")


def test_no_end_date_and_no_grade_are_said_plainly():
    text = text_of(render_pdf(replace(FACTS, valid_until=None, grade=None), TEMPLATES))
    assert "Sans date de fin" in text
    assert "Résultat" not in text


def test_the_qr_code_is_drawn_inline(pdf):
    # The QR code is vector paths in the page (segno's SVG), not an image fetched from anywhere.
    text = text_of(pdf)
    assert "relais.example/verify/" in text


def test_a_name_that_looks_like_markup_is_printed_as_it_is():
    name = "<img src=file:///etc/passwd> & <b>Learner</b>"
    pdf = render_pdf(replace(FACTS, holder_name=name), TEMPLATES)
    assert name in text_of(pdf)
    assert b"root:x:0" not in pdf


def test_a_stored_colour_that_is_not_a_colour_is_not_written_into_the_css():
    pdf = render_pdf(replace(FACTS, accent_colour="red;} body{display:none"), TEMPLATES)
    assert "Learner One" in text_of(pdf)


def test_the_same_facts_give_the_same_bytes(pdf):
    assert render_pdf(FACTS, TEMPLATES) == pdf


# --- the fetcher ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.svg",
        "https://example.com/font.ttf",
        "data:image/svg+xml,<svg/>",
        "ftp://example.com/x",
        f"{TEMPLATES.as_uri()}/../pyproject.toml",
        f"{TEMPLATES.as_uri()}/images/../../pyproject.toml",
        f"{TEMPLATES.as_uri()}/fonts",  # a folder, not a file
        f"{TEMPLATES.as_uri()}/images/missing.svg",
        f"file://elsewhere{TEMPLATES}/certificate.css",
    ],
    ids=[
        "a-file-elsewhere",
        "http",
        "https",
        "data",
        "ftp",
        "dot-dot",
        "dot-dot-from-a-subfolder",
        "a-folder",
        "missing",
        "another-host",
    ],
)
def test_the_fetcher_refuses_what_is_not_a_file_of_the_template(url):
    with pytest.raises(PermissionError):
        BundledFiles(TEMPLATES).fetch(url)


def test_the_fetcher_refuses_a_link_out_of_the_template(tmp_path):
    folder = shutil.copytree(TEMPLATES, tmp_path / "certificates")
    (folder / "images" / "passwd.svg").symlink_to("/etc/passwd")
    with pytest.raises(PermissionError):
        BundledFiles(folder).fetch((folder / "images" / "passwd.svg").as_uri())


def test_the_fetcher_serves_the_template_files_with_their_type():
    response = BundledFiles(TEMPLATES).fetch(f"{TEMPLATES.as_uri()}/images/logo.svg")
    assert response.content_type == "image/svg+xml"
    assert response.read().startswith(b"<svg")


@pytest.mark.parametrize(
    "reference",
    [
        '<img src="file:///etc/passwd">',
        '<img src="http://127.0.0.1:9/tracker.png">',
        '<img src="../pyproject.toml">',
        '<link rel="stylesheet" href="https://example.com/x.css">',
    ],
    ids=["a-file-elsewhere", "http", "dot-dot", "a-remote-stylesheet"],
)
def test_a_template_that_reaches_outside_fails_to_render(tmp_path, reference):
    folder = shutil.copytree(TEMPLATES, tmp_path / "certificates")
    page = folder / "certificate.html"
    page.write_text(page.read_text().replace("</main>", f"{reference}</main>"))
    with pytest.raises(RenderError, match="refused"):
        render_pdf(FACTS, folder)


def test_a_template_missing_a_file_fails_to_render(tmp_path):
    folder = shutil.copytree(TEMPLATES, tmp_path / "certificates")
    (folder / "images" / "seal.svg").unlink()
    with pytest.raises(RenderError):
        render_pdf(FACTS, folder)


def test_a_long_name_and_title_still_fit_on_one_page():
    long = replace(
        FACTS,
        holder_name="Prénom-Composé Nom-De-Famille-Très-Long " * 3,
        track_title={
            "fr": "Gestionnaires de communauté : animer, modérer et mesurer " * 3,
            "en": "Community managers: run, moderate and measure " * 3,
        },
    )
    assert "Prénom-Composé" in text_of(render_pdf(long, TEMPLATES))  # text_of checks one page
