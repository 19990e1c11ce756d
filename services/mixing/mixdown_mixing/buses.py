"""The console's buses: the reverb and the tempo delay (wet-only, fed by the post-fader sends)
and the mix bus after its sum (glue compressor, makeup, safety limiter).

Pure functions ``fn(audio, sample_rate_hz, **params) -> audio`` on float32 (channels, samples),
as in :mod:`.processors`. The reverb and the limiter are pedalboard's (JUCE) processors; the
delay is scipy, a delay length at a time; the mix bus runs in time segments side by side, each
settled from a lead-in, so that its bits never depend on the thread count.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import numpy as np
import pedalboard as pb
from scipy.signal import butter, sosfilt

from mixdown.dsp.pool import run_parallel
from mixdown.dsp.truepeak import true_peak_dbtp, true_peak_gain_bound
from mixdown_mixing.processors import corner_hz, db_to_gain, run_plugins

# Freeverb (pedalboard's Reverb) fed one channel returns about 3.4 dB more loudness than the
# send read as a centred mono track; this makes a 0 dB send as loud as the dry track.
REVERB_INPUT_GAIN_DB = -3.4
LIMITER_RELEASE_MS = 100.0
LIMITER_LOOKAHEAD_MS = 5.0


def reverb(
    audio: np.ndarray, sample_rate_hz: int, room_size: float, width: float, damping: float, predelay_ms: float
) -> np.ndarray:
    """Wet-only stereo reverb (Freeverb) of a mono or stereo send, after ``predelay_ms``."""
    send = audio.mean(axis=0, dtype=np.float32) if audio.shape[0] > 1 else audio[0]
    delay = predelay_samples(sample_rate_hz, predelay_ms, send.size)
    fed = np.zeros((2, send.size), dtype=np.float32)
    fed[0, delay:] = send[: send.size - delay] * np.float32(db_to_gain(REVERB_INPUT_GAIN_DB))
    return reverb_fed(fed, sample_rate_hz, room_size, width, damping)


def predelay_samples(sample_rate_hz: int, predelay_ms: float, samples: int) -> int:
    return min(round(predelay_ms * 1e-3 * sample_rate_hz), samples)


def reverb_fed(fed: np.ndarray, sample_rate_hz: int, room_size: float, width: float, damping: float) -> np.ndarray:
    """Freeverb's wet output for ``fed``: (2, samples), the send already delayed and scaled by
    REVERB_INPUT_GAIN_DB in channel 0, silence in channel 1 (Freeverb sums its inputs)."""
    plugin = pb.Reverb(room_size=room_size, damping=damping, wet_level=1.0, dry_level=0.0, width=width)
    return plugin(fed, sample_rate_hz)


def delay_samples(sample_rate_hz: int, bpm: float, note: float) -> int:
    """The delay time of ``note`` beats at ``bpm``, in whole samples: round(60 / bpm x note x rate)."""
    return max(1, round(60.0 / bpm * note * sample_rate_hz))


def tempo_delay(
    audio: np.ndarray,
    sample_rate_hz: int,
    bpm: float,
    note: float,
    feedback: float,
    highcut_hz: float,
    lowcut_hz: float,
    in_place: bool = False,
) -> np.ndarray:
    """Wet-only feedback delay of :func:`delay_samples` samples (exactly on the note value).

    Each echo passes the low-cut and high-cut filters (2nd-order Butterworth; a high-cut of
    20 kHz or more and a low-cut of 20 Hz or less are off) once more than the one before and is
    ``feedback`` times its level. Computed a delay length at a time (each block depends only on
    the one before), so the loop is over blocks, not samples. With ``in_place`` the wet signal
    is written over ``audio``.
    """
    period = delay_samples(sample_rate_hz, bpm, note)
    sections = []
    if highcut_hz < 20000.0:
        sections.append(butter(2, corner_hz(highcut_hz, sample_rate_hz), fs=sample_rate_hz, output="sos"))
    if lowcut_hz > 20.0:
        sections.append(butter(2, lowcut_hz, btype="highpass", fs=sample_rate_hz, output="sos"))
    sos = np.concatenate(sections) if sections else None
    channels, samples = audio.shape
    # wet[block b] = F(audio[block b-1] + feedback * wet[block b-1]); computed in place, from
    # the end backwards would lose the input, so the input block is saved before it is overwritten
    wet = audio if in_place else audio.copy()
    state = None if sos is None else np.zeros((sos.shape[0], channels, 2))
    source = wet[:, :period].copy()
    wet[:, :period] = 0.0
    for start in range(period, samples, period):
        stop = min(start + period, samples)
        size = stop - start
        feed = source[:, :size] + np.float32(feedback) * wet[:, start - period : start - period + size]
        source = wet[:, start:stop].copy()
        if sos is not None:
            feed, state = sosfilt(sos, feed, axis=-1, zi=state)
        wet[:, start:stop] = feed
    return wet


def limiter_plugins(ceiling_db: float) -> list[pb.Plugin]:
    """pedalboard's lookahead brickwall limiter on sample peaks (its oversampled true-peak
    detector costs seven times as much; :func:`master` trims the few inter-sample overs instead)."""
    return [pb.BrickwallLimiter(ceiling_db=ceiling_db, release_ms=LIMITER_RELEASE_MS,
                                lookahead_ms=LIMITER_LOOKAHEAD_MS, true_peak=False)]


def _peak(audio: np.ndarray) -> float:
    """Largest magnitude; NaN when a sample is NaN or infinite."""
    high, low = float(audio.max()), float(audio.min())
    return max(high, -low) if math.isfinite(high) and math.isfinite(low) else math.nan


# How long each time segment of the mix bus runs before the part it keeps, in time constants
# of its slowest stage: the compressor and limiter states it then reaches are those of a run
# from the start to within e**-12 (-104 dB).
SETTLE_TIME_CONSTANTS = 12.0
_MIN_SETTLE_SECONDS = 1.0
BUS_SEGMENTS = 4


def run_plugins_in_segments(
    audio: np.ndarray, sample_rate_hz: int, make_plugins: Callable[[], list[pb.Plugin]], settle_ms: float,
    threads: int,
) -> np.ndarray:
    """:func:`run_plugins` of ``make_plugins()`` over ``audio`` in up to :data:`BUS_SEGMENTS`
    time segments, side by side on the worker pool unless ``threads`` is 1 (pedalboard releases the GIL), each with fresh plugins
    started a lead-in earlier (max(12 x ``settle_ms``, 1 s)) on the audio before it, the
    lead-in then dropped. The segments depend on the audio and ``settle_ms`` only, never on
    ``threads``, so every machine renders the same bits; audio shorter than four lead-ins a
    segment runs whole."""
    samples = audio.shape[1]
    lead = math.ceil(sample_rate_hz * max(SETTLE_TIME_CONSTANTS * settle_ms * 1e-3, _MIN_SETTLE_SECONDS))
    segments = max(1, min(BUS_SEGMENTS, samples // (4 * lead)))
    if segments == 1:
        return run_plugins(audio, sample_rate_hz, make_plugins())
    bounds = [samples * index // segments for index in range(segments + 1)]
    out = np.empty_like(audio)

    def one(index: int) -> None:
        start, stop = bounds[index], bounds[index + 1]
        before = min(lead, start)
        out[:, start:stop] = run_plugins(audio[:, start - before : stop], sample_rate_hz, make_plugins())[:, before:]

    if threads <= 1:
        for index in range(segments):
            one(index)
    else:
        run_parallel([partial(one, index) for index in range(segments)])
    return out


def master(
    audio: np.ndarray,
    sample_rate_hz: int,
    glue: Callable[[], list[pb.Plugin]],
    makeup_db: float,
    ceiling_dbtp: float,
    settle_ms: float = 0.0,
    threads: int = 1,
) -> np.ndarray:
    """The mix bus after its sum: NaN and infinities zeroed, the ``glue`` compressor (made by
    ``glue()``; ``settle_ms`` its slowest time constant), makeup, then a brickwall limiter on
    sample peaks at ``ceiling_dbtp`` (left out when the peak is too low for any true peak to
    reach the ceiling), then one gain trim that brings the true peak (BS.1770, oversampled)
    under the ceiling should an inter-sample peak still exceed it: the output never clips, in
    the file or after a converter. All pedalboard stages run in one board, in time segments
    side by side on ``threads`` threads (:func:`run_plugins_in_segments`)."""
    peak = _peak(audio)
    if not math.isfinite(peak):
        audio = np.nan_to_num(audio, nan=0.0, posinf=0.0, neginf=0.0)
        peak = _peak(audio)
    ceiling = db_to_gain(ceiling_dbtp)
    limited = peak * db_to_gain(makeup_db) * true_peak_gain_bound(sample_rate_hz) > ceiling

    def board() -> list[pb.Plugin]:
        plugins = list(glue())
        if makeup_db:
            plugins.append(pb.Gain(makeup_db))
        return plugins + (limiter_plugins(ceiling_dbtp) if limited else [])

    settle_ms = max(settle_ms, LIMITER_RELEASE_MS if limited else 0.0)
    out = run_plugins_in_segments(audio, sample_rate_hz, board, settle_ms, threads)
    peak = _peak(out)
    if peak > ceiling:
        out *= np.float32(ceiling / peak * 0.9999)
    if limited:  # otherwise no inter-sample peak can reach the ceiling
        true_peak = 10 ** (true_peak_dbtp(out, sample_rate_hz) / 20)
        if true_peak > ceiling:
            out *= np.float32(ceiling / true_peak * 0.9999)
    return out


def safety_limit(audio: np.ndarray, sample_rate_hz: int, ceiling_dbtp: float) -> np.ndarray:
    """The mix bus's safety net alone (:func:`master` without glue): NaN and infinities zeroed,
    the true-peak brickwall limiter at ``ceiling_dbtp``, never a sample over the ceiling.
    (The delivered true peak is the mastering stage's to guarantee.)"""
    return master(audio, sample_rate_hz, list, 0.0, ceiling_dbtp)
