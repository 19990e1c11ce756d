"""Mixing core: loudness-balanced summing of role-tagged tracks under a bus limiter. No I/O.

Each track is measured (BS.1770 integrated loudness), brought to its role's reference level
relative to the lead vocal, summed, and the bus is held under a true-peak ceiling. Every value
used is returned, so that the same tracks and parameters render the same audio again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from mixdown.audio import to_channels
from mixdown.catalog import ROLES
from mixdown.dsp.limiter import true_peak_limit
from mixdown.dsp.loudness import integrated_loudness_lufs
from mixdown.errors import InvalidInput

SILENT_LUFS = -60.0
REFERENCE_LUFS = -20.0
BUS_CEILING_DBTP = -1.0

# Level of each role relative to the lead vocal, in LU.
ROLE_LEVEL_LU: dict[str, float] = {
    "lead_vocal": 0.0,
    "double": -7.0,
    "adlib": -6.0,
    "backing_vocal": -8.0,
    "instrumental": -1.0,
}
DEFAULT_ROLE_LEVEL_LU = -4.0
TRACK_PARAMETERS = {"gain_db": (-60.0, 24.0)}


@dataclass
class Track:
    name: str
    role: str
    audio: np.ndarray  # (channels, samples) float32 at the mix rate

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise InvalidInput(f"track {self.name!r}: unknown role {self.role!r}; known: {', '.join(ROLES)}")
        if self.audio.ndim != 2 or self.audio.shape[0] not in (1, 2) or self.audio.shape[1] == 0:
            raise InvalidInput(f"track {self.name!r}: expected (channels, samples) audio with 1 or 2 channels")


@dataclass
class TrackAnalysis:
    name: str
    role: str
    integrated_lufs: float
    silent: bool
    notes: list[str] = field(default_factory=list)


@dataclass
class MixResult:
    audio: np.ndarray
    parameters: dict[str, dict[str, float]]
    analysis: list[TrackAnalysis]


def analyse(tracks: list[Track], sample_rate_hz: int) -> list[TrackAnalysis]:
    out = []
    for track in tracks:
        lufs = integrated_loudness_lufs(track.audio, sample_rate_hz)
        silent = not math.isfinite(lufs) or lufs < SILENT_LUFS
        notes = [f"near-silent ({lufs:.1f} LUFS): left out of the mix"] if silent else []
        out.append(TrackAnalysis(track.name, track.role, lufs, silent, notes))
    return out


def plan(analysis: list[TrackAnalysis], overrides: dict[str, dict[str, float]] | None = None) -> dict[str, dict[str, float]]:
    """Parameters for every track (and the bus) from the analysis; overrides win."""
    overrides = overrides or {}
    parameters: dict[str, dict[str, float]] = {}
    for item in analysis:
        level = ROLE_LEVEL_LU.get(item.role, DEFAULT_ROLE_LEVEL_LU)
        gain_db = 0.0 if item.silent else REFERENCE_LUFS + level - item.integrated_lufs
        parameters[item.name] = {"gain_db": round(float(np.clip(gain_db, *TRACK_PARAMETERS["gain_db"])), 3),
                                  "mute": 1.0 if item.silent else 0.0}
    parameters["bus"] = {"ceiling_dbtp": BUS_CEILING_DBTP}
    for name, values in overrides.items():
        if name not in parameters:
            raise InvalidInput(f"override for unknown track {name!r}; tracks: {sorted(parameters)}")
        for key, value in values.items():
            if key == "gain_db":
                low, high = TRACK_PARAMETERS["gain_db"]
                if not low <= value <= high:
                    raise InvalidInput(f"{name}.gain_db={value} is outside [{low}, {high}]")
            elif not (name == "bus" and key == "ceiling_dbtp" and -6.0 <= value <= 0.0):
                raise InvalidInput(f"unknown or out-of-range parameter {name}.{key}={value}")
            parameters[name][key] = float(value)
    return parameters


def render(tracks: list[Track], sample_rate_hz: int, parameters: dict[str, dict[str, float]]) -> np.ndarray:
    """Sum the tracks with their gains and limit the bus; deterministic for the same inputs."""
    length = max(t.audio.shape[1] for t in tracks)
    bus = np.zeros((2, length), dtype=np.float64)
    for track in tracks:
        p = parameters[track.name]
        if p.get("mute", 0.0) >= 0.5:
            continue
        stereo = to_channels(track.audio, 2).astype(np.float64)
        bus[:, : stereo.shape[1]] += stereo * 10.0 ** (p["gain_db"] / 20.0)
    limited = true_peak_limit(bus.astype(np.float32), sample_rate_hz, ceiling_dbtp=parameters["bus"]["ceiling_dbtp"])
    return np.nan_to_num(limited, nan=0.0, posinf=0.0, neginf=0.0).astype(np.float32)


def mix(
    tracks: list[Track], sample_rate_hz: int, overrides: dict[str, dict[str, float]] | None = None
) -> MixResult:
    if not tracks:
        raise InvalidInput("nothing to mix: no tracks")
    names = [t.name for t in tracks]
    if len(set(names)) != len(names):
        raise InvalidInput("track names must be unique")
    analysis = analyse(tracks, sample_rate_hz)
    if all(a.silent for a in analysis):
        raise InvalidInput("every track is silent or near-silent; nothing to mix")
    lead = [a for a in analysis if a.role == "lead_vocal"]
    if lead and lead[0].silent:
        raise InvalidInput(f"the lead vocal {lead[0].name!r} is silent or near-silent")
    parameters = plan(analysis, overrides)
    return MixResult(render(tracks, sample_rate_hz, parameters), parameters, analysis)
