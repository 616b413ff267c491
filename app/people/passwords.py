"""Password rules (current NIST-style guidance) and argon2id hashing. No Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 1024  # long passphrases are welcome; the cap only bounds hashing work


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords, from zxcvbn's maintained frequency list."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


@dataclass(frozen=True)
class HashingParameters:
    time_cost: int
    memory_cost: int
    parallelism: int

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(
            time_cost=self.time_cost, memory_cost=self.memory_cost, parallelism=self.parallelism
        )


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is refused, or None. Length and commonness only: no composition rules."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(count)d characters.", count=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Use at most %(count)d characters.", count=MAX_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords():
        return str(_l("This password is among the most common ones; choose another."))
    if email and lowered in {email.lower(), email.lower().split("@")[0]}:
        return str(_l("Your password must not be your e-mail address."))
    return None


def hash_password(password: str, parameters: HashingParameters) -> str:
    return parameters.hasher().hash(password)


def verify_password(stored_hash: str | None, password: str, parameters: HashingParameters) -> bool:
    """Check a password; with no stored hash, still spend the hashing time (no timing oracle)."""
    hasher = parameters.hasher()
    if not stored_hash:
        hasher.hash(password)
        return False
    try:
        return hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str, parameters: HashingParameters) -> bool:
    return parameters.hasher().check_needs_rehash(stored_hash)
