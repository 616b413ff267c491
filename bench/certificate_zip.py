"""The ZIP of 500 certificates (issue 14): HR downloads a register view of 500 certificates,
each with a stored PDF of 200 KB (incompressible, so the archive is about 100 MB: a download
that held every PDF at once would need that much more memory), and the peak memory of the
process that serves it is measured.

The database is built by one process; a fresh process then signs HR in, warms the page, and
streams the download through the test client, reading and dropping each chunk as a browser
would. Its peak resident memory (``ru_maxrss``) before and after the download gives the growth
the download caused, which is what the budget bounds; the application's own footprint
(WeasyPrint and the rest, loaded before) is shown beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from app import create_app
from app.certificates.issuing import format_serial
from app.certificates.models import Certificate, CertificateDocument
from app.content.models import Track
from app.extensions import db
from app.learning.models import TrackCompletion
from app.people.models import Office, Person, PersonRole
from app.people.services import set_password
from bench.server import ROOT, bench_settings

CERTIFICATES = 500
PDF_BYTES = 200 * 1024
PASSWORD = "bench-password-2026"  # noqa: S105 (throwaway benchmark data)
HR_EMAIL = "hr@bench.example"


def settings(path: Path) -> dict:
    return {**bench_settings(path), "WTF_CSRF_ENABLED": False}


def build(path: Path) -> None:
    """500 people, each with a certificate and one stored PDF, and an HR account."""
    app = create_app(settings(path))
    with app.app_context():
        db.create_all()
        office = Office(code="paris", name="Paris", country="FR", timezone="Europe/Paris")
        track = Track(
            slug="employees",
            audience="employees",
            title={"fr": "Employés", "en": "Employees"},
            summary={"fr": "", "en": ""},
            validity_months=24,
            champion_credits=10,
            position=1,
        )
        hr = Person(email=HR_EMAIL, display_name="HR")
        hr.granted_roles.append(PersonRole(role="hr"))
        db.session.add_all([office, track, hr])
        db.session.flush()
        set_password(hr, PASSWORD)
        for n in range(1, CERTIFICATES + 1):
            add_certificate(n, track, office)
            if n % 50 == 0:
                db.session.commit()  # a few MB at a time: the build does not hold them all
        db.session.commit()
        db.engine.dispose()


def add_certificate(n: int, track: Track, office: Office) -> None:
    person_id = db.session.execute(
        insert(Person).returning(Person.id),
        {
            "email": f"person{n}@bench.example",
            "display_name": f"Personne Numéro {n}",
            "office_id": office.id,
            "department": "communication",
        },
    ).scalar_one()
    completion_id = db.session.execute(
        insert(TrackCompletion).returning(TrackCompletion.id),
        {"person_id": person_id, "track_id": track.id, "cycle": 1},
    ).scalar_one()
    issued_on = date(2026, 1, 1) + timedelta(days=n % 300)
    certificate_id = db.session.execute(
        insert(Certificate).returning(Certificate.id),
        {
            "serial": format_serial(2026, n),
            "serial_year": 2026,
            "serial_number": n,
            "verification_code": f"bench-{n:06d}-" + "x" * 24,
            "person_id": person_id,
            "track_id": track.id,
            "cycle": 1,
            "completion_id": completion_id,
            "holder_name": f"Personne Numéro {n}",
            "language": "fr",
            "track_slug": track.slug,
            "track_title": track.title,
            "credits": 10,
            "valid_from": issued_on,
            "valid_until": issued_on + timedelta(days=730),
            "template_version": "1",
            "accent_colour": "#1f5f8b",
            "issuer": {"name": "Relais"},
            "identity_salt": "0" * 32,
            "identity_hash": "sha256$" + "0" * 64,
        },
    ).scalar_one()
    pdf = b"%PDF-1.7\n" + os.urandom(PDF_BYTES)
    db.session.execute(
        insert(CertificateDocument),
        {
            "certificate_id": certificate_id,
            "version": 1,
            "pdf": pdf,
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "size": len(pdf),
            "template_version": "1",
            "credential_jwt": "x.y.z",
            "holder_name": f"Personne Numéro {n}",
        },
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def download(path: Path) -> dict:
    """In this (fresh) process: sign HR in, warm the register, then stream the ZIP."""
    app = create_app(settings(path))
    client = app.test_client()
    response = client.post("/login", data={"email": HR_EMAIL, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    assert client.get("/admin/certificates").status_code == 200
    with app.app_context():
        stored = db.session.scalar(select(db.func.sum(CertificateDocument.size)))
    before = peak_mb()
    started = time.perf_counter()
    response = client.get("/admin/certificates.zip", buffered=False)
    assert response.status_code == 200, response.status_code
    size = 0
    for chunk in response.response:
        size += len(chunk)
    response.close()
    seconds = time.perf_counter() - started
    return {
        "zip_mb": size / 2**20,
        "stored_mb": stored / 2**20,
        "seconds": seconds,
        "peak_before_mb": before,
        "peak_after_mb": peak_mb(),
    }


def zip_of_500() -> dict:
    """Build the database, then measure the download in a process of its own."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificates.sqlite"
        build(path)
        child = subprocess.run(
            [sys.executable, "-m", "bench.certificate_zip", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    measured = json.loads(child.stdout.strip().splitlines()[-1])
    measured["growth_mb"] = measured["peak_after_mb"] - measured["peak_before_mb"]
    return measured


if __name__ == "__main__":
    print(json.dumps(download(Path(sys.argv[1]))))
