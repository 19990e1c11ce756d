"""The drum-part separator network (torch; training and ONNX export only — serving uses onnxruntime).

A band-split mask estimator on the STFT (after BSRNN, Luo & Yu 2023, with time convolutions in
place of its recurrent layers), from the normalised magnitude of a stereo drum stem to one soft
mask per piece (kick, snare, toms, cymbals) and channel:

1. **Features**: ``log(|X| / rms + 1e-4)`` of both channels (``rms``: the whole input's RMS,
   computed outside the network so that chunks of a long stem see the same scale).
2. **Band split**: :data:`BAND_EDGES_HZ` cut the 1025 bins (n_fft 2048 at 44.1 kHz, 21.5 Hz a
   bin) into 31 bands, 43 Hz wide up to 300 Hz (kick and tom fundamentals, snare bodies), then
   geometrically wider to 22 kHz; each band's (2 channels x its bins) is projected to
   ``width`` features by its own linear layer.
3. **Blocks**: ``depth`` residual blocks, each a dilated time convolution shared by all bands
   (kernel 3, dilations 1, 2, 4, ... so the network hears ~1.5 s around a frame — a tom's decay,
   a groove's pattern) and a band-mixing layer (a linear map across the bands, shared by the
   features: a kick's 50 Hz body and its 4 kHz click sit in different bands). Pre-norm by a
   per-frame LayerNorm, so nothing depends on frames far away and chunked inference matches
   the unchunked one away from chunk edges.
4. **Head**: each band's features → (pieces x channels x its bins) logits by a small MLP;
   softmax over the pieces, so the four masks sum to one in every bin by construction and the
   pieces sum back to the drum stem.

Shapes: magnitude (B, 2, 1025, T) float32 → masks (B, 4, 2, 1025, T) float32; T is dynamic in
the ONNX export (opset :data:`OPSET`). The STFT and its inverse stay outside the network (torch
in training, numpy in the service: :mod:`mixdown_separation.drum_model`).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from torch import nn

from mixdown_separation.drums import DRUM_PIECES

OPSET = 17
SAMPLE_RATE_HZ = 44100
N_FFT = 2048
HOP = 512
BINS = N_FFT // 2 + 1
FEATURE_FLOOR = 1e-4
"""Added to the RMS-normalised magnitude before the log (about -80 dB under the stem's RMS)."""
INPUT_NAME, OUTPUT_NAME = "magnitude", "masks"


def band_edges_hz(low_band_hz: float = 43.0, low_limit_hz: float = 301.0, high_bands: int = 24) -> list[float]:
    """Edges of the bands in Hz: ``low_band_hz`` wide up to ``low_limit_hz``, then ``high_bands``
    geometrically wider bands up to the Nyquist frequency."""
    low = list(np.arange(0.0, low_limit_hz, low_band_hz))
    high = np.geomspace(low_limit_hz, SAMPLE_RATE_HZ / 2, high_bands + 1)
    return [float(f) for f in low] + [float(f) for f in high]


BAND_EDGES_HZ = band_edges_hz()


def band_bins(n_fft: int = N_FFT, sample_rate_hz: int = SAMPLE_RATE_HZ) -> list[tuple[int, int]]:
    """``[start, end)`` bins of each band; every bin in exactly one band."""
    bins = n_fft // 2 + 1
    edges = sorted({min(int(round(f * n_fft / sample_rate_hz)), bins) for f in BAND_EDGES_HZ[1:-1]})
    edges = [0] + [e for e in edges if 0 < e < bins] + [bins]
    return list(zip(edges[:-1], edges[1:], strict=True))


class FrameNorm(nn.Module):
    """LayerNorm over the features of each (band, frame): (N, D, T) in and out."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.norm(x.transpose(1, 2)).transpose(1, 2)


class Block(nn.Module):
    """A dilated time convolution (shared by the bands) then a band-mixing layer, both residual.

    x: (B, K bands, D, T) in and out."""

    def __init__(self, bands: int, width: int, dilation: int) -> None:
        super().__init__()
        self.time_norm = FrameNorm(width)
        self.time = nn.Sequential(
            nn.Conv1d(width, width, 3, padding=dilation, dilation=dilation, groups=width),
            nn.Conv1d(width, 2 * width, 1), nn.GELU(), nn.Conv1d(2 * width, width, 1),
        )
        self.band_norm = FrameNorm(width)
        self.band = nn.Sequential(nn.Linear(bands, 2 * bands), nn.GELU(), nn.Linear(2 * bands, bands))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, bands, width, frames = x.shape
        flat = x.reshape(batch * bands, width, frames)
        flat = flat + self.time(self.time_norm(flat))
        mixed = self.band_norm(flat).reshape(batch, bands, width, frames).permute(0, 2, 3, 1)  # (B, D, T, K)
        return flat.reshape(batch, bands, width, frames) + self.band(mixed).permute(0, 3, 1, 2)


class DrumMaskNet(nn.Module):
    """Normalised magnitude (B, 2, BINS, T) → masks (B, 4, 2, BINS, T) that sum to one over the pieces."""

    def __init__(self, width: int = 32, depth: int = 5) -> None:
        super().__init__()
        self.bands = band_bins()
        self.width, self.depth = width, depth
        pieces = len(DRUM_PIECES)
        self.split = nn.ModuleList(nn.Linear(2 * (end - start), width) for start, end in self.bands)
        self.blocks = nn.ModuleList(Block(len(self.bands), width, 2**i) for i in range(depth))
        self.out_norm = FrameNorm(width)
        self.heads = nn.ModuleList(
            nn.Sequential(nn.Linear(width, 2 * width), nn.GELU(), nn.Linear(2 * width, pieces * 2 * (end - start)))
            for start, end in self.bands
        )

    def forward(self, magnitude: torch.Tensor) -> torch.Tensor:
        batch, _, _, frames = magnitude.shape
        features = torch.log(magnitude + FEATURE_FLOOR)
        embedded = []
        for (start, end), project in zip(self.bands, self.split, strict=True):
            band = features[:, :, start:end, :].reshape(batch, 2 * (end - start), frames)
            embedded.append(project(band.transpose(1, 2)).transpose(1, 2))  # (B, D, T)
        x = torch.stack(embedded, dim=1)  # (B, K, D, T)
        for block in self.blocks:
            x = block(x)
        bands, width = x.shape[1], x.shape[2]
        x = self.out_norm(x.reshape(batch * bands, width, frames)).reshape(batch, bands, width, frames)
        logits = []
        for k, ((start, end), head) in enumerate(zip(self.bands, self.heads, strict=True)):
            out = head(x[:, k].transpose(1, 2))  # (B, T, 4 * 2 * bins)
            logits.append(out.reshape(batch, frames, len(DRUM_PIECES), 2, end - start))
        stacked = torch.cat(logits, dim=4).permute(0, 2, 3, 4, 1)  # (B, 4, 2, BINS, T)
        return torch.softmax(stacked, dim=1)


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def export_onnx(model: DrumMaskNet, path: Path, metadata: dict[str, object] | None = None) -> None:
    """Write ``model`` as ONNX (opset :data:`OPSET`, dynamic batch and frame axes); the metadata
    gives the pieces, the STFT, the sample rate and the feature scale, read back by the server."""
    import onnx  # exporter-only dependency (requirements-dev.txt)

    model.eval()
    path.parent.mkdir(parents=True, exist_ok=True)
    example = torch.rand(1, 2, BINS, 64)
    dynamic = {INPUT_NAME: {0: "batch", 3: "frames"}, OUTPUT_NAME: {0: "batch", 4: "frames"}}
    torch.onnx.export(model, (example,), str(path), input_names=[INPUT_NAME], output_names=[OUTPUT_NAME],
                      dynamic_axes=dynamic, opset_version=OPSET, dynamo=False)
    proto = onnx.load(str(path))
    fields = {"pieces": list(DRUM_PIECES), "sample_rate_hz": SAMPLE_RATE_HZ, "n_fft": N_FFT, "hop": HOP,
              "normalisation": "rms", **(metadata or {})}
    for key, value in fields.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, json.dumps(value)
    onnx.save(proto, str(path))
