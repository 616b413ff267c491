"""Access logs without secrets: the token of a reset link and a certificate's verification code
are masked in every line that gunicorn or Werkzeug's development server writes about a
request."""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

# A reset link's token is a bearer secret until it is spent: whoever reads the log could use it.
SECRET_IN_PATH = re.compile(r"(/password/reset/)[^\s?#\"'/]+")
# A verification code shows its holder's certificate to whoever has it: the log says which
# page was asked for (``/verify/….json``), not which certificate. Codes hold no ".".
CODE_IN_PATH = re.compile(r"(/verify/)[^\s?#\"'/.]+")
CODE_IN_QUERY = re.compile(r"(/verify\?(?:[^\s#\"']*&)?code=)[^\s&#\"']+")
MASK = "…"


def mask_secrets(text: str) -> str:
    """``GET /password/reset/<token>`` becomes ``GET /password/reset/…``, and ``/verify/<code>``
    (or ``/verify?code=<code>``) ``/verify/…``."""
    for pattern in (SECRET_IN_PATH, CODE_IN_PATH, CODE_IN_QUERY):
        text = pattern.sub(r"\g<1>" + MASK, text)
    return text


def _masked(value):
    return mask_secrets(value) if isinstance(value, str) else value


class MaskSecretsFilter(logging.Filter):
    """For Werkzeug's logger: its request line is one of the record's arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _masked(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        return True


MASK_SECRETS = MaskSecretsFilter()


def mask_development_server_log() -> None:
    """Werkzeug logs through its own logger; adding the same filter twice is a no-op."""
    logging.getLogger("werkzeug").addFilter(MASK_SECRETS)


class MaskedGunicornLogger(GunicornLogger):
    """gunicorn's logger (``logger_class`` in gunicorn.conf.py), every atom of the access log
    format masked: the request line, the path, the referrer, the environ values."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: _masked(value) for key, value in atoms.items()}
