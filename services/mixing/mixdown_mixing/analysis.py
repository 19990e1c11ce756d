"""Cheap measurements of the tracks that set the console's starting values. No I/O.

Everything here reads a sample of the track, not all of it, so that analysis costs a small
fraction of processing:

- the track is cut into 400 ms blocks; one pass over all of it gives each block's mean
  square and peak (sample peak, activity, crest factor);
- up to ``MAX_SEGMENTS`` active blocks (drawn at random, from a fixed seed) are transformed
  (one FFT each); K-weighting applied to their spectra (Parseval) gives the ratio of
  K-weighted to plain energy, which turns every block's mean square into its BS.1770 block
  loudness, gated as in BS.1770 (-70 LUFS absolute, -10 LU relative) for the integrated
  loudness estimate (within a few tenths of a LU of the full measure on music);
- the mean spectrum of those blocks gives the spectral balance: each band's share of the
  30 Hz - 16 kHz energy in dB, compared with the role's target (:data:`BANDS_HZ`);
- 512-sample frames within those blocks give the sibilance: the level of the de-esser band
  in the frames where that band carries a large share of the energy.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np
from scipy import fft as sp_fft
from scipy.signal import sosfreqz

from mixdown.dsp.loudness import ABSOLUTE_GATE_LUFS, gated_mean_lufs, k_weighting_sos, short_term_lufs

BLOCK_SECONDS = 0.4
MAX_SEGMENTS = 48
SEGMENT_SEED = 0x4D4958
SILENT_LUFS = -60.0
SIBILANCE_FRAME = 512
SIBILANT_SHARE_DB = -9.0
BANDS_HZ: dict[str, tuple[float, float]] = {
    "low": (30.0, 150.0),
    "low_mid": (150.0, 600.0),
    "mid": (600.0, 2000.0),
    "presence": (2000.0, 6000.0),
    "air": (6000.0, 16000.0),
}
_EPS = 1e-20


@dataclass
class TrackAnalysis:
    """What was measured on one track (before any processing)."""

    name: str
    role: str
    integrated_lufs: float
    silent: bool
    notes: list[str] = field(default_factory=list)
    crest_factor_db: float = 0.0
    peak_dbfs: float = -math.inf
    active_rms_dbfs: float = -math.inf
    active_fraction: float = 0.0
    spectral_balance_db: dict[str, float] = field(default_factory=dict)
    spectral_deviation_db: dict[str, float] = field(default_factory=dict)
    sibilance_db: float | None = None
    sibilant_level_dbfs: float | None = None
    sibilant_frame_dbfs: float | None = None
    channels: int = 1
    duration_seconds: float = 0.0
    source_sample_rate_hz: int = 0
    segments: list[int] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict:
        """The measures as JSON-ready data (without the internal block list)."""
        data = asdict(self)
        data.pop("segments")
        return data


@dataclass(frozen=True)
class _Blocks:
    power: np.ndarray  # (blocks,) channel-summed mean square
    peak: np.ndarray  # (blocks,) largest magnitude
    size: int


def _blocks(audio: np.ndarray, sample_rate_hz: int) -> _Blocks:
    size = max(1, round(BLOCK_SECONDS * sample_rate_hz))
    channels, samples = audio.shape
    whole = samples // size
    view = audio[:, : whole * size].reshape(channels, whole, size)
    power = np.einsum("cij,cij->i", view, view).astype(np.float64) / size
    peak = np.maximum(view.max(axis=(0, 2)), -view.min(axis=(0, 2))) if whole else np.zeros(0, np.float32)
    if samples % size or whole == 0:  # the last, partial block, as if padded with silence
        tail = audio[:, whole * size :]
        power = np.append(power, float(np.einsum("ij,ij->", tail, tail, dtype=np.float64)) / size)
        peak = np.append(peak, max(float(tail.max()), -float(tail.min())))
    return _Blocks(power, peak.astype(np.float32), size)


def _chosen(blocks: _Blocks) -> np.ndarray:
    """Indices of up to MAX_SEGMENTS blocks above -70 dBFS, drawn at random (from a fixed
    seed: the same track always reads the same blocks). Evenly spaced picks would alias with
    a beat (a stride of two beats reads the same part of the bar every time)."""
    active = np.flatnonzero(blocks.power > 10 ** (ABSOLUTE_GATE_LUFS / 10.0))
    if active.size <= MAX_SEGMENTS:
        return active
    picks = np.random.default_rng(SEGMENT_SEED).choice(active.size, MAX_SEGMENTS, replace=False)
    return active[np.sort(picks)]


@lru_cache(maxsize=16)
def _k_weighting_power(sample_rate_hz: int, size: int) -> np.ndarray:
    frequencies = sp_fft.rfftfreq(size, 1.0 / sample_rate_hz)
    _, response = sosfreqz(k_weighting_sos(sample_rate_hz), worN=frequencies, fs=sample_rate_hz)
    weights = np.abs(response) ** 2
    weights[1 : (size + 1) // 2] *= 2.0  # one-sided spectrum: count the negative frequencies
    weights.setflags(write=False)
    return weights


def _segment_spectra(audio: np.ndarray, size: int, chosen: np.ndarray) -> np.ndarray:
    """|FFT|^2 / size^2 of each chosen block, summed over channels: (segments, bins)."""
    samples = audio.shape[1]
    segments = np.zeros((audio.shape[0], chosen.size, size), dtype=np.float32)
    for row, index in enumerate(chosen):
        start = index * size
        stop = min(start + size, samples)
        segments[:, row, : stop - start] = audio[:, start:stop]
    spectra = sp_fft.rfft(segments, axis=-1)
    return (spectra.real**2 + spectra.imag**2).sum(axis=0) / float(size) ** 2


def _loudness(blocks: _Blocks, spectra: np.ndarray, chosen: np.ndarray, sample_rate_hz: int) -> float:
    """Gated loudness of every block: its mean square times the K-weighting's energy ratio,
    measured on the chosen blocks' spectra (a timbre, so sampling does not bias it the way
    sampling levels would with a periodic beat)."""
    # einsum, not a BLAS product: OpenBLAS threads would spin against the processing threads
    weighted = float(np.einsum("ij,j->", spectra, _k_weighting_power(sample_rate_hz, blocks.size)))
    plain = float(blocks.power[chosen].sum())
    if plain <= 0.0:
        return -math.inf
    return gated_mean_lufs(blocks.power * (weighted / plain))


def loudness_lufs(audio: np.ndarray, sample_rate_hz: int, segments: np.ndarray | None = None) -> float:
    """Estimated BS.1770 integrated loudness: the mean square of every 400 ms block (one pass),
    K-weighted by the ratio measured on up to MAX_SEGMENTS of them (FFT), gated as BS.1770.

    ``segments`` (block indices, as :attr:`TrackAnalysis.segments`) reuses the blocks an
    earlier analysis chose (e.g. to measure a track again after processing)."""
    blocks = _blocks(audio, sample_rate_hz)
    chosen = _chosen(blocks) if segments is None else segments
    if chosen.size == 0:
        return -math.inf
    return _loudness(blocks, _segment_spectra(audio, blocks.size, chosen), chosen, sample_rate_hz)


def band_energies_db(power_spectrum: np.ndarray, sample_rate_hz: int, size: int) -> dict[str, float]:
    """Each band's share of the 30 Hz - 16 kHz energy of a power spectrum, in dB."""
    frequencies = sp_fft.rfftfreq(size, 1.0 / sample_rate_hz)
    total = float(power_spectrum[(frequencies >= 30.0) & (frequencies < 16000.0)].sum()) + _EPS
    shares = {}
    for band, (low, high) in BANDS_HZ.items():
        energy = float(power_spectrum[(frequencies >= low) & (frequencies < high)].sum())
        shares[band] = round(10.0 * math.log10(energy / total + _EPS), 2)
    return shares


def _sibilance(
    audio: np.ndarray, blocks: _Blocks, chosen: np.ndarray, sample_rate_hz: int, band_hz: tuple[float, float]
) -> tuple[float | None, float | None, float | None]:
    """(sibilance in dB re the active level, level of the band in sibilant frames in dBFS,
    level of the whole signal in those frames in dBFS).

    Frames of 512 samples in the chosen blocks; a frame is sibilant when the band holds at
    least SIBILANT_SHARE_DB of its energy. Levels are 90th percentiles over sibilant frames
    (RMS, averaged over channels as the de-esser's detector reads them)."""
    frame = SIBILANCE_FRAME
    per_block = blocks.size // frame
    if per_block == 0 or chosen.size == 0:
        return None, None, None
    starts = (chosen[:, None] * blocks.size + np.arange(per_block)[None, :] * frame).ravel()
    starts = starts[starts + frame <= audio.shape[1]]
    if starts.size == 0:
        return None, None, None
    frames = audio[:, starts[:, None] + np.arange(frame)[None, :]]  # (channels, frames, frame)
    spectra = sp_fft.rfft(frames * np.hanning(frame).astype(np.float32), axis=-1)
    power = (spectra.real**2 + spectra.imag**2).mean(axis=0)
    frequencies = sp_fft.rfftfreq(frame, 1.0 / sample_rate_hz)
    in_band = (frequencies >= band_hz[0]) & (frequencies < band_hz[1])
    band = power[:, in_band].sum(axis=1)
    whole = power.sum(axis=1) + _EPS
    share_db = 10.0 * np.log10(band / whole + _EPS)
    # Hann window power gain (3/8) and the one-sided sum: back to mean square per channel.
    to_mean_square = 2.0 / (frame * frame * 0.375)
    band_db = 10.0 * np.log10(band * to_mean_square + _EPS)
    active_db = 10.0 * math.log10(float(blocks.power[chosen].mean()) / audio.shape[0] + _EPS)
    sibilance_db = float(np.percentile(band_db, 95)) - active_db
    sibilant = share_db >= SIBILANT_SHARE_DB
    if np.count_nonzero(sibilant) < 3:
        return round(sibilance_db, 2), None, None
    whole_db = 10.0 * np.log10(whole[sibilant] * to_mean_square + _EPS)
    level = float(np.percentile(band_db[sibilant], 90))
    return round(sibilance_db, 2), round(level, 2), round(float(np.percentile(whole_db, 90)), 2)


def analyse_track(
    name: str,
    role: str,
    audio: np.ndarray,
    sample_rate_hz: int,
    targets_db: dict[str, float] | None = None,
    sibilance_band_hz: tuple[float, float] | None = (5000.0, 10000.0),
) -> TrackAnalysis:
    """Measure one (channels, samples) float32 track; ``targets_db`` is the role's spectral
    balance target (band → dB), ``sibilance_band_hz`` the de-esser's band (None: no
    sibilance measure). ``segments`` lists the 400 ms blocks the measures read."""
    blocks = _blocks(audio, sample_rate_hz)
    chosen = _chosen(blocks)
    result = TrackAnalysis(
        name=name, role=role, integrated_lufs=-math.inf, silent=True, channels=audio.shape[0],
        duration_seconds=round(audio.shape[1] / sample_rate_hz, 3), source_sample_rate_hz=sample_rate_hz,
    )
    peak = float(blocks.peak.max())
    result.peak_dbfs = round(20.0 * math.log10(peak), 2) if peak > 0 else -math.inf
    result.segments = chosen.tolist()
    if chosen.size:
        spectra = _segment_spectra(audio, blocks.size, chosen)
        result.integrated_lufs = round(_loudness(blocks, spectra, chosen, sample_rate_hz), 2)
        active = blocks.power > blocks.power.max() * 1e-3
        result.active_fraction = round(float(active.mean()), 3)
        active_ms = float(blocks.power[active].mean()) / audio.shape[0]
        result.active_rms_dbfs = round(10.0 * math.log10(active_ms), 2)
        result.crest_factor_db = round(result.peak_dbfs - result.active_rms_dbfs, 2)
        result.spectral_balance_db = band_energies_db(spectra.mean(axis=0), sample_rate_hz, blocks.size)
        if targets_db:
            result.spectral_deviation_db = {
                band: round(result.spectral_balance_db[band] - target, 2) for band, target in targets_db.items()
            }
        if sibilance_band_hz is not None:
            result.sibilance_db, result.sibilant_level_dbfs, result.sibilant_frame_dbfs = _sibilance(
                audio, blocks, chosen, sample_rate_hz, sibilance_band_hz
            )
    loudness = result.integrated_lufs
    result.silent = not math.isfinite(loudness) or loudness < SILENT_LUFS
    if result.silent:
        shown = f"{loudness:.1f} LUFS" if math.isfinite(loudness) else "no audio above -70 LUFS"
        result.notes.append(f"near-silent ({shown}): left out of the mix")
    elif result.peak_dbfs >= -0.01:
        result.notes.append(f"peaks at {result.peak_dbfs:.2f} dBFS: the recording may be clipped")
    return result


# ---------------------------------------------------------------------------------------------
# Measures of a rendered mix (used by tests and reports)
# ---------------------------------------------------------------------------------------------


def vocal_over_beat_lu(vocal: np.ndarray, beat: np.ndarray, sample_rate_hz: int) -> float:
    """Median, over the 3 s windows (100 ms hop, :func:`mixdown.dsp.loudness.short_term_lufs`)
    where the vocal is present (within 20 LU of its loudest window and above -70 LUFS), of the
    vocal's short-term loudness minus the beat's."""
    vocal_lufs = short_term_lufs(vocal, sample_rate_hz)
    beat_lufs = short_term_lufs(beat, sample_rate_hz)
    present = (vocal_lufs > vocal_lufs.max() - 20.0) & (vocal_lufs > -70.0) & (beat_lufs > -70.0)
    if not present.any():
        return math.nan
    return float(np.median(vocal_lufs[present] - beat_lufs[present]))
