"""WTForms' own messages stay in the reader's language now that its catalog is read once per
process (``app.form_translations``) rather than once per request."""

from __future__ import annotations

import pytest

from app.form_translations import catalog


@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "Adresse électronique non valide."), ("en", "Invalid email address.")],
)
def test_a_wtforms_message_is_in_the_reader_s_language(client, language, message):
    client.post("/language", data={"language": language})
    response = client.post("/password/forgot", data={"email": "not an address"})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_the_catalog_is_read_once_per_language(client):
    catalog.cache_clear()
    for language in ("fr", "en", "fr", "en"):
        client.post("/language", data={"language": language})
        client.post("/password/forgot", data={"email": "not an address"})
    assert catalog.cache_info().currsize == 2
    assert catalog.cache_info().misses == 2
