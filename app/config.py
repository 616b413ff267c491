"""Settings read from the environment, and the checks that keep production safe.

This is the only module that reads ``os.environ``.
"""

from __future__ import annotations

import json
import math
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

DEVELOPMENT = "development"
PRODUCTION = "production"
DEFAULT_PORT = 5000


@dataclass(frozen=True)
class SettingProblem:
    setting: str
    reason: str

    def __str__(self) -> str:
        return f"{self.setting} {self.reason}"


class UnsafeConfigurationError(RuntimeError):
    """Raised when a setting is unreadable, or would expose production; names every problem."""

    def __init__(self, problems: list[SettingProblem], heading: str = "Refusing to start"):
        self.problems = list(problems)
        self.heading = heading
        super().__init__("; ".join(self.messages()))

    def messages(self) -> list[str]:
        """One plain line per problem, as the entry point prints them."""
        return [f"{self.heading}: {problem}" for problem in self.problems]


def _flag(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(environ, name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        problem = SettingProblem(name, f"must be a whole number, not {raw!r}")
        raise UnsafeConfigurationError([problem]) from exc


def development_secret_key(instance_path: Path) -> str:
    """The development secret: the one ``make run`` keeps in instance/secret_key (so sessions
    survive restarts), else a random one for this process only. Never writes a file."""
    key_file = instance_path / "secret_key"
    if key_file.is_file():
        key = key_file.read_text().strip()
        if key:
            return key
    return secrets.token_hex(32)


def settings_from_environment(instance_path: Path, environ=None) -> dict:
    """Build the Flask configuration mapping from environment variables."""
    environ = os.environ if environ is None else environ
    relais_env = environ.get("RELAIS_ENV", DEVELOPMENT).strip().lower() or DEVELOPMENT
    production = relais_env == PRODUCTION
    secret_key = environ.get("SECRET_KEY") or None
    if secret_key is None and not production:
        secret_key = development_secret_key(instance_path)
    database_url = environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'relais.sqlite'}"
    # No default in production: e-mailed links must point at the real site, never at a guess.
    default_base_url = "" if production else "http://127.0.0.1:5000"
    public_base_url = (environ.get("PUBLIC_BASE_URL") or default_base_url).rstrip("/")
    return {
        "RELAIS_ENV": relais_env,
        "SECRET_KEY": secret_key,
        "DEBUG": _flag(environ.get("FLASK_DEBUG")),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "ALLOW_SQLITE_IN_PRODUCTION": _flag(environ.get("ALLOW_SQLITE_IN_PRODUCTION")),
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "PUBLIC_BASE_URL": public_base_url,
        "TRUSTED_HOSTS": trusted_hosts(
            environ.get("TRUSTED_HOSTS", ""), public_base_url, production
        ),
        "TRUSTED_PROXIES": environ.get("TRUSTED_PROXIES", ""),
        "SMTP_HOST": environ.get("SMTP_HOST", ""),
        "SMTP_PORT": _int(environ, "SMTP_PORT", 587),
        "SMTP_USERNAME": environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _flag(environ.get("SMTP_STARTTLS"), default=True),
        "MAIL_FROM": environ.get("MAIL_FROM", "relais@localhost"),
        **outbox_settings(environ),
        **assignment_notice_settings(environ),
        **certificate_settings(environ, instance_path),
        # Refused inside new passwords, like the site's name.
        "COMPANY_NAME": environ.get("COMPANY_NAME", "").strip(),
        "SESSION_IDLE_MINUTES": _int(environ, "SESSION_IDLE_MINUTES", 60),
        "SESSION_ABSOLUTE_HOURS": _int(environ, "SESSION_ABSOLUTE_HOURS", 12),
        "MAX_CONTENT_LENGTH": _int(environ, "MAX_UPLOAD_BYTES", 5 * 1024 * 1024),
        # A people file larger than this is refused whole, before its rows are checked.
        "PEOPLE_IMPORT_MAX_ROWS": _int(environ, "PEOPLE_IMPORT_MAX_ROWS", 10_000),
        "PEOPLE_IMPORT_MAX_CELL": _int(environ, "PEOPLE_IMPORT_MAX_CELL", 1_000),
        # The folder holding courses/ and quizzes/: the repository itself unless told otherwise.
        "CONTENT_ROOT": environ.get("CONTENT_ROOT") or str(Path(__file__).resolve().parent.parent),
        **cookie_settings(production),
    }


def certificate_settings(environ, instance_path: Path) -> dict:
    """Who issues the certificates and signs their credentials. Every certificate freezes the
    issuer's name, signatory and address as they were when it was issued."""
    root = Path(__file__).resolve().parent.parent
    return {
        "CERTIFICATE_ISSUER": environ.get("CERTIFICATE_ISSUER", "").strip()
        or environ.get("COMPANY_NAME", "").strip()
        or "Relais",
        "CERTIFICATE_SIGNATORY": environ.get("CERTIFICATE_SIGNATORY", "").strip(),
        "CERTIFICATE_SIGNATORY_TITLE": environ.get("CERTIFICATE_SIGNATORY_TITLE", "").strip(),
        # The folder of the HTML, CSS, fonts and images certificates are rendered from.
        "CERTIFICATE_TEMPLATES": environ.get("CERTIFICATE_TEMPLATES") or str(root / "certificates"),
        # The Ed25519 private key (a JWK) that signs the Open Badges credentials: given in
        # production, else created once in instance/.
        "CERTIFICATE_SIGNING_KEY": environ.get("CERTIFICATE_SIGNING_KEY", ""),
        "CERTIFICATE_SIGNING_KEY_FILE": environ.get("CERTIFICATE_SIGNING_KEY_FILE")
        or str(instance_path / "certificate-signing-key.json"),
    }


def outbox_settings(environ) -> dict:
    """How ``outbox send`` retries: the first retry waits the base, each next one twice as long
    up to the cap; after the most attempts a message is marked failed. A sender's claim on a
    message lasts the lease: if the sender dies, another one retries it once the lease is over."""
    settings = {
        "OUTBOX_MAX_ATTEMPTS": _int(environ, "OUTBOX_MAX_ATTEMPTS", 10),
        "OUTBOX_RETRY_BASE_SECONDS": _int(environ, "OUTBOX_RETRY_BASE_SECONDS", 60),
        "OUTBOX_RETRY_CAP_SECONDS": _int(environ, "OUTBOX_RETRY_CAP_SECONDS", 6 * 3600),
        "OUTBOX_LEASE_SECONDS": _int(environ, "OUTBOX_LEASE_SECONDS", 600),
    }
    problems = [
        SettingProblem(name, f"must be at least 1, not {value}")
        for name, value in settings.items()
        if value < 1
    ]
    if problems:
        raise UnsafeConfigurationError(problems)
    return settings


def assignment_notice_settings(environ) -> dict:
    """What ``notify`` e-mails about assignments: the "assigned" notice for assignments opened
    in the last ASSIGNMENT_NOTICE_DAYS days (so a first run on an old database does not mail
    everyone about old assignments), a reminder each of ASSIGNMENT_DUE_SOON_DAYS before the due
    date, then an overdue notice every ASSIGNMENT_OVERDUE_REPEAT_DAYS, ASSIGNMENT_OVERDUE_MAX in
    all."""
    settings = {
        "ASSIGNMENT_NOTICE_DAYS": _int(environ, "ASSIGNMENT_NOTICE_DAYS", 14),
        "ASSIGNMENT_OVERDUE_REPEAT_DAYS": _int(environ, "ASSIGNMENT_OVERDUE_REPEAT_DAYS", 7),
        "ASSIGNMENT_OVERDUE_MAX": _int(environ, "ASSIGNMENT_OVERDUE_MAX", 4),
    }
    problems = [
        SettingProblem(name, f"must be at least 1, not {value}")
        for name, value in settings.items()
        if value < 1
    ]
    raw = environ.get("ASSIGNMENT_DUE_SOON_DAYS") or "7,1"
    days = days_list(raw)
    if days is None:
        problems.append(
            SettingProblem(
                "ASSIGNMENT_DUE_SOON_DAYS",
                f"must list whole numbers of days, each at least 1, separated by commas"
                f" (like 7,1), not {raw!r}",
            )
        )
    # A certificate's renewal: reminders RENEWAL_REMINDER_DAYS before it expires (30 and 7 by
    # default), in place of the assignment's own due-soon reminders.
    raw_renewal = environ.get("RENEWAL_REMINDER_DAYS") or "30,7"
    renewal_days = days_list(raw_renewal)
    if renewal_days is None:
        problems.append(
            SettingProblem(
                "RENEWAL_REMINDER_DAYS",
                f"must list whole numbers of days, each at least 1, separated by commas"
                f" (like 30,7), not {raw_renewal!r}",
            )
        )
    if problems:
        raise UnsafeConfigurationError(problems)
    return {**settings, "ASSIGNMENT_DUE_SOON_DAYS": days, "RENEWAL_REMINDER_DAYS": renewal_days}


def days_list(raw: str) -> tuple[int, ...] | None:
    """ "7, 1" → (7, 1), largest first and each once; None unless every item is a whole number
    of at least 1."""
    items = [item.strip() for item in raw.split(",")]
    if not all(item.isdigit() and item.isascii() and int(item) >= 1 for item in items):
        return None
    return tuple(sorted({int(item) for item in items}, reverse=True))


def trusted_hosts(listed: str, public_base_url: str, production: bool) -> list[str] | None:
    """The host names Flask accepts in the Host header: those listed, else in production the
    public address's, so a request for another host is refused (400) before any redirect."""
    names = [name.strip() for name in listed.split(",") if name.strip()]
    if not names and production:
        host = urlsplit(public_base_url).hostname
        names = [host] if host else []
    return names or None


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and route them to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def cookie_settings(production: bool) -> dict:
    """Session cookie hardening; the __Host- prefix needs Secure, so only over HTTPS."""
    return {
        "SESSION_COOKIE_NAME": "__Host-relais" if production else "relais_session",
        # Marks a browser where an account signed in before (app/people/devices.py).
        "DEVICE_COOKIE_NAME": "__Host-relais-device" if production else "relais_device",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_PATH": "/",
        "PREFERRED_URL_SCHEME": "https" if production else "http",
    }


def base_settings() -> dict:
    """Settings that do not depend on the environment."""
    return {
        # The token is bound to the session; a quiz page must stay valid for its whole time limit.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": True,
        # An answer saved this long after a quiz's deadline still counts (network, slow click).
        "QUIZ_GRACE_SECONDS": 30,
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_STRATEGY": "fixed-window",
        "RATELIMIT_KEY_PREFIX": "relais",
        "LOGIN_LIMIT_PER_IP": "20 per minute",
        # Per account and client (a device cookie, else the address), so that a stranger's
        # failures do not lock the owner out; the slower ceiling counts every client together.
        "LOGIN_LIMIT_PER_ACCOUNT": "5 per minute;20 per hour",
        "LOGIN_LIMIT_PER_ACCOUNT_ALL_CLIENTS": "60 per hour",
        # Wrong current passwords on the change page, per account; past it the session ends.
        "PASSWORD_CHANGE_LIMIT": "5 per hour",
        # Autosave posts at most about once a second while someone types: a learner never meets
        # this, a script posting answers in a loop does.
        "QUIZ_SAVE_LIMIT_PER_PERSON": "120 per minute;1500 per hour",
        "PASSWORD_RESET_LIMIT": "5 per hour",
        "PASSWORD_RESET_LIMIT_PER_RECIPIENT": "3 per hour",
        "PASSWORD_RESET_HOURS": 1,
        # Public certificate checks, per address, the form, pages and JSON counted together: an
        # HR officer checking a pile of certificates by hand stays under it, a scraper does not.
        "VERIFICATION_LIMIT_PER_IP": "30 per minute;300 per hour",
        # Status lists are cached by verifiers for five minutes; this only stops a loop.
        "STATUS_LIST_LIMIT_PER_IP": "60 per minute",
        # Refused requests (403, CSRF, 429, reset links) audited per address; the rest only logged.
        "SECURITY_EVENT_AUDIT_LIMIT": "10 per minute",
        # argon2-cffi defaults (RFC 9106 low-memory profile); tests lower them to stay fast.
        "ARGON2_TIME_COST": 3,
        "ARGON2_MEMORY_COST": 65536,
        "ARGON2_PARALLELISM": 4,
        "BABEL_DEFAULT_LOCALE": DEFAULT_LANGUAGE,
        "LANGUAGES": LANGUAGES,
        # Times are shown in the person's office zone; this one is for everyone without an office.
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
    }


def engine_options(database_uri: str) -> dict:
    """A pooled server connection may have died since its last use (a restart, a failover), so
    PostgreSQL's is checked before each use. A SQLite file has no connection to lose: there the
    check would only cost a statement on every request."""
    return {"pool_pre_ping": not database_uri.startswith("sqlite")}


# 64 hexadecimal digits (secrets.token_hex(32)) give 256; forty "a" give 0.
MINIMUM_SECRET_BITS = 128


def secret_strength_bits(secret: str) -> float:
    """At most how many bits of randomness the secret can hold: its length times the bits of
    one character drawn from the characters it uses. Catches "aaaa…" and "abab…", which a
    length check lets through; a real random value of 32+ characters passes."""
    return len(secret) * math.log2(len(set(secret))) if secret else 0.0


def production_problems(config) -> list[SettingProblem]:
    """Every setting that makes a production start unsafe, each with the reason."""
    problems = []
    if config.get("RELAIS_ENV") != PRODUCTION:
        return problems
    secret = config.get("SECRET_KEY") or ""
    if not secret:
        problems.append(SettingProblem("SECRET_KEY", "is missing; set a long random value"))
    elif len(secret) < 32 or secret.lower() in {"dev", "secret", "changeme", "change-me"}:
        problems.append(SettingProblem("SECRET_KEY", "is too short or a known default"))
    elif secret_strength_bits(secret) < MINIMUM_SECRET_BITS:
        problems.append(
            SettingProblem(
                "SECRET_KEY",
                "repeats too few different characters to be random; set a long random value",
            )
        )
    if config.get("DEBUG"):
        problems.append(SettingProblem("FLASK_DEBUG", "must be off in production"))
    uri = config.get("SQLALCHEMY_DATABASE_URI", "")
    if uri.startswith("sqlite") and not config.get("ALLOW_SQLITE_IN_PRODUCTION"):
        problems.append(
            SettingProblem(
                "DATABASE_URL",
                "points at SQLite; use PostgreSQL or set ALLOW_SQLITE_IN_PRODUCTION=1",
            )
        )
    if str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory"):
        problems.append(
            SettingProblem(
                "RATELIMIT_STORAGE_URI",
                "is in-process memory; use redis:// so limits hold across servers",
            )
        )
    problems += public_base_url_problems(str(config.get("PUBLIC_BASE_URL") or ""))
    problems += signing_key_problems(config)
    return problems


def signing_key_problems(config) -> list[SettingProblem]:
    """Credentials signed by one server must verify against the key set every server publishes:
    on PostgreSQL (several servers may share it) the key is given, not made per server."""
    given = config.get("CERTIFICATE_SIGNING_KEY") or ""
    uri = str(config.get("SQLALCHEMY_DATABASE_URI", ""))
    if not given:
        if uri.startswith("sqlite"):
            return []  # one server: the key file in instance/ is that server's and the site's
        return [
            SettingProblem(
                "CERTIFICATE_SIGNING_KEY",
                "is missing; give every server the same Ed25519 key "
                "(make one with: flask --app wsgi certificates new-signing-key)",
            )
        ]
    try:
        key = json.loads(given)
    except ValueError:
        key = None
    if not isinstance(key, dict) or (key.get("kty"), key.get("crv")) != ("OKP", "Ed25519"):
        return [SettingProblem("CERTIFICATE_SIGNING_KEY", "must be an Ed25519 key as a JWK")]
    if not key.get("d") or not key.get("x"):
        return [SettingProblem("CERTIFICATE_SIGNING_KEY", "must hold the private key (d and x)")]
    return []


def public_base_url_problems(url: str) -> list[SettingProblem]:
    """E-mails carry links built from PUBLIC_BASE_URL: production needs the real https site."""
    if not url:
        return [
            SettingProblem(
                "PUBLIC_BASE_URL",
                "is missing; set the site's public https:// address (e-mailed links use it)",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return [SettingProblem("PUBLIC_BASE_URL", "must be an https:// address")]
    if parts.query or parts.fragment:
        return [SettingProblem("PUBLIC_BASE_URL", "must be an address without ? or #")]
    return []


def refuse_unsafe_production(config) -> None:
    problems = production_problems(config)
    if problems:
        raise UnsafeConfigurationError(problems, heading="Refusing to start in production")
