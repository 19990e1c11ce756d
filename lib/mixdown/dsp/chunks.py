"""Long signals processed in overlapping chunks joined by linear crossfades.

A processor whose memory grows with its input (a separation model, an NMF over a
spectrogram) runs on chunks of at most ``chunk_samples``, each overlapping the previous one by
``crossfade_samples``; each chunk's result is weighted by :attr:`Chunk.weights` and added into
the output. The weights ramp linearly across each overlap and sum to one there (1 elsewhere),
so a processor that returns its input returns it unchanged, and results that sum to their
chunk (stems, drum pieces) still sum to the whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mixdown.errors import InvalidInput


@dataclass(frozen=True)
class Chunk:
    """Samples ``[start, end)`` of the signal, faded in over the overlap with the previous
    chunk (when there is one) and out over the overlap with the next."""

    start: int
    end: int
    crossfade_samples: int
    fade_in: bool
    fade_out: bool

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def weights(self) -> np.ndarray:
        """(length,) float64: linear ramps of :attr:`crossfade_samples` at the faded ends, 1 elsewhere."""
        return crossfade_weights(self.length, self.crossfade_samples, self.fade_in, self.fade_out)


def chunk_regions(total_samples: int, chunk_samples: int, crossfade_samples: int) -> list[tuple[int, int]]:
    """``[start, end)`` of chunks of at most ``chunk_samples``, each overlapping the previous one by
    ``crossfade_samples``; one region when the input fits in a chunk."""
    if not 0 <= crossfade_samples < chunk_samples:
        raise InvalidInput(f"crossfade_samples {crossfade_samples} must be in [0, chunk_samples {chunk_samples})")
    regions = []
    start = 0
    while True:
        end = min(start + chunk_samples, total_samples)
        regions.append((start, end))
        if end >= total_samples:
            return regions
        start = end - crossfade_samples


def crossfade_weights(length: int, crossfade_samples: int, fade_in: bool, fade_out: bool) -> np.ndarray:
    """Linear ramps that sum to one across the overlap of two consecutive chunks: (length,) float64."""
    weights = np.ones(length)
    if crossfade_samples > 0:
        ramp = (np.arange(crossfade_samples) + 0.5) / crossfade_samples
        if fade_in:
            weights[:crossfade_samples] = ramp
        if fade_out:
            weights[length - crossfade_samples :] = 1.0 - ramp
    return weights


def chunks(total_samples: int, chunk_samples: int, crossfade_samples: int) -> list[Chunk]:
    """The chunks covering ``total_samples`` (see :func:`chunk_regions`), with their fades."""
    return [
        Chunk(start, end, crossfade_samples, fade_in=start > 0, fade_out=end < total_samples)
        for start, end in chunk_regions(total_samples, chunk_samples, crossfade_samples)
    ]
