"""Certificate rendering: the time of one certificate beside a minimal one-page WeasyPrint
document rendered in the same run (the budget: at most twice its time), and the memory the
process gains over 1,000 renderings once warmed up (the budget: at most 10 MB), which is what
sharing the font configuration and the image cache across renderings must keep flat.

Pure: the renderer of ``app/certificates/render.py`` on the repository's template, no Flask and
no database. ``BENCH_RENDERS`` sets the number of renderings measured for memory.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from weasyprint import HTML

from app.certificates.render import CertificateFacts, render_pdf

TEMPLATES = Path(__file__).resolve().parents[1] / "certificates"
WARM_UP = 30
MINIMAL_PAGE = "<!DOCTYPE html><html lang=en><title>Page</title><p>One page of text.</p></html>"
FACTS = CertificateFacts(
    serial="RL-2026-000001",
    holder_name="Titulaire Exemple",
    language="fr",
    track_title={"fr": "Gestionnaires de communauté", "en": "Community managers"},
    grade=0.9,
    valid_from=date(2026, 12, 1),
    valid_until=date(2028, 11, 30),
    issued_at=datetime(2026, 12, 1, 15, 0, tzinfo=UTC),
    accent_colour="#1f5f8b",
    issuer_name="Relais",
    signatory="Direction de la formation",
    signatory_title="Ressources humaines",
    verification_url="https://relais.example/verify/" + "x" * 32,
    credential_jwt="eyJhbGciOiJFZDI1NTE5In0." + "e" * 900 + ".signature",
)


def facts(number: int) -> CertificateFacts:
    """Another holder and serial each time, as a real run of render-pending has."""
    return replace(FACTS, serial=f"RL-2026-{number:06d}", holder_name=f"Personne {number}")


def timed(call, seconds: float) -> list[float]:
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(timings) < 20:
        started = time.perf_counter()
        call(len(timings))
        timings.append(time.perf_counter() - started)
    return timings


def measured(name: str, timings: list[float], **extra) -> dict:
    return {
        "name": name,
        "per_second": len(timings) / sum(timings),
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": statistics.quantiles(timings, n=20)[18] * 1000,
        "p99_ms": statistics.quantiles(timings, n=100)[98] * 1000,
        **extra,
    }


def resident_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_000_000


def render_throughput(seconds: float = 5.0) -> tuple[dict, dict]:
    """(the minimal page, the certificate): renderings per second and their percentiles, the
    certificate with its memory growth over BENCH_RENDERS renderings."""
    for number in range(WARM_UP):
        render_pdf(facts(number), TEMPLATES)
        HTML(string=MINIMAL_PAGE).write_pdf()
    minimal = timed(lambda n: HTML(string=MINIMAL_PAGE).write_pdf(), seconds)
    certificate = timed(lambda n: render_pdf(facts(n), TEMPLATES), seconds)
    renders = int(os.environ.get("BENCH_RENDERS", "1000"))
    before = resident_mb()
    for number in range(renders):
        render_pdf(facts(number), TEMPLATES)
    growth = resident_mb() - before
    return (
        measured("minimal one-page WeasyPrint PDF", minimal),
        measured("certificate PDF/A-3b", certificate, memory_mb=growth, renders_for_memory=renders),
    )


if __name__ == "__main__":
    page, pdf = render_throughput()
    for row in (page, pdf):
        print(f"{row['name']:<34} {row['per_second']:>8.1f}/s  p50 {row['p50_ms']:>7.1f} ms")
    print(f"memory growth over {pdf['renders_for_memory']} renderings: {pdf['memory_mb']:.1f} MB")
