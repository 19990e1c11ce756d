"""Band dynamics: the split-band de-esser and the ducker (a dynamic EQ keyed by the lead vocal).

Both split their band from the rest with complementary filters (:func:`_band_sos`: band and
notch add up to the input), compute the band's level over short blocks with numpy, smooth the
gain reduction offline (lookahead attack, exponential release) and apply it to the band alone,
interpolated between block centres. Pure functions ``fn(audio, sample_rate_hz, **params) ->
audio`` on float32 (channels, samples), as in :mod:`.processors`.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pedalboard as pb
from scipy.ndimage import maximum_filter1d, uniform_filter1d
from scipy.signal import lfilter, sosfreqz

from mixdown_mixing.processors import CHUNK_SAMPLES, corner_hz

# De-esser detector: RMS over blocks of about 3 ms; the share of the band in the whole signal
# scales the reduction from 0 (band SHARE_LOW_DB under the whole) to 1 (SHARE_HIGH_DB under).
DEESS_BLOCK_SECONDS = 0.003
DEESS_SHARE_LOW_DB = -12.0
DEESS_SHARE_HIGH_DB = -6.0
DEESS_ATTACK_MS = 2.0
DEESS_RELEASE_MS = 40.0
DEESS_MIN_REDUCTION_DB = 0.01
DEESS_PREROLL_BLOCKS = 2
DEESS_MERGE_BLOCKS = 16
# Ducker: the key's level over blocks of about 6 ms; the cut is 0 with the key KEY_OFF_DB under
# its active level and the full depth from KEY_FULL_DB under it.
DUCK_BLOCK_SECONDS = 0.006
KEY_OFF_DB = -20.0
KEY_FULL_DB = -6.0
_EPS = 1e-12
_BAND_PEAK_DB = 20.0 * math.log10(2.0)


def _block_size(sample_rate_hz: int, seconds: float) -> int:
    """A power of two near ``seconds`` at this rate (at least 16 samples)."""
    return max(16, 1 << round(math.log2(seconds * sample_rate_hz)))


def _band_centre_q(sample_rate_hz: int, low_hz: float, high_hz: float) -> tuple[float, float]:
    high = corner_hz(high_hz, sample_rate_hz)
    low = min(low_hz, 0.9 * high)
    centre = math.sqrt(low * high)
    return centre, centre / (high - low)


def _band_sos(sample_rate_hz: int, low_hz: float, high_hz: float) -> np.ndarray:
    """The band-pass B between the edges as one RBJ biquad (centre sqrt(low x high), Q =
    centre / (high - low)). x - B(x) is the matching notch, so x + (g - 1) B(x) is a peaking
    filter of gain g at the centre: band and rest split with complementary filters."""
    centre, q = _band_centre_q(sample_rate_hz, low_hz, high_hz)
    omega = 2.0 * math.pi * centre / sample_rate_hz
    alpha = math.sin(omega) / (2.0 * q)
    a0 = 1.0 + alpha
    return np.array([[alpha / a0, 0.0, -alpha / a0, 1.0, -2.0 * math.cos(omega) / a0, (1.0 - alpha) / a0]])


def _band(audio: np.ndarray, sample_rate_hz: int, low_hz: float, high_hz: float) -> np.ndarray:
    """B(x) of :func:`_band_sos`, computed with pedalboard: a +6.02 dB RBJ peaking filter of
    Q / sqrt(2) is exactly x + B(x) (its gain factor minus one is 1), so B(x) = peak(x) - x."""
    centre, q = _band_centre_q(sample_rate_hz, low_hz, high_hz)
    band = pb.PeakFilter(centre, _BAND_PEAK_DB, q / math.sqrt(2.0))(audio, sample_rate_hz)
    band -= audio
    return band


def _block_power(signal: np.ndarray, block: int) -> np.ndarray:
    """Mean square of each complete block of (channels, samples) or (samples,), summed over channels."""
    frames = signal.shape[-1] // block
    view = signal[..., : frames * block].reshape(*signal.shape[:-1], frames, block)
    power = np.einsum("...ij,...ij->...i", view, view).astype(np.float64) / block
    return power.sum(axis=0) if power.ndim > 1 else power


def _to_db(power: np.ndarray) -> np.ndarray:
    return 10.0 * np.log10(np.maximum(power, _EPS))


def _smoothed(reduction_db: np.ndarray, attack_blocks: float, release_blocks: float) -> np.ndarray:
    """Gain reduction smoothed offline: reaches each peak on time (lookahead over the attack,
    a moving average of the running maximum) and recovers exponentially over the release."""
    span = 2 * max(1, round(attack_blocks)) + 1
    attack = uniform_filter1d(maximum_filter1d(reduction_db, size=span, mode="nearest"), size=span, mode="nearest")
    pole = math.exp(-1.0 / max(release_blocks, 1.0))
    release = lfilter([1.0 - pole], [1.0, -pole], reduction_db)
    return np.maximum(attack, release)


def band_cut(
    audio: np.ndarray, sample_rate_hz: int, reduction_db: np.ndarray, block: int, low_hz: float, high_hz: float,
    in_place: bool = False,
) -> np.ndarray:
    """Cut the band ``low_hz``..``high_hz`` by ``reduction_db`` (per block of ``block`` samples,
    >= 0, linearly interpolated between block centres) with the split of :func:`_band_sos`.
    With no reduction anywhere the audio is returned unchanged (as a copy, or itself with
    ``in_place``); otherwise the result is a new array."""
    if not np.any(reduction_db > 0.0):
        return audio if in_place else audio.copy()
    band = _band(audio, sample_rate_hz, low_hz, high_hz)
    change = 10.0 ** (-reduction_db / 20.0) - 1.0
    per_chunk = max(1, CHUNK_SAMPLES // block)
    for first in range(0, change.size, per_chunk):
        lo = first * block
        hi = audio.shape[1] if first + per_chunk >= change.size else (first + per_chunk) * block
        # values at block centres; include a neighbour on each side for the interpolation
        left = max(first - 1, 0)
        values = change[left : first + per_chunk + 1]
        centres = (np.arange(left, left + values.size) * block + block / 2.0)
        band[:, lo:hi] *= np.interp(np.arange(lo, hi), centres, values).astype(np.float32)
    band += audio
    return band


@lru_cache(maxsize=64)
def _band_over_difference_db(sample_rate_hz: int, low_hz: float, high_hz: float) -> float:
    """Largest gain of the band filter over the first difference x[n] - x[n-1] (plus 0.1 dB):
    the band's energy never exceeds the difference's energy by more than this."""
    omega = np.linspace(1e-4, np.pi, 8192)
    _, response = sosfreqz(_band_sos(sample_rate_hz, low_hz, high_hz), worN=omega)
    return float(20.0 * np.log10(np.max(np.abs(response) / (2.0 * np.sin(omega / 2.0))))) + 0.1


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of each run of True in a 1-D boolean array."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def deesser(
    audio: np.ndarray,
    sample_rate_hz: int,
    threshold_db: float,
    reduction_db: float,
    low_hz: float,
    high_hz: float,
    in_place: bool = False,
) -> np.ndarray:
    """Split-band de-esser: the band ``low_hz``..``high_hz`` is cut by as much as its RMS level
    (3 ms blocks) exceeds ``threshold_db``, at most ``reduction_db``, scaled by how much of the
    signal the band carries (nothing when it is 12 dB or more under the whole signal, all from
    6 dB under), so that vowels with bright harmonics pass. The rest of the spectrum is untouched.
    With ``in_place`` the caller gives up ``audio``: it may be returned or overwritten.

    Only the stretches that can be sibilant are band-filtered: the energy of the first
    difference bounds the band's energy from above (:func:`_band_over_difference_db`), so blocks
    whose bound is under the threshold, or under the share, are certain to pass unchanged.
    Reductions under 0.01 dB (the far end of a release) are left out.
    """
    if reduction_db <= 0.0:
        return audio if in_place else audio.copy()
    channels, samples = audio.shape
    block = _block_size(sample_rate_hz, DEESS_BLOCK_SECONDS)
    whole_db = _to_db(_block_power(audio, block) / channels)
    bound_db = _to_db(_difference_power(audio, block) / channels) + _band_over_difference_db(
        sample_rate_hz, low_hz, high_hz)
    candidate = (bound_db > threshold_db) & (bound_db - whole_db > DEESS_SHARE_LOW_DB)
    if not candidate.any():
        return audio if in_place else audio.copy()
    block_seconds = block / sample_rate_hz
    attack_blocks = DEESS_ATTACK_MS * 1e-3 / block_seconds
    release_blocks = DEESS_RELEASE_MS * 1e-3 / block_seconds
    # Regions that can be touched: the candidates, widened by the attack lookahead before and
    # the release tail (down to DEESS_MIN_REDUCTION_DB) after; each is band-filtered once.
    tail = math.ceil(release_blocks * math.log(max(reduction_db, 1.0) / DEESS_MIN_REDUCTION_DB))
    regions = _widened(candidate, round(attack_blocks) + 2, tail + 2, DEESS_MERGE_BLOCKS)
    preroll = DEESS_PREROLL_BLOCKS * block
    band_db = np.full(whole_db.shape, -240.0)
    bands = []
    for first, stop in regions:
        lo, hi = first * block, min(samples, stop * block)
        begin = max(0, lo - preroll)
        band = _band(audio[:, begin:hi], sample_rate_hz, low_hz, high_hz)[:, lo - begin :]
        whole = (hi - lo) // block
        band_db[first : first + whole] = _to_db(_block_power(band, block) / channels)
        bands.append((lo, hi, band))
    share = np.clip((band_db - whole_db - DEESS_SHARE_LOW_DB) / (DEESS_SHARE_HIGH_DB - DEESS_SHARE_LOW_DB), 0.0, 1.0)
    wanted = np.minimum(np.maximum(band_db - threshold_db, 0.0), reduction_db) * share
    smoothed = _smoothed(wanted, attack_blocks, release_blocks)
    smoothed[smoothed < DEESS_MIN_REDUCTION_DB] = 0.0
    if not smoothed.any():
        return audio if in_place else audio.copy()
    change = 10.0 ** (-smoothed / 20.0) - 1.0
    centres = np.arange(change.size) * block + block / 2.0
    out = audio if in_place else audio.copy()
    for lo, hi, band in bands:
        gain = np.interp(np.arange(lo, hi), centres, change).astype(np.float32)
        if gain.any():
            band *= gain
            out[:, lo:hi] += band
    return out


def _difference_power(audio: np.ndarray, block: int) -> np.ndarray:
    """Mean square of x[n] - x[n-1] (x[-1] = x[0]) per complete block, summed over channels,
    a chunk of blocks at a time."""
    count = audio.shape[1] // block
    power = np.empty(count)
    per_chunk = max(1, CHUNK_SAMPLES // block)
    scratch = np.empty((audio.shape[0], per_chunk * block), dtype=np.float32)
    for first in range(0, count, per_chunk):
        stop = min(first + per_chunk, count)
        lo, hi = first * block, stop * block
        step = scratch[:, : hi - lo]
        np.subtract(audio[:, lo + 1 : hi], audio[:, lo : hi - 1], out=step[:, 1:])
        step[:, 0] = audio[:, lo] - audio[:, max(lo - 1, 0)]
        power[first:stop] = _block_power(step, block)
    return power


def _widened(mask: np.ndarray, before: int, after: int, merge: int) -> list[tuple[int, int]]:
    """Runs of ``mask`` widened by ``before`` / ``after`` elements, those closer than ``merge`` joined."""
    runs = []
    for first, stop in _runs(mask):
        first, stop = max(0, first - before), min(mask.size, stop + after)
        if runs and first - runs[-1][1] < merge:
            runs[-1] = (runs[-1][0], stop)
        else:
            runs.append((first, stop))
    return runs


def key_levels_db(key: np.ndarray, sample_rate_hz: int) -> tuple[np.ndarray, int]:
    """(level in dB of each DUCK_BLOCK_SECONDS block of the key, block size in samples)."""
    block = _block_size(sample_rate_hz, DUCK_BLOCK_SECONDS)
    power = _block_power(key, block) / key.shape[0]
    return _to_db(uniform_filter1d(power, size=3, mode="nearest")), block


def active_level_db(levels_db: np.ndarray) -> float:
    """Power mean of the blocks within 30 dB of the loudest (and above -70 dB): the level of
    the key where it is present."""
    if levels_db.size == 0:
        return -120.0
    active = levels_db[(levels_db > levels_db.max() - 30.0) & (levels_db > -70.0)]
    if active.size == 0:
        return -120.0
    return float(10.0 * np.log10(np.mean(10.0 ** (active / 10.0))))


def duck_reduction_db(
    key: np.ndarray, sample_rate_hz: int, depth_db: float, attack_ms: float, release_ms: float
) -> tuple[np.ndarray, int]:
    """(cut in dB per block, block size) that ``key`` (the lead vocal) asks of the ducked tracks."""
    levels_db, block = key_levels_db(key, sample_rate_hz)
    reference_db = active_level_db(levels_db)
    presence = np.clip((levels_db - reference_db - KEY_OFF_DB) / (KEY_FULL_DB - KEY_OFF_DB), 0.0, 1.0)
    block_ms = 1e3 * block / sample_rate_hz
    return _smoothed(depth_db * presence, attack_ms / block_ms, release_ms / block_ms), block


def duck(
    audio: np.ndarray,
    sample_rate_hz: int,
    key: np.ndarray,
    depth_db: float,
    low_hz: float,
    high_hz: float,
    attack_ms: float,
    release_ms: float,
) -> np.ndarray:
    """Dynamic EQ driven by ``key`` (the lead vocal, same length): the band ``low_hz``..``high_hz``
    of ``audio`` is cut by up to ``depth_db`` in proportion to how present the key is (nothing
    20 dB under its active level, everything from 6 dB under). Band and rest are split with
    complementary filters, so at 0 dB the audio is unchanged."""
    if depth_db <= 0.0:
        return audio.copy()
    reduction, block = duck_reduction_db(key, sample_rate_hz, depth_db, attack_ms, release_ms)
    return band_cut(audio, sample_rate_hz, reduction, block, low_hz, high_hz)
