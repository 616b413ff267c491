"""The Bitstring Status List: one revocation bit per certificate, in a signed
BitstringStatusListCredential the site serves; the bit flips when the certificate is revoked,
and reading a list costs the same queries however many certificates there are."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from app.certificates.badges import ALGORITHM, STATUS_LIST_SIZE, credential
from app.certificates.models import REVOKED
from app.certificates.status_list import bit_is_set, decoded_list, encoded_list
from app.extensions import db
from tests.certificates.issued import issue_for
from tests.query_counter import counted_statements

SITE = "https://relais.example"


def published(client, number: int = 0) -> dict:
    """List ``number`` as a verifier reads it: the JWT, checked against the published keys."""
    keys = KeySet.import_key_set(client.get("/.well-known/jwks.json").get_json())
    response = client.get(f"/credentials/status/{number}")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    return jwt.decode(response.get_data(as_text=True), keys, algorithms=[ALGORITHM]).claims


def status_bit(client, certificate) -> bool:
    status = credential(certificate)["credentialStatus"]
    number = int(status["statusListCredential"].rsplit("/", 1)[1])
    bits = decoded_list(published(client, number)["credentialSubject"]["encodedList"])
    return bit_is_set(bits, int(status["statusListIndex"]))


def revoke(certificate) -> None:
    # Revocation belongs to HR's part; the state it leaves is what the list reads.
    certificate.state = REVOKED
    certificate.revoked_at = datetime.now(UTC)
    certificate.revocation_reason = "Issued by mistake."
    db.session.commit()


def test_the_bit_flips_when_the_certificate_is_revoked(quiz, client):
    certificate, other = issue_for(), issue_for()
    assert (status_bit(client, certificate), status_bit(client, other)) == (False, False)
    revoke(certificate)
    assert (status_bit(client, certificate), status_bit(client, other)) == (True, False)


def test_the_list_is_a_bitstring_status_list_credential(quiz, client):
    issue_for()
    claims = published(client)
    assert claims["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert claims["id"] == claims["jti"] == f"{SITE}/credentials/status/0"
    assert claims["issuer"] == claims["iss"] == SITE
    subject = claims["credentialSubject"]
    assert subject["id"] == f"{SITE}/credentials/status/0#list"
    assert (subject["type"], subject["statusPurpose"]) == ("BitstringStatusList", "revocation")
    assert subject["ttl"] == 300_000
    assert subject["encodedList"].startswith("u")  # multibase base64url


def test_the_bitstring_holds_131072_bits_gzip_compressed(quiz, client):
    issue_for()
    bits = decoded_list(published(client)["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == STATUS_LIST_SIZE == 131_072
    assert not any(bits)


def test_index_zero_is_the_first_bytes_highest_bit():
    bits = decoded_list(encoded_list([0, 9, STATUS_LIST_SIZE - 1]))
    assert (bits[0], bits[1], bits[-1]) == (0b1000_0000, 0b0100_0000, 0b0000_0001)
    assert encoded_list([5]) == encoded_list([5])  # no timestamp in the GZIP header


def test_the_list_can_be_read_unsigned(quiz, client):
    certificate = issue_for()
    revoke(certificate)
    response = client.get("/credentials/status/0", headers={"Accept": "application/json"})
    assert response.mimetype == "application/json"
    encoded = response.get_json()["credentialSubject"]["encodedList"]
    assert bit_is_set(decoded_list(encoded), certificate.id)


def test_verifiers_may_cache_the_list_for_five_minutes(quiz, client):
    issue_for()
    response = client.get("/credentials/status/0")
    assert response.headers["Cache-Control"] == "public, max-age=300"


def test_a_list_beyond_the_certificates_issued_is_not_found(quiz, client):
    issue_for()
    assert client.get("/credentials/status/1").status_code == 404
    assert client.get("/credentials/status/-1").status_code == 404
    assert client.get("/credentials/status/zero").status_code == 404


@pytest.mark.parametrize("more", [0, 40])
def test_reading_a_list_costs_the_same_however_many_certificates(quiz, client, more):
    for index in range(2 + more):
        certificate = issue_for()
        if index % 3 == 0:
            revoke(certificate)
    with counted_statements() as statements:
        assert client.get("/credentials/status/0").status_code == 200
    assert len(statements) == 2, statements  # the lists' count, the revoked bits
