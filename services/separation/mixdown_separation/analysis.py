"""Tempo and key of a song: pure numpy/scipy functions, no I/O.

:func:`analyse` returns ``{"bpm", "bpm_confidence", "key", "key_confidence", ...}``.

Tempo (:func:`estimate_tempo`), top to bottom:

1. onset strength (of the middle two minutes at most): log-magnitude spectral flux (23 ms frames, 5.8 ms hop) in three bands,
   low (< 150 Hz, kick and bass), mid (150 Hz - 5 kHz, snare and claps) and high (> 5 kHz,
   hi-hats), each half-wave rectified and detrended;
2. a comb over the autocorrelation of their sum: the strength of a beat period is the mean
   autocorrelation at 1 to 16 periods (read between lags by linear interpolation), scanned in
   0.05 BPM steps over 40-240 BPM; its best peak is refined to 0.01 BPM;
3. half/double time: the best period and its metrical relatives (x1/4, x1/3, x1/2, x1, x2,
   x3, x4 within 40-240 BPM) are scored by their comb strength, a broad prior centred on
   110 BPM (σ one octave), and the drum pattern: a kick followed one beat later by a snare
   (and a snare followed by a kick) is the backbeat that tells the beat from the bar and
   from the eighth notes. The percussive stem, when given, is where the pattern is read;
4. confidence (0-1): how far the comb peak stands above the comb's median, times the
   margin of the chosen tempo over its runner-up.

Key (:func:`estimate_key`): a chroma vector from a log-frequency mapping of STFT bins (55 Hz
to 2 kHz, 186 ms frames at 11.025 kHz, spectral peaks only, each split between its two nearest
semitones, magnitudes square-root compressed), summed over the song, correlated with the 24 rotations of
the Krumhansl-Kessler and Temperley key profiles (the mean of both correlations);
confidence from the margin between the best and second-best key and the best correlation.
Pass the harmonic part of a song (without its drums) when it is known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.signal import resample_poly

from mixdown.errors import InvalidInput

PITCH_CLASSES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
MIN_BPM, MAX_BPM = 40.0, 240.0
PRIOR_BPM = 110.0
PRIOR_OCTAVES = 1.0
BACKBEAT_WEIGHT = 2.0
KICK_WEIGHT = 1.0
TOO_SLOW_WEIGHT = 2.0
COMB_BEATS = 16
TEMPO_EXCERPT_SECONDS = 120.0
EPS = 1e-12

# Krumhansl & Kessler (1982) probe-tone ratings and Temperley (2001, Kostka-Payne corpus)
# pitch-class distributions, tonic first.
KRUMHANSL_MAJOR = (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88)
KRUMHANSL_MINOR = (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17)
TEMPERLEY_MAJOR = (0.748, 0.060, 0.488, 0.082, 0.670, 0.460, 0.096, 0.715, 0.104, 0.366, 0.057, 0.400)
TEMPERLEY_MINOR = (0.712, 0.084, 0.474, 0.618, 0.049, 0.460, 0.105, 0.747, 0.404, 0.067, 0.133, 0.330)


def _mono(audio: np.ndarray, sample_rate_hz: int, what: str = "audio") -> np.ndarray:
    if not isinstance(audio, np.ndarray) or audio.ndim not in (1, 2) or audio.shape[-1] < 1:
        raise InvalidInput(f"{what} must be a numpy array shaped (channels, samples)")
    if not 8000 <= int(sample_rate_hz) <= 384000:
        raise InvalidInput(f"sample_rate_hz={sample_rate_hz} is outside [8000, 384000]")
    mono = audio.astype(np.float64) if audio.ndim == 1 else audio.astype(np.float64).mean(axis=0)
    if not np.isfinite(mono).all():
        raise InvalidInput(f"{what} contains NaN or infinite samples")
    return mono


def _frames(x: np.ndarray, n_fft: int, hop: int) -> np.ndarray:
    """Magnitude STFT (bins, frames), Hann window, centred frames."""
    padded = np.pad(x, (n_fft // 2, n_fft // 2))
    count = max(1, 1 + (padded.size - n_fft) // hop)
    if padded.size < n_fft:
        padded = np.pad(padded, (0, n_fft - padded.size))
    index = np.arange(n_fft)[None, :] + hop * np.arange(count)[:, None]
    window = np.hanning(n_fft + 1)[:-1]
    return np.abs(np.fft.rfft(padded[index] * window, axis=1)).T


# --- tempo -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OnsetBands:
    """Onset strength per band (low, mid, high), ``frames_per_second`` frames a second."""

    low: np.ndarray
    mid: np.ndarray
    high: np.ndarray
    frames_per_second: float

    @property
    def total(self) -> np.ndarray:
        return self.low + self.mid + self.high


def onset_bands(audio: np.ndarray, sample_rate_hz: int) -> OnsetBands:
    """Log spectral flux in the kick (< 150 Hz), snare (150 Hz - 5 kHz) and hi-hat (> 5 kHz) bands."""
    mono = _mono(audio, sample_rate_hz)
    n_fft = int(2 ** round(math.log2(0.0232 * sample_rate_hz)))
    hop = n_fft // 4
    magnitude = _frames(mono, n_fft, hop)
    freqs_hz = np.fft.rfftfreq(n_fft, 1.0 / sample_rate_hz)
    log_mag = np.log1p(100.0 * magnitude / max(float(magnitude.max()), EPS))
    flux = np.maximum(np.diff(log_mag, axis=1, prepend=log_mag[:, :1]), 0.0)

    def band(low_hz: float, high_hz: float) -> np.ndarray:
        rows = (freqs_hz >= low_hz) & (freqs_hz < high_hz)
        envelope = flux[rows].sum(axis=0) if rows.any() else np.zeros(flux.shape[1])
        window = max(3, int(round(0.5 * sample_rate_hz / hop)))
        local_mean = np.convolve(envelope, np.ones(window) / window, mode="same")
        return np.maximum(envelope - local_mean, 0.0)

    return OnsetBands(band(20.0, 150.0), band(150.0, 5000.0), band(5000.0, sample_rate_hz / 2 + 1),
                      sample_rate_hz / hop)


def _autocorrelation(x: np.ndarray, max_lag: int) -> np.ndarray:
    """Normalised (r[0] = 1) autocorrelation up to ``max_lag`` frames, via the FFT."""
    x = x - x.mean()
    size = int(2 ** math.ceil(math.log2(2 * x.size + 1)))
    spectrum = np.fft.rfft(x, size)
    r = np.fft.irfft(spectrum * np.conj(spectrum), size)[: max_lag + 1]
    return r / max(float(r[0]), EPS)


def _crosscorrelation(x: np.ndarray, y: np.ndarray, max_lag: int) -> np.ndarray:
    """c[lag] = normalised correlation of x(t) with y(t + lag), lags 0..max_lag."""
    x = x - x.mean()
    y = y - y.mean()
    size = int(2 ** math.ceil(math.log2(2 * x.size + 1)))
    c = np.fft.irfft(np.conj(np.fft.rfft(x, size)) * np.fft.rfft(y, size), size)[: max_lag + 1]
    return c / max(math.sqrt(float(np.dot(x, x)) * float(np.dot(y, y))), EPS)


def _at(curve: np.ndarray, lag: float) -> float:
    """``curve`` read at a fractional lag (linear interpolation), 0 beyond its end."""
    if lag < 0 or lag > curve.size - 1:
        return 0.0
    low = int(lag)
    high = min(low + 1, curve.size - 1)
    return float(curve[low] + (lag - low) * (curve[high] - curve[low]))


def _comb(r: np.ndarray, period: float, beats: int = COMB_BEATS) -> float:
    """Mean autocorrelation at 1..``beats`` multiples of ``period`` (those within reach)."""
    values = [_at(r, k * period) for k in range(1, beats + 1) if k * period <= r.size - 1]
    return float(np.mean(values)) if values else 0.0


@dataclass(frozen=True)
class Tempo:
    bpm: float
    confidence: float
    candidates: list[tuple[float, float]] = field(default_factory=list)
    """(bpm, score) of the metrical relatives considered, best first."""


def _refine(r: np.ndarray, fps: float, bpm: float, span: float = 0.04) -> float:
    grid = np.arange(bpm * (1 - span), bpm * (1 + span), 0.01)
    grid = grid[(grid >= MIN_BPM) & (grid <= MAX_BPM)]
    if grid.size == 0:
        return bpm
    scores = [_comb(r, 60.0 * fps / b) for b in grid]
    return float(grid[int(np.argmax(scores))])


def _prior(bpm: float) -> float:
    return math.exp(-0.5 * (math.log2(bpm / PRIOR_BPM) / PRIOR_OCTAVES) ** 2)


def backbeat(bands: OnsetBands, period: float) -> float:
    """How much the low band (kick) and the mid band (snare) alternate one ``period`` apart, 0 to 1.

    Kick then snare one beat later, and snare then kick, against the same at half a beat and
    at two beats: a backbeat at the true beat, not at the eighth note nor at the half note.
    """
    max_lag = int(math.ceil(2 * period)) + 2
    kick_snare = _crosscorrelation(bands.low, bands.mid, max_lag)
    snare_kick = _crosscorrelation(bands.mid, bands.low, max_lag)

    def alternation(lag: float) -> float:
        return max(_at(kick_snare, lag), 0.0) + max(_at(snare_kick, lag), 0.0)

    at_beat = alternation(period)
    elsewhere = max(alternation(period / 2), alternation(2 * period))
    return float(np.clip(at_beat - elsewhere, 0.0, 1.0))


def excerpt(audio: np.ndarray, sample_rate_hz: int, seconds: float) -> np.ndarray:
    """The middle ``seconds`` of ``audio`` (all of it when shorter)."""
    length = int(seconds * sample_rate_hz)
    if audio.shape[-1] <= length:
        return audio
    start = (audio.shape[-1] - length) // 2
    return audio[..., start : start + length]


def estimate_tempo(audio: np.ndarray, sample_rate_hz: int, percussive: np.ndarray | None = None) -> Tempo:
    """Tempo in BPM with a confidence, aware of half and double time (see the module).

    Reads the middle :data:`TEMPO_EXCERPT_SECONDS` of the song (memory stays bounded)."""
    source = audio if percussive is None else percussive
    bands = onset_bands(excerpt(source, sample_rate_hz, TEMPO_EXCERPT_SECONDS), sample_rate_hz)
    fps = bands.frames_per_second
    envelope = bands.total
    if envelope.size < 4 or float(envelope.max()) <= 0.0:
        return Tempo(0.0, 0.0)
    max_lag = min(envelope.size - 1, int(COMB_BEATS * 60.0 * fps / MIN_BPM))
    r = _autocorrelation(envelope, max_lag)
    r_low = _autocorrelation(bands.low, max_lag) if float(bands.low.max()) > 0 else np.zeros(max_lag + 1)
    grid = np.arange(MIN_BPM, MAX_BPM + 0.001, 0.05)
    comb = np.array([_comb(r, 60.0 * fps / bpm) for bpm in grid])
    best = _refine(r, fps, float(grid[int(np.argmax(comb))]))
    peak_strength = float(np.clip((_comb(r, 60.0 * fps / best) - np.median(comb)) / 0.3, 0.0, 1.0))

    relatives = sorted({round(best * ratio, 3) for ratio in (0.25, 1 / 3, 0.5, 1.0, 2.0, 3.0, 4.0)
                        if MIN_BPM <= best * ratio <= MAX_BPM})
    scored = []
    for candidate in relatives:
        bpm = _refine(r, fps, candidate, span=0.01)
        period = 60.0 * fps / bpm
        salience = max(_comb(r, period, beats=4), 0.0)
        score = (salience * _prior(bpm) * (1.0 + BACKBEAT_WEIGHT * backbeat(bands, period))
                 * (1.0 + KICK_WEIGHT * max(_at(r_low, period), 0.0))
                 / (1.0 + TOO_SLOW_WEIGHT * max(_at(r_low, period / 2), 0.0)))
        scored.append((bpm, score))
    scored.sort(key=lambda item: -item[1])
    chosen, top = scored[0]
    runner_up = scored[1][1] if len(scored) > 1 else 0.0
    margin = (top - runner_up) / top if top > 0 else 0.0
    confidence = peak_strength * (0.5 + 0.5 * margin)
    return Tempo(round(chosen, 2), round(float(np.clip(confidence, 0.0, 1.0)), 3),
                 [(round(b, 2), round(s, 4)) for b, s in scored])


# --- key ---------------------------------------------------------------------------------------

KEY_RATE_HZ = 11025
KEY_FFT = 2048
KEY_HOP = 1024
KEY_RANGE_HZ = (55.0, 2000.0)
KEY_BLOCK_SECONDS = 60


def chroma(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Pitch-class energy (12,), C first, summed over the whole signal and normalised to unit sum.

    Computed in blocks of :data:`KEY_BLOCK_SECONDS`, so memory does not grow with the song."""
    mono = _mono(audio, sample_rate_hz)
    divisor = math.gcd(int(sample_rate_hz), KEY_RATE_HZ)
    x = resample_poly(mono, KEY_RATE_HZ // divisor, int(sample_rate_hz) // divisor)
    freqs_hz = np.fft.rfftfreq(KEY_FFT, 1.0 / KEY_RATE_HZ)
    rows = np.flatnonzero((freqs_hz >= KEY_RANGE_HZ[0]) & (freqs_hz <= KEY_RANGE_HZ[1]))
    pitch = 69.0 + 12.0 * np.log2(freqs_hz[rows] / 440.0)
    block = KEY_BLOCK_SECONDS * KEY_RATE_HZ
    energy = np.zeros(rows.size)
    for start in range(0, x.size, block):
        magnitude = _frames(x[start : start + block], KEY_FFT, KEY_HOP)
        peaks = (magnitude[1:-1] >= magnitude[:-2]) & (magnitude[1:-1] >= magnitude[2:])
        magnitude[1:-1] *= peaks  # spectral peaks only: no window leakage, less noise
        energy += np.sqrt(magnitude[rows]).sum(axis=1)
    out = np.zeros(12)
    low = np.floor(pitch).astype(int)
    upper_weight = pitch - low
    np.add.at(out, low % 12, energy * (1.0 - upper_weight))
    np.add.at(out, (low + 1) % 12, energy * upper_weight)
    total = out.sum()
    return out / total if total > 0 else out


@dataclass(frozen=True)
class Key:
    tonic: int
    mode: str
    confidence: float
    correlation: float

    @property
    def name(self) -> str:
        return f"{PITCH_CLASSES[self.tonic]} {self.mode}" if self.mode else ""


def _key_scores(profile_chroma: np.ndarray) -> np.ndarray:
    """(24,) correlations: major keys C..B, then minor keys C..B (mean over both profile sets)."""
    scores = np.zeros(24)
    for major, minor in ((KRUMHANSL_MAJOR, KRUMHANSL_MINOR), (TEMPERLEY_MAJOR, TEMPERLEY_MINOR)):
        for tonic in range(12):
            for offset, profile in ((0, major), (12, minor)):
                rotated = np.roll(np.asarray(profile), tonic)
                scores[offset + tonic] += np.corrcoef(profile_chroma, rotated)[0, 1] / 2
    return scores


def estimate_key(audio: np.ndarray, sample_rate_hz: int) -> Key:
    """Major or minor key with a confidence (see the module); empty name for silence."""
    vector = chroma(audio, sample_rate_hz)
    if vector.sum() <= 0 or np.ptp(vector) < 1e-9:
        return Key(0, "", 0.0, 0.0)
    scores = _key_scores(vector)
    order = np.argsort(scores)[::-1]
    best, second = float(scores[order[0]]), float(scores[order[1]])
    confidence = float(np.clip(best, 0.0, 1.0) * np.clip((best - second) / 0.15, 0.0, 1.0))
    index = int(order[0])
    return Key(index % 12, "major" if index < 12 else "minor", round(confidence, 3), round(best, 3))


# --- both --------------------------------------------------------------------------------------


def analyse(
    audio: np.ndarray,
    sample_rate_hz: int,
    percussive: np.ndarray | None = None,
    harmonic: np.ndarray | None = None,
) -> dict[str, Any]:
    """Tempo and key of a song, ``{"bpm", "bpm_confidence", "key", "key_confidence", ...}``.

    ``percussive`` (the drum stem) and ``harmonic`` (the song without its drums), when given,
    are analysed as well as the full mix, and the more confident reading wins: clean stems
    sharpen both estimates, while stems from a poor separation cannot make them worse.
    """
    tempos = [estimate_tempo(audio, sample_rate_hz)]
    if percussive is not None:
        tempos.append(estimate_tempo(audio, sample_rate_hz, percussive=percussive))
    tempo = max(tempos, key=lambda t: t.confidence)
    keys = [estimate_key(audio, sample_rate_hz)]
    if harmonic is not None:
        keys.append(estimate_key(harmonic, sample_rate_hz))
    key = max(keys, key=lambda k: k.confidence)
    return {
        "bpm": tempo.bpm,
        "bpm_confidence": tempo.confidence,
        "bpm_candidates": [{"bpm": bpm, "score": score} for bpm, score in tempo.candidates],
        "key": key.name,
        "key_confidence": key.confidence,
    }
