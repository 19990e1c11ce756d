"""The controller's inputs, computed outside the network: one function for training and serving.

Per track: the log-mel spectrogram (dB) of the mono sum over one excerpt where all tracks
play, a few analysis scalars (level, crest factor, stereo width, channel count) and the role.
For the reference: the log-mel of its mid and side over its loudest excerpt, both relative to
the excerpt's mid power (loudness-normalised: a reference is usually mastered louder), and
scalars over the whole reference (width, imbalance, crest factor, spread of short-term level).

Every signal is resampled to :data:`FEATURE_SAMPLE_RATE_HZ` over its excerpt only, so the
features do not depend on the mix rate and cost little on a long song. The training data of
the controller (``training/style``) is made with :func:`controller_inputs`, so the network sees
at serving time exactly what it saw in training.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import gcd

import numpy as np
from scipy.signal import resample_poly

from mixdown.catalog import ROLES
from mixdown.errors import InvalidInput
from mixdown_mixing.core import Track

FEATURE_SAMPLE_RATE_HZ = 22050
FFT_SAMPLES = 1024
HOP_SAMPLES = 512
EXCERPT_FRAMES = 128  # 2.97 s at 22.05 kHz
EXCERPT_SAMPLES = (EXCERPT_FRAMES - 1) * HOP_SAMPLES + FFT_SAMPLES
MEL_BANDS = 48
MEL_LOW_HZ = 30.0
MEL_HIGH_HZ = 10000.0
TRACK_SCALARS = 4  # level, crest factor, width, stereo
REFERENCE_SCALARS = 4  # width, imbalance, crest factor, short-term level spread
BLOCK_SECONDS = 0.1  # resolution of the excerpt search
_POWER_FLOOR = 1e-10  # -100 dB
_PIECE_BLOCKS = 256  # blocks per piece of a whole-signal pass (25.6 s)
_MEL_OFFSET_DB = 50.0  # log-mel dB → network scale: (dB + offset) / scale
_MEL_SCALE_DB = 25.0


@dataclass
class TrackFeatures:
    """``names`` and ``roles`` of N tracks; ``roles_index`` (N,) int64 into ROLES; ``mel`` (N,
    MEL_BANDS, EXCERPT_FRAMES) and ``scalars`` (N, TRACK_SCALARS) float32 on the network's scale."""

    names: list[str]
    roles: list[str]
    roles_index: np.ndarray
    mel: np.ndarray
    scalars: np.ndarray


@dataclass
class ReferenceFeatures:
    """``mel`` (2, MEL_BANDS, EXCERPT_FRAMES): mid and side; ``scalars`` (REFERENCE_SCALARS,)."""

    mel: np.ndarray
    scalars: np.ndarray


@lru_cache(maxsize=1)
def mel_filterbank() -> np.ndarray:
    """(MEL_BANDS, FFT_SAMPLES // 2 + 1) triangular HTK-mel filters between MEL_LOW_HZ and MEL_HIGH_HZ."""
    def to_mel(hz: np.ndarray) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + hz / 700.0)

    edges_hz = 700.0 * (10 ** (np.linspace(to_mel(np.array(MEL_LOW_HZ)), to_mel(np.array(MEL_HIGH_HZ)),
                                           MEL_BANDS + 2) / 2595.0) - 1.0)
    bins_hz = np.fft.rfftfreq(FFT_SAMPLES, 1.0 / FEATURE_SAMPLE_RATE_HZ)
    low, centre, high = edges_hz[:-2, None], edges_hz[1:-1, None], edges_hz[2:, None]
    rising = (bins_hz[None, :] - low) / (centre - low)
    falling = (high - bins_hz[None, :]) / (high - centre)
    return np.maximum(0.0, np.minimum(rising, falling))


def log_mel_db(mono: np.ndarray) -> np.ndarray:
    """(MEL_BANDS, EXCERPT_FRAMES) mel power in dB of EXCERPT_SAMPLES samples at the feature rate."""
    frames = np.lib.stride_tricks.sliding_window_view(mono, FFT_SAMPLES)[::HOP_SAMPLES][:EXCERPT_FRAMES]
    spectrum = np.fft.rfft(frames * np.hanning(FFT_SAMPLES), axis=1)
    power = (np.abs(spectrum) ** 2) / FFT_SAMPLES
    return 10.0 * np.log10(mel_filterbank() @ power.T + _POWER_FLOOR)


@dataclass
class _Levels:
    """Whole-signal measures of a (1 or 2, samples) signal: ``blocks_db`` the mean power in dB
    of each whole BLOCK_SECONDS block of the channel mean (one zero-padded block for a shorter
    signal); the channel mean's ``energy_db`` and ``crest_db``; ``width_db`` 10·log10(E_side /
    E_mid) within [-40, 10] (-40 for one channel); ``channels_db`` each channel's energy."""

    blocks_db: np.ndarray
    energy_db: float
    crest_db: float
    width_db: float
    channels_db: list[float]


def _levels(audio: np.ndarray, sample_rate_hz: int) -> _Levels:
    """:class:`_Levels` in one pass over ``audio`` (finite, any real dtype) by pieces of
    ``_PIECE_BLOCKS`` blocks, each piece taken to float64: no float64 copy of a whole song."""
    channels, samples = audio.shape
    block = max(1, round(BLOCK_SECONDS * sample_rate_hz))
    count = samples // block
    powers = np.empty(max(1, count))
    mono_energy = side_energy = peak = 0.0
    channel_energy = [0.0] * channels
    step = _PIECE_BLOCKS * block
    for start in range(0, samples, step):
        piece = audio[:, start : start + step]
        mono = piece.mean(axis=0, dtype=np.float64)  # (L + R) / 2 in float64, to the bit
        whole = min(count * block - start, mono.size)  # samples of this piece in whole blocks
        if whole > 0:
            first = start // block
            powers[first : first + whole // block] = np.mean(np.square(mono[:whole].reshape(-1, block)), axis=1)
        mono_energy += float(np.dot(mono, mono))
        peak = max(peak, float(mono.max()), -float(mono.min()))
        for channel in range(channels):
            x = piece[channel].astype(np.float64)
            channel_energy[channel] += float(np.dot(x, x))
        if channels == 2:
            side = np.subtract(piece[0], piece[1], dtype=np.float64) / 2
            side_energy += float(np.dot(side, side))
    if count == 0:  # shorter than one block: one block, zero-padded
        padded = np.zeros((1, block))
        padded[0, :samples] = audio.mean(axis=0, dtype=np.float64)
        powers = np.mean(np.square(padded), axis=1)

    def db(energy: float) -> float:
        return 10.0 * math.log10(energy / samples + _POWER_FLOOR)

    energy_db = db(mono_energy)
    return _Levels(
        blocks_db=10.0 * np.log10(powers + _POWER_FLOOR),
        energy_db=energy_db,
        crest_db=float(np.clip(20.0 * math.log10(peak + 1e-12) - energy_db, 0.0, 40.0)),
        width_db=float(np.clip(db(side_energy) - energy_db, -40.0, 10.0)) if channels == 2 else -40.0,
        channels_db=[db(energy) for energy in channel_energy],
    )


def _excerpt_blocks() -> int:
    return max(1, math.ceil(EXCERPT_SAMPLES / FEATURE_SAMPLE_RATE_HZ / BLOCK_SECONDS))


def _window_means(values: np.ndarray, width: int) -> np.ndarray:
    """Mean of every run of ``width`` consecutive values along the last axis (at least one window)."""
    if values.shape[-1] <= width:
        return values.mean(axis=-1, keepdims=True)
    cumulative = np.concatenate([np.zeros(values.shape[:-1] + (1,)), np.cumsum(values, axis=-1)], axis=-1)
    return (cumulative[..., width:] - cumulative[..., :-width]) / width


def _excerpt(audio: np.ndarray, sample_rate_hz: int, start_seconds: float) -> np.ndarray:
    """(channels, EXCERPT_SAMPLES) at the feature rate from ``start_seconds`` (zero-padded)."""
    start = round(start_seconds * sample_rate_hz)
    length = math.ceil(EXCERPT_SAMPLES * sample_rate_hz / FEATURE_SAMPLE_RATE_HZ) + 64
    piece = np.asarray(audio[:, start : start + length], dtype=np.float64)
    if sample_rate_hz != FEATURE_SAMPLE_RATE_HZ and piece.shape[1]:
        common = gcd(int(sample_rate_hz), FEATURE_SAMPLE_RATE_HZ)
        piece = resample_poly(piece, FEATURE_SAMPLE_RATE_HZ // common, int(sample_rate_hz) // common, axis=1)
    out = np.zeros((audio.shape[0], EXCERPT_SAMPLES))
    count = min(EXCERPT_SAMPLES, piece.shape[1])
    out[:, :count] = piece[:, :count]
    return out


def _energy_db(x: np.ndarray) -> float:
    """Mean power in dB of a 1-D signal (as a dot product: no squared copy of a whole song)."""
    x = np.asarray(x, dtype=np.float64)
    return 10.0 * math.log10(float(np.dot(x, x)) / x.size + _POWER_FLOOR)


def _checked_audio(audio: np.ndarray, what: str) -> np.ndarray:
    """(channels, samples) as given when every sample is finite (read, never copied: a song is
    long); else a float64 copy with NaN and infinities zeroed."""
    audio = np.asarray(audio)
    if audio.ndim != 2 or audio.shape[0] not in (1, 2) or audio.shape[1] == 0:
        raise InvalidInput(f"{what}: expected (channels, samples) audio with 1 or 2 channels")
    if audio.dtype.kind not in "fiu":
        audio = audio.astype(np.float64)
    if not (math.isfinite(float(audio.max())) and math.isfinite(float(audio.min()))):  # NaN propagates
        audio = np.nan_to_num(audio.astype(np.float64), copy=False, nan=0.0, posinf=0.0, neginf=0.0)
    return audio


def track_features(tracks: Sequence[Track], roles: Mapping[str, str] | None, sample_rate_hz: int) -> TrackFeatures:
    """The tracks' features over one excerpt where all of them play (the best worst-case level)."""
    if not tracks:
        raise InvalidInput("the controller needs at least one track")
    audios = [_checked_audio(t.audio, f"track {t.name!r}") for t in tracks]
    rates = [int(t.sample_rate_hz or sample_rate_hz) for t in tracks]
    role_of = [str((roles or {}).get(t.name, t.role)) for t in tracks]
    for name, role in zip((t.name for t in tracks), role_of, strict=True):
        if role not in ROLES:
            raise InvalidInput(f"track {name!r}: unknown role {role!r}; known: {', '.join(ROLES)}")
    levels = [_levels(a, r) for a, r in zip(audios, rates, strict=True)]
    blocks = [level.blocks_db for level in levels]
    length = max(b.size for b in blocks)
    active = np.zeros((len(blocks), length))
    for row, b in zip(active, blocks, strict=True):
        row[: b.size] = b > (b.max() - 30.0)  # a block plays when within 30 dB of the track's loudest
    score = _window_means(active, _excerpt_blocks())
    start_seconds = int(np.argmax(score.min(axis=0) + 1e-3 * score.mean(axis=0))) * BLOCK_SECONDS
    mel, scalars = [], []
    for audio, level, rate in zip(audios, levels, rates, strict=True):
        excerpt = _excerpt(audio, rate, start_seconds).mean(axis=0)
        mel.append((log_mel_db(excerpt) + _MEL_OFFSET_DB) / _MEL_SCALE_DB)
        scalars.append([(level.energy_db + 20.0) / 20.0, level.crest_db / 20.0, level.width_db / 20.0,
                        float(audio.shape[0] == 2)])
    return TrackFeatures(
        names=[t.name for t in tracks],
        roles=role_of,
        roles_index=np.array([ROLES.index(r) for r in role_of], dtype=np.int64),
        mel=np.stack(mel).astype(np.float32),
        scalars=np.array(scalars, dtype=np.float32),
    )


def reference_features(reference: np.ndarray, sample_rate_hz: int) -> ReferenceFeatures:
    """The reference's mid/side log-mel over its loudest excerpt, relative to the excerpt's mid
    power, and its whole-song scalars."""
    audio = _checked_audio(reference, "reference")
    if audio.shape[0] == 1:
        audio = np.concatenate([audio, audio])
    level = _levels(audio, sample_rate_hz)
    blocks = level.blocks_db
    start_seconds = int(np.argmax(_window_means(blocks, _excerpt_blocks()))) * BLOCK_SECONDS
    excerpt = _excerpt(audio, sample_rate_hz, start_seconds)
    mid, side = (excerpt[0] + excerpt[1]) / 2, (excerpt[0] - excerpt[1]) / 2
    level_db = _energy_db(mid)
    mel = np.stack([log_mel_db(mid) - level_db, log_mel_db(side) - level_db])
    left, right = level.channels_db
    spread_db = float(np.std(blocks[blocks > blocks.max() - 40.0]))
    scalars = [level.width_db / 20.0, float(np.clip(left - right, -10.0, 10.0)) / 10.0,
               level.crest_db / 20.0, min(spread_db, 20.0) / 10.0]
    return ReferenceFeatures(
        mel=((mel + _MEL_OFFSET_DB) / _MEL_SCALE_DB).astype(np.float32), scalars=np.array(scalars, dtype=np.float32)
    )


def controller_inputs(
    tracks: Sequence[Track],
    roles: Mapping[str, str] | None,
    sample_rate_hz: int,
    reference: np.ndarray,
    reference_sample_rate_hz: int,
) -> tuple[TrackFeatures, ReferenceFeatures]:
    """Features of ``tracks`` (roles from ``roles`` by name, else each Track's) and of ``reference``."""
    return track_features(tracks, roles, sample_rate_hz), reference_features(reference, reference_sample_rate_hz)
