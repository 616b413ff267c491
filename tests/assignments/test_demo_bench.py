"""The bench's large-demo scenarios: the rule form is sent as a browser sends it when nobody
changes it, and a POST under wrk carries that body."""

from __future__ import annotations

from bench.large import FormReader
from bench.wrk import REPORT, posting_script

FORM = """
<header><form method="post" action="/logout"><button name="out">Sign out</button></form></header>
<main>
<form method="get" action="/search"><input name="q" value="ignored"></form>
<form method="post" action="/admin/rules/preview">
  <input type="hidden" name="csrf_token" value="token">
  <label>Track <select name="track"><option value="1">A</option>
    <option value="2" selected>B</option></select></label>
  <select name="offices" multiple><option value="paris">Paris</option></select>
  <input name="name" required>
  <input type="number" name="due_days" required>
  <input type="number" name="optional_days">
  <input type="checkbox" name="languages" value="fr" checked>
  <input type="checkbox" name="languages" value="en">
  <textarea name="note">As it was</textarea>
  <button type="submit" name="preview" value="1">Preview</button>
  <button type="submit" name="confirm" value="1">Confirm</button>
</form>
<form method="post" action="/other"><input name="other" value="x"></form>
</main>
"""


def test_the_pages_own_form_is_read_as_a_browser_would_send_it_unchanged():
    reader = FormReader()
    reader.feed(FORM)
    assert reader.action == "/admin/rules/preview"
    assert reader.fields == [
        ("csrf_token", "token"),
        ("track", "2"),
        ("name", "Bench"),
        ("due_days", "30"),
        ("optional_days", ""),
        ("languages", "fr"),
        ("note", "As it was"),
        ("preview", "1"),
    ]


def test_a_post_script_sets_the_body_and_keeps_the_report(tmp_path):
    script = posting_script(tmp_path, "a=1&b=%C3%A9").read_text(encoding="utf-8")
    assert 'wrk.method = "POST"' in script
    assert "wrk.body = [==[a=1&b=%C3%A9]==]" in script
    assert script.endswith(REPORT.read_text(encoding="utf-8"))
