"""Separation core on the tiny random-weight Demucs model: shapes, names, stems that sum back,
chunking, local model folders and the errors that say where a model was looked for."""

from __future__ import annotations

import urllib.error
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml
from demucs import pretrained
from demucs.hdemucs import HDemucs
from demucs.states import get_state, save_with_checksum

from mixdown.errors import InvalidInput
from mixdown_separation.core import (
    ModelNotFound,
    Separator,
    assign_residual,
    chunk_regions,
    crossfade_weights,
    select_stems,
    supported_models,
)

torch.set_num_threads(2)

FOUR_STEMS = {"drums", "bass", "vocals", "other"}
SUM_TOLERANCE = 1e-4


def song(seconds: float, sample_rate_hz: int, channels: int, seed: int = 7) -> np.ndarray:
    """A kick on every beat at 120 BPM, a bass line, a sung-like harmonic tone and hi-hat noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sample_rate_hz)) / sample_rate_hz
    beat = np.mod(t, 0.5)
    kick = np.sin(2 * np.pi * 60 * t) * np.exp(-beat * 30)
    bass = 0.5 * np.sin(2 * np.pi * 82.4 * t)
    voice = sum(np.sin(2 * np.pi * 220 * k * t + 0.3 * np.sin(2 * np.pi * 5 * t)) / k for k in range(1, 6))
    hats = rng.standard_normal(t.size) * np.exp(-np.mod(t, 0.25) * 80)
    mono = 0.3 * kick + 0.2 * bass + 0.1 * voice + 0.05 * hats
    pans = np.linspace(0.8, 1.2, channels)[:, None]
    return (mono[None, :] * pans + 0.01 * rng.standard_normal((channels, t.size))).astype(np.float32)


def assert_sums_back(stems: dict[str, np.ndarray], audio: np.ndarray) -> None:
    total = np.sum(list(stems.values()), axis=0)
    assert np.max(np.abs(total - audio)) < SUM_TOLERANCE


@pytest.fixture(scope="module")
def separator() -> Separator:
    return Separator(model_name="demucs_unittest", device="cpu")


@pytest.mark.parametrize(("channels", "sample_rate_hz"), [(2, 44100), (1, 48000)])
def test_stems_are_named_shaped_and_sum_back(separator, channels, sample_rate_hz):
    audio = song(4.0, sample_rate_hz, channels)
    fractions = []
    result = separator.separate_with_metrics(audio, sample_rate_hz, lambda fraction, note: fractions.append(fraction))
    assert set(result.stems) == FOUR_STEMS
    for stem in result.stems.values():
        assert stem.shape == audio.shape
        assert stem.dtype == np.float32
        assert np.isfinite(stem).all()
    assert_sums_back(result.stems, audio)
    assert np.isfinite(result.residual_db)
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)


def test_long_input_is_chunked_and_still_sums_back():
    separator = Separator(model_name="demucs_unittest", device="cpu", chunk_seconds=10.0)
    audio = song(25.0, 44100, 2)
    notes = []
    stems = separator.separate(audio, 44100, lambda fraction, note: notes.append(note))
    assert {stem.shape for stem in stems.values()} == {audio.shape}
    assert_sums_back(stems, audio)
    assert any("chunk 3/3" in note for note in notes)


def test_separation_is_deterministic_with_shifts():
    separator = Separator(model_name="demucs_unittest", device="cpu", shifts=1, segment_seconds=2.0)
    audio = song(3.0, 44100, 2)
    first = separator.separate(audio, 44100)
    second = separator.separate(audio, 44100)
    for name in first:
        np.testing.assert_array_equal(first[name], second[name])
    assert_sums_back(first, audio)


def test_batching_segments_does_not_change_the_stems():
    audio = song(3.0, 44100, 2)
    stems = []
    for batch_size in (1, 3):
        torch.manual_seed(0)  # the same random weights for both
        separator = Separator(model_name="demucs_unittest", device="cpu", segment_seconds=1.0, batch_size=batch_size)
        stems.append(separator.separate(audio, 44100))
    for name in stems[0]:
        np.testing.assert_allclose(stems[0][name], stems[1][name], atol=1e-5)


def test_chunks_cover_the_input_and_crossfades_sum_to_one():
    total, chunk, crossfade = 1000, 300, 40
    regions = chunk_regions(total, chunk, crossfade)
    coverage = np.zeros(total)
    for start, end in regions:
        assert end - start <= chunk
        coverage[start:end] += crossfade_weights(end - start, crossfade, start > 0, end < total).numpy()
    np.testing.assert_allclose(coverage, 1.0, atol=1e-6)
    assert regions[0][0] == 0 and regions[-1][1] == total
    assert chunk_regions(100, 300, 40) == [(0, 100)]


def test_the_residual_goes_to_other_and_is_measured():
    audio = np.ones((1, 100), dtype=np.float32)
    estimates = np.stack([np.full((1, 100), 0.5, np.float32), np.zeros((1, 100), np.float32)])
    stems, residual_db = assign_residual(audio, estimates, ["vocals", "other"])
    np.testing.assert_allclose(stems["other"], 0.5)
    np.testing.assert_allclose(stems["vocals"], 0.5)
    assert residual_db == pytest.approx(10 * np.log10(0.25))
    _, exact_db = assign_residual(audio, np.stack([audio, 0 * audio]), ["vocals", "other"])
    assert exact_db == -120.0


def test_stems_required_filters_and_names_unknown_stems():
    sources = ["drums", "bass", "other", "vocals"]
    assert select_stems(sources, ["vocals", "drums"]) == ["drums", "vocals"]
    assert select_stems(sources, []) == sources
    with pytest.raises(InvalidInput, match="piano, kick.*drums, bass, other, vocals"):
        select_stems(sources, ["vocals", "piano", "kick"])


def test_bad_audio_and_parameters_are_refused(separator):
    with pytest.raises(InvalidInput, match="channels, samples"):
        separator.separate(np.zeros(100, np.float32), 44100)
    with pytest.raises(InvalidInput, match="NaN"):
        separator.separate(np.full((1, 100), np.nan, np.float32), 44100)
    with pytest.raises(InvalidInput, match="overlap=1.0"):
        Separator(model_name="demucs_unittest", overlap=1.0)


def write_model_repo(folder: Path, bag_name: str, sources: list[str]) -> str:
    """A Demucs ``--repo`` folder: one checkpoint ``<sig>-<sha>.th`` and a ``<bag_name>.yaml`` naming it."""
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = HDemucs(sources=sources, channels=4)
    args, kwargs = model._init_args_kwargs
    package = {"klass": HDemucs, "args": args, "kwargs": kwargs, "state": get_state(model, None)}
    signature = "0badcafe"
    save_with_checksum(package, folder / f"{signature}.th")
    (folder / f"{bag_name}.yaml").write_text(yaml.safe_dump({"models": [signature]}))
    return signature


def test_a_local_model_folder_is_loaded_by_bag_name_and_signature(tmp_path):
    repo = tmp_path / "models"
    signature = write_model_repo(repo, "two_stems", ["vocals", "other"])
    audio = song(2.0, 44100, 2)
    for name in ("two_stems", signature):
        separator = Separator(model_name=name, model_repo=repo, device="cpu")
        assert separator.sources == ["vocals", "other"]
        stems = separator.separate(audio, 44100)
        assert set(stems) == {"vocals", "other"}
        assert_sums_back(stems, audio)


def test_a_model_missing_from_the_folder_names_the_folder(tmp_path):
    repo = tmp_path / "models"
    write_model_repo(repo, "two_stems", ["vocals", "other"])
    with pytest.raises(ModelNotFound, match="MIXDOWN_SEPARATION_MODEL_REPO") as caught:
        Separator(model_name="htdemucs", model_repo=repo)
    assert str(repo) in str(caught.value)
    assert "two_stems.yaml" in str(caught.value)
    with pytest.raises(ModelNotFound, match="not a directory") as caught:
        Separator(model_name="htdemucs", model_repo=tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(caught.value)


def test_a_model_that_cannot_be_downloaded_names_the_caches(monkeypatch):
    def offline(name, repo=None):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(pretrained, "get_model", offline)
    with pytest.raises(ModelNotFound) as caught:
        Separator(model_name="htdemucs")
    message = str(caught.value)
    assert str(Path(torch.hub.get_dir()) / "checkpoints") in message
    assert "Hugging Face cache" in message and "MIXDOWN_SEPARATION_MODEL_REPO" in message


def test_unknown_model_names_list_the_supported_ones():
    assert supported_models() == ["htdemucs", "htdemucs_ft", "htdemucs_6s", "mdx_extra", "demucs_unittest"]
    with pytest.raises(ModelNotFound, match="htdemucs, htdemucs_ft, htdemucs_6s, mdx_extra, demucs_unittest"):
        Separator(model_name="spleeter")
