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

from mixdown.dsp.chunks import chunk_regions, crossfade_weights
from mixdown.errors import InvalidInput
from mixdown_separation.core import (
    Separator,
    assign_residual,
    select_stems,
)
from mixdown_separation.models import ModelNotFound, supported_models

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
        coverage[start:end] += crossfade_weights(end - start, crossfade, start > 0, end < total)
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


# --- the stage: stems, drum sub-stems, formats, tempo and key ------------------------------------

EIGHT_STEMS = ["drums", "bass", "vocals", "other", "kick", "snare", "cymbals", "toms"]


def test_resolve_request_names_stems_and_refuses_what_it_cannot_give():
    from mixdown_separation.stage import resolve_request

    sources = ["drums", "bass", "other", "vocals"]
    assert resolve_request(sources).names == ["drums", "bass", "vocals", "other"]
    assert resolve_request(sources, [], True).names == EIGHT_STEMS
    both = resolve_request(sources, ["vocals", "drums"], True, "flac")
    assert (both.main, both.pieces, both.format) == (["drums", "vocals"], ["kick", "snare", "cymbals", "toms"], "flac")
    assert resolve_request(sources, ["kick", "vocals"], True).names == ["vocals", "kick"]
    with pytest.raises(InvalidInput, match="kick are drum sub-stems: set drum_separation"):
        resolve_request(sources, ["kick"], False)
    with pytest.raises(InvalidInput, match="unknown stems piano"):
        resolve_request(sources, ["piano"])
    with pytest.raises(InvalidInput, match="format 'ogg'"):
        resolve_request(sources, [], False, "ogg")
    with pytest.raises(InvalidInput, match="drum_separation needs a drums stem"):
        resolve_request(["vocals", "other"], [], True)


def _stage_context(tmp_path: Path, audio: np.ndarray, rate: int, options: dict):
    import soundfile as sf

    from mixdown.events.messages import InputTrack, JobRecord, StageMessage
    from mixdown.events.stage import StageContext
    from mixdown.storage.local import LocalStore

    store = LocalStore(tmp_path / "objects")
    source = tmp_path / "song.wav"
    sf.write(source, audio.T, rate, subtype="FLOAT")
    key = "tenants/t/jobs/j1/inputs/01-song.wav"
    store.put_file(key, source)
    track = InputTrack(name="song.wav", role="other", key=key, sample_rate_hz=rate, channels=audio.shape[0],
                       frames=audio.shape[1], duration_seconds=audio.shape[1] / rate)
    job = JobRecord(id="j1", tenant="t", kind="separation", plan=["separation"], inputs=[track], options=options)
    work = tmp_path / "work"
    work.mkdir()
    return store, StageContext(job=job, message=StageMessage(job_id="j1", tenant="t", stage="separation"),
                               store=store, work_dir=work)


@pytest.mark.parametrize("output_format", ["wav", "flac", "mp3"])
def test_the_stage_writes_eight_aligned_stems_with_tempo_and_key(separator, tmp_path, output_format):
    import soundfile as sf

    from mixdown_separation.stage import SeparationStage
    from mixdown_separation.synth import tonal_song

    rate = 44100
    audio = tonal_song(8.0, 9, "minor", rate, 120.0, seed=4)
    store, ctx = _stage_context(tmp_path, audio, rate, {"drum_separation": True, "format": output_format})
    result = SeparationStage(separator).run(ctx)
    assert list(result.artifacts) == [f"stems/{name}" for name in EIGHT_STEMS]
    decoded = {}
    for name in EIGHT_STEMS:
        key = result.artifacts[f"stems/{name}"]
        assert key.endswith(f"/stems/{name}.{output_format}")
        local = tmp_path / f"{name}.{output_format}"
        store.get_file(key, local)
        data, file_rate = sf.read(local, dtype="float32", always_2d=True)
        assert file_rate == rate and data.shape == audio.T.shape, name  # same length, even as MP3
        decoded[name] = data.T
    main = np.sum([decoded[n] for n in ("drums", "bass", "vocals", "other")], axis=0)
    pieces = np.sum([decoded[n] for n in ("kick", "snare", "cymbals", "toms")], axis=0)
    if output_format == "mp3":  # lossy, but aligned: the sums match to 25 dB signal-to-error
        for total, reference in ((main, audio), (pieces, decoded["drums"])):
            assert 10 * np.log10(np.sum(reference**2) / np.sum((total - reference) ** 2)) > 25.0
    else:
        tolerance = {"wav": 1e-5, "flac": 1e-4}[output_format]  # float32 / 24-bit
        assert np.max(np.abs(main - audio)) < tolerance
        assert np.max(np.abs(pieces - decoded["drums"])) < tolerance
    analysis = result.metrics["analysis"]
    assert abs(analysis["bpm"] - 120.0) <= 1.0 and analysis["key"] == "A minor"
    assert 0 < analysis["bpm_confidence"] <= 1 and 0 < analysis["key_confidence"] <= 1
    assert result.metrics["format"] == output_format
    assert result.parameters["drum_method"] == "onnx-model:drums.onnx"  # the shipped network by default


def test_the_stage_delivers_only_the_stems_asked_for(separator, tmp_path):
    from mixdown_separation.stage import SeparationStage

    audio = song(3.0, 44100, 1)
    _, ctx = _stage_context(tmp_path, audio, 44100, {"stems_required": ["vocals"]})
    result = SeparationStage(separator).run(ctx)
    assert list(result.artifacts) == ["stems/vocals"] and result.parameters["drum_method"] is None
    _, bad = _stage_context(tmp_path / "b", audio, 44100, {"drum_separation": "yes"})
    with pytest.raises(InvalidInput, match="drum_separation must be true or false"):
        SeparationStage(separator).run(bad)


def test_grpc_separate_streams_progress_then_stems_with_tempo_and_key(separator, tmp_path):
    import asyncio

    import grpc

    from mixdown.common.v1 import common_pb2
    from mixdown.separation.v1 import separation_pb2, separation_pb2_grpc
    from mixdown.service import ServiceContext
    from mixdown_separation.server import register
    from mixdown_separation.settings import SeparationSettings
    from mixdown_separation.synth import tonal_song

    audio = tonal_song(6.0, 7, "major", 44100, 100.0, seed=6)
    store, _ = _stage_context(tmp_path, audio, 44100, {})
    ctx = ServiceContext(settings=SeparationSettings(work_dir=tmp_path / "grpc-work"), store=store)

    async def call(**fields) -> list:
        server = grpc.aio.server()
        register(server, ctx, separator)
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = separation_pb2_grpc.SeparationServiceStub(channel)
                request = separation_pb2.SeparateRequest(
                    audio=common_pb2.AudioRef(uri=store.uri("tenants/t/jobs/j1/inputs/01-song.wav")),
                    output_prefix_uri=store.uri("tenants/t/jobs/j1/grpc"), **fields)
                return [response async for response in stub.Separate(request, timeout=60)]
        finally:
            await server.stop(None)

    flac = asyncio.run(call(stems_required=["vocals"], format="flac"))[-1].result
    assert [(s.name, s.audio.format) for s in flac.stems] == [("vocals", "flac-24")]
    assert flac.stems[0].audio.uri.endswith("/grpc/vocals.flac")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        asyncio.run(call(format="ogg"))
    assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT and "wav, flac, mp3" in refused.value.details()

    responses = asyncio.run(call(stems_required=["vocals", "drums"], drum_separation=True))
    assert all(r.HasField("progress") for r in responses[:-1]) and len(responses) > 3
    result = responses[-1].result
    assert [stem.name for stem in result.stems] == ["drums", "vocals", "kick", "snare", "cymbals", "toms"]
    assert result.stems[0].audio.uri.endswith("/grpc/drums.wav") and result.stems[0].audio.frames == audio.shape[1]
    assert abs(result.bpm - 100.0) <= 1.0 and result.key == "G major"
    assert 0 < result.bpm_confidence <= 1 and 0 < result.key_confidence <= 1

    drums_only = asyncio.run(call(source="drums", stems_required=["kick", "toms"]))[-1].result
    assert [stem.name for stem in drums_only.stems] == ["kick", "toms"]  # the input taken as a drum stem
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        asyncio.run(call(source="drums", stems_required=["vocals"]))
    assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT and "not vocals" in refused.value.details()
