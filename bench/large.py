"""The pages that must hold at 10,000 people, on the large demo (``demo --size large``): the
team page of the top manager (direction@demo.example, whose line is everyone), an admin's
rule preview for a rule that matches everyone, and HR's certificate register (every certificate
of the large demo, then a filtered view), each measured with wrk against gunicorn beside
hello-world on the same workers in the same run.

The large demo is built once into ``bench/cache/`` (a SQLite file named after a digest of the
schema, the demo's code and the tracks, so any change to them builds it again; delete the
folder to rebuild by hand), with the time the build took beside it. Each run loads a copy, so
the sign-ins of a run never reach the cache. A page that this build does not have (its route
answers 404) is skipped with a line that says so.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy.schema import CreateIndex, CreateTable

from app import create_app
from app.admin.demo import SIZES, seed_demo_organisation
from app.audit.origin import COMMAND_LINE
from app.extensions import db
from app.people.demo_large import LARGE_DOMAIN
from bench import wrk
from bench.pages import HELLO, signed_in, statements_per_request
from bench.quiz import send
from bench.server import ROOT, bench_settings, free_port, start_gunicorn, stop

CACHE = ROOT / "bench" / "cache"
TOP_MANAGER = "direction@demo.example"
ADMIN = "ti@demo.example"
HR = "rh@demo.example"
TEAM = "/team"
REGISTER = "/admin/certificates"
EXPIRING = "/admin/certificates?state=expiring&department=communication"
RULE_FORM = "/admin/rules/new"
# What the cached database depends on besides the schema.
DEMO_SOURCES = (
    "app/admin/demo.py",
    "app/assignments/demo.py",
    "app/assignments/demo_cycles.py",
    "app/assignments/demo_large.py",
    "app/certificates/demo_large.py",
    "app/people/demo.py",
    "app/people/demo_large.py",
    "app/quiz/demo.py",
    "courses/tracks.yml",
)


@dataclass(frozen=True)
class Built:
    path: Path
    seconds: float  # how long the build took, when it was made
    people: int
    assignments: int


def cache_key() -> str:
    digest = hashlib.sha256()
    app = create_app(bench_settings(CACHE / "unused.sqlite"))
    with app.app_context():
        for table in db.metadata.sorted_tables:
            digest.update(str(CreateTable(table).compile(dialect=db.engine.dialect)).encode())
            # An index changes the plans measured, so a new one builds the cache again.
            for index in sorted(table.indexes, key=lambda index: index.name or ""):
                digest.update(str(CreateIndex(index).compile(dialect=db.engine.dialect)).encode())
    for source in DEMO_SOURCES:
        digest.update((ROOT / source).read_bytes())
    return digest.hexdigest()[:16]


def large_demo() -> Built:
    """The large demo's database, from the cache, built first when it is missing."""
    key = cache_key()
    path, about = CACHE / f"large-demo-{key}.sqlite", CACHE / f"large-demo-{key}.json"
    if not (path.exists() and about.exists()):
        for old in CACHE.glob("large-demo-*"):
            old.unlink()
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"Building the large demo once into {path.relative_to(ROOT)} ...", flush=True)
        about.write_text(json.dumps(build(path)), encoding="utf-8")
    return Built(path, **json.loads(about.read_text(encoding="utf-8")))


def build(path: Path) -> dict:
    """``demo --size large`` into a new SQLite file: what it made and how long it took."""
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    app = create_app(bench_settings(partial))
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        report = seed_demo_organisation(
            production=False,
            content_root=Path(app.config["CONTENT_ROOT"]),
            extra_people=SIZES["large"],
            origin=COMMAND_LINE,
        )
        db.session.commit()
        seconds = time.perf_counter() - started
        db.engine.dispose()
    partial.rename(path)  # only a finished build is ever found in the cache
    return {
        "seconds": seconds,
        "people": report.large.people,
        "assignments": report.large.assignments,
    }


class FormReader(HTMLParser):
    """The fields a browser sends when the first POST form in a page's ``<main>`` is
    submitted as it stands: inputs with their values, checked boxes, each select's chosen
    options (a single select's first when none is), text areas, and the first submit button;
    empty required fields get a plausible value. Criteria left empty make a rule for everyone."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.action: str | None = None
        self.inside = self.done = self.in_main = False
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.multiple = False
        self.textarea: str | None = None
        self.text: list[str] = []
        self.pressed = False
        self.choices: dict[str, list[str]] = {}  # each select's offered values, for ``filled``

    def handle_starttag(self, tag, attrs):
        found = {name: value or "" for name, value in attrs}
        if tag == "main":
            self.in_main = True
        elif tag == "form" and self.wanted(found):
            self.inside, self.action = True, found.get("action") or None
        elif self.inside:
            self.field(tag, found)

    def wanted(self, form: dict[str, str]) -> bool:
        """The page's own form: the layout's (language, sign out) sit outside ``<main>``."""
        return self.in_main and not self.done and form.get("method", "").lower() == "post"

    def field(self, tag: str, found: dict[str, str]) -> None:
        name, kind = found.get("name"), found.get("type", "text").lower()
        if tag == "select" and name:
            self.select, self.options, self.multiple = name, [], "multiple" in found
        elif tag == "option" and self.select is not None:
            self.options.append((found.get("value", ""), "selected" in found))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
        elif tag == "button" and name and not self.pressed and kind == "submit":
            self.fields.append((name, found.get("value", "")))
            self.pressed = True
        elif tag == "input" and name:
            self.input(name, kind, found)

    def input(self, name: str, kind: str, found: dict[str, str]) -> None:
        value = found.get("value", "")
        if kind in ("checkbox", "radio"):
            if "checked" in found:
                self.fields.append((name, value or "on"))
        elif kind == "submit":
            if not self.pressed:
                self.fields.append((name, value))
                self.pressed = True
        elif kind not in ("button", "reset", "file", "image"):
            if not value and "required" in found:
                value = {"number": "30", "date": "2027-01-31", "email": ADMIN}.get(kind, "Bench")
            self.fields.append((name, value))

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            self.choices[self.select] = [value for value, _ in self.options if value]
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not self.multiple:  # a single select sends its first option
                chosen = [value for value, _ in self.options[:1]]
            self.fields += [(self.select, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, "".join(self.text)))
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


# What an admin types into an empty rule form: a name, a number of days; the first track.
RULE_TYPED = {"name": "Bench: everyone", "due_days": "30"}


def filled(reader: FormReader) -> list[tuple[str, str]]:
    """The form's fields with what a person must fill in: an empty field gets the typed value,
    an empty choice the first value its list offers."""
    fields = []
    for name, value in reader.fields:
        if not value:
            value = RULE_TYPED.get(name) or next(iter(reader.choices.get(name, [])), "")
        fields.append((name, value))
    return fields


def rule_preview_request(port: int, cookies: dict[str, str]) -> tuple[str, str] | str:
    """(path, body) of the rule form submitted as it stands (a rule for everyone: the preview
    lists all 10,000), or why the scenario cannot run."""
    page = send(port, "GET", RULE_FORM, cookies)  # its CSRF token goes into the session
    if page.status == 404:
        return f"{RULE_FORM} answers 404 in this build"
    assert page.status == 200, (RULE_FORM, page.status)
    reader = FormReader()
    reader.feed(page.body)
    fields = filled(reader)
    path, body = reader.action or RULE_FORM, urlencode(fields)
    preview = send(port, "POST", path, cookies, fields)
    if preview.status != 200 or LARGE_DOMAIN not in preview.body:
        return (
            f"the form at {RULE_FORM}, sent as it stands, answers {preview.status} without a"
            " preview that lists the people (fill its fields in bench/large.py)"
        )
    return path, body


def load_beside_hello(base: str, seconds: float, scenarios: dict, queries: dict) -> list[dict]:
    """Each scenario (name → (path, body, header)) under wrk, between two hello-world loads
    whose average is the baseline row (first in the list)."""
    wrk.load(base + HELLO, 1)
    before = wrk.load(base + HELLO, seconds)
    rows = []
    for name, (path, body, header) in scenarios.items():
        wrk.load(base + path, 1, header, body)
        rows.append({"name": name, **wrk.load(base + path, seconds, header, body)})
        rows[-1]["queries"] = queries[name]
    after = wrk.load(base + HELLO, seconds)
    hello = {k: (before[k] + after[k]) / 2 for k in ("per_second", "p50_ms", "p95_ms", "p99_ms")}
    return [{"name": "hello-world Flask, large demo (wrk)", **hello}, *rows]


def large_throughput(seconds: float) -> tuple[list[dict], list[str], Built]:
    """The rows measured on the large demo (the baseline first, or none when every scenario is
    skipped), the skipped scenarios with the reason, and the build."""
    built = large_demo()
    with tempfile.TemporaryDirectory() as folder:
        database_path = Path(folder) / "large.sqlite"
        shutil.copy(built.path, database_path)
        port = free_port()
        server = start_gunicorn(database_path, port)
        try:
            scenarios, skipped, queries = {}, [], {}
            for name, found, cookies in measured_requests(port):
                if isinstance(found, str):
                    skipped.append(f"{name}: skipped, {found}")
                    continue
                path, body = found
                header = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
                scenarios[name] = (path, body, header)
                queries.update(statements_per_request(database_path, cookies, {name: found}))
            base = f"http://127.0.0.1:{port}"
            rows = load_beside_hello(base, seconds, scenarios, queries) if scenarios else []
        finally:
            stop(server)
    return rows, skipped, built


def measured_requests(port: int):
    """(name, (path, body) or why it is skipped, the cookies of who sends it)."""
    manager = signed_in(port, TOP_MANAGER)
    yield "team page, top manager (10,000)", page_request(port, TEAM, manager), manager
    admin = signed_in(port, ADMIN)
    yield "rule preview, everyone (10,000)", rule_preview_request(port, admin), admin
    hr = signed_in(port, HR)
    yield "certificate register, HR (10,000 people)", page_request(port, REGISTER, hr), hr
    yield "certificate register, filtered", page_request(port, EXPIRING, hr), hr


def page_request(port: int, path: str, cookies: dict[str, str]) -> tuple[str, None] | str:
    """(path, None) for a page that answers, or why it is skipped (a route this build lacks);
    any other answer than 200 or 404 is a failure of the page, not a reason to skip."""
    reply = send(port, "GET", path, dict(cookies))
    if reply.status == 404:
        return f"{path} answers 404 in this build"
    assert reply.status == 200, (path, reply.status)
    return path, None
