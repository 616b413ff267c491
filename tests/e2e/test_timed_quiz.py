"""A learner takes a timed quiz in a real browser: the countdown runs, answers save themselves
and survive a reload, and submitting twice in a row still gives one graded attempt."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.quiz.models import GRADED, QuizAttempt
from tests.factories import TEST_PASSWORD, make_office, make_person
from tests.quiz.quiz_content import sync_quiz

# Within the ten minutes of the limit, whatever time zone the browser is in.
TIME_LEFT = re.compile(r"^Time left: (10:00|\d:[0-5]\d)$")
# In the person's office zone (Paris), not the browser's (Toronto), and named.
SAVED_AT = re.compile(
    r"Answers saved at \d{1,2}:\d\d:\d\d\s[AP]M \(Central European (Standard|Summer) Time\)\."
)


def question(page, number: int):
    return page.get_by_role("group", name=f"Question {number}", exact=True)


def autosave_of(page, name: str, value: str):
    """Wait for the autosave that sends ``value`` in field ``name`` (quiz.js posts FormData).

    The journey lets each batch of answers save before it goes on, so that the reload shows what
    the autosave (not a submit) kept.
    """
    field = f'name="{name}"\r\n\r\n{value}\r\n'
    return page.expect_response(
        lambda response: (
            response.url.endswith("/save") and field in (response.request.post_data or "")
        )
    )


def test_timed_quiz_autosaves_survives_a_reload_and_grades_once(server, browser, app, tmp_path):
    sync_quiz(tmp_path / "content", time_limit_minutes=10)
    person = make_person(language="en", office=make_office("paris"))
    # Read before the commit: no transaction stays open in this process while the server works.
    email, person_id = person.email, person.id
    db.session.commit()
    # A time zone far from UTC: the countdown must not depend on where the browser is.
    context = browser.new_context(locale="en-GB", timezone_id="America/Toronto")
    submissions = []

    def count_submissions(request):
        if request.method == "POST" and request.url.endswith(("/finish", "/submit")):
            submissions.append(request.url.rsplit("/", 1)[1])

    context.on("request", count_submissions)
    page = context.new_page()

    page.goto(server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(server + "/courses/basics/quiz")
    expect(page.get_by_text("Time limit: 10 minutes")).to_be_visible()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+$"))

    countdown = page.get_by_role("timer")
    expect(countdown).to_have_text(TIME_LEFT)
    expect(countdown).not_to_have_text(countdown.text_content())
    expect(countdown).to_have_text(TIME_LEFT)

    with autosave_of(page, "q4", "zebra-keyword") as saved:
        question(page, 1).get_by_label("The community team").check()
        question(page, 3).get_by_label("False").check()
        question(page, 4).get_by_label("Your answer").fill("zebra-keyword")
    assert saved.value.status == 200
    expect(page.get_by_role("status")).to_contain_text(SAVED_AT)

    page.reload()
    expect(question(page, 1).get_by_label("The community team")).to_be_checked()
    expect(question(page, 3).get_by_label("False")).to_be_checked()
    expect(question(page, 4).get_by_label("Your answer")).to_have_value("zebra-keyword")
    expect(page.get_by_role("status")).to_contain_text(SAVED_AT)
    # The same attempt open in a second tab, as people do: its form is sent again at the end.
    other_tab = context.new_page()
    other_tab.goto(page.url)
    expect(question(other_tab, 4).get_by_label("Your answer")).to_have_value("zebra-keyword")

    with autosave_of(page, "q5", "31") as saved:
        question(page, 2).get_by_label("Listen").check()
        question(page, 2).get_by_label("Check").check()
        for item, country in (("Québec", "Canada"), ("Paris", "France"), ("Louvain", "Belgium")):
            question(page, 6).get_by_label(item).select_option(label=country)
        question(page, 5).get_by_label("Your answer").fill("31")
    assert saved.value.status == 200

    page.get_by_role("button", name="Submit and finish").click()
    expect(page.get_by_text("6 answered, 0 not answered, of 6 questions.")).to_be_visible()
    page.get_by_role("button", name="Submit all and finish").click()
    review = page.get_by_role("heading", name="Attempt 1: review", level=1)
    expect(review).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Score: 6 / 6 (100%)")
    review_url = page.url
    # Going back does not bring the form back: the attempt is over.
    page.go_back()
    expect(page).to_have_url(review_url)
    expect(review).to_be_visible()

    # The form kept in the other tab is sent again: it lands on the same result, unchanged,
    # without a summary (nothing is left to confirm).
    other_tab.get_by_role("button", name="Submit and finish").click()
    expect(other_tab).to_have_url(review_url)
    expect(other_tab.get_by_role("heading", name="Attempt 1: review", level=1)).to_be_visible()
    expect(other_tab.get_by_role("status")).to_contain_text("Score: 6 / 6 (100%)")
    assert submissions == ["finish", "submit", "finish"]
    context.close()

    db.session.rollback()
    attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.person_id == person_id))
    assert [(attempt.number, attempt.state, attempt.fraction) for attempt in attempts] == [
        (1, GRADED, 1.0)
    ]
