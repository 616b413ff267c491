"""Open Badges 3.0: a certificate's credential is an OpenBadgeCredential (VC 2.0) signed as a
VC-JWT; a standard JOSE library verifies it against the key set the site publishes, and
refuses it after any change to its header, payload or signature."""

from __future__ import annotations

import base64
import json

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import KeySet, OKPKey
from joserfc.jwt import JWTClaimsRegistry

from app.certificates.badges import (
    ALGORITHM,
    credential,
    hashed_identity,
    signed_credential,
    status_list_position,
)
from app.certificates.models import Certificate
from tests.certificates.issued import issue_for
from tests.factories import make_person

SITE = "https://relais.example"


@pytest.fixture
def certificate(quiz):
    holder = make_person(language="fr", email="Ana.Lima@relais.example", display_name="Ana Lima")
    return issue_for(holder)


@pytest.fixture
def published_keys(client) -> KeySet:
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    return KeySet.import_key_set(response.get_json())


def segments(token: str) -> list[bytes]:
    return [base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)) for part in token.split(".")]


def joined(parts: list[bytes]) -> str:
    return ".".join(base64.urlsafe_b64encode(part).decode().rstrip("=") for part in parts)


def test_the_credential_verifies_against_the_published_keys(certificate, published_keys):
    token = jwt.decode(signed_credential(certificate), published_keys, algorithms=[ALGORITHM])
    assert token.header["alg"] == "Ed25519"
    assert token.header["typ"] == "vc+jwt"
    assert token.header["kid"] == published_keys.keys[0].kid
    claims = token.claims
    assert claims["iss"] == SITE
    assert claims["jti"] == f"{SITE}/verify/{certificate.verification_code}"
    JWTClaimsRegistry(iss={"essential": True, "value": SITE}).validate(claims)  # nbf, exp


def test_the_published_keys_hold_no_private_part(published_keys):
    [key] = published_keys.keys
    assert key.as_dict(private=False).keys() == {"kty", "crv", "x", "kid", "use", "alg"}
    assert "d" not in key.as_dict(private=False)


def test_the_credential_is_an_open_badge(certificate):
    document = credential(certificate)
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == f"{SITE}/verify/{certificate.verification_code}"
    assert document["issuer"] == {
        "id": SITE,
        "type": ["Profile"],
        "name": "Relais",
        "url": SITE,
    }
    assert document["validFrom"] == f"{certificate.valid_from.isoformat()}T00:00:00Z"
    assert document["validUntil"] == f"{certificate.valid_until.isoformat()}T23:59:59Z"
    assert document["name"] == f"Collaborateurs — {certificate.serial}"
    subject = document["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Collaborateurs"
    assert achievement["criteria"]["narrative"]
    assert achievement["description"]
    assert document["credentialSchema"][0]["type"] == "1EdTechJsonSchemaValidator2019"


def test_the_holder_is_named_by_a_salted_hash_of_the_email_only(certificate):
    [identity] = credential(certificate)["credentialSubject"]["identifier"]
    assert identity["type"] == "IdentityObject"
    assert identity["identityType"] == "emailAddress"
    assert identity["hashed"] is True
    assert identity["identityHash"] == hashed_identity("ana.lima@relais.example", identity["salt"])
    assert identity["identityHash"].startswith("sha256$")
    assert "ana.lima" not in json.dumps(credential(certificate)).lower()
    assert "Ana Lima" not in json.dumps(credential(certificate))


def test_the_credential_points_at_its_status_bit(certificate):
    status = credential(certificate)["credentialStatus"]
    number, index = status_list_position(certificate)
    assert status == {
        "id": f"{SITE}/credentials/status/{number}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": f"{SITE}/credentials/status/{number}",
    }


def test_signing_again_gives_the_same_token(certificate):
    assert signed_credential(certificate) == signed_credential(certificate)


def test_a_changed_payload_is_refused(certificate, published_keys):
    header, payload, signature = segments(signed_credential(certificate))
    claims = json.loads(payload)
    claims["validUntil"] = "2099-12-31T23:59:59Z"
    forged = joined([header, json.dumps(claims).encode(), signature])
    with pytest.raises(BadSignatureError):
        jwt.decode(forged, published_keys, algorithms=[ALGORITHM])


def test_a_changed_header_is_refused(certificate, published_keys):
    header, payload, signature = segments(signed_credential(certificate))
    changed = json.loads(header) | {"typ": "JWT"}
    forged = joined([json.dumps(changed).encode(), payload, signature])
    with pytest.raises(BadSignatureError):
        jwt.decode(forged, published_keys, algorithms=[ALGORITHM])


def test_a_changed_signature_is_refused(certificate, published_keys):
    header, payload, signature = segments(signed_credential(certificate))
    forged = joined([header, payload, bytes([signature[0] ^ 1]) + signature[1:]])
    with pytest.raises(BadSignatureError):
        jwt.decode(forged, published_keys, algorithms=[ALGORITHM])


@pytest.mark.parametrize("segment", [0, 1, 2], ids=["header", "payload", "signature"])
def test_every_single_bit_changed_anywhere_is_refused(certificate, published_keys, segment):
    parts = segments(signed_credential(certificate))
    accepted = []
    for position in range(len(parts[segment])):
        changed = list(parts)
        data = bytearray(changed[segment])
        data[position] ^= 0x01
        changed[segment] = bytes(data)
        try:
            jwt.decode(joined(changed), published_keys, algorithms=[ALGORITHM])
        except (JoseError, ValueError):
            continue
        accepted.append(position)
    assert accepted == []


def test_a_token_signed_by_another_key_with_our_key_id_is_refused(certificate, published_keys):
    [ours] = published_keys.keys
    impostor = OKPKey.generate_key("Ed25519", parameters={"kid": ours.kid})
    claims = json.loads(segments(signed_credential(certificate))[1])
    header = {"alg": ALGORITHM, "kid": ours.kid}
    forged = jwt.encode(header, claims, impostor, algorithms=[ALGORITHM])
    with pytest.raises(BadSignatureError):
        jwt.decode(forged, published_keys, algorithms=[ALGORITHM])


def test_an_unsigned_token_is_refused(certificate, published_keys):
    _header, payload, _signature = segments(signed_credential(certificate))
    forged = joined([b'{"alg":"none"}', payload, b""])
    with pytest.raises(JoseError):
        jwt.decode(forged, published_keys, algorithms=[ALGORITHM])


def test_the_position_of_a_later_certificate_is_in_the_next_list():
    assert status_list_position(Certificate(id=131_071)) == (0, 131_071)
    assert status_list_position(Certificate(id=131_073)) == (1, 1)
