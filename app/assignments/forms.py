"""The assignment pages' forms."""

from __future__ import annotations
