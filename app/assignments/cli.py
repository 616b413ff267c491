"""Assignment commands, run by cron: ``assignments reconcile`` and ``notify``. Thin like views:
each calls one service and commits once."""

from __future__ import annotations

from flask.cli import AppGroup

assignments_cli = AppGroup("assignments", help="Assignments: apply the rules.")
