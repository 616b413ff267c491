"""The issue's "done when": a new learner walks the employees track in a real browser, in French
and in English, on a desk and on a phone, with axe-core on every page. Progress tells the truth
at each step (home, track, course), each quiz is failed once then passed, with the summary
before the submit, a review that marks the answers in words, and the next course offered. The
track is assigned to the learner (as its default rule does for everyone), so home shows it with
its due date, and once it is completed, among the completed tracks.

The right answers come from the repository's banks through the app's own parser and question
types (tests/e2e/answer_key.py): the banks change, this test does not."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.content.loader import load_content
from app.content.sync import sync_content
from app.extensions import db
from app.learning.cycles import today_for
from app.people.models import Person
from app.quiz.types.base import Labels
from tests.e2e.accessibility import assert_accessible
from tests.e2e.answer_key import answer_key, give, shown_text
from tests.e2e.phrases import Words
from tests.e2e.test_accessible import VIEWPORTS, sign_in
from tests.e2e.test_answers_survive import WORDS, learner
from tests.learning.assignment_helpers import assign

REPOSITORY = Path(__file__).resolve().parents[2]


class Learner:
    """One learner's browser page, with the checks each step makes."""

    def __init__(self, page, server: str, words: Words, content):
        self.page, self.server, self.say, self.content = page, server, words, content
        self.track = next(track for track in content.tracks if track.slug == "employees")
        self.courses = [self.course_spec(item.course) for item in self.track.courses]
        self.total = sum(len(course.lessons) for course in self.courses)

    def course_spec(self, slug: str):
        return next(course for course in self.content.courses if course.slug == slug)

    def title(self, spec) -> str:
        return spec.title[self.say.language]

    def looked_at(self, what: str) -> None:
        assert_accessible(self.page, what)

    def link(self, message: str, **params):
        return self.page.get_by_role("link", name=self.say(message, **params), exact=True)

    def lessons_read(self, done: int, total: int) -> str:
        return self.say.plural(
            "%(num)d of %(total)d lessons read", "%(num)d of %(total)d lessons read", done,
            total=total,
        )  # fmt: skip

    def home(self, read: int, passed: int) -> None:
        """Home's card for the track: lessons read, quizzes passed, the charter not yet."""
        self.page.get_by_role("link", name="Relais", exact=True).click()
        quizzes = self.say.plural(
            "%(num)d of %(total)d quizzes passed", "%(num)d of %(total)d quizzes passed", passed,
            total=len(self.courses),
        )  # fmt: skip
        bar = f"{self.lessons_read(read, self.total)} · {quizzes} · "
        bar += self.say("charter not accepted yet")
        expect(self.page.get_by_text(bar, exact=True)).to_be_visible()
        self.looked_at(f"home, {read} read, {passed} passed")

    def quiz_state(self, spec, grade: str | None, passed: bool) -> str:
        mark = self.say.percent(spec.quiz.pass_mark)
        if passed:
            return self.say("Quiz passed: %(grade)s", grade=grade)
        if grade is None:
            return self.say("Quiz not attempted yet (pass mark %(mark)s)", mark=mark)
        return self.say(
            "Quiz not passed yet: %(grade)s (pass mark %(mark)s)", grade=grade, mark=mark
        )

    def course_state(self, spec, read: int, grade: str | None = None, passed: bool = False) -> str:
        state = (
            f"{self.lessons_read(read, len(spec.lessons))} · {self.quiz_state(spec, grade, passed)}"
        )
        return state + (f" · {self.say('Course completed')}" if passed else "")

    def track_page(self, states: list[tuple]) -> None:
        """The track page: each course's card (its list item) states its progress."""
        page = self.page
        page.goto(self.server + "/tracks/employees")
        for spec, state in states:
            title = page.get_by_role("link", name=self.title(spec), exact=True)
            card = page.get_by_role("listitem").filter(has=title)
            expect(card.get_by_text(state, exact=True)).to_be_visible()
        self.looked_at("track")

    def read_lessons(self, spec) -> None:
        """From the first lesson of the course: mark each read; the last leads to the course."""
        for number, lesson in enumerate(spec.lessons, start=1):
            expect(self.page.get_by_role("heading", level=1)).to_have_text(
                lesson.title[self.say.language]
            )
            self.looked_at(f"lesson {number} of {spec.slug}")
            self.page.get_by_role("button", name=self.say("Mark as read")).click()
            if number == 1 and spec is self.courses[0] and len(spec.lessons) > 1:
                self.page.wait_for_url(re.compile(spec.lessons[1].slug))
                self.home(read=1, passed=0)  # one lesson read: the next step now says "Continue"
                following = spec.lessons[1].title[self.say.language]
                self.link("Continue: %(lesson)s", lesson=following).click()
        expect(self.page.get_by_role("status")).to_contain_text(
            self.say("You have read every lesson of this course.")
        )

    def take_quiz(self, spec, key: dict, right: int) -> str:
        """One attempt, answering ``right`` questions rightly and leaving the rest blank;
        through the summary to the review. Returns the grade the review gives, as it reads."""
        page = self.page
        expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+$"))
        page.wait_for_load_state()
        questions = page.locator("fieldset.question")
        count = spec.quiz.questions_per_attempt or len(spec.questions)
        expect(questions).to_have_count(count)
        self.looked_at(f"attempt at {spec.slug}")
        for group in questions.all()[:right]:
            give(group, key[shown_text(group)])
        page.get_by_role("button", name=self.say("Submit and finish"), exact=True).click()
        expect(page).to_have_url(re.compile(r"/summary$"))
        summary = self.say.plural(
            "%(answered)d answered, %(unanswered)d not answered, of %(num)d question.",
            "%(answered)d answered, %(unanswered)d not answered, of %(num)d questions.",
            count, answered=right, unanswered=count - right,
        )  # fmt: skip
        expect(page.get_by_text(summary)).to_be_visible()
        self.looked_at(f"summary at {spec.slug}")
        page.get_by_role("button", name=self.say("Submit all and finish"), exact=True).click()
        expect(page).to_have_url(re.compile(r"/review$"))
        self.looked_at(f"review at {spec.slug}")
        # Each right answer is marked in words, beside the answer given; the rest say so.
        marks = page.locator(".outcome").filter(has_text=re.compile("^" + self.say("Correct")))
        expect(marks).to_have_count(right)
        expect(page.get_by_text(self.say("You gave no answer."))).to_have_count(count - right)
        score = self.say.pattern(
            "Score: %(score)s / %(max)s (%(percent)s)", score=None, max=None, percent=None
        )
        found = score.search(page.get_by_role("status").first.inner_text())
        assert found, page.get_by_role("status").first.inner_text()
        return found.group("percent")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_new_learner_walks_the_employees_track(server, browser, app, language, viewport):
    content = load_content(REPOSITORY)
    sync_content(content)
    email, person_id = learner(language)
    person = db.session.get(Person, person_id)
    assign(person, "employees", due_on=today_for(person) + timedelta(days=30))
    say = Words(language)
    labels = Labels(true=say("True"), false=say("False"))
    context = browser.new_context(locale=f"{language}-FR", viewport=VIEWPORTS[viewport])
    walk = Learner(context.new_page(), server, say, content)
    page = walk.page
    sign_in(page, server, email, language)

    walk.home(read=0, passed=0)
    card = page.get_by_role("region", name=walk.track.title[language])
    expect(card).to_contain_text(say("Assigned by a rule"))
    due_words = say.plural("due in %(num)d day", "due in %(num)d days", 30)
    expect(card).to_contain_text(re.compile(re.escape(due_words), re.IGNORECASE))  # capitalised
    first = walk.courses[0]
    expect(walk.link("Start: %(lesson)s", lesson=first.lessons[0].title[language])).to_be_visible()
    walk.track_page([(spec, walk.course_state(spec, 0)) for spec in walk.courses])
    read = 0
    for index, spec in enumerate(walk.courses):
        # The track's next step: "Start" with nothing read, "Continue" once it is under way.
        step = "Start: %(lesson)s" if read == 0 else "Continue: %(lesson)s"
        walk.link(step, lesson=spec.lessons[0].title[language]).click()
        walk.read_lessons(spec)
        read += len(spec.lessons)
        expect(page.get_by_text(walk.course_state(spec, len(spec.lessons)))).to_be_visible()
        walk.looked_at(f"course {spec.slug}, every lesson read")
        key = answer_key(spec, language, labels)
        count = spec.quiz.questions_per_attempt or len(spec.questions)

        walk.link("Take the quiz: %(course)s", course=walk.title(spec)).click()
        walk.looked_at(f"quiz of {spec.slug}")
        page.get_by_role("button", name=WORDS[language]["start"]).click()
        if 100 / count < spec.quiz.pass_mark:  # one right answer of many fails: cheap to see
            grade = walk.take_quiz(spec, key, right=1)
            expect(page.get_by_role("status").first).to_contain_text(
                say("not passed (pass mark %(mark)s)", mark=say.percent(spec.quiz.pass_mark))
            )
            page.goto(server + f"/courses/{spec.slug}")
            state = walk.course_state(spec, len(spec.lessons), grade=grade)
            expect(page.get_by_text(state)).to_be_visible()
            walk.looked_at(f"course {spec.slug}, quiz failed")
            walk.link("Retake the quiz: %(course)s", course=walk.title(spec)).click()
            page.get_by_role("button", name=say("Start a new attempt")).click()

        grade = walk.take_quiz(spec, key, right=count)
        expect(page.get_by_role("status").first).to_contain_text(say("passed"))
        assert grade == say.percent(100)
        if index + 1 < len(walk.courses):
            following = walk.title(walk.courses[index + 1])
            walk.link("Next course: %(course)s", course=following).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(following)
        else:
            walk.link("Back to the track: %(track)s", track=walk.track.title[language]).click()
        walk.track_page(
            [
                (done, walk.course_state(done, len(done.lessons), grade, True))
                for done in walk.courses[: index + 1]
            ]
        )
        walk.home(read=read, passed=index + 1)

    walk.link("Read and accept the charter").click()
    walk.looked_at("charter")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name=say("Accept")).click()
    expect(page.get_by_role("status").first).to_contain_text(
        say("Thank you: your acceptance of the charter is recorded.")
    )
    page.get_by_role("link", name="Relais", exact=True).click()
    # Its completion closed the assignment: home lists the track among those completed.
    completed = page.get_by_role("region", name=say("Completed"))
    expect(completed.get_by_role("link", name=walk.track.title[language])).to_be_visible()
    expect(page.get_by_text(say("Nothing is assigned to you at the moment."))).to_be_visible()
    walk.looked_at("home, track completed")
    context.close()
