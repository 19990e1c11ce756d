"""Fixtures for integration tests: gateway settings on a real nats-server, generated audio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf


@pytest.fixture
def gateway_settings(tmp_path, nats_server):
    """Gateway settings against the test's nats-server and a local store under tmp_path, with a
    development API key for the default tenant (plan enterprise)."""
    from mixdown.apikeys import new_api_key
    from mixdown_gateway.settings import GatewaySettings

    return GatewaySettings(
        dev_api_key=new_api_key(),  # the default tenant's key: tests.auth.api_client sends it
        nats_url=nats_server.url,
        nats_connect_attempts=5,
        storage_backend="local",
        storage_root=tmp_path / "objects",
        work_dir=tmp_path / "work",
        grpc_enabled=False,
        grpc_port=0,
        sse_heartbeat_seconds=0.3,
        shutdown_grace_seconds=1.0,
    )


@pytest.fixture
def client(gateway_settings):
    """The gateway app (its lifespan running) sending the settings' development key."""
    from tests.auth import api_client

    with api_client(gateway_settings) as test_client:
        yield test_client


@pytest.fixture
def make_audio(tmp_path):
    """Factory writing a short test file: a sine (``kind="sine"``) or white noise, as WAV/FLAC."""
    folder = tmp_path / "audio"
    folder.mkdir()

    def make(
        name: str,
        seconds: float = 2.0,
        sample_rate_hz: int = 44100,
        channels: int = 2,
        kind: str = "sine",
        frequency_hz: float = 440.0,
        subtype: str = "PCM_16",
    ) -> Path:
        frames = int(seconds * sample_rate_hz)
        if kind == "sine":
            t = np.arange(frames) / sample_rate_hz
            mono = 0.3 * np.sin(2 * np.pi * frequency_hz * t)
        else:
            mono = 0.1 * np.random.default_rng(7).standard_normal(frames)
        data = np.repeat(mono[:, None], channels, axis=1).astype(np.float32)
        path = folder / name
        sf.write(path, data, sample_rate_hz, subtype=subtype, format="FLAC" if name.endswith(".flac") else "WAV")
        return path

    return make


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """One SeaweedFS S3 server on loopback for the whole session (``weed mini``, ~1 s to start)."""
    from mixdown_dev.procs import start_seaweedfs

    server = start_seaweedfs(tmp_path_factory.mktemp("seaweedfs"))
    yield server
    server.stop()
