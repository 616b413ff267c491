"""The one table ``make bench`` prints and writes to ``bench/results/latest.json``: a row per
scenario with its throughput, percentiles, SQL statements per request, the baseline measured in
the same run, the ratio, the budget and whether it is met.

A budget is data (``Budget``): each limit it sets is checked against the row, and a budget that
is only shown (``enforced=False``, e.g. one a later issue will enforce) never fails the run.
New scenarios add a row and, if they have one, a budget.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


@dataclass(frozen=True)
class Budget:
    min_ratio: float | None = None  # of the baseline's throughput, measured in the same run
    max_p99_over_p50: float | None = None
    max_p99_ms: float | None = None
    max_queries: int | None = None
    min_per_second: float | None = None
    max_memory_mb: float | None = None  # growth (or peak) the scenario reports in ``memory_mb``
    enforced: bool = True
    source: str = ""  # where the budget comes from, shown when it is not enforced yet

    def misses(self, row: Row) -> list[str]:
        """What the row misses of this budget, in words; empty when it is met."""
        missed = []
        if self.min_ratio is not None and (row.ratio is None or row.ratio < self.min_ratio):
            missed.append(f"ratio below {self.min_ratio:.0%}")
        if self.max_p99_over_p50 is not None and row.p99_ms > self.max_p99_over_p50 * row.p50_ms:
            missed.append(f"p99 above {self.max_p99_over_p50:g} × p50")
        if self.max_p99_ms is not None and row.p99_ms > self.max_p99_ms:
            missed.append(f"p99 above {self.max_p99_ms:g} ms")
        if self.max_queries is not None and (row.queries is None or row.queries > self.max_queries):
            missed.append(f"more than {self.max_queries} SQL statements")
        if self.min_per_second is not None and row.per_second < self.min_per_second:
            missed.append(f"below {self.min_per_second:,.0f}/s")
        if self.max_memory_mb is not None and (
            row.memory_mb is None or row.memory_mb > self.max_memory_mb
        ):
            missed.append(f"memory above {self.max_memory_mb:g} MB")
        return missed

    def describe(self) -> str:
        parts = []
        if self.min_ratio is not None:
            parts.append(f"≥ {self.min_ratio:.0%}")
        if self.max_p99_over_p50 is not None:
            parts.append(f"p99 ≤ {self.max_p99_over_p50:g}×p50")
        if self.max_p99_ms is not None:
            parts.append(f"p99 ≤ {self.max_p99_ms:g} ms")
        if self.max_queries is not None:
            parts.append(f"≤ {self.max_queries} SQL")
        if self.min_per_second is not None:
            parts.append(f"≥ {self.min_per_second:,.0f}/s")
        if self.max_memory_mb is not None:
            parts.append(f"≤ {self.max_memory_mb:g} MB")
        text = ", ".join(parts)
        return f"{text} ({self.source})" if self.source and not self.enforced else text


@dataclass
class Row:
    scenario: str
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    queries: float | None = None  # SQL statements per request
    baseline: str | None = None
    baseline_per_second: float | None = None
    budget: Budget | None = None
    memory_mb: float | None = None  # what the scenario measures of memory (growth or peak)

    @property
    def ratio(self) -> float | None:
        if not self.baseline_per_second:
            return None
        return self.per_second / self.baseline_per_second

    @property
    def result(self) -> str:
        """pass or miss; in parentheses for a budget that is shown but not enforced yet."""
        if self.budget is None:
            return ""
        verdict = "miss" if self.budget.misses(self) else "pass"
        return verdict if self.budget.enforced else f"({verdict})"

    @property
    def failed(self) -> bool:
        return self.budget is not None and self.budget.enforced and bool(self.budget.misses(self))

    def as_json(self) -> dict:
        found = asdict(self)
        found["budget"] = self.budget.describe() if self.budget else None
        found["budget_enforced"] = bool(self.budget and self.budget.enforced)
        found["missed"] = self.budget.misses(self) if self.budget else []
        found.update(ratio=self.ratio, result=self.result)
        return found


def number(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


COLUMNS = [
    ("scenario", 34, lambda r: r.scenario),
    ("req/s", 9, lambda r: number(r.per_second)),
    ("p50 ms", 8, lambda r: number(r.p50_ms, 2)),
    ("p95 ms", 8, lambda r: number(r.p95_ms, 2)),
    ("p99 ms", 8, lambda r: number(r.p99_ms, 2)),
    ("SQL/req", 7, lambda r: number(r.queries, 1 if r.queries and r.queries % 1 else 0)),
    ("base req/s", 10, lambda r: number(r.baseline_per_second)),
    ("ratio", 6, lambda r: "—" if r.ratio is None else f"{r.ratio:.1%}"),
    ("MB", 6, lambda r: number(r.memory_mb, 1)),
    ("budget", 38, lambda r: r.budget.describe() if r.budget else "—"),
    ("result", 6, lambda r: r.result),
]


def table(rows: list[Row]) -> str:
    def line(cells) -> str:
        return "  ".join(
            cell.ljust(width) if index in (0, 9, 10) else cell.rjust(width)
            for index, (cell, (_, width, _)) in enumerate(zip(cells, COLUMNS, strict=True))
        ).rstrip()

    lines = [line([name for name, _, _ in COLUMNS])]
    lines += [line([show(row) for _, _, show in COLUMNS]) for row in rows]
    return "\n".join(lines)


def write_json(rows: list[Row], about: dict, path: Path = RESULTS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {**about, "rows": [row.as_json() for row in rows]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
