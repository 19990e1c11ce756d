"""Fixtures shared by every test: real servers on loopback, temporary storage."""

from __future__ import annotations

import pytest

from mixdown_dev.procs import start_nats


@pytest.fixture
def nats_server(tmp_path):
    """A fresh nats-server with JetStream on disk, for one test."""
    server = start_nats(tmp_path / "nats")
    yield server
    server.stop()
