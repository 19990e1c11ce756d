"""Tempo estimation: onset-strength envelope, autocorrelation, comb scoring.

1. Onset strength: the audio (mixed to mono, at most ``MAX_ANALYSIS_SECONDS`` from the middle)
   is cut into Hann frames of about 46 ms every ``HOP_SECONDS`` (about 2.9 ms); the spectrum
   is summed into ``BANDS`` log-spaced bands from 30 Hz to 10 kHz (each weighing the same, so
   that broadband hi-hats do not outweigh kick and snare); the envelope is the half-wave
   rectified frame-to-frame rise of the log-compressed band magnitudes (spectral flux),
   summed over bands, with its slow trend removed.
2. Its autocorrelation (by FFT) is read, with linear interpolation between lags, at every
   multiple of the beat period of each candidate tempo: the score of a tempo is the mean of
   those values over the first ``COMB_BEATS`` beats (a comb), which pins the period to a
   fraction of a frame. Candidates run from ``min_bpm`` to ``max_bpm`` in 0.05 BPM steps,
   the best is refined by a parabola through its neighbours.
3. Octave errors: a tempo and its half share most comb teeth. Scores are weighted by a broad
   log-normal preference centred on 115 BPM; then the double of the winner, when inside the
   range, replaces it if its own (unweighted) score is at least ``OCTAVE_MARGIN`` times the
   winner's. Every result lies in ``[min_bpm, max_bpm]`` (70..180 by default).

Confidence (0..1) is the normalised autocorrelation at the winning comb (its mean over the
teeth divided by the zero-lag value), times the salience of the onsets (0 when the 99th
percentile of the flux is under ``SALIENCE_FLOOR``, as for steady tones): regular drum loops
read 0.6 to 0.9, a lone voice 0.2 to 0.3, noise and steady tones under 0.05.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import fft as sp_fft
from scipy.ndimage import uniform_filter1d

from mixdown.dsp import as_audio
from mixdown.errors import InvalidInput

MIN_BPM = 70.0
MAX_BPM = 180.0
HOP_SECONDS = 256 / 44100
FRAME_SECONDS = 2048 / 44100
MAX_ANALYSIS_SECONDS = 30.0
MIN_ANALYSIS_SECONDS = 4.0
COMB_BEATS = 8
GRID_BPM = 0.05
PREFERRED_BPM = 115.0
PREFERENCE_OCTAVES = 1.2
OCTAVE_MARGIN = 1.0
BANDS = 24
SALIENCE_FLOOR = 1.5
SALIENCE_SPAN = 3.0
BAND_LOW_HZ = 30.0
_CHUNK_FRAMES = 4096


def onset_strength(audio: np.ndarray, sample_rate_hz: int) -> tuple[np.ndarray, float]:
    """(onset-strength envelope, its frame rate in Hz) of (channels, samples) audio."""
    audio = as_audio(audio, sample_rate_hz)
    mono = audio.mean(axis=0, dtype=np.float32) if audio.shape[0] > 1 else audio[0]
    limit = round(MAX_ANALYSIS_SECONDS * sample_rate_hz)
    if mono.size > limit:
        start = (mono.size - limit) // 2
        mono = mono[start : start + limit]
    hop = max(1, round(HOP_SECONDS * sample_rate_hz))
    frame = 1 << max(8, round(math.log2(FRAME_SECONDS * sample_rate_hz)))
    if mono.size < frame + hop:
        return np.zeros(0, dtype=np.float32), sample_rate_hz / hop
    count = 1 + (mono.size - frame) // hop
    window = np.hanning(frame).astype(np.float32)
    top_bin = min(frame // 2 + 1, round(10000.0 * frame / sample_rate_hz))
    frames = np.lib.stride_tricks.sliding_window_view(mono, frame)[::hop][:count]
    scale = 10.0 / max(float(np.abs(mono).max()), 1e-9)
    # Log-spaced bands, each weighing the same (linear bins crowd the top octaves, where
    # hi-hats live); summing bins into bands also evens out the sidelobe beating of steady tones.
    bin_hz = np.arange(top_bin) * sample_rate_hz / frame
    edges = np.geomspace(BAND_LOW_HZ, min(10000.0, 0.45 * sample_rate_hz), BANDS + 1)
    starts = np.unique(np.clip(np.searchsorted(bin_hz, edges[:-1]), 1, top_bin - 1))
    stop = int(np.searchsorted(bin_hz, edges[-1]))
    flux = np.empty(count, dtype=np.float32)
    previous: np.ndarray | None = None
    for start in range(0, count, _CHUNK_FRAMES):
        block = frames[start : start + _CHUNK_FRAMES] * window
        spectrum = sp_fft.rfft(block, axis=1)[:, :stop]
        # band sums by reduceat over contiguous bins (a BLAS product would start spinning threads)
        energy = np.add.reduceat(spectrum.real**2 + spectrum.imag**2, starts, axis=1)
        magnitude = np.log1p(scale * np.sqrt(energy))
        reference = magnitude[:1] if previous is None else previous[None, :]
        rise = np.diff(magnitude, axis=0, prepend=reference)
        flux[start : start + len(block)] = np.maximum(rise, 0.0).sum(axis=1)
        previous = magnitude[-1]
    rate_hz = sample_rate_hz / hop
    trend = uniform_filter1d(flux, size=max(3, round(0.5 * rate_hz)), mode="nearest")
    return np.maximum(flux - trend, 0.0), rate_hz


def _autocorrelation(envelope: np.ndarray) -> np.ndarray:
    centred = envelope.astype(np.float64) - envelope.mean()
    size = sp_fft.next_fast_len(2 * centred.size)
    spectrum = sp_fft.rfft(centred, size)
    return sp_fft.irfft(spectrum.real**2 + spectrum.imag**2, size)[: centred.size]


def _comb_scores(correlation: np.ndarray, rate_hz: float, bpms: np.ndarray) -> np.ndarray:
    """Mean autocorrelation over the first COMB_BEATS multiples of each tempo's beat period."""
    periods = 60.0 * rate_hz / bpms
    beats = np.arange(1, COMB_BEATS + 1)
    lags = periods[:, None] * beats[None, :]
    usable = lags < correlation.size - 1
    index = np.clip(np.floor(lags).astype(np.int64), 0, correlation.size - 2)
    fraction = lags - index
    values = correlation[index] * (1 - fraction) + correlation[index + 1] * fraction
    values = np.where(usable, values, 0.0)
    return values.sum(axis=1) / np.maximum(usable.sum(axis=1), 1)


def _fold(bpm: float, min_bpm: float, max_bpm: float) -> float:
    while bpm < min_bpm:
        bpm *= 2.0
    while bpm > max_bpm:
        bpm /= 2.0
    return bpm


def estimate_bpm(
    audio: np.ndarray, sample_rate_hz: int, min_bpm: float = MIN_BPM, max_bpm: float = MAX_BPM
) -> tuple[float, float]:
    """(tempo in BPM within [min_bpm, max_bpm], confidence 0..1) of (channels, samples) audio.

    Raises InvalidInput when the range is not at least an octave wide or the audio is shorter
    than ``MIN_ANALYSIS_SECONDS``. Silence gives the preferred tempo with confidence 0.
    """
    if not (0 < min_bpm and max_bpm >= 2 * min_bpm):
        raise InvalidInput(f"the tempo range {min_bpm:g}..{max_bpm:g} BPM must span at least an octave")
    audio = as_audio(audio, sample_rate_hz)
    if audio.shape[1] < MIN_ANALYSIS_SECONDS * sample_rate_hz:
        raise InvalidInput(f"tempo needs at least {MIN_ANALYSIS_SECONDS:g} s of audio, got "
                           f"{audio.shape[1] / sample_rate_hz:.2f} s")
    envelope, rate_hz = onset_strength(audio, sample_rate_hz)
    correlation = _autocorrelation(envelope)
    if envelope.size == 0 or correlation[0] <= 0.0:
        return _fold(PREFERRED_BPM, min_bpm, max_bpm), 0.0

    # Scores over a range an octave wider on each side, so that halves and doubles compare.
    low, high = min_bpm / 2.0, max_bpm * 2.0
    bpms = np.arange(low, high + GRID_BPM / 2, GRID_BPM)
    scores = _comb_scores(correlation, rate_hz, bpms) / correlation[0]
    preference = np.exp(-0.5 * (np.log2(bpms / PREFERRED_BPM) / PREFERENCE_OCTAVES) ** 2)
    weighted = np.maximum(scores, 0.0) * preference

    inside = (bpms >= min_bpm) & (bpms <= max_bpm)
    best = int(np.flatnonzero(inside)[np.argmax(weighted[inside])])
    # Octave check: the double of the winner, when inside the range, wins if it scores at least
    # as well (its comb holds the winner's teeth plus the off-beats, so it is only as good when
    # the off-beats carry as much as the beats).
    double = bpms[best] * 2.0
    if double <= max_bpm:
        j = min(max(int(round((double - low) / GRID_BPM)), 1), bpms.size - 2)
        j = j - 1 + int(np.argmax(scores[j - 1 : j + 2]))
        if scores[j] >= OCTAVE_MARGIN * scores[best]:
            best = j
    bpm = float(bpms[best])
    if 0 < best < bpms.size - 1:
        left, centre, right = scores[best - 1], scores[best], scores[best + 1]
        curvature = left - 2 * centre + right
        if curvature < 0:
            bpm += GRID_BPM * float(np.clip(0.5 * (left - right) / curvature, -0.5, 0.5))
    # Salience: steady tones make a faint, regular ripple in the flux that correlates as well as
    # a beat; real onsets stand far above it.
    salience = float(np.clip((np.percentile(envelope, 99) - SALIENCE_FLOOR) / SALIENCE_SPAN, 0.0, 1.0))
    confidence = float(np.clip(scores[best], 0.0, 1.0)) * salience
    return round(_fold(bpm, min_bpm, max_bpm), 2), round(confidence, 3)
