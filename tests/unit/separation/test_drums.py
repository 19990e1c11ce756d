"""The DSP drum splitter on drum loops synthesised from separate kick, snare, tom and cymbal hits:
SDR per piece above stated floors, pieces that sum back to the drum stem, bounded chunks, and a
drum model in Demucs format used in its place when one is configured."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import yaml
from demucs.hdemucs import HDemucs
from demucs.states import get_state, save_with_checksum

from mixdown.errors import InvalidInput
from mixdown_separation.drums import DRUM_PIECES, DrumSplitter, split_drums
from mixdown_separation.synth import drum_loop

torch.set_num_threads(2)

SUM_TOLERANCE = 1e-6
"""Largest sample error of the pieces' sum against the drum stem (float32 rounding)."""

# SDR floors in dB, 3 dB under the lowest that the splitter measures on these three loops
# (kick 11.2-14.2, snare 10.5-13.8, toms 10.5-14.0, cymbals 8.7-11.2 dB); docs/benchmarks.md
# has the figures over a larger set of loops.
SDR_FLOORS_DB = {"kick": 8.0, "snare": 7.5, "toms": 7.5, "cymbals": 5.5}


def sdr_db(reference: np.ndarray, estimate: np.ndarray) -> float:
    """Signal-to-distortion ratio, 10 log10(|s|^2 / |s - ŝ|^2) (the MDX-challenge definition)."""
    reference = reference.astype(np.float64)
    error = float(np.sum((reference - estimate) ** 2))
    return 10.0 * np.log10(float(np.sum(reference**2)) / max(error, 1e-20))


@pytest.fixture(scope="module")
def loops():
    return {
        (44100, 2): drum_loop(10.0, 44100, bpm=96.0, seed=10),
        (48000, 2): drum_loop(10.0, 48000, bpm=120.0, seed=11),
        (44100, 1): drum_loop(10.0, 44100, bpm=140.0, seed=12),
    }


@pytest.fixture(scope="module")
def splits(loops):
    return {(rate, channels): split_drums(loop.mix[:channels], rate) for (rate, channels), loop in loops.items()}


@pytest.mark.parametrize(("sample_rate_hz", "channels"), [(44100, 2), (48000, 2), (44100, 1)])
def test_each_piece_is_recovered_above_its_floor(loops, splits, sample_rate_hz, channels):
    loop = loops[(sample_rate_hz, channels)]
    pieces = splits[(sample_rate_hz, channels)]
    assert list(pieces) == list(DRUM_PIECES)
    scores = {name: sdr_db(loop.pieces[name][:channels], pieces[name]) for name in DRUM_PIECES}
    print(f"SDR {sample_rate_hz} Hz, {channels} ch:", {name: round(float(value), 1) for name, value in scores.items()})
    for name, floor in SDR_FLOORS_DB.items():
        assert scores[name] >= floor, (name, scores)


@pytest.mark.parametrize(("sample_rate_hz", "channels"), [(44100, 2), (48000, 2), (44100, 1)])
def test_pieces_are_shaped_and_sum_back(loops, splits, sample_rate_hz, channels):
    mix = loops[(sample_rate_hz, channels)].mix[:channels]
    pieces = splits[(sample_rate_hz, channels)]
    for piece in pieces.values():
        assert piece.shape == mix.shape and piece.dtype == np.float32 and np.isfinite(piece).all()
    total = np.sum(list(pieces.values()), axis=0, dtype=np.float64)
    assert np.max(np.abs(total - mix)) < SUM_TOLERANCE


@pytest.mark.parametrize("name", DRUM_PIECES)
def test_pieces_are_sample_aligned_with_the_truth(loops, splits, name):
    """The cross-correlation of each piece with its reference peaks at lag 0 (no delay, ±1 sample)."""
    loop = loops[(44100, 2)]
    estimate = splits[(44100, 2)][name].mean(axis=0).astype(np.float64)
    reference = loop.pieces[name].mean(axis=0).astype(np.float64)
    lags = np.arange(-64, 65)
    middle = slice(64, reference.size - 64)
    correlation = [np.dot(reference[middle], np.roll(estimate, -lag)[middle]) for lag in lags]
    assert abs(lags[int(np.argmax(correlation))]) <= 1  # a 50 Hz kick peaks broadly


def test_long_input_is_split_in_chunks_that_still_sum_back(loops, splits):
    loop = loops[(44100, 2)]
    whole = splits[(44100, 2)]
    chunked = split_drums(loop.mix, 44100, chunk_seconds=4.0)
    total = np.sum(list(chunked.values()), axis=0, dtype=np.float64)
    assert np.max(np.abs(total - loop.mix)) < SUM_TOLERANCE
    for name in DRUM_PIECES:
        assert sdr_db(loop.pieces[name], chunked[name]) >= sdr_db(loop.pieces[name], whole[name]) - 2.0, name


def test_silence_and_bad_input():
    silent = split_drums(np.zeros((2, 44100), np.float32), 44100)
    assert all(not piece.any() for piece in silent.values())
    tiny = split_drums(np.full((1, 10), 0.1, np.float32), 44100)
    np.testing.assert_allclose(np.sum(list(tiny.values()), axis=0), 0.1, atol=SUM_TOLERANCE)
    with pytest.raises(InvalidInput, match="NaN"):
        split_drums(np.full((1, 100), np.nan, np.float32), 44100)
    with pytest.raises(InvalidInput, match="channels, samples"):
        split_drums(np.zeros(100, np.float32), 44100)


def write_drum_model(folder: Path, name: str, sources: list[str]) -> None:
    """A drum model in Demucs's --repo layout, from a freshly initialised HDemucs (as Drumsep ships)."""
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = HDemucs(sources=sources, channels=4)
    args, kwargs = model._init_args_kwargs
    package = {"klass": HDemucs, "args": args, "kwargs": kwargs, "state": get_state(model, None)}
    save_with_checksum(package, folder / "0d5ece9e.th")
    (folder / f"{name}.yaml").write_text(yaml.safe_dump({"models": ["0d5ece9e"]}))


def test_a_configured_drum_model_replaces_the_dsp_splitter(tmp_path, loops):
    repo = tmp_path / "drum_models"
    write_drum_model(repo, "drumsep", ["bombo", "redoblante", "toms", "platillos"])
    splitter = DrumSplitter(model_name="drumsep", model_repo=repo, device="cpu")
    assert splitter.method == "demucs-model:drumsep"
    mix = loops[(44100, 2)].mix[:, : 3 * 44100]
    pieces = splitter.split(mix, 44100)
    assert list(pieces) == list(DRUM_PIECES)
    assert {piece.shape for piece in pieces.values()} == {mix.shape}
    total = np.sum(list(pieces.values()), axis=0, dtype=np.float64)
    assert np.max(np.abs(total - mix)) < 1e-4
    assert DrumSplitter(splitter="dsp").method == "dsp-nmf"
    assert DrumSplitter().method == "onnx-model:drums.onnx"  # without a Demucs-format model: the network


def test_a_drum_model_with_unknown_sources_is_refused(tmp_path):
    repo = tmp_path / "drum_models"
    write_drum_model(repo, "odd", ["kick", "cowbell"])
    with pytest.raises(InvalidInput, match="cowbell cannot be mapped to kick, snare, toms, cymbals"):
        DrumSplitter(model_name="odd", model_repo=repo, device="cpu")
