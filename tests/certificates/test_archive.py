"""The ZIP of a register view: the latest stored PDF of each certificate under a safe name
(serial and name, nothing that walks a path), and a CSV manifest of every certificate of the
view, those without a PDF yet listed as pending."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tracemalloc
import zipfile
from datetime import date

import pytest

from app.certificates.archive import safe_name
from app.certificates.models import REVOKED
from app.database import utcnow
from app.extensions import db
from tests.certificates.register_helpers import make_certificate, make_track, store_pdf
from tests.factories import make_person


def download(client, **query) -> zipfile.ZipFile:
    response = client.get("/admin/certificates.zip", query_string=query)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="certif')
    return zipfile.ZipFile(io.BytesIO(response.data))


def manifest(archive: zipfile.ZipFile) -> list[dict]:
    text = archive.read("manifest.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def certificates(app):
    track = make_track()
    ana = make_person(display_name="Ana Lima")
    tricky = make_person(display_name="../../etc/passwd Élodie\\C:\t")
    first = make_certificate(ana, track, issued_on=date(2026, 3, 1))
    store_pdf(first, b"%PDF old")
    store_pdf(first, b"%PDF new", reason="Template fix")
    second = make_certificate(tricky, track, issued_on=date(2026, 2, 1))
    store_pdf(second, b"%PDF tricky")
    pending = make_certificate(ana, make_track("managers", position=2), issued_on=date(2026, 1, 5))
    revoked = make_certificate(
        ana,
        make_track("community", position=3),
        issued_on=date(2025, 1, 5),
        state=REVOKED,
        revoked_at=utcnow(),
        revocation_reason="Fraud",
    )
    store_pdf(revoked, b"%PDF revoked")
    db.session.commit()
    return first, second, pending, revoked


def test_the_zip_holds_the_latest_pdf_of_each_and_a_manifest(certificates, client, login_as):
    first, second, pending, revoked = certificates
    login_as("hr", language="en")
    archive = download(client)
    names = archive.namelist()
    assert names[0] == "manifest.csv"
    assert sorted(names[1:]) == sorted(
        [
            f"{first.serial}-Ana-Lima.pdf",
            f"{second.serial}-etc-passwd-Elodie-C.pdf",
            f"{revoked.serial}-Ana-Lima.pdf",
        ]
    )
    assert archive.read(f"{first.serial}-Ana-Lima.pdf") == b"%PDF new"
    assert archive.testzip() is None
    rows = {row["Serial"]: row for row in manifest(archive)}
    assert set(rows) == {first.serial, second.serial, pending.serial, revoked.serial}
    assert rows[first.serial]["SHA-256"] == hashlib.sha256(b"%PDF new").hexdigest()
    assert rows[first.serial]["Version"] == "2"
    assert rows[first.serial]["Issued on"] == "2026-03-01"
    assert rows[first.serial]["Track"] == "Employees' track"
    assert rows[pending.serial]["File"] == "pending: not rendered yet"
    assert rows[pending.serial]["SHA-256"] == ""
    assert rows[revoked.serial]["State"] == "Revoked"
    assert rows[first.serial]["State"] == "Valid"


def test_the_zip_keeps_to_the_view(certificates, client, login_as):
    *_others, revoked = certificates
    login_as("hr", language="en")
    archive = download(client, state="revoked")
    assert archive.namelist() == ["manifest.csv", f"{revoked.serial}-Ana-Lima.pdf"]
    assert [row["Serial"] for row in manifest(archive)] == [revoked.serial]


def test_an_empty_view_gives_a_zip_with_only_its_manifest(certificates, client, login_as):
    login_as("hr", language="en")
    archive = download(client, search="nobody at all")
    assert archive.namelist() == ["manifest.csv"]
    assert manifest(archive) == []


def test_the_manifest_speaks_french_to_a_french_reader(certificates, client, login_as):
    login_as("hr", language="fr")
    [header] = manifest(download(client))[:1]
    assert {"Numéro", "Nom", "Parcours", "État", "Fichier"} <= set(header)


def test_a_name_that_would_be_a_formula_is_neutralised_in_the_manifest(app, client, login_as):
    certificate = make_certificate(make_person(display_name='=HYPERLINK("x")'))
    db.session.commit()
    login_as("hr", language="en")
    [row] = manifest(download(client))
    assert row["Name"] == '\'=HYPERLINK("x")'
    assert row["Serial"] == certificate.serial


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Ana Lima", "Ana-Lima"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\system32", "C-Windows-system32"),
        ("Zoë Ñúñez-O'Brien", "Zoe-Nunez-O-Brien"),
        ("李小龍", "certificate"),
        ("\x00\n\r", "certificate"),
        ("a" * 200, "a" * 60),
    ],
)
def test_safe_names(name, safe):
    assert safe_name(name) == safe


def test_the_zip_holds_one_pdf_in_memory_at_a_time(app, client, login_as):
    """40 PDFs of 256 KB (10 MB) stream with a traced peak of a few PDFs, not of them all."""
    size = 256 * 1024
    for _n in range(40):
        store_pdf(make_certificate(), b"%PDF" + os.urandom(size))
    db.session.commit()
    db.session.expire_all()
    login_as("hr", language="en")
    tracemalloc.start()
    try:
        response = client.get("/admin/certificates.zip", buffered=False)
        streamed = sum(len(chunk) for chunk in response.response)
        response.close()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert streamed > 40 * size
    assert peak < 6 * size, f"peak {peak / 2**20:.1f} MB"
