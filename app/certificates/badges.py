"""Open Badges 3.0: each certificate as an ``OpenBadgeCredential`` (a W3C Verifiable Credential
2.0), signed as a VC-JWT with the site's Ed25519 key, whose public half is published at
``/.well-known/jwks.json``. The credential states only what the certificate froze at issue, so
signing it again gives the same token; its ``credentialStatus`` points at the site's Bitstring
Status List, where revocation flips the certificate's bit.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from datetime import UTC, datetime, time
from pathlib import Path

from flask import current_app
from joserfc import jwt
from joserfc.jwk import OKPKey

from app.certificates.models import Certificate

ALGORITHM = "Ed25519"  # RFC 9864's name for EdDSA over Ed25519
CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
STATUS_LIST_SIZE = 131_072  # bits per list: the minimum the Bitstring Status List asks for
# The JSON Schema an Open Badges verifier validates an OpenBadgeCredential against.
ACHIEVEMENT_CREDENTIAL_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}


def signing_key() -> OKPKey:
    """The private key: CERTIFICATE_SIGNING_KEY (a JWK) when given, else the key file in
    instance/, created on first use and readable by its owner only."""
    cache = current_app.extensions.setdefault("relais.signing_key", {})
    if "key" not in cache:
        cache["key"] = load_or_create_key(
            current_app.config["CERTIFICATE_SIGNING_KEY"],
            Path(current_app.config["CERTIFICATE_SIGNING_KEY_FILE"]),
        )
    return cache["key"]


def load_or_create_key(given: str, path: Path) -> OKPKey:
    if given:
        return OKPKey.import_key(json.loads(given))
    if not path.exists():
        create_key_file(path)
    return OKPKey.import_key(json.loads(path.read_text(encoding="utf-8")))


def new_signing_key() -> OKPKey:
    key = OKPKey.generate_key("Ed25519", parameters={"use": "sig", "alg": ALGORITHM})
    key.ensure_kid()
    return key


def create_key_file(path: Path) -> None:
    """Write a new key to ``path`` unless another process just did: the key is written whole
    to a file of its own, then linked into place, which fails if the name is taken, so every
    worker of a server ends up with the same key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(new_signing_key().as_dict(private=True), file)
        os.link(draft, path)
    except FileExistsError:
        pass  # another worker's key is in place: it is the one
    finally:
        draft.unlink(missing_ok=True)


def public_jwks() -> dict:
    """The JSON Web Key Set a verifier checks our credentials against."""
    return {"keys": [signing_key().as_dict(private=False)]}


def base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"]


def hashed_identity(email: str, salt: str) -> str:
    """The Open Badges ``identityHash``: sha256 of the lower-cased e-mail and the salt."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def status_list_position(certificate: Certificate) -> tuple[int, int]:
    """(list number, index in it) of the certificate's revocation bit."""
    return divmod(certificate.id, STATUS_LIST_SIZE)


def credential(certificate: Certificate) -> dict:
    """The certificate as an OpenBadgeCredential, from its frozen facts only."""
    site = base_url()
    language = certificate.language
    title = certificate.track_title.get(language) or next(iter(certificate.track_title.values()))
    list_number, index = status_list_position(certificate)
    document = {
        "@context": CONTEXTS,
        "id": f"{site}/verify/{certificate.verification_code}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{title} — {certificate.serial}",
        "issuer": {
            "id": site,
            "type": ["Profile"],
            "name": certificate.issuer["name"],
            "url": certificate.issuer.get("url") or site,
        },
        "validFrom": at_start(certificate.valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": certificate.identity_hash,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": certificate.identity_salt,
                }
            ],
            "achievement": {
                "id": f"{site}/tracks/{certificate.track_slug}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": title,
                "description": title,
                "criteria": {"narrative": criteria_narrative(certificate)},
            },
        },
        "credentialSchema": [ACHIEVEMENT_CREDENTIAL_SCHEMA],
        "credentialStatus": {
            "id": f"{site}/credentials/status/{list_number}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": f"{site}/credentials/status/{list_number}",
        },
    }
    if certificate.valid_until is not None:
        document["validUntil"] = at_end(certificate.valid_until)
    return document


def criteria_narrative(certificate: Certificate) -> str:
    if certificate.language == "fr":
        return "A suivi les cours obligatoires du parcours et réussi leurs quiz."
    return "Completed the track's required courses and passed their quizzes."


def timestamp(moment: datetime) -> str:
    """An XML Schema dateTimeStamp in UTC, as VC 2.0 writes validFrom: "2026-12-01T00:00:00Z"."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def at_start(day) -> str:
    return timestamp(datetime.combine(day, time(0), tzinfo=UTC))


def at_end(day) -> str:
    return timestamp(datetime.combine(day, time(23, 59, 59), tzinfo=UTC))


def signed_credential(certificate: Certificate) -> str:
    """The credential as a VC-JWT (VC-JOSE-COSE: the credential is the payload), with the
    registered claims a JWT verifier checks."""
    key = signing_key()
    document = credential(certificate)
    claims = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "nbf": int(datetime.combine(certificate.valid_from, time(0), tzinfo=UTC).timestamp()),
    }
    if certificate.valid_until is not None:
        end = datetime.combine(certificate.valid_until, time(23, 59, 59), tzinfo=UTC)
        claims["exp"] = int(end.timestamp())
    header = {"alg": ALGORITHM, "typ": "vc+jwt", "cty": "vc", "kid": key.kid}
    return jwt.encode(header, claims, key, algorithms=[ALGORITHM])
