"""Reading a certificate's PDF as its readers do: its text, its PDF/A claim, its attachments,
and the URL in its QR code, decoded from the rendered page as a phone camera would."""

from __future__ import annotations

import io

import pikepdf
import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdfa_status(pdf: bytes) -> str:
    """ "3B" for PDF/A-3b, from the XMP metadata."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return document.open_metadata().pdfa_status


def attachments(pdf: bytes) -> dict[str, bytes]:
    """File name → bytes of each embedded file, and how many times /AF lists each."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {name: spec.get_file().read_bytes() for name, spec in document.attachments.items()}


def associated_files(pdf: bytes) -> list[str]:
    """The file names the catalog's /AF array lists (PDF/A-3 associated files), repeats kept."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        listed = document.Root.get("/AF", pikepdf.Array())
        return [str(spec.get("/UF", spec.get("/F"))) for spec in listed]


def qr_codes(pdf: bytes, scale: float = 3) -> list[str]:
    """The text of every QR code on the PDF's pages, decoded from a rendering of each page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        found = []
        for page in document:
            image = page.render(scale=scale).to_pil()
            found += [code.text for code in zxingcpp.read_barcodes(image)]
        return found
    finally:
        document.close()
