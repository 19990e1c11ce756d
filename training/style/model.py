"""The style controller network (torch; training and ONNX export only — serving uses onnxruntime).

Tokens: one per track (a small CNN over its log-mel excerpt + its analysis scalars + a role
embedding), one for the reference (a CNN over its mid/side log-mel + its scalars) and one per
bus with style parameters (learned). A few pre-norm transformer layers with attention written
as plain matmul/softmax (so the ONNX export keeps a dynamic track axis) mix them; each track
token gives the track's style parameters and each bus token its bus's, all as sigmoids, i.e.
the parameters on their normalised [0, 1] scale (``Param.normalise``).

Shapes (B songs, N tracks, M mel bands, F frames): track_mel (B, N, M, F), track_scalars (B, N,
TRACK_SCALARS), track_roles (B, N) int64, reference_mel (B, 2, M, F), reference_scalars (B,
REFERENCE_SCALARS) → track_params (B, N, len(TRACK_STYLE_PARAMETERS)), bus_params (B, total bus
style parameters, in the order of BUS_STYLE_PARAMETERS).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
from torch import nn

from mixdown.catalog import ROLES
from mixdown_mixing.style.inputs import MEL_BANDS, REFERENCE_SCALARS, TRACK_SCALARS
from mixdown_mixing.style.space import BUS_STYLE_PARAMETERS, TRACK_STYLE_PARAMETERS

OPSET = 18

INPUT_NAMES = ("track_mel", "track_scalars", "track_roles", "reference_mel", "reference_scalars")
OUTPUT_NAMES = ("track_params", "bus_params")


class SpectrogramEncoder(nn.Module):
    """(B, C, M, F) log-mel → (B, width): four stride-2 conv layers, mean over time, a linear map."""

    def __init__(self, channels: int, width: int) -> None:
        super().__init__()
        sizes = (channels, 16, 32, 48, 64)
        layers: list[nn.Module] = []
        for c_in, c_out in zip(sizes[:-1], sizes[1:], strict=True):
            layers += [nn.Conv2d(c_in, c_out, 3, stride=2, padding=1), nn.GELU()]
        self.convs = nn.Sequential(*layers)
        bands = MEL_BANDS
        for _ in range(4):
            bands = (bands + 1) // 2
        self.project = nn.Linear(sizes[-1] * bands, width)

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        features = self.convs(mel).mean(dim=3)  # (B, 64, bands): time pooled
        return self.project(features.flatten(1))


class Block(nn.Module):
    """Pre-norm transformer layer; attention as matmul/softmax (no fused kernel)."""

    def __init__(self, width: int, heads: int, hidden: int) -> None:
        super().__init__()
        self.heads, self.head_width = heads, width // heads
        self.norm1, self.norm2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.ff = nn.Sequential(nn.Linear(width, hidden), nn.GELU(), nn.Linear(hidden, width))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, tokens, width = x.shape
        qkv = self.qkv(self.norm1(x)).reshape(batch, tokens, 3, self.heads, self.head_width).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.head_width))
        weights = torch.softmax(scores, dim=-1)
        attended = torch.matmul(weights, v).transpose(1, 2).reshape(batch, tokens, width)
        x = x + self.out(attended)
        return x + self.ff(self.norm2(x))


class StyleController(nn.Module):
    def __init__(self, width: int = 128, layers: int = 3, heads: int = 4, hidden: int = 256) -> None:
        super().__init__()
        self.track_encoder = SpectrogramEncoder(1, width)
        self.reference_encoder = SpectrogramEncoder(2, width)
        self.track_scalars = nn.Linear(TRACK_SCALARS, width)
        self.reference_scalars = nn.Linear(REFERENCE_SCALARS, width)
        self.roles = nn.Embedding(len(ROLES), width)
        self.bus_tokens = nn.Parameter(0.02 * torch.randn(len(BUS_STYLE_PARAMETERS), width))
        self.kind = nn.Parameter(0.02 * torch.randn(2, width))  # track, reference
        self.blocks = nn.ModuleList(Block(width, heads, hidden) for _ in range(layers))
        self.norm = nn.LayerNorm(width)
        self.track_head = nn.Linear(width, len(TRACK_STYLE_PARAMETERS))
        self.bus_heads = nn.ModuleList(nn.Linear(width, len(names)) for names in BUS_STYLE_PARAMETERS.values())

    def forward(
        self,
        track_mel: torch.Tensor,
        track_scalars: torch.Tensor,
        track_roles: torch.Tensor,
        reference_mel: torch.Tensor,
        reference_scalars: torch.Tensor,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        batch, tracks = track_roles.shape
        mel = track_mel.reshape(batch * tracks, 1, track_mel.shape[-2], track_mel.shape[-1])
        track = self.track_encoder(mel).reshape(batch, tracks, -1)
        track = track + self.track_scalars(track_scalars) + self.roles(track_roles) + self.kind[0]
        reference = self.reference_encoder(reference_mel) + self.reference_scalars(reference_scalars) + self.kind[1]
        buses = self.bus_tokens.unsqueeze(0).expand(batch, -1, -1)
        x = torch.cat([track, reference.unsqueeze(1), buses], dim=1)
        for block in self.blocks:
            x = block(x)
        x = self.norm(x)
        track_params = torch.sigmoid(self.track_head(x[:, :tracks]))
        bus_x = x[:, tracks + 1 :]
        bus_params = torch.cat([torch.sigmoid(head(bus_x[:, i])) for i, head in enumerate(self.bus_heads)], dim=1)
        return track_params, bus_params


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def export_onnx(model: StyleController, path: Path, inputs: tuple[torch.Tensor, ...]) -> None:
    """Write ``model`` as ONNX (opset :data:`OPSET`) with a dynamic track axis; the metadata
    names the outputs' parameters and the role vocabulary so a server reads them by name."""
    import onnx  # exporter-only dependency (requirements-dev.txt)

    model.eval()
    path.parent.mkdir(parents=True, exist_ok=True)
    tracks = {1: "tracks"}
    dynamic = {"track_mel": tracks, "track_scalars": tracks, "track_roles": tracks, "track_params": tracks}
    torch.onnx.export(model, inputs, str(path), input_names=list(INPUT_NAMES), output_names=list(OUTPUT_NAMES),
                      dynamic_axes=dynamic, opset_version=OPSET, dynamo=False)
    proto = onnx.load(str(path))
    bus_names = [f"{bus}.{name}" for bus, names in BUS_STYLE_PARAMETERS.items() for name in names]
    metadata = {"track_parameters": list(TRACK_STYLE_PARAMETERS), "bus_parameters": bus_names, "roles": list(ROLES)}
    for key, value in metadata.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, json.dumps(value)
    onnx.save(proto, str(path))
