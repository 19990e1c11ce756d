"""JSON request bodies, bounded and checked before FastAPI validates them against the model.

A router built with ``route_class=JsonBodyRoute`` reads the body of each route that takes a
JSON model itself: the body must be ``application/json`` (or ``+json``) → else 415; it may
not exceed ``max_field_bytes`` (the same bound as a JSON form field) → else 413, checked
against Content-Length before anything is read and again as the bytes arrive, so a huge or
endless body is never held; and it must parse → else 422 naming the problem (a document
nested too deeply for the parser included). FastAPI then finds the body already read and
parsed, and validates it as usual.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from mixdown.errors import InvalidInput
from mixdown_gateway.errors import PayloadTooLarge, UnsupportedMedia
from mixdown_gateway.uploads import human_bytes, shown


def is_json_media_type(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))


async def read_json_body(request: Request, max_bytes: int) -> None:
    """Read, bound and parse the request's JSON body; leaves it cached on ``request`` for
    FastAPI (``request.body()`` and ``request.json()`` return it without reading again)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(
            f"request body of {int(declared)} bytes is larger than the {human_bytes(max_bytes)} limit for a JSON body"
        )
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise PayloadTooLarge(f"request body is larger than the {human_bytes(max_bytes)} limit for a JSON body")
    request._body = bytes(body)
    if not body:
        return  # FastAPI reports the missing body against the model
    content_type = request.headers.get("content-type", "")
    if not is_json_media_type(content_type):
        raise UnsupportedMedia(
            f"expected an application/json body, got Content-Type {shown(content_type) if content_type else 'none'}"
        )
    try:
        request._json = json.loads(request._body)
    except RecursionError:
        raise InvalidInput("the JSON body is nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, and UnicodeDecodeError for bytes in no UTF encoding
        raise InvalidInput(f"the body is not valid JSON: {exc}") from None


class JsonBodyRoute(APIRoute):
    """An APIRoute whose JSON body (when it has one) goes through :func:`read_json_body` first,
    bounded by the gateway's ``max_field_bytes`` setting."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler

        async def bounded(request: Request) -> Response:
            await read_json_body(request, request.app.state.settings.max_field_bytes)
            return await handler(request)

        return bounded
