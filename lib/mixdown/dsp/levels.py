"""Sample-level measures: RMS and crest factor, DC offset, clipping, silence and dropouts.

Definitions (every threshold is a module constant, named in the reports):

- **RMS** over all channels and samples, in dBFS (a full-scale sine reads -3.01 dBFS).
- **Crest factor**: sample peak (dBFS) minus RMS (dBFS), in dB. **PLR** (peak-to-loudness
  ratio, EBU R128 s1): true peak (dBTP) minus integrated loudness (LUFS), in LU; it is
  computed from a :class:`mixdown.dsp.loudness.LoudnessReport` (:func:`plr_lu`).
- **DC offset**: the largest absolute channel mean, in percent of full scale.
- **Clipping**: a clipped run is at least :data:`CLIP_RUN_SAMPLES` consecutive samples of
  one channel at or above :data:`CLIP_LEVEL_DBFS` in magnitude (a converter or a hard
  clipper holding the rail). Isolated full-scale samples are not counted.
- **Digital silence**: every channel within :data:`SILENCE_LEVEL_DBFS` (about +-1 LSB at
  16 bits, so dithered silence counts). **Leading / trailing silence**: its length before
  the first and after the last louder sample. A **dropout** is a stretch of digital silence
  of at least :data:`DROPOUT_MIN_SECONDS` strictly inside the programme that starts
  abruptly: within :data:`DROPOUT_ATTACK_SECONDS` before it the signal is above
  :data:`DROPOUT_PROGRAMME_DBFS` (a cut, not a fade-out or a pause after a decay).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mixdown.dsp import as_audio, check_sample_rate

CLIP_LEVEL_DBFS = -0.01
CLIP_RUN_SAMPLES = 3
SILENCE_LEVEL_DBFS = 20 * math.log10(2.0**-15)  # -90.3 dBFS
DROPOUT_MIN_SECONDS = 0.005
DROPOUT_ATTACK_SECONDS = 0.010
DROPOUT_PROGRAMME_DBFS = -40.0


def _db(amplitude: float) -> float:
    return 20.0 * math.log10(amplitude) if amplitude > 0.0 else -math.inf


def rms_dbfs(audio: np.ndarray) -> float:
    """RMS over all channels and samples in dBFS; ``-inf`` for digital silence."""
    audio = as_audio(audio)
    energy = sum(float(np.dot(channel, channel)) for channel in audio)
    return _db(math.sqrt(energy / audio.size))


def crest_factor_db(audio: np.ndarray) -> float:
    """Sample peak minus RMS in dB (3.01 for a sine); NaN for digital silence."""
    audio = as_audio(audio)
    peak = max(float(audio.max()), -float(audio.min()))
    rms = rms_dbfs(audio)
    return _db(peak) - rms if math.isfinite(rms) else math.nan


def plr_lu(true_peak_dbtp: float, integrated_lufs: float) -> float:
    """Peak-to-loudness ratio: true peak minus integrated loudness; NaN if either is not finite."""
    if not (math.isfinite(true_peak_dbtp) and math.isfinite(integrated_lufs)):
        return math.nan
    return true_peak_dbtp - integrated_lufs


def dc_offset_percent(audio: np.ndarray) -> float:
    """Largest absolute mean over the channels, in percent of full scale."""
    audio = as_audio(audio)
    return 100.0 * float(np.max(np.abs(audio.mean(axis=1, dtype=np.float64))))


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(starts, stops) of the runs of True in a boolean vector."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.view(np.int8), [0]))))
    return edges[0::2], edges[1::2]


@dataclass(frozen=True)
class Clipping:
    runs: int
    samples: int
    longest_run_samples: int


def clipping(audio: np.ndarray) -> Clipping:
    """Clipped runs over all channels (see the module docstring)."""
    audio = as_audio(audio)
    level = np.float32(10 ** (CLIP_LEVEL_DBFS / 20))
    runs = samples = longest = 0
    for channel in audio:
        if float(channel.max()) < level and float(channel.min()) > -level:
            continue  # no sample at the level: no run (the common case, read in two passes)
        starts, stops = _runs(np.abs(channel) >= level)
        lengths = stops - starts
        clipped = lengths[lengths >= CLIP_RUN_SAMPLES]
        runs += int(clipped.size)
        samples += int(clipped.sum())
        longest = max(longest, int(clipped.max(initial=0)))
    return Clipping(runs, samples, longest)


@dataclass(frozen=True)
class Silence:
    leading_seconds: float
    trailing_seconds: float
    dropouts: int
    longest_dropout_seconds: float
    dropout_times_seconds: tuple[float, ...]


def silence(audio: np.ndarray, sample_rate_hz: int) -> Silence:
    """Leading and trailing digital silence and dropouts (see the module docstring)."""
    audio = as_audio(audio, sample_rate_hz)
    sample_rate_hz = check_sample_rate(sample_rate_hz)
    magnitude = np.abs(audio[0])
    for channel in audio[1:]:
        np.maximum(magnitude, np.abs(channel), out=magnitude)
    quiet = magnitude <= np.float32(10 ** (SILENCE_LEVEL_DBFS / 20))
    samples = magnitude.size
    if quiet.all():
        seconds = samples / sample_rate_hz
        return Silence(seconds, seconds, 0, 0.0, ())
    first, last = int(np.argmin(quiet)), samples - 1 - int(np.argmin(quiet[::-1]))
    minimum = math.ceil(DROPOUT_MIN_SECONDS * sample_rate_hz)
    # A quiet run of `minimum` samples covers a whole aligned block of about half that:
    # without such a block there is no dropout, and the runs need not be listed.
    block = max(1, (minimum + 1) // 2)
    inside = quiet[first : last + 1]
    whole = inside[: inside.size // block * block].reshape(-1, block)
    if not whole.all(axis=1).any():
        return Silence(first / sample_rate_hz, (samples - 1 - last) / sample_rate_hz, 0, 0.0, ())
    starts, stops = _runs(inside)
    starts, stops = starts + first, stops + first
    long_enough = (stops - starts) >= DROPOUT_MIN_SECONDS * sample_rate_hz
    attack = max(1, round(DROPOUT_ATTACK_SECONDS * sample_rate_hz))
    programme = np.float32(10 ** (DROPOUT_PROGRAMME_DBFS / 20))
    dropouts = [
        (int(start), int(stop))
        for start, stop in zip(starts[long_enough], stops[long_enough], strict=True)
        if float(magnitude[max(0, start - attack) : start].max(initial=0.0)) > programme
    ]
    longest = max((stop - start for start, stop in dropouts), default=0)
    return Silence(
        leading_seconds=first / sample_rate_hz,
        trailing_seconds=(samples - 1 - last) / sample_rate_hz,
        dropouts=len(dropouts),
        longest_dropout_seconds=longest / sample_rate_hz,
        dropout_times_seconds=tuple(round(start / sample_rate_hz, 3) for start, _ in dropouts[:20]),
    )
