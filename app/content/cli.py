"""``flask content check`` and ``flask content sync``: thin wrappers over the loader and sync."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.content.gift import parse_gift_bytes, question_to_json
from app.content.loader import load_content
from app.content.problems import ContentError, counted
from app.content.quality import QualityWarning, lint_content, summarise, summary_lines
from app.content.specs import Content
from app.content.sync import SyncReport, sync_content
from app.extensions import db

content_cli = AppGroup("content", help="Tracks, courses, lessons, question banks and the charter.")

root_option = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The folder holding courses/ and quizzes/ (default: CONTENT_ROOT, the repository).",
)


def content_root(root: Path | None) -> Path:
    return root if root is not None else Path(current_app.config["CONTENT_ROOT"])


def fail_with(error: ContentError) -> None:
    for problem in error.problems:
        click.echo(str(problem))
    noun = "problem" if len(error.problems) == 1 else "problems"
    click.echo(f"{len(error.problems)} {noun} found.", err=True)
    sys.exit(1)


@content_cli.command("check")
@root_option
@click.option("--json", "as_json", is_flag=True, help="Print the parsed questions as JSON.")
@click.option("--strict", is_flag=True, help="Count the quality lint's warnings as errors.")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check_command(root: Path | None, as_json: bool, strict: bool, files: tuple[Path, ...]) -> None:
    """Check the content (or just the GIFT FILES given) without touching the database."""
    if files:
        check_gift_files(files, as_json)
        return
    try:
        content = load_content(content_root(root))
    except ContentError as error:
        fail_with(error)
    warnings = lint_content(content)
    level = "error" if strict else "warning"
    if as_json:
        # The JSON alone on standard output, so that it stays readable by a program.
        click.echo(
            json.dumps({"questions": repository_questions(content)}, ensure_ascii=False, indent=2)
        )
        for warning in warnings:
            click.echo(warning.shown(level), err=True)
    else:
        if not (strict and warnings):
            click.echo(describe_content(content))
        for warning in warnings:
            click.echo(warning.shown(level))
        click.echo("\n".join(summary_lines(summarise(content, warnings))))
    conclude_lint(warnings, strict)


def conclude_lint(warnings: list[QualityWarning], strict: bool) -> None:
    if warnings and strict:
        click.echo(f"{counted(len(warnings), 'problem')} found.", err=True)
        sys.exit(1)
    if warnings:
        click.echo(f"{counted(len(warnings), 'warning')} (--strict makes them errors).", err=True)


def check_gift_files(files: tuple[Path, ...], as_json: bool) -> None:
    """Each file as Moodle would import it: names optional, essays allowed."""
    questions, problems = [], []
    for path in files:
        try:
            parsed = parse_gift_bytes(path.read_bytes(), str(path))
        except ContentError as error:
            problems.extend(error.problems)
            continue
        questions.extend(question_to_json(question) for question in parsed)
    if problems:
        fail_with(ContentError(problems))
    if as_json:
        click.echo(json.dumps({"questions": questions}, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{counted(len(questions), 'question')}, no problems: {by_type(questions)}.")


def repository_questions(content: Content) -> list[dict]:
    return [
        {**question.data[language], "bank": course.quiz.bank, "language": language}
        for course in content.courses
        for question in course.questions
        for language in sorted(question.data)
    ]


def by_type(questions: list[dict]) -> str:
    counts: dict[str, int] = {}
    for question in questions:
        counts[question["type"]] = counts.get(question["type"], 0) + 1
    return ", ".join(f"{kind} {count}" for kind, count in sorted(counts.items())) or "none"


def describe_content(content: Content) -> str:
    lessons = sum(len(course.lessons) for course in content.courses)
    questions = sum(len(course.questions) for course in content.courses)
    types = ", ".join(f"{kind} {count}" for kind, count in content.questions_by_type().items())
    charter = f"charter version {content.charter.version}" if content.charter else "no charter"
    levels = f", {counted(len(content.levels), 'champion level')}" if content.levels else ""
    return (
        f"Content OK: {counted(len(content.tracks), 'track')}, "
        f"{counted(len(content.courses), 'course')}, {counted(lessons, 'lesson')}, "
        f"{counted(questions, 'question')} per language ({types}), {charter}{levels}."
    )


@content_cli.command("sync")
@root_option
def sync_command(root: Path | None) -> None:
    """Check the content, then write it to the database in one transaction."""
    try:
        report = sync_content(load_content(content_root(root)))
    except ContentError as error:
        db.session.rollback()
        fail_with(error)
    db.session.commit()
    click.echo("\n".join(describe_report(report)))


def describe_report(report: SyncReport) -> list[str]:
    if not report:
        return ["Content is up to date: nothing changed."]
    lines = []
    for kind, changes in report.kinds().items():
        parts = [
            f"{len(names)} {verb}"
            + (f" ({', '.join(names)})" if kind in ("tracks", "courses") else "")
            for verb, names in (
                ("added", changes.added),
                ("changed", changes.changed),
                ("removed", changes.removed),
            )
            if names
        ]
        if parts:
            lines.append(f"{kind}: " + "; ".join(parts))
    if report.charter:
        lines.append(f"charter: {report.charter}")
    return lines
