"""Audio in and out of object storage for stage workers and servicers (download, decode, encode, upload)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mixdown import audio as audio_io
from mixdown.events.budget import PhaseClock, timed
from mixdown.storage import ObjectStore
from mixdown.wav import write_wav

SUPPORTED_JOB_RATES_HZ = (44100, 48000)
DEFAULT_JOB_RATE_HZ = 48000


def job_sample_rate_hz(rates: list[int]) -> int:
    """The job's rate: the most common input rate when it is 44.1 or 48 kHz, else 48 kHz."""
    for rate, _count in Counter(rates).most_common():
        if rate in SUPPORTED_JOB_RATES_HZ:
            return rate
    return DEFAULT_JOB_RATE_HZ


@dataclass(frozen=True)
class StoredAudio:
    """What a stage records about audio it wrote (mirrors mixdown.common.v1.AudioRef)."""

    key: str
    uri: str
    sample_rate_hz: int
    channels: int
    frames: int
    sha256: str
    format: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a local file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_audio(
    store: ObjectStore, key: str, work_dir: Path, sample_rate_hz: int | None = None,
    phases: PhaseClock | None = None,
) -> tuple[np.ndarray, int]:
    """Download an object and decode it as float32 (channels, frames), resampled if asked;
    ``phases`` times the download as ``store`` and the decoding as ``decode``."""
    local = work_dir / "in" / key.replace("/", "_")
    with timed(phases, "store"):
        store.get_file(key, local)
    try:
        with timed(phases, "decode"):
            return audio_io.read(local, sample_rate_hz)
    finally:
        local.unlink(missing_ok=True)


def save_wav(
    store: ObjectStore,
    key: str,
    audio: np.ndarray,
    sample_rate_hz: int,
    work_dir: Path,
    bit_depth: str = "float32",
    phases: PhaseClock | None = None,
) -> StoredAudio:
    """Encode WAV locally, upload it, and describe it; ``phases`` times the encoding as
    ``encode`` and the upload as ``store``."""
    local = work_dir / "out" / key.replace("/", "_")
    local.parent.mkdir(parents=True, exist_ok=True)
    with timed(phases, "encode"):
        sha = write_wav(local, audio, sample_rate_hz, bit_depth=bit_depth)
    try:
        with timed(phases, "store"):
            store.put_file(key, local, content_type="audio/wav")
    finally:
        local.unlink(missing_ok=True)
    return StoredAudio(
        key=key,
        uri=store.uri(key),
        sample_rate_hz=sample_rate_hz,
        channels=int(audio.shape[0]),
        frames=int(audio.shape[1]),
        sha256=sha,
        format=f"wav-{bit_depth}",
    )


def save_json(store: ObjectStore, key: str, data: Any) -> str:
    store.put_bytes(key, json.dumps(finite(data), indent=2, sort_keys=True).encode(), "application/json")
    return key


def finite(value: Any) -> Any:
    """JSON-safe copy: numpy scalars become Python numbers, NaN and infinities become None."""
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
