"""The learner's pages: catalog, track, course, lessons, files, progress, in both languages."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from sqlalchemy import func, select

from app.content.loader import load_content
from app.content.models import Course, Lesson
from app.content.sync import sync_content
from app.extensions import db
from app.learning.models import LessonRead
from tests.conftest import csrf_token_from, sign_in
from tests.content.content_cases import MINIMAL
from tests.factories import make_person
from tests.learning.assignment_helpers import assign

LESSON_1 = "/courses/basics/lessons/01-first"
LESSON_2 = "/courses/basics/lessons/02-second"


@pytest.fixture
def content(app):
    sync_content(load_content(MINIMAL))
    db.session.commit()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def reads() -> int:
    return db.session.scalar(select(func.count()).select_from(LessonRead))


def test_the_catalog_shows_my_track_in_french_then_english(content, client, login_as):
    person = login_as("employee", language="fr")
    html = page(client, "/tracks")
    assert "Mes parcours" not in html and "Autres parcours" in html  # nothing assigned yet
    assign(person, "employees")
    html = page(client, "/tracks")
    assert "Mes parcours" in html and "Collaborateurs" in html and "0 leçon lue sur 2" in html
    client.post("/language", data={"language": "en"})
    html = page(client, "/tracks")
    assert "My tracks" in html and "Employees" in html and "0 of 2 lessons read" in html


def test_the_track_page_lists_its_courses_and_where_to_start(content, client, login_as):
    login_as("employee", language="en")
    html = page(client, "/tracks/employees")
    assert "The basics" in html and "required" in html
    assert f'href="{LESSON_1}"' in html and "Start: First lesson" in html


def test_a_lesson_renders_its_markdown_with_links_and_images_rewritten(content, client, login_as):
    """The HTML is built at sync, with URLs relative to the lesson's page: a browser resolves
    them against the page's URL, as ``urljoin`` does, to the lesson and the file."""
    login_as("employee", language="en")
    html = page(client, LESSON_1)
    article = html[html.index('<article class="card lesson"') : html.index("</article>")]
    assert "<h2>Listen first</h2>" in article
    link = re.search(r'<a href="([^"]+)"', article).group(1)
    image = re.search(r'<img src="([^"]+)" alt="The diagram">', article).group(1)
    assert urljoin(LESSON_1, link) == LESSON_2
    assert urljoin(LESSON_1, image) == "/courses/basics/files/images/schema.png"
    assert client.get(urljoin(LESSON_1, image)).status_code == 200
    assert "Lesson 1 of 2" in html and "Next: Second lesson" in html


def test_the_lesson_html_is_built_at_sync_and_stored_with_the_lesson(content):
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "01-first"))
    assert "<h2>Listen first</h2>" in lesson.html["en"]
    assert "<h2>" in lesson.html["fr"] and lesson.html["fr"] != lesson.html["en"]


def test_marking_a_lesson_read_records_it_once_and_goes_to_the_next(content, client, login_as):
    person = login_as("employee", language="en")
    first = client.post(f"{LESSON_1}/read")
    second = client.post(f"{LESSON_1}/read")
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == LESSON_2
    assert reads() == 1
    row = db.session.scalar(select(LessonRead))
    assert (row.person_id, row.course_version) == (person.id, 1)
    assert "You have read this lesson." in page(client, LESSON_1)
    html = page(client, "/courses/basics")
    assert "1 of 2 lessons read" in html and "Continue: Second lesson" in html


def test_reading_the_last_lesson_returns_to_the_course(content, client, login_as):
    login_as("employee", language="en")
    client.post(f"{LESSON_1}/read")
    response = client.post(f"{LESSON_2}/read", follow_redirects=True)
    assert response.request.path == "/courses/basics"
    html = response.get_data(as_text=True)
    assert "You have read every lesson of this course." in html and "2 of 2 lessons read" in html


def test_marking_read_needs_a_csrf_token(csrf_app):
    sync_content(load_content(MINIMAL))
    person = make_person()
    db.session.commit()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    sign_in(client, person.email, csrf_token=token)
    assert client.get(LESSON_1).status_code == 200
    assert client.post(f"{LESSON_1}/read").status_code == 400
    assert reads() == 0


def test_a_course_file_is_served_with_its_type_and_a_sandbox(content, client, login_as):
    login_as("employee")
    response = client.get("/courses/basics/files/images/schema.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "images/missing.png",
        "../basics/images/schema.png",
        "images/../../../course.yml",
        "%2e%2e/course.yml",
        "course.yml",
        "lessons/01-first.fr.md",
    ],
)
def test_nothing_but_the_course_files_is_served(content, client, login_as, path):
    login_as("employee")
    assert client.get(f"/courses/basics/files/{path}").status_code == 404


def test_unknown_and_retired_content_is_not_found(content, client, login_as):
    login_as("employee")
    assert client.get("/tracks/nobody").status_code == 404
    assert client.get("/courses/basics/lessons/99-none").status_code == 404
    db.session.scalar(select(Lesson).where(Lesson.slug == "02-second")).retired_at = func.now()
    db.session.scalar(select(Course)).retired_at = None
    db.session.commit()
    assert client.get(LESSON_2).status_code == 404
    assert client.post(f"{LESSON_2}/read").status_code == 404
    assert reads() == 0


def test_pages_need_a_signed_in_person(content, client):
    response = client.get(LESSON_1)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_profile_shows_a_department_by_its_name_and_free_text_as_is(client, login_as):
    login_as("employee", language="fr", department="hr")
    page = client.get("/").get_data(as_text=True)
    assert "<dd>Ressources humaines</dd>" in page
    assert "<dd>hr</dd>" not in page
    client.post("/language", data={"language": "en"})
    assert "<dd>Human resources</dd>" in client.get("/").get_data(as_text=True)


def test_a_department_without_a_name_shows_as_written(client, login_as):
    login_as("employee", language="fr", department="Atelier de Lyon")
    assert "<dd>Atelier de Lyon</dd>" in client.get("/").get_data(as_text=True)
