"""API keys in tests, in one line: ``api_client(settings)`` or ``headers=bearer(stack.api_key)``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient


def bearer(key: str) -> dict[str, str]:
    """The header that authenticates a request with ``key``."""
    return {"Authorization": f"Bearer {key}"}


def api_client(settings, key: str | None = None) -> TestClient:
    """A TestClient of the gateway app that sends ``key`` (default: the settings' dev_api_key) on
    every request; use it as a context manager so that the app's lifespan runs."""
    from mixdown_gateway.app import create_app

    return TestClient(create_app(settings), headers=bearer(key or settings.dev_api_key))


@contextmanager
def without_key(client: TestClient) -> Iterator[TestClient]:
    """The same client (same app, same event loop) sending no Authorization header for a while."""
    saved = client.headers.pop("authorization", None)
    try:
        yield client
    finally:
        if saved is not None:
            client.headers["authorization"] = saved
