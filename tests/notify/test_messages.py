"""Messages from templates, delivered to a real SMTP server: multipart text and HTML, in the
recipient's language and time zone, absolute links from PUBLIC_BASE_URL, Cc, safe headers.

The password reset is the kind the app sends today; ``sample`` (tests/data/notify) stands for
the kinds later features add, with dates, numbers and a link to a page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.notify.services import Recipient, public_url, queue_message, recipient_of
from app.outbox.models import OutboxMessage
from tests.factories import make_office, make_person
from tests.smtp_server import send

SAMPLE = {
    "title": "Votre parcours",
    "name": "Ada",
    "due": date(2026, 12, 24),
    "moment": datetime(2026, 12, 1, 14, 30, tzinfo=UTC),
    "mark": 1234.5,
    "done": 85,
    "track": "employees",
}


def delivered_one(app, smtp_server):
    handler, port = smtp_server()
    result = send(app, port)
    assert result.output.strip() == "sent 1, failed 0", result.output
    [envelope] = handler.envelopes
    [mail] = handler.received()
    return envelope, mail


def parts(mail) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in mail.iter_parts()}


def ask_reset(client, person):
    assert client.post("/password/forgot", data={"email": person.email}).status_code == 302
    db.session.commit()


def test_a_reset_e_mail_is_text_and_html_in_french_with_the_same_working_link(
    app, client, smtp_server
):
    person = make_person(language="fr")
    db.session.commit()
    ask_reset(client, person)
    _envelope, mail = delivered_one(app, smtp_server)
    assert mail.get_content_type() == "multipart/alternative"
    assert mail["Subject"] == "Réinitialisez votre mot de passe Relais"
    text, html = parts(mail)["text/plain"], parts(mail)["text/html"]
    assert "Quelqu’un a demandé à réinitialiser le mot de passe" in text
    assert "ouvrez ce lien dans l’heure\u202f:" in text
    assert '<html lang="fr">' in html
    [link] = re.findall(r"https://\S+", text)
    assert f'<a href="{link}">' in html
    assert link.startswith("https://relais.example/password/reset/")
    assert "{sealed:" not in text + html
    opened = client.get(link.removeprefix("https://relais.example"))
    assert opened.headers["Location"] == "/password/reset"
    assert client.get("/password/reset").status_code == 200


def test_a_reset_e_mail_to_an_english_reader_is_in_english(app, client, smtp_server):
    person = make_person(language="en")
    db.session.commit()
    ask_reset(client, person)
    _envelope, mail = delivered_one(app, smtp_server)
    assert mail["Subject"] == "Reset your Relais password"
    text, html = parts(mail)["text/plain"], parts(mail)["text/html"]
    assert "Someone asked to reset the password of your Relais account." in text
    assert "open this link within 1 hour:" in text
    assert '<html lang="en">' in html and "your password stays as it is" in html


def test_a_reset_e_mail_is_wiped_once_sent(app, client, smtp_server):
    person = make_person()
    db.session.commit()
    ask_reset(client, person)
    delivered_one(app, smtp_server)
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage))
    assert (message.body, message.html_body, message.state) == ("", "", "sent")


def test_the_headers_name_sender_recipient_date_and_a_message_id(app, client, smtp_server):
    person = make_person(email="lea@relais.example")
    db.session.commit()
    ask_reset(client, person)
    stored = db.session.scalar(select(OutboxMessage))
    envelope, mail = delivered_one(app, smtp_server)
    assert (mail["From"], mail["To"], envelope.rcpt_tos) == (
        "relais@localhost",
        "lea@relais.example",
        ["lea@relais.example"],
    )
    assert mail["Message-ID"] == stored.message_id
    assert re.fullmatch(r"<[0-9a-f]{32}@localhost>", stored.message_id)
    assert parsedate_to_datetime(mail["Date"]) == stored.created_at.replace(microsecond=0)
    assert mail["Cc"] is None


def test_dates_numbers_and_times_follow_a_french_reader_in_paris(sample_kind, smtp_server):
    reader = make_person(language="fr", office=make_office("paris"))
    queue_message("sample", reader, SAMPLE)
    db.session.commit()
    _envelope, mail = delivered_one(sample_kind, smtp_server)
    text = parts(mail)["text/plain"]
    assert "due 24 déc. 2026" in text
    assert "sent 1er déc. 2026, 15:30 (heure normale d’Europe centrale)" in text
    assert "mark 1\u202f234,5, done 85\u00a0%." in text


def test_dates_numbers_and_times_follow_an_english_reader_in_quebec(sample_kind, smtp_server):
    reader = make_person(language="en", office=make_office("quebec"))
    queue_message("sample", reader, SAMPLE)
    db.session.commit()
    _envelope, mail = delivered_one(sample_kind, smtp_server)
    text = parts(mail)["text/plain"]
    assert "due Dec 24, 2026" in text
    assert "sent Dec 1, 2026, 9:30\u202fAM (Eastern Standard Time)" in text
    assert "mark 1,234.5, done 85%." in text


def test_links_are_absolute_from_public_base_url_without_any_request(sample_kind, smtp_server):
    sample_kind.config["PUBLIC_BASE_URL"] = "https://learn.relais.example/lms"
    queue_message("sample", make_person(), SAMPLE)
    db.session.commit()
    _envelope, mail = delivered_one(sample_kind, smtp_server)
    link = "https://learn.relais.example/lms/tracks/employees"
    assert parts(mail)["text/plain"].splitlines()[1] == link
    assert f'<a href="{link}">' in parts(mail)["text/html"]


def test_public_url_ignores_the_request_host(app):
    with app.test_request_context("/", base_url="https://evil.example"):
        assert public_url("learning.home") == "https://relais.example/"


def test_addresses_in_copy_receive_the_message_with_a_cc_header(sample_kind, smtp_server):
    reader = make_person(email="learner@relais.example")
    queue_message("sample", reader, SAMPLE, cc=["manager@relais.example", "hr@relais.example"])
    db.session.commit()
    envelope, mail = delivered_one(sample_kind, smtp_server)
    assert mail["Cc"] == "manager@relais.example, hr@relais.example"
    assert sorted(envelope.rcpt_tos) == [
        "hr@relais.example",
        "learner@relais.example",
        "manager@relais.example",
    ]


def test_a_line_break_in_the_subject_cannot_add_a_header(sample_kind, smtp_server):
    hostile = {**SAMPLE, "title": "Votre parcours\nBcc: intruder@elsewhere.example"}
    queue_message("sample", make_person(), hostile)
    db.session.commit()
    envelope, mail = delivered_one(sample_kind, smtp_server)
    assert mail["Subject"] == "Votre parcours Bcc: intruder@elsewhere.example"
    assert mail["Bcc"] is None
    assert "intruder@elsewhere.example" not in envelope.rcpt_tos


def test_a_subject_keeps_its_no_break_spaces_and_folds_every_other_space(sample_kind):
    title = "Rappel\u202f: parcours\u2028Bcc:\u00a0x  \t fin"
    queue_message("sample", make_person(), {**SAMPLE, "title": title})
    message = db.session.scalar(select(OutboxMessage))
    assert message.subject == "Rappel\u202f: parcours Bcc:\u00a0x fin"


def test_the_html_escapes_what_the_text_keeps_as_written(sample_kind, smtp_server):
    queue_message("sample", make_person(), {**SAMPLE, "name": "<b>Ada</b> & co"})
    db.session.commit()
    _envelope, mail = delivered_one(sample_kind, smtp_server)
    assert parts(mail)["text/plain"].startswith("<b>Ada</b> & co: due")
    assert "<p>&lt;b&gt;Ada&lt;/b&gt; &amp; co: due" in parts(mail)["text/html"]


def test_a_recipient_without_a_person_gets_the_message_in_their_language(sample_kind):
    outside = Recipient(email="auditor@elsewhere.example", language="en", timezone="UTC")
    assert queue_message("sample", outside, SAMPLE) is True
    message = db.session.scalar(select(OutboxMessage))
    assert "due Dec 24, 2026" in message.body
    assert "sent Dec 1, 2026, 2:30\u202fPM (Coordinated Universal Time)" in message.body


def test_a_person_s_recipient_carries_their_office_zone(app):
    person = make_person(language="en", office=make_office("louvain-la-neuve"))
    assert recipient_of(person) == Recipient(
        email=person.email, language="en", timezone="Europe/Brussels", name=person.display_name
    )


@pytest.mark.parametrize("kind", ["../people/login", "Sample", "sample.txt", ""])
def test_a_kind_that_is_not_a_template_name_is_refused_and_nothing_is_queued(sample_kind, kind):
    with pytest.raises(ValueError, match="not a message kind"):
        queue_message(kind, make_person(), SAMPLE)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
