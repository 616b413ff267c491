"""Where an audited action came from: the client's address and the request id, or a command."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request


@dataclass(frozen=True)
class RequestOrigin:
    """The IP and request id an audit event records; built once at the boundary."""

    ip: str = ""
    request_id: str = ""


COMMAND_LINE = RequestOrigin(ip="", request_id="cli")


def request_origin() -> RequestOrigin:
    """The origin of the request being served: for views only, which pass it to services."""
    return RequestOrigin(ip=(request.remote_addr or "")[:45], request_id=g.get("request_id", ""))
