"""The Bitstring Status List (W3C, v1.0) the site serves: one revocation bit per certificate.

Each credential's ``credentialStatus`` names list ``n`` and an index in it
(``badges.status_list_position``); list ``n`` is a ``BitstringStatusListCredential`` whose
``encodedList`` holds the bits, bit ``i`` set when the certificate at index ``i`` is revoked.
The list is served as a VC-JWT signed with the same key as the credentials, so a verifier that
checked a certificate's signature checks its status the same way. It is read with one query of
the revoked certificates in the list's range, whatever the number of certificates.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable
from datetime import datetime

from joserfc import jwt
from sqlalchemy import func, select

from app.certificates.badges import (
    ALGORITHM,
    CONTEXTS,
    STATUS_LIST_SIZE,
    base_url,
    signing_key,
    timestamp,
)
from app.certificates.models import REVOKED, Certificate
from app.database import utcnow
from app.extensions import db

MULTIBASE_BASE64URL = "u"  # the multibase prefix of base64url without padding
# How long a verifier may keep a list before fetching it again (the list's ``ttl``, in
# milliseconds, and the response's max-age): a revocation shows within five minutes.
TIME_TO_LIVE_SECONDS = 300


def status_list_url(number: int) -> str:
    return f"{base_url()}/credentials/status/{number}"


def list_count() -> int:
    """How many lists the certificates issued so far need (at least one)."""
    highest = db.session.scalar(select(func.max(Certificate.id))) or 0
    return highest // STATUS_LIST_SIZE + 1


def revoked_indexes(number: int) -> list[int]:
    """The indexes in list ``number`` of the certificates revoked (one query)."""
    first = number * STATUS_LIST_SIZE
    query = select(Certificate.id).where(
        Certificate.state == REVOKED,
        Certificate.id >= first,
        Certificate.id < first + STATUS_LIST_SIZE,
    )
    return [certificate_id - first for certificate_id in db.session.scalars(query)]


def encoded_list(indexes: Iterable[int], size: int = STATUS_LIST_SIZE) -> str:
    """The spec's ``encodedList``: the bitstring (index 0 is the first byte's highest bit),
    GZIP-compressed, base64url without padding, with the multibase prefix. The GZIP header's
    time is zero, so the same bits always encode to the same text."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return MULTIBASE_BASE64URL + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decoded_list(encoded: str) -> bytes:
    """The bitstring back from an ``encodedList`` (what a verifier does)."""
    if not encoded.startswith(MULTIBASE_BASE64URL):
        raise ValueError("not a multibase base64url value")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit_is_set(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(number: int, now: datetime | None = None) -> dict:
    """List ``number`` as a BitstringStatusListCredential (unsigned)."""
    url = status_list_url(number)
    site = base_url()
    return {
        "@context": CONTEXTS[:1],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": site,
        "validFrom": timestamp(now or utcnow()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked_indexes(number)),
            "ttl": TIME_TO_LIVE_SECONDS * 1000,
        },
    }


def signed_status_list(number: int, now: datetime | None = None) -> str:
    """List ``number`` as a VC-JWT (the payload is the credential, as for certificates)."""
    key = signing_key()
    document = status_list_credential(number, now)
    moment = now or utcnow()
    claims = {
        **document,
        "iss": document["issuer"],
        "jti": document["id"],
        "iat": int(moment.timestamp()),
    }
    header = {"alg": ALGORITHM, "typ": "vc+jwt", "cty": "vc", "kid": key.kid}
    return jwt.encode(header, claims, key, algorithms=[ALGORITHM])
