"""Password rules (current NIST-style guidance) and argon2id hashing. No Flask, no database."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 1024  # long passphrases are welcome; the cap only bounds hashing work
SITE_NAME = "Relais"
_SEPARATORS = re.compile(r"[\W_]+")
# Shorter parts of a name or an e-mail address ("rh", "ti") would refuse too many good passwords.
MIN_PERSONAL_WORD = 4


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


@dataclass(frozen=True)
class PasswordContext:
    """The words a password must not contain: the site's and company's names, the person's own."""

    company: str = ""
    email: str = ""
    names: tuple[str, ...] = field(default_factory=tuple)


def folded(text: str) -> str:
    """Lower case, without accents or separators: "Relais-Démo" and "relaisdemo" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def personal_words(context: PasswordContext) -> set[str]:
    """The e-mail's local part and the names, whole and word by word (long enough words only)."""
    texts = [context.email.partition("@")[0], *context.names]
    words = {folded(text) for text in texts}
    for text in texts:
        words |= {folded(part) for part in _SEPARATORS.split(text)}
    return {word for word in words if len(word) >= MIN_PERSONAL_WORD}


def password_problem(password: str, context: PasswordContext | None = None) -> str | None:
    """Why a new password is refused, or None. Length, commonness and context words (ASVS
    6.2.11): no composition rules."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(count)d characters.", count=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Use at most %(count)d characters.", count=MAX_LENGTH))
    if password.lower() in common_passwords():
        return str(_l("This password is among the most common ones; choose another."))
    return context_problem(folded(password), context or PasswordContext())


def context_problem(password: str, context: PasswordContext) -> str | None:
    """The words an attacker tries first against this site and this person."""
    if any(word in password for word in personal_words(context)):
        return str(_l("Your password must not contain your name or your e-mail address."))
    if folded(SITE_NAME) in password:
        return str(
            _l("Your password must not contain the name of the site, %(name)s.", name=SITE_NAME)
        )
    company = folded(context.company)
    if company and company in password:
        return str(
            _l("Your password must not contain the company's name, %(name)s.", name=context.company)
        )
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
