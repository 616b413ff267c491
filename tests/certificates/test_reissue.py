"""Re-issue by HR: one certificate with a reason (and, if the person's name was corrected, the
choice of printing the name they have now), or the certificates of a register view after a
template fix, previewed with counts then confirmed; each adds a PDF version and keeps the
earlier ones, audited; revoked certificates are never re-issued; a batch too large for its
request is left to render-pending with its reason and who asked."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.certificates import reissue
from app.certificates.documents import render_certificate
from app.certificates.models import REVOKED, CertificateDocument
from app.database import utcnow
from app.extensions import db
from app.people.models import Person
from tests.certificates.register_helpers import certificate_row, make_certificate, make_track
from tests.factories import make_person

FINGERPRINT = re.compile(r'name="previewed" type="hidden" value="([0-9a-f]+)"')


def versions(certificate_id: int) -> list[CertificateDocument]:
    db.session.expire_all()
    query = (
        select(CertificateDocument)
        .where(CertificateDocument.certificate_id == certificate_id)
        .order_by(CertificateDocument.version)
    )
    return list(db.session.scalars(query))


def text_of(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def certificate(app):
    holder = make_person(display_name="Ana Lima", language="en")
    found = make_certificate(holder, issued_on=date(2026, 3, 2))
    render_certificate(found.id)
    db.session.commit()
    return found


def reissue_one(client, serial: str, reason="Logo fixed", current_name=False):
    data = {"reissue-reason": reason}
    if current_name:
        data["reissue-use_current_name"] = "y"
    return client.post(f"/admin/certificates/{serial}/reissue", data=data)


def test_hr_reissues_one_certificate_and_keeps_the_first(certificate, client, login_as):
    hr = login_as("hr", language="en")
    response = reissue_one(client, certificate.serial)
    assert response.status_code == 302
    first, second = versions(certificate.id)
    assert (second.version, second.reason, second.requested_by_id) == (2, "Logo fixed", hr.id)
    assert first.version == 1 and first.pdf.startswith(b"%PDF")  # the first is kept
    [event] = events("certificate.reissued")
    assert event.actor_id == hr.id and event.details["version"] == 2
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Version 2 is stored; the earlier ones stay in the history." in page
    assert second.sha256 in page and first.sha256 in page


def test_a_corrected_name_is_printed_only_when_hr_asks(certificate, client, login_as):
    db.session.get(Person, certificate.person_id).display_name = "Ana Lima-Souza"
    db.session.commit()
    login_as("hr", language="en")
    reissue_one(client, certificate.serial, reason="Same name")
    assert certificate_row(certificate.id).holder_name == "Ana Lima"
    reissue_one(client, certificate.serial, reason="Name corrected", current_name=True)
    first, same, corrected = versions(certificate.id)
    assert certificate_row(certificate.id).holder_name == "Ana Lima-Souza"
    assert "Ana Lima-Souza" in text_of(corrected.pdf)
    assert "Ana Lima-Souza" not in text_of(first.pdf) + text_of(same.pdf)
    assert (first.holder_name, corrected.holder_name) == ("Ana Lima", "Ana Lima-Souza")
    event = events("certificate.reissued")[-1]
    assert (event.details["name_before"], event.details["name_after"]) == (
        "Ana Lima",
        "Ana Lima-Souza",
    )


def test_a_revoked_certificate_is_not_reissued(certificate, client, login_as):
    row = certificate_row(certificate.id)
    row.state, row.revoked_at = REVOKED, utcnow()
    db.session.commit()
    login_as("hr", language="en")
    response = reissue_one(client, certificate.serial)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A revoked certificate is not re-issued: nothing was changed." in page
    assert len(versions(certificate.id)) == 1 and events("certificate.reissued") == []


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Give a reason: it is kept in the certificate"),
        ("x" * 501, "501 characters is too long; shorten it to 500 at most"),
    ],
    ids=["empty", "too-long"],
)
def test_a_reissue_without_a_usable_reason_is_refused(
    certificate, client, login_as, reason, message
):
    db.session.get(Person, certificate.person_id).display_name = "Ana Lima-Souza"
    db.session.commit()
    login_as("hr", language="en")
    response = reissue_one(client, certificate.serial, reason=reason, current_name=True)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert len(versions(certificate.id)) == 1
    assert certificate_row(certificate.id).holder_name == "Ana Lima"  # the name change undone


def test_a_failed_rendering_changes_nothing_and_says_so(
    certificate,
    client,
    login_as,
    broken_template,
):
    login_as("hr", language="en")
    response = reissue_one(client, certificate.serial)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The PDF could not be rendered: nothing was changed." in page
    assert len(versions(certificate.id)) == 1 and events("certificate.reissued") == []


# --- a batch ---


@pytest.fixture
def view(app):
    """Three valid certificates of the managers track and one revoked; one of another track."""
    track = make_track("managers", {"fr": "Gestion", "en": "Managing"}, 2)
    found = [make_certificate(track=track) for _ in range(3)]
    found.append(make_certificate(track=track, state=REVOKED, revoked_at=utcnow()))
    outside = make_certificate()  # the employees track: outside the view
    for certificate in [*found, outside]:
        render_certificate(certificate.id)
    db.session.commit()
    return found


def preview(client, **query) -> tuple[str, str]:
    response = client.get("/admin/certificates/reissue", query_string=query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html, FINGERPRINT.search(html).group(1)


def confirm(client, fingerprint: str, reason="Template 2: the seal fixed", **query):
    return client.post(
        "/admin/certificates/reissue",
        query_string=query,
        data={"reason": reason, "previewed": fingerprint},
    )


def document_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CertificateDocument))


def test_the_batch_preview_counts_what_confirming_does(view, client, login_as):
    login_as("hr", language="en")
    html, _fingerprint = preview(client, track="managers")
    assert "4 certificates in this view." in html
    assert "3 will be re-issued." in html
    assert "1 is skipped: revoked certificates are not re-issued." in html


def test_confirming_reissues_the_view_and_reports_the_counts(view, client, login_as):
    hr = login_as("hr", language="en")
    _html, fingerprint = preview(client, track="managers")
    response = confirm(client, fingerprint, track="managers")
    assert response.status_code == 302
    assert "track=managers" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Re-issued 3, 0 failed, 1 skipped (revoked)." in page
    for certificate in view[:3]:
        latest = versions(certificate.id)[-1]
        assert (latest.version, latest.reason, latest.requested_by_id) == (
            2,
            "Template 2: the seal fixed",
            hr.id,
        )
    assert len(versions(view[3].id)) == 1
    assert len(events("certificate.reissued")) == 3


def test_the_report_says_it_in_french(view, client, login_as):
    login_as("hr", language="fr")
    _html, fingerprint = preview(client, track="managers")
    page = client.get(confirm(client, fingerprint, track="managers").headers["Location"])
    assert "Réémis\u202f: 3, en échec\u202f: 0, ignorés (révoqués)\u202f: 1." in page.get_data(
        as_text=True
    )


def test_a_view_changed_since_the_preview_is_previewed_again(view, client, login_as):
    login_as("hr", language="en")
    _html, fingerprint = preview(client, track="managers")
    newcomer = make_certificate(track=make_track("managers"), issued_on=date(2026, 1, 1))
    db.session.commit()
    before = document_count()
    response = confirm(client, fingerprint, track="managers")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "The certificates of this view changed since the preview: check it again." in html
    assert "4 will be re-issued." in html  # the new preview, with the newcomer
    assert document_count() == before
    assert versions(newcomer.id) == []


def test_a_batch_without_reason_is_refused(view, client, login_as):
    login_as("hr", language="en")
    _html, fingerprint = preview(client, track="managers")
    before = document_count()
    response = confirm(client, fingerprint, reason=" ", track="managers")
    assert response.status_code == 400
    assert "Give a reason: it is kept in the certificate" in response.get_data(as_text=True)
    assert document_count() == before


def test_failures_are_counted_and_leave_the_others(
    view,
    client,
    login_as,
    broken_template,
):
    login_as("hr", language="en")
    _html, fingerprint = preview(client, track="managers")
    before = document_count()
    page = client.get(confirm(client, fingerprint, track="managers").headers["Location"])
    assert "Re-issued 0, 3 failed, 1 skipped (revoked)." in page.get_data(as_text=True)
    assert document_count() == before and events("certificate.reissued") == []


def test_a_batch_too_large_for_its_request_is_left_to_render_pending(
    view, client, login_as, monkeypatch, app
):
    monkeypatch.setattr(reissue, "INLINE_LIMIT", 2)
    hr = login_as("hr", language="en")
    html, fingerprint = preview(client, track="managers")
    assert "the next run of render-pending renders them" in html
    before = document_count()
    page = client.get(confirm(client, fingerprint, track="managers").headers["Location"])
    text = page.get_data(as_text=True)
    assert "3 certificates will be re-issued by the next render-pending run; 1 skipped" in text
    assert document_count() == before
    assert len(events("certificate.reissue_requested")) == 3
    result = app.test_cli_runner().invoke(args=["certificates", "render-pending"])
    assert result.exit_code == 0, result.output
    assert "rendered 3" in result.output
    for certificate in view[:3]:
        latest = versions(certificate.id)[-1]
        assert (latest.version, latest.reason, latest.requested_by_id) == (
            2,
            "Template 2: the seal fixed",
            hr.id,
        )
        row = certificate_row(certificate.id)
        assert (row.render_requested_at, row.render_reason) == (None, "")
