"""A learner reads the employees track end to end, in French then in English, and accepts the
charter: the repository's real content, synced, in a real browser."""

import re
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import func, select

from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.learning.models import CharterAcceptance, LessonRead
from tests.factories import TEST_PASSWORD, make_person

REPOSITORY = Path(__file__).resolve().parents[2]


def read_course(page, mark_read: str, finished: str) -> int:
    """Click through a course's lessons from the current one; returns how many were read."""
    read = 0
    while True:
        expect(page.locator("article h1")).to_be_visible()
        before = page.url
        page.get_by_role("button", name=mark_read).click()
        # Wait for the next page (the next lesson, or the course): checking the old one for
        # the "finished" message would race the navigation.
        page.wait_for_url(lambda url, before=before: url != before)
        read += 1
        if page.get_by_text(finished).is_visible():
            return read


def test_read_the_employees_track_in_both_languages(server, browser, app):
    content = load_content(REPOSITORY)
    sync_content(content)
    person = make_person(language="fr")
    db.session.commit()
    track = next(t for t in content.tracks if t.slug == "employees")
    courses = {course.slug: course for course in content.courses}
    lessons = [len(courses[item.course].lessons) for item in track.courses]

    page = browser.new_page(locale="fr-FR")
    page.goto(server + "/login")
    page.get_by_label("Adresse e-mail").fill(person.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("link", name="Parcours", exact=True).click()
    page.get_by_role("link", name="Collaborateurs").click()
    expect(page.get_by_role("heading", name="Collaborateurs", level=1)).to_be_visible()
    page.get_by_role("link", name=re.compile("^Commencer")).click()
    first_course = courses[track.courses[0].course]
    expect(page.locator("article h1")).to_have_text(first_course.lessons[0].title["fr"])
    assert read_course(page, "Marquer comme lue", "Vous avez lu toutes les leçons") == lessons[0]

    page.get_by_role("button", name="English").click()
    for index, item in enumerate(track.courses[1:], start=1):
        page.get_by_role("link", name="Tracks", exact=True).click()
        page.get_by_role("link", name="Employees").click()
        course = courses[item.course]
        # The track's next step is the first course's quiz: the lessons come from each course.
        expect(page.get_by_role("link", name=re.compile("^Take the quiz"))).to_be_visible()
        page.get_by_role("link", name=course.title["en"], exact=True).click()
        page.get_by_role("link", name=re.compile("^Start")).click()
        expect(page.locator("article h1")).to_have_text(course.lessons[0].title["en"])
        assert read_course(page, "Mark as read", "You have read every lesson") == lessons[index]

    page.get_by_role("link", name="Tracks", exact=True).click()
    page.get_by_role("link", name="Employees").click()
    total = sum(lessons)
    expect(page.get_by_text(f"{total} of {total} lessons read").first).to_be_visible()
    page.get_by_role("link", name="Read the charter").click()
    expect(page.get_by_role("heading", name=content.charter.title["en"])).to_be_visible()
    page.get_by_label(
        f"I have read and accept version {content.charter.version} of the charter"
    ).check()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status").first).to_contain_text("your acceptance of the charter")
    page.close()

    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(LessonRead)) == total
    assert db.session.scalar(select(func.count()).select_from(CharterAcceptance)) == 1
