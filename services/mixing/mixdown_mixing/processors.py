"""The console's processors: pure functions ``fn(audio, sample_rate_hz, **params) -> audio``.

Audio is float32 shaped (channels, samples) with one or two channels; no function changes its
input unless asked to (``in_place``). Filters, compressors, the reverb and the limiter are
pedalboard's (JUCE) processors; the de-esser and the ducker split their band with a pedalboard
biquad and compute their gains with numpy; the saturation, pan/width and the tempo delay are
numpy/scipy, vectorised over blocks (no per-sample Python loops). Parameter names and units are
those of :mod:`mixdown.mixparams`, without the processor prefix.

Filter corners above ``MAX_CORNER_RATIO`` x the sample rate are set to that, so every table
value works at every rate from 22.05 kHz up.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache, partial

import numpy as np
import pedalboard as pb
from scipy.ndimage import maximum_filter1d, uniform_filter1d
from scipy.signal import butter, lfilter, sosfilt, sosfreqz

from mixdown.dsp.pool import run_parallel
from mixdown.dsp.truepeak import true_peak_dbtp, true_peak_gain_bound

MAX_CORNER_RATIO = 0.45
# Two identical first-order high-passes at this fraction of the corner (prewarped) are 3 dB down
# at the corner: |H|^2 = (t^2 / (1 + t^2))^2 = 1/2 gives t^2 = 1 + sqrt(2).
_HPF_WARP = math.sqrt(1.0 + math.sqrt(2.0))
# Freeverb (pedalboard's Reverb) fed one channel returns about 3.4 dB more loudness than the
# send read as a centred mono track; this makes a 0 dB send as loud as the dry track.
REVERB_INPUT_GAIN_DB = -3.4
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
LIMITER_RELEASE_MS = 100.0
LIMITER_LOOKAHEAD_MS = 5.0
_EPS = 1e-12
_CHUNK = 1 << 16
_BAND_PEAK_DB = 20.0 * math.log10(2.0)


def _corner(frequency_hz: float, sample_rate_hz: int) -> float:
    return float(min(frequency_hz, MAX_CORNER_RATIO * sample_rate_hz))


def _db_to_gain(value_db: float) -> float:
    return 10.0 ** (value_db / 20.0)


def _block_size(sample_rate_hz: int, seconds: float) -> int:
    """A power of two near ``seconds`` at this rate (at least 16 samples)."""
    return max(16, 1 << round(math.log2(seconds * sample_rate_hz)))


# ---------------------------------------------------------------------------------------------
# pedalboard processors, as lists a console can chain in one board
# ---------------------------------------------------------------------------------------------


def highpass_plugins(sample_rate_hz: int, cutoff_hz: float) -> list[pb.Plugin]:
    """12 dB/octave high-pass, -3 dB at ``cutoff_hz``: two first-order sections (Q 0.5)."""
    corner = _corner(cutoff_hz, sample_rate_hz)
    section_hz = math.atan(math.tan(math.pi * corner / sample_rate_hz) / _HPF_WARP) * sample_rate_hz / math.pi
    return [pb.HighpassFilter(section_hz), pb.HighpassFilter(section_hz)]


def eq_plugins(
    sample_rate_hz: int,
    low_shelf_hz: float,
    low_shelf_gain_db: float,
    peak1_hz: float,
    peak1_gain_db: float,
    peak1_q: float,
    peak2_hz: float,
    peak2_gain_db: float,
    peak2_q: float,
    peak3_hz: float,
    peak3_gain_db: float,
    peak3_q: float,
    high_shelf_hz: float,
    high_shelf_gain_db: float,
) -> list[pb.Plugin]:
    """Low shelf, three peaking bands, high shelf (RBJ biquads); bands at 0 dB are left out."""
    plugins: list[pb.Plugin] = []
    if low_shelf_gain_db:
        plugins.append(pb.LowShelfFilter(_corner(low_shelf_hz, sample_rate_hz), low_shelf_gain_db))
    for hz, gain_db, q in ((peak1_hz, peak1_gain_db, peak1_q), (peak2_hz, peak2_gain_db, peak2_q),
                           (peak3_hz, peak3_gain_db, peak3_q)):
        if gain_db:
            plugins.append(pb.PeakFilter(_corner(hz, sample_rate_hz), gain_db, q))
    if high_shelf_gain_db:
        plugins.append(pb.HighShelfFilter(_corner(high_shelf_hz, sample_rate_hz), high_shelf_gain_db))
    return plugins


def _rbj_sections(sample_rate_hz: int, bands: dict[str, float]) -> list[list[float]]:
    """The biquads (b0, b1, b2, a0, a1, a2) of :func:`eq_plugins`, as JUCE designs them."""
    sections = []

    def shelf(frequency_hz: float, gain_db: float, high: bool) -> list[float]:
        a = math.sqrt(_db_to_gain(gain_db))
        omega = 2.0 * math.pi * _corner(frequency_hz, sample_rate_hz) / sample_rate_hz
        cos, beta = math.cos(omega), math.sin(omega) * math.sqrt(a) / (1.0 / math.sqrt(2.0))
        am, ap = a - 1.0, a + 1.0
        if high:
            return [a * (ap + am * cos + beta), -2.0 * a * (am + ap * cos), a * (ap + am * cos - beta),
                    ap - am * cos + beta, 2.0 * (am - ap * cos), ap - am * cos - beta]
        return [a * (ap - am * cos + beta), 2.0 * a * (am - ap * cos), a * (ap - am * cos - beta),
                ap + am * cos + beta, -2.0 * (am + ap * cos), ap + am * cos - beta]

    if bands["low_shelf_gain_db"]:
        sections.append(shelf(bands["low_shelf_hz"], bands["low_shelf_gain_db"], high=False))
    for index in (1, 2, 3):
        gain_db = bands[f"peak{index}_gain_db"]
        if gain_db:
            a = math.sqrt(_db_to_gain(gain_db))
            omega = 2.0 * math.pi * _corner(bands[f"peak{index}_hz"], sample_rate_hz) / sample_rate_hz
            alpha = math.sin(omega) / (2.0 * bands[f"peak{index}_q"])
            c2 = -2.0 * math.cos(omega)
            sections.append([1.0 + alpha * a, c2, 1.0 - alpha * a, 1.0 + alpha / a, c2, 1.0 - alpha / a])
    if bands["high_shelf_gain_db"]:
        sections.append(shelf(bands["high_shelf_hz"], bands["high_shelf_gain_db"], high=True))
    return sections


def eq_response_db(sample_rate_hz: int, frequencies_hz: np.ndarray, **bands: float) -> np.ndarray:
    """Magnitude response in dB of :func:`eq` at ``frequencies_hz`` (keywords as :func:`eq_plugins`)."""
    frequencies_hz = np.atleast_1d(np.asarray(frequencies_hz, dtype=np.float64))
    sections = _rbj_sections(sample_rate_hz, bands)
    if not sections:
        return np.zeros(frequencies_hz.shape)
    sos = np.array([[b0 / a0, b1 / a0, b2 / a0, 1.0, a1 / a0, a2 / a0] for b0, b1, b2, a0, a1, a2 in sections])
    _, response = sosfreqz(sos, worN=frequencies_hz, fs=sample_rate_hz)
    return 20.0 * np.log10(np.maximum(np.abs(response), 1e-12))


def compressor_plugins(threshold_db: float, ratio: float, attack_ms: float, release_ms: float) -> list[pb.Plugin]:
    """pedalboard's (JUCE) peak compressor, hard knee; none at ratio 1."""
    if ratio <= 1.0:
        return []
    return [pb.Compressor(threshold_db=threshold_db, ratio=ratio, attack_ms=attack_ms, release_ms=release_ms)]


def run_plugins(audio: np.ndarray, sample_rate_hz: int, plugins: list[pb.Plugin]) -> np.ndarray:
    """``audio`` through ``plugins`` in one board; a copy when the list is empty."""
    if not plugins:
        return audio.copy()
    return pb.Pedalboard(plugins)(audio, sample_rate_hz)


# ---------------------------------------------------------------------------------------------
# Pure functions, one per processor
# ---------------------------------------------------------------------------------------------


def gain(audio: np.ndarray, sample_rate_hz: int, gain_db: float) -> np.ndarray:
    return audio * np.float32(_db_to_gain(gain_db))


def highpass(audio: np.ndarray, sample_rate_hz: int, cutoff_hz: float) -> np.ndarray:
    """12 dB/octave high-pass, -3 dB at ``cutoff_hz`` at every sample rate."""
    return run_plugins(audio, sample_rate_hz, highpass_plugins(sample_rate_hz, cutoff_hz))


def eq(audio: np.ndarray, sample_rate_hz: int, **bands: float) -> np.ndarray:
    """Low shelf, three peaking bands and high shelf; keywords as :func:`eq_plugins`."""
    return run_plugins(audio, sample_rate_hz, eq_plugins(sample_rate_hz, **bands))


def compressor(
    audio: np.ndarray,
    sample_rate_hz: int,
    threshold_db: float,
    ratio: float,
    attack_ms: float,
    release_ms: float,
    makeup_db: float = 0.0,
) -> np.ndarray:
    """Peak compressor: above ``threshold_db`` the output level rises 1 dB per ``ratio`` dB
    (steady state), then ``makeup_db`` of gain."""
    out = run_plugins(audio, sample_rate_hz, compressor_plugins(threshold_db, ratio, attack_ms, release_ms))
    if makeup_db:
        out *= np.float32(_db_to_gain(makeup_db))
    return out


def saturation(audio: np.ndarray, sample_rate_hz: int, drive_db: float, mix: float) -> np.ndarray:
    """Parallel tanh waveshaper: ``(1 - mix) x + mix tanh(d x) / d`` with d = 10^(drive_db/20).

    The shaper has unity gain for small signals, so the drive adds harmonics (odd ones, rising
    with the drive and the level) and rounds peaks rather than making the track louder.
    """
    if mix <= 0.0 or drive_db <= 0.0:
        return audio.copy()
    return saturate_in_place(audio.copy(), 1.0, drive_db, mix)


def saturate_in_place(x: np.ndarray, gain: float, drive_db: float, mix: float) -> np.ndarray:
    """:func:`saturation` of ``gain`` x ``x``, computed in ``x`` (which it returns), a chunk at
    a time (no temporary the size of the track)."""
    drive = _db_to_gain(drive_db)
    into, wet, dry = np.float32(gain * drive), np.float32(mix / drive), np.float32(gain * (1.0 - mix))
    scratch = np.empty((x.shape[0], min(_CHUNK, x.shape[1])), dtype=np.float32)
    for start in range(0, x.shape[1], _CHUNK):
        part = x[:, start : start + _CHUNK]
        shaped = scratch[:, : part.shape[1]]
        np.multiply(part, into, out=shaped)
        np.tanh(shaped, out=shaped)
        shaped *= wet
        part *= dry
        part += shaped
    return x


def pan_gains(pan: float, channels: int) -> tuple[float, float]:
    """(left, right) gains: constant power (sin/cos, -3 dB each at centre) for mono, a
    constant-power balance that leaves the centre at unity for stereo."""
    angle = (pan + 1.0) * math.pi / 4.0
    left, right = math.cos(angle), math.sin(angle)
    if channels == 1:
        return left, right
    return min(1.0, math.sqrt(2.0) * left), min(1.0, math.sqrt(2.0) * right)


def pan_width(audio: np.ndarray, sample_rate_hz: int, pan: float, width_percent: float) -> np.ndarray:
    """Stereo (2, samples) output. Mono input is panned (width does not apply); stereo input
    has its side signal scaled by ``width_percent`` / 100 (0 = mono, 100 = unchanged), then
    is balanced by ``pan``."""
    left_gain, right_gain = pan_gains(pan, audio.shape[0])
    if audio.shape[0] == 1:
        return np.stack([audio[0] * np.float32(left_gain), audio[0] * np.float32(right_gain)])
    out = widen(audio, width_percent)
    if left_gain != 1.0:
        out[0] *= np.float32(left_gain)
    if right_gain != 1.0:
        out[1] *= np.float32(right_gain)
    return out


def widen(stereo: np.ndarray, width_percent: float) -> np.ndarray:
    """A copy of ``stereo`` with its side signal (L - R) / 2 scaled by ``width_percent`` / 100."""
    if width_percent == 100.0:
        return stereo.copy()
    mid = (stereo[0] + stereo[1]) * np.float32(0.5)
    side = (stereo[0] - stereo[1]) * np.float32(0.5 * width_percent / 100.0)
    return np.stack([mid + side, mid - side])


def _band_centre_q(sample_rate_hz: int, low_hz: float, high_hz: float) -> tuple[float, float]:
    high = _corner(high_hz, sample_rate_hz)
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
    per_chunk = max(1, _CHUNK // block)
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
    per_chunk = max(1, _CHUNK // block)
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


def reverb(
    audio: np.ndarray, sample_rate_hz: int, room_size: float, width: float, damping: float, predelay_ms: float
) -> np.ndarray:
    """Wet-only stereo reverb (Freeverb) of a mono or stereo send, after ``predelay_ms``."""
    send = audio.mean(axis=0, dtype=np.float32) if audio.shape[0] > 1 else audio[0]
    delay = predelay_samples(sample_rate_hz, predelay_ms, send.size)
    fed = np.zeros((2, send.size), dtype=np.float32)
    fed[0, delay:] = send[: send.size - delay] * np.float32(_db_to_gain(REVERB_INPUT_GAIN_DB))
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
        sections.append(butter(2, _corner(highcut_hz, sample_rate_hz), fs=sample_rate_hz, output="sos"))
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
    ceiling = _db_to_gain(ceiling_dbtp)
    limited = peak * _db_to_gain(makeup_db) * true_peak_gain_bound(sample_rate_hz) > ceiling

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
