"""The drum-part network served with onnxruntime: masks that sum to one, pieces that sum back to
the drum stem and stay aligned to the sample, chunks that join seamlessly, a clear error and the
DSP fallback for missing or corrupt weights, and the network as the default drum splitter.

Most tests use a tiny random-weight network exported here (the contracts do not depend on the
weights); the last ones use the shipped ``models/drums.onnx``."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mixdown.errors import Unavailable
from mixdown_separation.drum_model import MODEL_PATH, DrumModel
from mixdown_separation.drums import DRUM_PIECES, DrumSplitter
from mixdown_separation.settings import SeparationSettings
from mixdown_separation.synth import drum_loop
from training.drums.model import BINS, DrumMaskNet, export_onnx

torch.set_num_threads(2)

SUM_TOLERANCE = 1e-6
"""Largest sample error of the pieces' sum against the drum stem (float32 rounding)."""


@pytest.fixture(scope="module")
def tiny_path(tmp_path_factory):
    torch.manual_seed(3)
    path = tmp_path_factory.mktemp("drum-model") / "tiny.onnx"
    export_onnx(DrumMaskNet(width=8, depth=2), path)
    return path


@pytest.fixture(scope="module")
def tiny(tiny_path):
    return DrumModel.load(tiny_path, threads=2)


def relative_error_db(reference: np.ndarray, estimate: np.ndarray) -> float:
    reference = reference.astype(np.float64)
    return float(10 * np.log10(np.sum((estimate - reference) ** 2) / np.sum(reference**2)))


def test_the_masks_sum_to_one_over_the_pieces_for_any_length(tiny):
    rng = np.random.default_rng(0)
    for frames in (5, 173):
        magnitude = rng.gamma(0.5, 1.0, size=(2, BINS, frames)).astype(np.float32)
        masks = tiny.masks(magnitude)
        assert masks.shape == (len(DRUM_PIECES), 2, BINS, frames)
        assert masks.min() >= 0.0
        np.testing.assert_allclose(masks.sum(axis=0), 1.0, atol=1e-5)


@pytest.mark.parametrize(("sample_rate_hz", "channels"), [(44100, 2), (48000, 2), (44100, 1)])
def test_the_pieces_sum_back_to_the_drum_stem(tiny, sample_rate_hz, channels):
    drums = drum_loop(4.0, sample_rate_hz, bpm=110.0, seed=5).mix[:channels]
    pieces = tiny.split(drums, sample_rate_hz)
    assert list(pieces) == list(DRUM_PIECES)
    for name, piece in pieces.items():
        assert piece.shape == drums.shape and piece.dtype == np.float32, name
    total = np.sum([pieces[name] for name in DRUM_PIECES], axis=0, dtype=np.float64)
    assert np.max(np.abs(total - drums)) < SUM_TOLERANCE
    # every piece gets a real share: the masks split, they do not hand everything to the residual
    assert all(np.sum(pieces[name] ** 2) > 1e-3 * np.sum(drums**2) for name in DRUM_PIECES)


def test_chunked_pieces_equal_the_unchunked_ones_and_stay_aligned(tiny):
    drums = drum_loop(12.0, 44100, bpm=128.0, seed=6).mix
    whole = tiny.split(drums, 44100, chunk_seconds=60.0)
    chunked = tiny.split(drums, 44100, chunk_seconds=4.0, crossfade_seconds=1.0)
    for name in DRUM_PIECES:
        assert relative_error_db(whole[name], chunked[name]) < -40.0, name
    # aligned to the sample: masks are real and zero-phase, so each piece correlates with the
    # stem best at lag 0, across chunk joins too
    lags = np.arange(-32, 33)
    for name in DRUM_PIECES:
        piece = chunked[name][0].astype(np.float64)
        stem = drums[0].astype(np.float64)
        scores = [np.dot(piece[64:-64], np.roll(stem, lag)[64:-64]) for lag in lags]
        assert lags[int(np.argmax(scores))] == 0, name


def test_missing_weights_name_the_file_and_the_splitter_falls_back_to_dsp(tmp_path):
    missing = tmp_path / "none.onnx"
    with pytest.raises(Unavailable, match="none.onnx: no such file"):
        DrumModel.load(missing)
    splitter = DrumSplitter(weights_path=missing)
    assert splitter.method == "dsp-nmf"
    assert "none.onnx" in splitter.fallback_reason and "DSP splitter" in splitter.fallback_reason


def test_corrupt_weights_name_the_file_and_the_splitter_falls_back_to_dsp(tmp_path):
    corrupt = tmp_path / "corrupt.onnx"
    corrupt.write_bytes(b"\x08\x07not an onnx model" * 20)
    with pytest.raises(Unavailable, match="corrupt.onnx: onnxruntime could not load it"):
        DrumModel.load(corrupt)
    splitter = DrumSplitter(weights_path=corrupt)
    assert splitter.method == "dsp-nmf"
    drums = drum_loop(3.0, 44100, seed=8).mix
    pieces = splitter.split(drums, 44100)
    total = np.sum([pieces[name] for name in DRUM_PIECES], axis=0, dtype=np.float64)
    assert np.max(np.abs(total - drums)) < SUM_TOLERANCE


def test_an_onnx_model_for_something_else_is_refused(tmp_path):
    other = tmp_path / "other.onnx"
    model = torch.nn.Linear(4, 2)
    torch.onnx.export(model, (torch.zeros(1, 4),), str(other), opset_version=17, dynamo=False)
    with pytest.raises(Unavailable, match="does not describe a drum-part model"):
        DrumModel.load(other)


def test_the_splitter_setting_chooses_the_network_or_the_dsp(tiny_path):
    options = SeparationSettings(drum_model_path=tiny_path).drum_splitter_options()
    assert DrumSplitter(**options).method == "onnx-model:tiny.onnx"
    options = SeparationSettings(drum_splitter="dsp", drum_model_path=tiny_path).drum_splitter_options()
    assert DrumSplitter(**options).method == "dsp-nmf"


def test_the_shipped_network_is_the_default_drum_splitter():
    assert MODEL_PATH.is_file()
    splitter = DrumSplitter()
    assert splitter.method == "onnx-model:drums.onnx" and splitter.fallback_reason is None
    drums = drum_loop(6.0, 44100, bpm=100.0, seed=9).mix
    pieces = splitter.split(drums, 44100)
    total = np.sum([pieces[name] for name in DRUM_PIECES], axis=0, dtype=np.float64)
    assert np.max(np.abs(total - drums)) < SUM_TOLERANCE
