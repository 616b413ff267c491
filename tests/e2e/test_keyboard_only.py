"""The quiz by keyboard alone: sign in, open a lesson, start the quiz, answer every question type,
go to the summary, submit and read the review, with Tab, Shift+Tab, Enter, Space and the arrow
keys only. Each element reached shows a focus outline that stands out from what is behind it
(3:1, WCAG's non-text contrast). Nothing is clicked, nothing filled that the keyboard did not
reach first; typing goes to the focused field."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from app.extensions import db
from app.people.models import Person
from tests.e2e.test_answers_survive import WORDS, learner
from tests.factories import TEST_PASSWORD
from tests.learning.assignment_helpers import assign
from tests.quiz.quiz_content import sync_quiz

MOST_TABS = 80  # more than any page here needs to reach its last control

# The focused element's outline, and its contrast with the first opaque background behind it.
FOCUS_RING = """() => {
  const element = document.activeElement, style = getComputedStyle(element);
  const rgb = text => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(c => c / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  let behind = element.parentElement, back = [255, 255, 255];
  for (; behind; behind = behind.parentElement) {
    const colour = rgb(getComputedStyle(behind).backgroundColor);
    if (colour.length < 4 || colour[3] > 0) { back = colour; break; }
  }
  const [a, b] = [luminance(rgb(style.outlineColor)), luminance(back)].sort((x, y) => y - x);
  return {
    what: element.tagName + " " + (element.getAttribute("aria-label") || element.textContent
      || element.name || "").trim().slice(0, 60),
    width: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    contrast: (a + 0.05) / (b + 0.05),
  };
}"""


def focus_is_visible(page) -> None:
    ring = page.evaluate(FOCUS_RING)
    assert ring["width"] >= 2, f"no focus outline on {ring['what']} ({page.url})"
    assert ring["contrast"] >= 3, f"faint focus outline on {ring['what']}: {ring['contrast']:.2f}"


def tab_to(page, target, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until ``target`` has the focus, each stop's focus visible."""
    page.wait_for_load_state()  # the stylesheet, focus style included, applied
    for _ in range(MOST_TABS):
        page.keyboard.press(key)
        focus_is_visible(page)
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} cannot be reached with {key} on {page.url}")


def question(page, number: int):
    return page.get_by_role("group", name=f"Question {number}", exact=True)


def test_sign_in_lesson_quiz_summary_and_review_by_keyboard_alone(server, browser, app, tmp_path):
    sync_quiz(tmp_path / "content", shuffle_choices="false")
    email, person_id = learner("en")
    assign(db.session.get(Person, person_id), "employees")  # so home offers its first lesson
    words = WORDS["en"]
    page = browser.new_page(locale="en-GB")
    page.goto(server + "/login")

    tab_to(page, page.get_by_label(words["email"]))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label(words["password"], exact=True))
    page.keyboard.type(TEST_PASSWORD)
    tab_to(page, page.get_by_label(words["email"]), "Shift+Tab")  # back, and forward again
    tab_to(page, page.get_by_label(words["password"], exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/$"))

    tab_to(page, page.get_by_role("link", name=re.compile("^Start: ")))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/lessons/01-first$"))
    tab_to(page, page.get_by_role("button", name="Mark as read"))
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"/lessons/02-second$"))
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    tab_to(page, breadcrumb.get_by_role("link", name="← The basics"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/courses/basics$"))
    tab_to(page, page.get_by_role("link", name="Go to the quiz"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/courses/basics/quiz$"))
    tab_to(page, page.get_by_role("button", name=words["start"]))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/quiz/attempts/\d+$"))
    page.wait_for_load_state()

    answer_every_question(page)
    panel = page.get_by_role("navigation", name="Questions of this attempt")
    expect(panel.get_by_role("link", name="Not answered")).to_have_count(0)
    tab_to(page, page.get_by_role("button", name="Submit and finish", exact=True))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/summary$"))
    expect(page.get_by_text("6 answered, 0 not answered, of 6 questions.")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Submit all and finish", exact=True))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/review$"))

    expect(page.get_by_role("heading", name="Attempt 1: review", level=1)).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Score: ")
    for number in range(1, 7):  # each question's outcome is in words
        expect(question(page, number).locator(".outcome")).to_have_text(
            re.compile(r"^(Correct|Incorrect|Partially correct)")
        )
    tab_to(page, page.get_by_role("link", name="Back to the quiz", exact=True))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/courses/basics/quiz$"))
    expect(page.get_by_role("link", name="Review", exact=True)).to_be_visible()
    page.close()


def answer_every_question(page) -> None:
    """Question by question as the bank orders them, unshuffled: a radio group takes an arrow
    key, a checkbox and a true/false radio Space, a text field typing, a drop-down the arrows."""
    choose, several, truth, word, number, pairs = (question(page, n) for n in range(1, 7))
    tab_to(page, choose.get_by_role("radio").first)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # a radio group moves its choice with the arrows
    expect(choose.get_by_role("radio").nth(1)).to_be_checked()
    tab_to(page, several.get_by_role("checkbox").first)
    page.keyboard.press("Space")
    expect(several.get_by_role("checkbox").first).to_be_checked()
    tab_to(page, truth.get_by_role("radio").first)
    page.keyboard.press("Space")
    expect(truth.get_by_role("radio").first).to_be_checked()
    tab_to(page, word.get_by_role("textbox"))
    page.keyboard.type("zebra-keyword")
    tab_to(page, number.get_by_role("textbox"))
    page.keyboard.type("31")
    for select in pairs.get_by_role("combobox").all():
        tab_to(page, select)
        page.keyboard.press("ArrowDown")
        expect(select).not_to_have_value("")
