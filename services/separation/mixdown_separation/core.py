"""Separation core: a small facade over Demucs, like ``demucs.api.Separator``. No storage, no gRPC.

The model is loaded once, when a :class:`Separator` is built. :meth:`Separator.separate` then
reads top to bottom:

1. cut the input's channels into groups the model takes (a stereo model takes a stereo pair or
   a mono channel, which is duplicated and folded back afterwards);
2. resample to the model's rate (julius) and normalise by the track's mean and standard
   deviation, as Demucs does;
3. cut the track into chunks of ``chunk_seconds`` that overlap by :data:`CROSSFADE_SECONDS`
   and are joined with a linear crossfade, so that memory stays bounded on long inputs; each
   chunk still reads real audio around its edges as context;
4. inside a chunk, Demucs's own scheme: overlapping segments weighted by a triangle window,
   the "shift trick" (``shifts`` random time shifts, averaged), and ``batch_size`` segments
   per forward pass (batching pays off on a GPU);
5. resample back to the input's rate, exactly the input's length and channel count;
6. give the residual (input − sum of stems) to the ``other`` stem, so that the stems sum back
   to the input. Demucs's raw estimates do not; how much they missed is reported as
   ``residual_db`` (residual energy relative to the input, before the correction).

Random shifts are seeded by the chunk's position, so the same input and settings give the
same stems bit for bit.
"""

from __future__ import annotations

import math
import random
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import julius
import numpy as np
import torch
from demucs.apply import BagOfModels, TensorChunk, apply_model
from demucs.audio import convert_audio_channels
from demucs.htdemucs import HTDemucs
from demucs.utils import center_trim

from mixdown.dsp import as_audio
from mixdown.dsp.chunks import chunks
from mixdown.errors import InvalidInput
from mixdown_separation.models import DEFAULT_MODEL, load_model, resolve_device

Progress = Callable[[float, str], None]
Device = Literal["auto", "cpu", "cuda"]

RESIDUAL_STEM = "other"
CROSSFADE_SECONDS = 2.0
"""Overlap between consecutive chunks (at most a quarter of a chunk), joined by a linear crossfade."""
MIN_WINDOW_SECONDS = 1.0
"""Shortest window given to the model: shorter inputs are zero-padded to it and trimmed back."""
RESIDUAL_FLOOR_DB = -120.0
MAX_SHIFTS = 20


# --- pure helpers ------------------------------------------------------------------------------


def triangle_window(length: int) -> torch.Tensor:
    """Demucs's segment weight: a triangle peaking mid-segment, normalised to a maximum of one."""
    weight = torch.cat([torch.arange(1, length // 2 + 1), torch.arange(length - length // 2, 0, -1)]).float()
    return weight / weight.max()


def residual_db(residual: np.ndarray, audio: np.ndarray) -> float:
    """Energy of ``residual`` relative to ``audio``, in dB, within ±120 dB (−120 when both are silent)."""
    residual_energy = float(np.sum(np.square(residual, dtype=np.float64)))
    input_energy = float(np.sum(np.square(audio, dtype=np.float64)))
    if residual_energy == 0.0:
        return RESIDUAL_FLOOR_DB
    if input_energy == 0.0:
        return -RESIDUAL_FLOOR_DB
    return float(np.clip(10.0 * math.log10(residual_energy / input_energy), RESIDUAL_FLOOR_DB, -RESIDUAL_FLOOR_DB))


def assign_residual(
    audio: np.ndarray, estimates: np.ndarray, sources: Sequence[str], residual_stem: str = RESIDUAL_STEM
) -> tuple[dict[str, np.ndarray], float]:
    """Stems that sum to ``audio``: the residual is added to ``residual_stem`` (the last source
    when the model has none of that name). Returns the stems and the residual level in dB."""
    residual = audio.astype(np.float64) - estimates.sum(axis=0, dtype=np.float64)
    level_db = residual_db(residual, audio)
    target = sources.index(residual_stem) if residual_stem in sources else len(sources) - 1
    stems = {}
    for index, name in enumerate(sources):
        stem = estimates[index]
        if index == target:
            stem = (stem.astype(np.float64) + residual).astype(np.float32)
        stems[name] = np.ascontiguousarray(stem, dtype=np.float32)
    return stems, level_db


def select_stems(sources: Sequence[str], required: Sequence[str] | None) -> list[str]:
    """The stems to deliver: ``required`` (in the model's order), or all sources when empty.

    Unknown names raise InvalidInput naming them and the model's sources."""
    if not required:
        return list(sources)
    wanted = [str(name) for name in required]
    unknown = [name for name in wanted if name not in sources]
    if unknown:
        raise InvalidInput(
            f"unknown stems {', '.join(unknown)} in stems_required; this model gives {', '.join(sources)}"
        )
    return [name for name in sources if name in wanted]


def _span(progress: Progress, start: float, end: float) -> Progress:
    """``progress`` seen by a sub-task that covers ``[start, end]`` of the work."""
    return lambda fraction, note: progress(start + (end - start) * min(max(fraction, 0.0), 1.0), note)


def _no_progress(fraction: float, note: str) -> None:
    return None


# --- the facade --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Separation:
    """Stems (name → float32 (channels, samples), in the model's order) and what it cost."""

    stems: dict[str, np.ndarray]
    sample_rate_hz: int
    residual_db: float
    compute_seconds: float

    @property
    def realtime_factor(self) -> float:
        """Compute time over audio duration (below one: faster than real time)."""
        frames = next(iter(self.stems.values())).shape[1]
        return self.compute_seconds / (frames / self.sample_rate_hz)


class Separator:
    """Loads a Demucs model once and separates audio with it.

    Thread-safe: calls from several threads share the model and run one at a time. The stems
    always sum back to the input; the residual of the model's estimates goes to ``other``.

    Args:
        model_name: a name from :func:`mixdown_separation.models.supported_models`, or any name in ``model_repo``.
        model_repo: a local folder in the Demucs ``--repo`` layout (``<name>.yaml``, ``<sig>.th``).
        device: ``auto`` (CUDA when available), ``cpu`` or ``cuda``.
        segment_seconds: length of the windows given to the model; None for the model's own.
        overlap: share of a segment that overlaps the next one, 0 to <1.
        shifts: random time shifts averaged per chunk (Demucs's shift trick); 0 for none.
        batch_size: segments per forward pass; raise it on a GPU (on a CPU, 1 is fastest).
        chunk_seconds: longest stretch of audio processed at once.
    """

    def __init__(
        self,
        model_name: str = DEFAULT_MODEL,
        model_repo: Path | str | None = None,
        device: Device = "auto",
        segment_seconds: float | None = None,
        overlap: float = 0.25,
        shifts: int = 0,
        batch_size: int = 1,
        chunk_seconds: float = 60.0,
    ) -> None:
        if not 0.0 <= overlap < 1.0:
            raise InvalidInput(f"overlap={overlap} is outside [0, 1)")
        if not 0 <= shifts <= MAX_SHIFTS:
            raise InvalidInput(f"shifts={shifts} is outside [0, {MAX_SHIFTS}]")
        if batch_size < 1:
            raise InvalidInput(f"batch_size={batch_size} must be at least 1")
        if not chunk_seconds >= 1.0:
            raise InvalidInput(f"chunk_seconds={chunk_seconds} must be at least 1")
        self.model_name = model_name
        self.model_repo = Path(model_repo) if model_repo is not None else None
        self.device = resolve_device(device)
        self.overlap = float(overlap)
        self.shifts = int(shifts)
        self.batch_size = int(batch_size)
        self.chunk_seconds = float(chunk_seconds)

        self.model = load_model(model_name, self.model_repo).to(self.device)
        members = list(self.model.models) if isinstance(self.model, BagOfModels) else [self.model]
        max_segment = min((float(m.segment) for m in members if isinstance(m, HTDemucs)), default=math.inf)
        if segment_seconds is not None and not 0.0 < segment_seconds <= max_segment:
            raise InvalidInput(
                f"segment_seconds={segment_seconds} is outside (0, {max_segment:g}] for model {model_name!r}"
            )
        self.segment_seconds = segment_seconds
        self.effective_segment_seconds = (
            float(segment_seconds) if segment_seconds is not None else min(float(m.segment) for m in members)
        )
        self._lock = threading.Lock()

    # -- what the model is

    @property
    def sources(self) -> list[str]:
        return list(self.model.sources)

    @property
    def model_sample_rate_hz(self) -> int:
        return int(self.model.samplerate)

    @property
    def model_channels(self) -> int:
        return int(self.model.audio_channels)

    @property
    def parameters(self) -> dict[str, object]:
        """Every setting that shapes the stems, for result records."""
        return {
            "model_name": self.model_name,
            "model_repo": str(self.model_repo) if self.model_repo is not None else "",
            "device": self.device.type,
            "segment_seconds": self.effective_segment_seconds,
            "overlap": self.overlap,
            "shifts": self.shifts,
            "batch_size": self.batch_size,
            "chunk_seconds": self.chunk_seconds,
            "model_sample_rate_hz": self.model_sample_rate_hz,
            "sources": self.sources,
            "residual_stem": RESIDUAL_STEM if RESIDUAL_STEM in self.sources else self.sources[-1],
        }

    def __repr__(self) -> str:
        shown = {k: v for k, v in self.parameters.items() if k not in ("sources", "model_sample_rate_hz")}
        return f"Separator({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    # -- separation

    def separate(
        self, audio: np.ndarray, sample_rate_hz: int, progress: Progress | None = None
    ) -> dict[str, np.ndarray]:
        """Split ``audio`` (channels, samples) float32 into stems named as the model's sources.

        Each stem has the input's shape and rate, and the stems sum back to the input (the
        residual goes to ``other``). ``progress(fraction, note)`` is called from this thread.
        """
        return self.separate_with_metrics(audio, sample_rate_hz, progress).stems

    def separate_with_metrics(
        self, audio: np.ndarray, sample_rate_hz: int, progress: Progress | None = None
    ) -> Separation:
        """:meth:`separate`, also returning the residual level and the compute time."""
        audio = as_audio(audio, sample_rate_hz)
        report = progress or _no_progress
        channels, frames = audio.shape
        width = self.model_channels
        groups = [list(range(first, min(first + width, channels))) for first in range(0, channels, width)]
        estimates = np.empty((len(self.sources), channels, frames), dtype=np.float32)
        started = time.perf_counter()
        report(0.0, f"separating with {self.model_name}")
        with self._lock, torch.inference_mode():
            for index, group in enumerate(groups):
                span = _span(report, index / len(groups), (index + 1) / len(groups))
                estimates[:, group] = self._separate_group(audio[group], int(sample_rate_hz), span)
        stems, level_db = assign_residual(audio, estimates, self.sources)
        report(1.0, "separated")
        return Separation(stems, int(sample_rate_hz), level_db, time.perf_counter() - started)

    def _separate_group(self, audio: np.ndarray, sample_rate_hz: int, progress: Progress) -> np.ndarray:
        """One group of at most ``model_channels`` channels → (sources, channels, samples)."""
        channels, frames = audio.shape
        rate = self.model_sample_rate_hz
        wav = convert_audio_channels(torch.from_numpy(audio), self.model_channels)
        if sample_rate_hz != rate:
            wav = julius.resample_frac(wav, sample_rate_hz, rate, full=True)
        reference = wav.mean(0)
        mean = reference.mean()
        std = reference.std() + 1e-8 if reference.numel() > 1 else torch.tensor(1.0)
        mix = ((wav - mean) / std).contiguous()[None]
        out = self._separate_chunks(mix, progress) * std + mean
        if sample_rate_hz != rate:
            out = julius.resample_frac(out, rate, sample_rate_hz, output_length=frames)
        if channels != out.shape[1]:
            out = out.mean(dim=1, keepdim=True)  # a mono input was duplicated for the model
        return out.numpy()

    def _separate_chunks(self, mix: torch.Tensor, progress: Progress) -> torch.Tensor:
        """(1, channels, samples) normalised at the model's rate → (sources, channels, samples)."""
        rate = self.model_sample_rate_hz
        total = mix.shape[-1]
        crossfade = int(min(CROSSFADE_SECONDS, self.chunk_seconds / 4) * rate)
        regions = chunks(total, int(self.chunk_seconds * rate), crossfade)
        out = torch.zeros(len(self.sources), mix.shape[1], total)
        for index, region in enumerate(regions):
            note = f"chunk {index + 1}/{len(regions)}"
            span = _span(progress, index / len(regions), (index + 1) / len(regions))
            estimate = self._separate_region(TensorChunk(mix, region.start, region.length), region.start, note, span)
            out[..., region.start : region.end] += estimate * torch.from_numpy(region.weights.astype(np.float32))
        return out

    def _separate_region(self, chunk: TensorChunk, seed: int, note: str, progress: Progress) -> torch.Tensor:
        """One chunk (reading real context around it) → (sources, channels, chunk length); the shift trick."""
        if self.shifts == 0:
            return self._apply_segments(chunk, note, progress)
        length = chunk.length
        max_shift = int(0.5 * self.model_sample_rate_hz)
        padded = chunk.padded(length + 2 * max_shift)
        rng = random.Random(seed)
        out = torch.zeros(len(self.sources), chunk.shape[1], length)
        for index in range(self.shifts):
            offset = rng.randint(0, max_shift)
            shifted = TensorChunk(padded, offset, length + max_shift - offset)
            span = _span(progress, index / self.shifts, (index + 1) / self.shifts)
            out += self._apply_segments(shifted, f"{note}, shift {index + 1}/{self.shifts}", span)[
                ..., max_shift - offset :
            ]
        return out / self.shifts

    def _apply_segments(self, chunk: TensorChunk, note: str, progress: Progress) -> torch.Tensor:
        """Overlapping triangle-weighted segments, ``batch_size`` per forward pass (as demucs.apply)."""
        rate = self.model_sample_rate_hz
        length = chunk.length
        window = max(min(int(self.effective_segment_seconds * rate), length), int(MIN_WINDOW_SECONDS * rate))
        stride = max(1, int((1.0 - self.overlap) * min(window, length)))
        offsets = list(range(0, length, stride))
        weight = triangle_window(window)
        out = torch.zeros(len(self.sources), chunk.shape[1], length)
        total_weight = torch.zeros(length)
        for first in range(0, len(offsets), self.batch_size):
            batch_offsets = offsets[first : first + self.batch_size]
            pieces = [TensorChunk(chunk, offset, window) for offset in batch_offsets]
            batch = torch.cat([piece.padded(window) for piece in pieces]).to(self.device)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                estimates = apply_model(
                    self.model, batch, shifts=0, split=False, segment=self.segment_seconds, device=self.device
                )
            for piece, offset, estimate in zip(pieces, batch_offsets, estimates, strict=True):
                piece_weight = weight[: piece.length]
                out[..., offset : offset + piece.length] += piece_weight * center_trim(estimate, piece.length).cpu()
                total_weight[offset : offset + piece.length] += piece_weight
            done = first + len(batch_offsets)
            progress(done / len(offsets), f"{note}, segment {done}/{len(offsets)}")
        return out / total_weight
