"""Style features of a stereo mix, and distances between them in just-noticeable steps.

:func:`style_features` reads a mix after normalising it to ``NORMALISED_LUFS`` (BS.1770
integrated, :mod:`mixdown.dsp.loudness`), so that a level difference alone is no style
difference. Every spectral feature comes from one estimate, :func:`cross_spectra`: the
time-averaged power spectra of L and R and their cross-spectrum, from Hann frames of
``FRAME_SAMPLES`` spread evenly over the signal (at most ``MAX_FRAMES``). From it:

- ``mid_band_db``, ``side_band_db``: the 24-band Bark **shape** of mid (L+R)/2 and side
  (L-R)/2, each band's power in dB *relative to that signal's total power* (not to the mean of
  the band levels: a band with nothing in it would then move the mean), floored
  ``BAND_FLOOR_DB`` below the total so that empty bands compare as equal;
- ``width_db`` = 10 log10(E_side / E_mid) (floored at ``-WIDTH_LIMIT_DB`` for a mono mix);
- ``imbalance_db`` = 10 log10(E_L / E_R) (within ±``WIDTH_LIMIT_DB``);
- ``crest_db``: peak over RMS of the whole normalised signal;
- ``loudness_spread_lu``: the EBU loudness range (spread of the short-term loudness).

:func:`style_distance` gives per feature mean((Δ / τ)²), τ being one just-noticeable step
(``TOLERANCES``), and ``total`` = Σ w · distance (``WEIGHTS``; crest and loudness spread
weigh little, a reference is usually mastered). The optimiser
(:mod:`mixdown_mixing.style.optimise`) computes the same spectral features in torch from the
same bands (:func:`bark_subbands`), so what it minimises is what is reported.

:func:`af_distance` is Diff-MST's audio-feature distance as its code defines it
(sai-soum/Diff-MST ``mst/loss.py``: ``compute_rms``, ``compute_crest_factor``,
``compute_stereo_width``, ``compute_stereo_imbalance``, ``compute_barkspectrum`` with
``mst/filter.py``'s ``barkscale_fbanks``; ``AudioFeatureLoss`` takes the MSE of each feature
between the two signals). :func:`mrstft_distance` is the multi-resolution STFT distance
(auraloss's default: spectral convergence + log-magnitude L1 at 1024/2048/512-sample FFTs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mixdown.dsp.loudness import integrated_loudness_lufs, loudness_range_lu
from mixdown.errors import InvalidInput

NORMALISED_LUFS = -23.0
FRAME_SAMPLES = 4096
MAX_FRAMES = 256
BARK_BANDS = 24
SUBBANDS_PER_BAND = 4
LOW_HZ, HIGH_HZ = 20.0, 20000.0
BAND_FLOOR_DB = 60.0
WIDTH_LIMIT_DB = 40.0
MRSTFT_SECONDS = 10.0
AF_SECONDS = 10.0
# one just-noticeable step per feature (dB, LU for the spread)
TOLERANCES = {"mid_spectrum": 1.5, "side_spectrum": 2.0, "width": 1.0, "imbalance": 0.5, "crest": 1.0,
              "loudness_spread": 1.0}
WEIGHTS = {"mid_spectrum": 1.0, "side_spectrum": 0.5, "width": 1.0, "imbalance": 1.0, "crest": 0.1,
           "loudness_spread": 0.1}


@dataclass(frozen=True)
class StyleFeatures:
    mid_band_db: np.ndarray  # (24,) band level relative to the mid's total power
    side_band_db: np.ndarray  # (24,) band level relative to the side's total power
    width_db: float
    imbalance_db: float
    crest_db: float
    loudness_spread_lu: float


def _two_channels(audio: np.ndarray) -> np.ndarray:
    """(2, samples) of a (1 or 2, samples) signal in its own dtype; a mono signal is centred."""
    audio = np.asarray(audio)
    if audio.ndim != 2 or audio.shape[0] not in (1, 2):
        raise InvalidInput(f"expected (channels, samples) audio with 1 or 2 channels, got shape {audio.shape}")
    return np.repeat(audio, 2, axis=0) if audio.shape[0] == 1 else audio


def as_stereo(audio: np.ndarray) -> np.ndarray:
    """(2, samples) float64 of a (1 or 2, samples) signal; a mono signal is centred."""
    return np.asarray(_two_channels(audio), dtype=np.float64)


def _hz_to_bark(frequency_hz: np.ndarray) -> np.ndarray:
    """Traunmüller's Bark scale."""
    return 26.81 * frequency_hz / (1960.0 + frequency_hz) - 0.53


def _bark_to_hz(bark: np.ndarray) -> np.ndarray:
    return 1960.0 * (bark + 0.53) / (26.28 - bark)


def bark_subbands(sample_rate_hz: int, frequencies_hz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index, centre_hz): the sub-band (``SUBBANDS_PER_BAND`` per Bark band, equal Bark widths
    from ``LOW_HZ`` to min(``HIGH_HZ``, Nyquist)) of each frequency bin (-1 outside), and each
    sub-band's centre. Sub-band ``i`` belongs to Bark band ``i // SUBBANDS_PER_BAND``."""
    count = BARK_BANDS * SUBBANDS_PER_BAND
    top = min(HIGH_HZ, 0.5 * sample_rate_hz)
    edges = np.linspace(_hz_to_bark(LOW_HZ), _hz_to_bark(top), count + 1)
    index = np.searchsorted(edges, _hz_to_bark(np.asarray(frequencies_hz, dtype=np.float64)), side="right") - 1
    index[(index < 0) | (index >= count)] = -1
    return index, _bark_to_hz(0.5 * (edges[:-1] + edges[1:]))


def cross_spectra(audio: np.ndarray, sample_rate_hz: int) -> tuple[np.ndarray, np.ndarray]:
    """(frequencies_hz (bins,), spectra (channels, channels, bins)): the mean over frames of
    Re(X_i X_j*) of Hann frames of ``FRAME_SAMPLES``, at most ``MAX_FRAMES`` spread evenly.
    Signals of the same length get frames at the same places."""
    audio = np.asarray(audio)
    samples = audio.shape[1]
    if samples < FRAME_SAMPLES:
        audio = np.pad(audio, ((0, 0), (0, FRAME_SAMPLES - samples)))
        samples = FRAME_SAMPLES
    count = min(MAX_FRAMES, samples // FRAME_SAMPLES)
    starts = np.linspace(0, samples - FRAME_SAMPLES, count).astype(np.int64)
    # the frames are taken before the conversion to float64: a song's frames are a few seconds of it
    frames = audio[:, starts[:, None] + np.arange(FRAME_SAMPLES)[None, :]].astype(np.float64) * np.hanning(FRAME_SAMPLES)
    spectrum = np.fft.rfft(frames, axis=-1)  # (channels, frames, bins)
    spectra = np.einsum("ifk,jfk->ijk", spectrum, spectrum.conj()).real / count
    return np.fft.rfftfreq(FRAME_SAMPLES, 1.0 / sample_rate_hz), spectra


def subband_powers(spectra: np.ndarray, frequencies_hz: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """``spectra`` (..., bins) summed into the Bark sub-bands: (..., subbands)."""
    index, _ = bark_subbands(sample_rate_hz, frequencies_hz)
    count = BARK_BANDS * SUBBANDS_PER_BAND
    onehot = np.zeros((frequencies_hz.size, count))
    valid = index >= 0
    onehot[np.flatnonzero(valid), index[valid]] = 1.0
    return spectra @ onehot


def shape_db(band_power: np.ndarray) -> np.ndarray:
    """Band levels relative to their total, floored ``BAND_FLOOR_DB`` below it (numpy; the
    optimiser has the same formula in torch)."""
    total = band_power.sum(axis=-1, keepdims=True)
    floor = total * 10.0 ** (-BAND_FLOOR_DB / 10.0) + 1e-30
    return 10.0 * np.log10((band_power + floor) / (total + 1e-30))


def stereo_band_features(left: np.ndarray, right: np.ndarray, cross: np.ndarray) -> dict[str, np.ndarray | float]:
    """mid/side shapes, width and imbalance from the L, R and LR powers of the Bark sub-bands."""
    mid = (left + right + 2.0 * cross) / 4.0
    side = np.maximum((left + right - 2.0 * cross) / 4.0, 0.0)
    to_bands = lambda x: x.reshape(BARK_BANDS, SUBBANDS_PER_BAND).sum(axis=-1)  # noqa: E731
    ratio = lambda a, b: float(np.clip(10.0 * np.log10((a + 1e-30) / (b + 1e-30)), -WIDTH_LIMIT_DB, WIDTH_LIMIT_DB))  # noqa: E731
    return {"mid_band_db": shape_db(to_bands(mid)), "side_band_db": shape_db(to_bands(side)),
            "width_db": ratio(side.sum(), mid.sum()), "imbalance_db": ratio(left.sum(), right.sum())}


def normalised(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Stereo ``audio`` at ``NORMALISED_LUFS``, float64; InvalidInput for silence. The loudness
    is measured on the float32 samples and the gain applied in float64, each in one pass."""
    stereo = _two_channels(audio)
    if stereo.size and not (math.isfinite(float(stereo.max())) and math.isfinite(float(stereo.min()))):  # NaN propagates
        raise InvalidInput("the audio has NaN or infinite samples")
    lufs = integrated_loudness_lufs(stereo.astype(np.float32, copy=False), sample_rate_hz)
    if not math.isfinite(lufs):
        raise InvalidInput("the audio is silent (no loudness to measure)")
    return np.multiply(stereo, 10.0 ** ((NORMALISED_LUFS - lufs) / 20.0), dtype=np.float64)


def style_features(audio: np.ndarray, sample_rate_hz: int) -> StyleFeatures:
    """The style features of a mono or stereo mix (see the module docstring)."""
    stereo = normalised(audio, sample_rate_hz)
    frequencies_hz, spectra = cross_spectra(stereo, sample_rate_hz)
    bands = subband_powers(spectra, frequencies_hz, sample_rate_hz)
    stereo_features = stereo_band_features(bands[0, 0], bands[1, 1], bands[0, 1])
    rms = math.sqrt(float(np.mean(stereo**2)))
    crest_db = 20.0 * math.log10(float(np.abs(stereo).max()) / rms)
    spread = loudness_range_lu(stereo.astype(np.float32), sample_rate_hz)
    return StyleFeatures(crest_db=crest_db, loudness_spread_lu=float(spread) if math.isfinite(spread) else 0.0,
                         **stereo_features)  # type: ignore[arg-type]


def style_distance(a: StyleFeatures, b: StyleFeatures) -> dict[str, float]:
    """Per feature mean((Δ / τ)²) in just-noticeable steps, and ``total`` = Σ w · distance."""
    deltas = {
        "mid_spectrum": a.mid_band_db - b.mid_band_db,
        "side_spectrum": a.side_band_db - b.side_band_db,
        "width": np.array([a.width_db - b.width_db]),
        "imbalance": np.array([a.imbalance_db - b.imbalance_db]),
        "crest": np.array([a.crest_db - b.crest_db]),
        "loudness_spread": np.array([a.loudness_spread_lu - b.loudness_spread_lu]),
    }
    result = {name: float(np.mean((delta / TOLERANCES[name]) ** 2)) for name, delta in deltas.items()}
    result["total"] = float(sum(WEIGHTS[name] * value for name, value in result.items()))
    return result


# ---------------------------------------------------------------------------------------------
# Diff-MST's audio-feature distance and the multi-resolution STFT distance
# ---------------------------------------------------------------------------------------------


def _diffmst_hz_to_bark(frequency_hz: float) -> float:
    bark = 26.81 * frequency_hz / (1960.0 + frequency_hz) - 0.53
    if bark < 2:
        return bark + 0.15 * (2 - bark)
    return bark + 0.22 * (bark - 20.1) if bark > 20.1 else bark


def _diffmst_bark_filterbank(bins: int, sample_rate_hz: int, bands: int = 24) -> np.ndarray:
    """``barkscale_fbanks(bins, 20, 20000, 24, rate)`` of Diff-MST (Traunmüller, triangular):
    (bins, bands). As there, only the low-Bark correction applies on the way back to Hz (its
    ``if any(< 2) ... elif any(> 20.1)`` takes the first branch, the lowest point being < 2)."""
    frequencies = np.linspace(0, sample_rate_hz // 2, bins)
    points = np.linspace(_diffmst_hz_to_bark(20.0), _diffmst_hz_to_bark(20000.0), bands + 2)
    points = np.where(points < 2, (points - 0.3) / 0.85, points)
    points_hz = 1960.0 * (points + 0.53) / (26.28 - points)
    difference = np.diff(points_hz)
    slopes = points_hz[None, :] - frequencies[:, None]
    down = -slopes[:, :-2] / difference[:-1]
    up = slopes[:, 2:] / difference[1:]
    return np.maximum(0.0, np.minimum(down, up))


def _diffmst_bark_spectrum(signal: np.ndarray, sample_rate_hz: int, fft_size: int = 32768) -> np.ndarray:
    """log(filterbank · mean over frames of |STFT|) of ``torch.stft(n_fft=32768, hop=8192)``
    (rectangular window, centred with reflect padding)."""
    pad = fft_size // 2
    mode = "reflect" if signal.size > pad else "constant"
    padded = np.pad(signal, pad, mode=mode)
    hop = fft_size // 4
    starts = np.arange(0, padded.size - fft_size + 1, hop)
    magnitude = np.abs(np.fft.rfft(padded[starts[:, None] + np.arange(fft_size)[None, :]], axis=-1)).mean(axis=0)
    return np.log(_diffmst_bark_filterbank(fft_size // 2 + 1, sample_rate_hz).T @ magnitude + 1e-8)


def _middle(audio: np.ndarray, sample_rate_hz: int, seconds: float) -> np.ndarray:
    length = min(audio.shape[1], round(seconds * sample_rate_hz))
    start = (audio.shape[1] - length) // 2
    return audio[:, start : start + length]


def af_features(audio: np.ndarray, sample_rate_hz: int) -> dict[str, np.ndarray]:
    """Diff-MST's five features of the middle ``AF_SECONDS`` of a (1 or 2, samples) signal (its
    evaluation reads 10 s windows), taken as it is (no loudness normalisation, as there)."""
    x = as_stereo(_middle(_two_channels(audio), sample_rate_hz, AF_SECONDS))  # the window, then float64
    rms = np.sqrt(np.maximum(np.mean(x**2, axis=-1), 1e-8))
    crest = 20.0 * np.log10(np.maximum(np.abs(x).max(axis=-1) / np.maximum(rms, 1e-8), 1e-8))
    total, difference = x[0] + x[1], x[0] - x[1]
    width = np.mean(difference**2) / max(float(np.mean(total**2)), 1e-8)
    left, right = np.mean(x[0] ** 2), np.mean(x[1] ** 2)
    imbalance = (right - left) / max(float(right + left), 1e-8)
    bark = np.stack([_diffmst_bark_spectrum(total, sample_rate_hz), _diffmst_bark_spectrum(difference, sample_rate_hz)],
                    axis=-1)
    return {"rms": rms, "crest_factor": crest, "stereo_width": np.array([width]),
            "stereo_imbalance": np.array([imbalance]), "barkspectrum": bark}


def af_distance(audio_a: np.ndarray, audio_b: np.ndarray, sample_rate_hz: int) -> dict[str, float]:
    """Diff-MST's AF distance: per feature the mean squared difference (``mse_loss``), keyed by
    its names (``rms``, ``crest_factor``, ``stereo_width``, ``stereo_imbalance``,
    ``barkspectrum``), unweighted (its weights are a training choice)."""
    a, b = af_features(audio_a, sample_rate_hz), af_features(audio_b, sample_rate_hz)
    return {name: float(np.mean((a[name] - b[name]) ** 2)) for name in a}


def mrstft_distance(a: np.ndarray, b: np.ndarray, sample_rate_hz: int) -> float:
    """Multi-resolution STFT distance of two signals (auraloss ``MultiResolutionSTFTLoss``
    defaults: FFT 1024/2048/512, hop 120/240/50, Hann windows of 600/1200/240; spectral
    convergence + mean |log10 magnitude difference|), averaged over resolutions and channels.
    The signals are compared over the middle ``MRSTFT_SECONDS`` of their common length."""
    x, y = as_stereo(a), as_stereo(b)
    common = min(x.shape[1], y.shape[1])
    x, y = _middle(x[:, :common], sample_rate_hz, MRSTFT_SECONDS), _middle(y[:, :common], sample_rate_hz, MRSTFT_SECONDS)
    length = x.shape[1]
    total = 0.0
    resolutions = ((1024, 120, 600), (2048, 240, 1200), (512, 50, 240))
    for fft_size, hop, window in resolutions:
        taper = np.zeros(fft_size)
        offset = (fft_size - window) // 2
        taper[offset : offset + window] = np.hanning(window + 1)[:-1]
        pad = fft_size // 2
        xp = np.pad(x, ((0, 0), (pad, pad)), mode="reflect" if length > pad else "constant")
        yp = np.pad(y, ((0, 0), (pad, pad)), mode="reflect" if length > pad else "constant")
        starts = np.arange(0, xp.shape[1] - fft_size + 1, hop)
        index = starts[:, None] + np.arange(fft_size)[None, :]
        mx = np.sqrt(np.maximum(np.abs(np.fft.rfft(xp[:, index] * taper, axis=-1)) ** 2, 1e-8))
        my = np.sqrt(np.maximum(np.abs(np.fft.rfft(yp[:, index] * taper, axis=-1)) ** 2, 1e-8))
        convergence = np.linalg.norm(my - mx) / np.linalg.norm(my)
        magnitude = np.mean(np.abs(np.log10(my) - np.log10(mx)))
        total += convergence + magnitude
    return float(total / len(resolutions))
