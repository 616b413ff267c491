"""The stored PDF: rendered once, right after the completion commits (or by render-pending when
that failed), stored with its SHA-256, and never changed by later edits of the template, the
track or the person; a re-issue adds a version and keeps the first."""

from __future__ import annotations

import hashlib
import io
import logging
import shutil

import pikepdf
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.certificates.badges import signed_credential
from app.certificates.documents import current_document, render_certificate, render_pending
from app.certificates.models import Certificate, CertificateDocument
from app.content.models import Track
from app.extensions import db
from app.learning.models import TrackCompletion
from tests.certificates.conftest import TEMPLATES
from tests.certificates.test_issuing import ACCEPT
from tests.conftest import sign_in
from tests.factories import make_person
from tests.learning.test_completion import pass_quiz, read_everything


def complete_by_the_quiz(client) -> None:
    """Lessons and charter first, so that it is the quiz submit that completes the track."""
    read_everything(client)
    assert client.post("/charter/accept", data=ACCEPT).status_code == 302
    pass_quiz(client)


def the_certificate() -> Certificate:
    db.session.expire_all()
    return db.session.scalars(select(Certificate)).one()


def documents() -> list[CertificateDocument]:
    db.session.expire_all()
    return list(db.session.scalars(select(CertificateDocument).order_by(CertificateDocument.id)))


def text_of(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_the_quiz_submit_that_completes_the_track_leaves_a_stored_pdf(quiz, client, login_as):
    login_as("employee", language="en", display_name="Learner One")
    complete_by_the_quiz(client)
    certificate = the_certificate()
    [document] = documents()
    assert (document.certificate_id, document.version) == (certificate.id, 1)
    assert certificate.render_requested_at is None
    assert document.sha256 == hashlib.sha256(document.pdf).hexdigest()
    assert document.size == len(document.pdf)
    assert (document.template_version, document.holder_name) == ("2026.1", "Learner One")
    assert document.reason == "" and document.requested_by_id is None
    assert document.credential_jwt == signed_credential(certificate)
    text = text_of(document.pdf)
    assert "Learner One" in text and certificate.serial in text
    assert certificate.track_title["en"] in text
    with pikepdf.open(io.BytesIO(document.pdf)) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
        [embedded] = pdf.attachments.values()
        assert embedded.get_file().read_bytes().decode() == document.credential_jwt


def test_a_failed_rendering_leaves_it_wanted_and_the_completion_stands(
    quiz, client, login_as, broken_template, caplog
):
    login_as("employee", language="en")
    read_everything(client)
    client.post("/charter/accept", data=ACCEPT)
    with caplog.at_level(logging.ERROR, logger="app.certificates.documents"):
        pass_quiz(client)  # the submit's answer is unaffected (pass_quiz checks nothing else)
    assert db.session.scalars(select(TrackCompletion)).one()
    assert the_certificate().render_requested_at is not None
    assert documents() == []
    assert "left for render-pending" in caplog.text
    assert client.get("/").status_code == 200  # and the next page is fine


def test_render_pending_then_stores_what_failed(quiz, client, login_as, broken_template, app):
    login_as("employee", language="en")
    complete_by_the_quiz(client)
    runner = app.test_cli_runner()
    failed = runner.invoke(args=["certificates", "render-pending"])
    assert (failed.exit_code, failed.output) == (1, "rendered 0, failed 1, skipped 0\n")
    assert documents() == []

    app.config["CERTIFICATE_TEMPLATES"] = str(TEMPLATES)  # the template is fixed
    stored = runner.invoke(args=["certificates", "render-pending"])
    assert (stored.exit_code, stored.output) == (0, "rendered 1, failed 0, skipped 0\n")
    [document] = documents()
    assert document.version == 1
    assert the_certificate().render_requested_at is None
    again = runner.invoke(args=["certificates", "render-pending"])
    assert again.output == "rendered 0, failed 0, skipped 0\n"
    assert len(documents()) == 1


def test_render_pending_takes_the_longest_waiting_first_up_to_its_limit(quiz, broken_template, app):
    for name in ("First", "Second"):
        person = make_person(language="en", display_name=name)
        db.session.commit()
        client = app.test_client()
        assert sign_in(client, person.email).status_code == 302
        complete_by_the_quiz(client)
    app.config["CERTIFICATE_TEMPLATES"] = str(TEMPLATES)
    assert render_pending(limit=1).rendered == 1
    [document] = documents()
    assert document.holder_name == "First"
    assert render_pending().rendered == 1
    assert [d.holder_name for d in documents()] == ["First", "Second"]


def test_later_edits_of_the_name_track_and_template_change_nothing_issued(
    quiz, client, login_as, app, tmp_path
):
    person = login_as("employee", language="en", display_name="Learner One")
    complete_by_the_quiz(client)
    [before] = documents()
    pdf, sha256 = before.pdf, before.sha256
    serial = the_certificate().serial

    person.display_name = "Learner One Renamed"
    track = db.session.scalars(select(Track)).one()
    track.title = {"fr": "Autre titre", "en": "Another title"}
    track.colour = "#000000"
    changed = shutil.copytree(TEMPLATES, tmp_path / "changed")
    page = changed / "certificate.html"
    page.write_text(page.read_text().replace("<main", "<p>NEW TEMPLATE</p><main"))
    (changed / "template.yml").write_text(
        (changed / "template.yml").read_text().replace('"2026.1"', '"2027.1"')
    )
    app.config["CERTIFICATE_TEMPLATES"] = str(changed)
    db.session.commit()
    assert render_pending().rendered == 0  # nothing is wanted: nothing is rendered again

    [after] = documents()
    assert (after.pdf, after.sha256) == (pdf, sha256)
    downloaded = client.get(f"/certificates/{serial}.pdf")
    assert downloaded.data == pdf
    certificate = the_certificate()
    assert certificate.holder_name == "Learner One"
    assert "Another title" not in certificate.track_title.values()
    assert (certificate.template_version, certificate.accent_colour) != ("2027.1", "#000000")
    app.config["CERTIFICATE_TEMPLATES"] = str(TEMPLATES)


def test_a_re_issue_adds_a_version_from_the_frozen_facts_and_keeps_the_first(
    quiz, client, login_as, app, tmp_path
):
    person = login_as("employee", language="en", display_name="Learner One")
    hr = login_as("hr")
    login_as(person)
    complete_by_the_quiz(client)
    person.display_name = "Someone Else"
    fixed = shutil.copytree(TEMPLATES, tmp_path / "fixed")
    (fixed / "template.yml").write_text(
        (fixed / "template.yml").read_text().replace('"2026.1"', '"2026.2"')
    )
    app.config["CERTIFICATE_TEMPLATES"] = str(fixed)
    certificate = the_certificate()

    reissued = render_certificate(certificate.id, reason="Template fix", requested_by_id=hr.id)
    db.session.commit()
    first, second = documents()
    assert (first.version, second.version) == (1, 2)
    assert (second.reason, second.requested_by_id) == ("Template fix", hr.id)
    assert (first.template_version, second.template_version) == ("2026.1", "2026.2")
    assert "Learner One" in text_of(second.pdf) and "Someone Else" not in text_of(second.pdf)
    assert second.holder_name == "Learner One"
    assert current_document(certificate.id).id == reissued.id == second.id
    assert first.sha256 == hashlib.sha256(first.pdf).hexdigest()  # the first is kept whole
    app.config["CERTIFICATE_TEMPLATES"] = str(TEMPLATES)


def test_no_document_before_the_first_rendering(app):
    assert current_document(12345) is None
    with pytest.raises(LookupError):
        render_certificate(12345)
