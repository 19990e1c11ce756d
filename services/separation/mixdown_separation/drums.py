"""Drum sub-stems: split a drum stem into kick, snare, toms and cymbals (with hi-hats).

Three ways, chosen by :class:`DrumSplitter`:

* a drum model in Demucs format (as Drumsep provides), loaded once through the same loader as
  the main model (``drum_model_name`` / ``drum_model_repo``);
* the project's own drum-part network (:mod:`mixdown_separation.drum_model`, trained by
  ``make train-drums``), the default when its weights are present;
* otherwise (``drum_splitter = "dsp"``, or no weights) our own DSP splitter, :func:`split_drums` (numpy and scipy only), which reads top to
  bottom:

  1. STFT of each channel (Hann, 46 ms, 75 % overlap); one magnitude spectrogram for all
     channels;
  2. onset detection (log spectral flux, adaptive threshold); each onset's rise, as an attack
     spectrum (its first ~25 ms) and a sustain spectrum (~50-110 ms later), is explained by
     non-negative least squares on (attack, sustain) pairs of the class templates
     (:mod:`mixdown_separation.drum_templates`), and
     :func:`strike_rule` reads which pieces strike at that onset (a kick and a hi-hat often
     strike together; a kick's pitch falls, a tom's holds; a snare's head comes with wires);
  3. NMF (Kullback-Leibler, multiplicative updates) with spectral templates initialised per
     class: kick (40-120 Hz body with the pitch drop of its attack, and its click), snare
     (150-250 Hz body plus broadband noise from 1 to 8 kHz), toms (pitched 80-300 Hz with
     partials, long decay), cymbals and hi-hats (noise and metallic partials above 5 kHz).
     Each class's templates adapt (damped multiplicative updates, :data:`ADAPT`) within that
     class's frequency support.
     Each class's activations start from its onsets: a piece can only sound from one of its
     own onsets until its decay has died away (multiplicative updates keep zeros at zero), so
     a low tom is not mistaken for a kick between kicks. Cymbals may ring through anything;
  4. soft (Wiener) masks ``|W_c H_c|^2 / sum_k |W_k H_k|^2``, which sum to one in every
     time-frequency bin, applied to the complex STFT of each channel and inverted; energy the
     templates leave unexplained (bleed, a missed onset) is shared by frequency support
     (:data:`BACKGROUND_SHARE`), so that a low hum does not end up with the cymbals;
  5. the pieces then sum back to the drum stem up to the STFT's rounding; that rounding is
     given to the cymbals so that they sum back exactly (float32).

Long inputs are processed in chunks of ``chunk_seconds`` joined by linear crossfades
(:mod:`mixdown.dsp.chunks`), so the memory stays bounded; each chunk's pieces sum to the chunk, so the crossfaded pieces still sum
to the input.

The splitter is measured in ``bench/separation.py`` (SDR per piece on drum loops synthesised
from separate hits, :func:`mixdown_separation.synth.drum_loop`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.ndimage import maximum_filter1d, median_filter
from scipy.optimize import nnls

from mixdown.dsp import as_audio
from mixdown.dsp.chunks import chunks
from mixdown.errors import InvalidInput, Unavailable
from mixdown_separation.drum_templates import CLASSIFY_CYMBAL_SLOPE_OCTAVES, class_supports, class_templates

DRUM_PIECES = ("kick", "snare", "toms", "cymbals")
"""Names of the drum sub-stems, in the splitter's order."""
RESIDUAL_PIECE = "cymbals"
EPS = 1e-10
BACKGROUND_SHARE = 0.05
"""Share of the magnitude given to every class by its frequency support, whatever the templates say."""
ADAPT = {"kick": 0.3, "snare": 0.6, "toms": 0.3, "cymbals": 0.6}
"""How far each class's templates adapt to the recording (0 fixed, 1 the plain NMF update)."""

Progress = Callable[[float, str], None]
log = logging.getLogger(__name__)


# --- STFT --------------------------------------------------------------------------------------


def fft_size(sample_rate_hz: int) -> int:
    """About 46 ms: 2048 samples at 44.1 and 48 kHz, 4096 at 88.2 and 96 kHz."""
    return int(2 ** round(np.log2(0.0464 * sample_rate_hz)))


def stft(x: np.ndarray, n_fft: int, hop: int) -> np.ndarray:
    """(samples,) → (bins, frames) complex64, Hann window, zero-padded by ``n_fft`` at both ends."""
    window = np.hanning(n_fft + 1)[:-1].astype(np.float32)
    padded = np.pad(x.astype(np.float32), (n_fft, n_fft + hop))
    frames = 1 + (padded.size - n_fft) // hop
    index = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    return np.fft.rfft(padded[index] * window, axis=1).T.astype(np.complex64)


def istft(spectrum: np.ndarray, n_fft: int, hop: int, length: int) -> np.ndarray:
    """Inverse of :func:`stft` (weighted overlap-add), ``length`` samples.

    Frames ``r, r + k, r + 2k, ...`` (``k = n_fft / hop``) do not overlap and lie end to end, so
    the overlap-add is ``k`` vectorised additions."""
    window = np.hanning(n_fft + 1)[:-1]
    frames = spectrum.shape[1]
    blocks = np.fft.irfft(spectrum.T, n=n_fft, axis=1) * window
    out = np.zeros(n_fft * (frames + 1))
    norm = np.zeros_like(out)
    for phase in range(n_fft // hop):
        group = blocks[phase :: n_fft // hop]
        start = phase * hop
        out[start : start + group.size] += group.reshape(-1)
        norm[start : start + group.size] += np.tile(window**2, group.shape[0])
    out /= np.maximum(norm, 1e-8)
    return out[n_fft : n_fft + length]


GATE_LEAD_FRAMES = 2
"""Frames before an onset where its piece may already sound (the analysis window reaches back)."""
DECAY_SECONDS = {"kick": 0.5, "snare": 0.5, "toms": 1.0, "cymbals": None}
"""Longest time a piece sounds after one of its onsets; cymbals may sound anywhere."""


# --- onsets ------------------------------------------------------------------------------------


def onset_envelope(magnitude: np.ndarray) -> np.ndarray:
    """Log-compressed spectral flux, half-wave rectified and summed over bins, per frame."""
    log_mag = np.log1p(1000.0 * magnitude / max(float(magnitude.max()), EPS))
    flux = np.maximum(np.diff(log_mag, axis=1, prepend=log_mag[:, :1]), 0.0).sum(axis=0)
    return flux


def pick_onsets(envelope: np.ndarray, frames_per_second: float, min_gap_seconds: float = 0.03) -> np.ndarray:
    """Frames of local maxima of ``envelope`` above a moving median plus a margin."""
    if envelope.size < 3 or float(envelope.max()) <= 0.0:
        return np.zeros(0, dtype=int)
    gap = max(1, int(round(min_gap_seconds * frames_per_second)))
    median_frames = max(3, int(round(0.5 * frames_per_second)) | 1)
    threshold = median_filter(envelope, size=median_frames, mode="nearest") + 0.05 * float(envelope.max())
    peaks = (envelope == maximum_filter1d(envelope, size=2 * gap + 1, mode="nearest")) & (envelope > threshold)
    return np.flatnonzero(peaks)


ATTACK_FRAMES = (0, 2)
SUSTAIN_FRAMES = (4, 9)
BEFORE_FRAMES = (-3, -1)
MIN_CLASS_SHARE = 0.07
"""A class strikes only if it explains at least this share of an onset's whole attack."""
MIN_MEMBRANE_SHARE = 0.1
"""Kick, snare and toms together must explain this share of the attack to strike at all."""


def attack_features(magnitude: np.ndarray, frame: int) -> np.ndarray:
    """The rise of the magnitude at an onset: (attack; sustain) stacked, each minus what rang before."""
    frames = magnitude.shape[1]

    def window(span: tuple[int, int]) -> np.ndarray:
        first = min(max(frame + span[0], 0), frames - 1)
        return magnitude[:, first : min(max(frame + span[1], first + 1), frames)]

    before = window(BEFORE_FRAMES).mean(axis=1)
    attack = np.maximum(window(ATTACK_FRAMES).max(axis=1) - before, 0.0)
    sustain = np.maximum(window(SUSTAIN_FRAMES).mean(axis=1) - before, 0.0)
    return np.concatenate([attack, sustain])


def strike_rule(energy: dict[str, float]) -> set[str]:
    """Which classes strike, from the attack energy each class explains.

    Cymbals need only their share. Among the membranes (kick, snare, toms): a snare strikes
    when it explains over a third of the membranes' attack (its wires are its signature); the
    larger of kick and toms strikes, the smaller only when it explains half of the membranes'
    attack, and toms never on the strength of a snare's pitched head alone.
    """
    total = sum(energy.values())
    if total <= EPS:
        return set()
    strikes = {name for name, value in energy.items() if name == "cymbals" and value >= MIN_CLASS_SHARE * total}
    membranes = energy["kick"] + energy["snare"] + energy["toms"]
    if membranes < MIN_MEMBRANE_SHARE * total:
        return strikes
    share = {name: energy[name] / membranes for name in ("kick", "snare", "toms")}
    loud = {name for name in share if energy[name] >= MIN_CLASS_SHARE * total}
    if share["snare"] >= 0.35:
        strikes.add("snare")
    winner, loser = ("kick", "toms") if share["kick"] >= share["toms"] else ("toms", "kick")
    if share[winner] >= 0.25 and (winner == "kick" or share["toms"] > share["snare"]):
        strikes.add(winner)
    if share[loser] >= 0.5:
        strikes.add(loser)
    return strikes & (loud | {"cymbals"})


def onset_classes(
    magnitude: np.ndarray, onsets: np.ndarray, pairs: np.ndarray, labels: np.ndarray, names: tuple[str, ...]
) -> np.ndarray:
    """Which classes strike at each onset: (onsets, classes) booleans.

    Each onset's (attack; sustain) rise is decomposed by NNLS on the (attack; sustain)
    template pairs ``pairs`` (2 * bins, templates); :func:`strike_rule` reads the result.
    """
    strikes = np.zeros((onsets.size, len(names)), dtype=bool)
    for row, frame in enumerate(onsets):
        features = attack_features(magnitude, int(frame))
        if features.sum() <= EPS:
            continue
        weights, _ = nnls(pairs, features)
        energy = {name: float(weights[labels == c].sum()) for c, name in enumerate(names)}
        struck = strike_rule(energy)
        strikes[row] = [name in struck for name in names]
    return strikes


# --- NMF ---------------------------------------------------------------------------------------


def _gates(
    onsets: np.ndarray, strikes: np.ndarray, frames: int, frames_per_second: float, names: tuple[str, ...]
) -> np.ndarray:
    """(classes, frames): 1 where a class may sound (from one of its onsets for its decay), else 0."""
    gates = np.zeros((len(names), frames), dtype=np.float32)
    lead = GATE_LEAD_FRAMES  # the analysis window reaches back over the attack
    for index, name in enumerate(names):
        decay = DECAY_SECONDS[name]
        if decay is None:
            gates[index] = 1.0
            continue
        reach = int(round(decay * frames_per_second))
        for frame in onsets[strikes[:, index]]:
            gates[index, max(frame - lead, 0) : min(frame + reach, frames)] = 1.0
    return gates


def nmf(
    magnitude: np.ndarray,
    templates: np.ndarray,
    activations: np.ndarray,
    supports: np.ndarray,
    iterations: int,
    adapt: float | np.ndarray = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """KL-divergence NMF, ``magnitude ≈ templates @ activations``, multiplicative updates.

    Zeros of ``activations`` stay zero (onset gating). ``adapt`` (0 to 1) damps the template
    updates (0 keeps the templates fixed, 1 is the plain update); adapted templates are
    multiplied by ``supports`` and normalised to unit sum.
    """
    w = templates.astype(np.float32).copy()
    h = activations.astype(np.float32).copy()
    v = magnitude.astype(np.float32)
    ones = np.ones_like(v[:, :1])
    adapt = np.broadcast_to(np.asarray(adapt, dtype=np.float32), (w.shape[1],))
    for _ in range(iterations):
        ratio = v / (w @ h + EPS)
        h *= (w.T @ ratio) / (w.sum(axis=0)[:, None] + EPS)
        if adapt.any():
            ratio = v / (w @ h + EPS)
            w *= ((ratio @ h.T) / (ones @ h.sum(axis=1, keepdims=True).T + EPS)) ** adapt
            w *= supports
            scale = w.sum(axis=0, keepdims=True) + EPS
            w /= scale
            h *= scale.T
    return w, h


# --- the splitter ------------------------------------------------------------------------------


def split_drums(
    drums: np.ndarray,
    sample_rate_hz: int,
    iterations: int = 30,
    adapt: dict[str, float] | None = None,
    chunk_seconds: float = 30.0,
    progress: Progress | None = None,
) -> dict[str, np.ndarray]:
    """Split a drum stem (channels, samples) into kick, snare, toms and cymbals (see the module).

    Returns float32 arrays shaped like ``drums`` that sum back to it exactly (float32 rounding).
    """
    drums = as_audio(drums, sample_rate_hz)
    report = progress or (lambda fraction, note: None)
    channels, total = drums.shape
    chunk = max(int(chunk_seconds * sample_rate_hz), 4 * fft_size(sample_rate_hz))
    regions = chunks(total, chunk, min(sample_rate_hz, chunk // 4))
    pieces = {name: np.zeros((channels, total), dtype=np.float64) for name in DRUM_PIECES}
    for index, region in enumerate(regions):
        part = _split_chunk(drums[:, region.start : region.end], sample_rate_hz, iterations, adapt)
        weights = region.weights
        for name in DRUM_PIECES:
            pieces[name][:, region.start : region.end] += part[name] * weights
        report((index + 1) / len(regions), f"drum splitting, chunk {index + 1}/{len(regions)}")
    out = {name: piece.astype(np.float32) for name, piece in pieces.items()}
    residual = drums - np.sum([out[name] for name in DRUM_PIECES], axis=0, dtype=np.float64)
    out[RESIDUAL_PIECE] = (out[RESIDUAL_PIECE] + residual).astype(np.float32)
    return out


def _split_chunk(
    drums: np.ndarray, sample_rate_hz: int, iterations: int, adapt: dict[str, float] | None
) -> dict[str, np.ndarray]:
    n_fft = fft_size(sample_rate_hz)
    hop = n_fft // 4
    frames_per_second = sample_rate_hz / hop
    spectra = [stft(channel, n_fft, hop) for channel in drums]
    magnitude = np.sqrt(np.mean([np.abs(s) ** 2 for s in spectra], axis=0))
    freqs_hz = np.fft.rfftfreq(n_fft, 1.0 / sample_rate_hz)

    names = DRUM_PIECES
    shapes = class_templates(freqs_hz)
    pair_labels = np.concatenate([[c] * len(shapes[name]) for c, name in enumerate(names)])
    # NMF components: every attack and every sustain spectrum, each its class's
    labels = np.concatenate([pair_labels, pair_labels])
    templates = np.stack([pair[0] for name in names for pair in shapes[name]]
                         + [pair[1] for name in names for pair in shapes[name]], axis=1)
    templates /= templates.sum(axis=0, keepdims=True)
    # onset classification: (attack; sustain) pairs, with cymbals kept above the snare's wires
    strict = class_templates(freqs_hz, CLASSIFY_CYMBAL_SLOPE_OCTAVES)
    pairs = np.stack([np.concatenate(pair) / np.concatenate(pair).sum() for name in names for pair in strict[name]],
                     axis=1)
    supports_by_class = class_supports(freqs_hz)
    supports = np.stack([supports_by_class[names[label]] for label in labels], axis=1)

    onsets = pick_onsets(onset_envelope(magnitude), frames_per_second)
    strikes = onset_classes(magnitude, onsets, pairs, pair_labels, names)
    gates = _gates(onsets, strikes, magnitude.shape[1], frames_per_second, names)
    scale = float(magnitude.mean()) + EPS
    activations = gates[labels] * scale

    rates = {**ADAPT, **(adapt or {})}
    w, h = nmf(magnitude, templates, activations, supports, iterations, np.array([rates[names[c]] for c in labels]))
    # What the templates leave unexplained (an onset missed, bleed from other instruments) is
    # shared by frequency support, so that a low hum does not end up with the cymbals.
    floor = BACKGROUND_SHARE * magnitude
    estimates = [(w[:, labels == c] @ h[labels == c]) ** 2 + (floor * supports_by_class[name][:, None]) ** 2
                 for c, name in enumerate(names)]
    total = np.sum(estimates, axis=0) + EPS
    out = {}
    for c, name in enumerate(names):
        mask = estimates[c] / total
        out[name] = np.stack([istft(s * mask, n_fft, hop, drums.shape[1]) for s in spectra])
    return out


# --- the facade: a Demucs-format drum model, our drum-part network, or the DSP splitter -------


DRUM_SOURCE_ALIASES = {
    "kick": "kick", "bombo": "kick", "bd": "kick",
    "snare": "snare", "redoblante": "snare", "caja": "snare", "sd": "snare",
    "toms": "toms", "tom": "toms", "toms_all": "toms",
    "cymbals": "cymbals", "platillos": "cymbals", "hihat": "cymbals", "hh": "cymbals", "cymbal": "cymbals",
    "ride": "cymbals", "crash": "cymbals",
}


class DrumSplitter:
    """Drum stem → kick, snare, toms, cymbals, by the first that applies:

    * a drum model in Demucs format when ``model_name`` is set (loaded once, like the main
      model); its sources are mapped to the four pieces by name (:data:`DRUM_SOURCE_ALIASES`,
      which knows Drumsep's ``bombo``, ``redoblante``, ``toms``, ``platillos``); sources that map
      to the same piece are summed; the model's residual goes to the cymbals;
    * the project's drum-part network (:class:`mixdown_separation.drum_model.DrumModel`, weights
      ``weights_path`` or the shipped ``models/drums.onnx``) when ``splitter`` is ``"model"``;
      weights that are missing or unreadable are logged and the DSP splitter takes over
      (:attr:`fallback_reason` says why);
    * the DSP splitter, :func:`split_drums` (``splitter="dsp"``, or the fallback).
    """

    def __init__(
        self,
        model_name: str | None = None,
        model_repo: Path | str | None = None,
        device: str = "auto",
        splitter: str = "model",
        weights_path: Path | str | None = None,
        **separator_options: Any,
    ) -> None:
        if splitter not in ("model", "dsp"):
            raise InvalidInput(f"drum splitter {splitter!r} is unknown; choose model or dsp")
        self.model_name = model_name or None
        self._separator = None
        self._network = None
        self.fallback_reason: str | None = None
        if self.model_name:
            from mixdown_separation.core import Separator  # torch only when a model is configured

            self._separator = Separator(model_name=self.model_name, model_repo=model_repo, device=device,
                                        **separator_options)
            unknown = [s for s in self._separator.sources if s.lower() not in DRUM_SOURCE_ALIASES]
            if unknown:
                raise InvalidInput(
                    f"drum model {self.model_name!r} has sources {', '.join(self._separator.sources)}; "
                    f"{', '.join(unknown)} cannot be mapped to {', '.join(DRUM_PIECES)} "
                    f"(known names: {', '.join(sorted(DRUM_SOURCE_ALIASES))})"
                )
        elif splitter == "model":
            try:
                from mixdown_separation.drum_model import DrumModel  # onnxruntime

                self._network = DrumModel.load(weights_path)
            except ImportError as exc:
                self.fallback_reason = f"onnxruntime is not installed ({exc}); using the DSP splitter"
                log.warning("drum model unavailable: %s", self.fallback_reason)
            except Unavailable as exc:
                self.fallback_reason = f"{exc}; using the DSP splitter"
                log.warning("drum model unavailable: %s", self.fallback_reason)

    @property
    def method(self) -> str:
        if self.model_name:
            return f"demucs-model:{self.model_name}"
        return f"onnx-model:{self._network.path.name}" if self._network is not None else "dsp-nmf"

    def split(self, drums: np.ndarray, sample_rate_hz: int, progress: Progress | None = None) -> dict[str, np.ndarray]:
        if self._network is not None:
            return self._network.split(drums, sample_rate_hz, progress=progress)
        if self._separator is None:
            return split_drums(drums, sample_rate_hz, progress=progress)
        stems = self._separator.separate(drums, sample_rate_hz, progress)
        out = {name: np.zeros_like(drums, dtype=np.float32) for name in DRUM_PIECES}
        for source, audio in stems.items():
            out[DRUM_SOURCE_ALIASES[source.lower()]] += audio
        residual = drums - np.sum([out[name] for name in DRUM_PIECES], axis=0, dtype=np.float64)
        out[RESIDUAL_PIECE] = (out[RESIDUAL_PIECE] + residual).astype(np.float32)
        return out
