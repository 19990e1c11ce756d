"""Conversions between the shared library's types and the mixdown.common.v1 messages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mixdown.catalog import ROLES
from mixdown.common.v1 import common_pb2
from mixdown.errors import InvalidInput
from mixdown.stageio import StoredAudio


def audio_ref(stored: StoredAudio) -> common_pb2.AudioRef:
    return common_pb2.AudioRef(
        uri=stored.uri,
        sample_rate_hz=stored.sample_rate_hz,
        channels=stored.channels,
        frames=stored.frames,
        sha256=stored.sha256,
        format=stored.format,
    )


def role_name(role: int) -> str:
    """``TRACK_ROLE_LEAD_VOCAL`` → ``lead_vocal``; unspecified is an error naming the track roles."""
    name = common_pb2.TrackRole.Name(role) if role in common_pb2.TrackRole.values() else ""
    short = name.removeprefix("TRACK_ROLE_").lower()
    if short not in ROLES:
        raise InvalidInput(f"track role must be one of {', '.join(ROLES)}")
    return short


def role_value(name: str) -> int:
    return common_pb2.TrackRole.Value(f"TRACK_ROLE_{name.upper()}")


def loudness_metrics(report) -> common_pb2.LoudnessMetrics:
    return common_pb2.LoudnessMetrics(
        integrated_lufs=report.integrated_lufs,
        true_peak_dbtp=report.true_peak_dbtp,
        sample_peak_dbfs=report.sample_peak_dbfs,
        short_term_max_lufs=report.short_term_max_lufs,
        momentary_max_lufs=report.momentary_max_lufs,
        loudness_range_lu=report.loudness_range_lu,
    )


def set_fields(message, names: Iterable[str]) -> dict[str, float]:
    """The fields among ``names`` that the sender set (proto3 ``optional``: a field set to 0 is
    set, a field left out is not), by name."""
    return {name: getattr(message, name) for name in names if message.HasField(name)}


def unset_none(values: Mapping[str, float | None]) -> dict[str, float]:
    """``values`` without the None entries, for an ``optional`` field that stays unset."""
    return {name: value for name, value in values.items() if value is not None}
