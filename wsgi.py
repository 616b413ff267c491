"""The WSGI entry point: the only module that builds an application at import.

A configuration that cannot start (production with an unsafe setting, an unreadable number)
prints one plain line per problem and exits with status 1: no traceback to read through.
"""

import sys

from app import create_app
from app.config import UnsafeConfigurationError

try:
    app = create_app()
except UnsafeConfigurationError as refusal:
    for message in refusal.messages():
        print(message, file=sys.stderr)
    raise SystemExit(1) from None
