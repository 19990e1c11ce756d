"""The style controller: ONNX export against torch, the shipped model, and the features it reads."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
import torch

from mixdown.catalog import ROLES
from mixdown.errors import InvalidInput, Unavailable
from mixdown_mixing.core import Track
from mixdown_mixing.style.controller import MODEL_PATH, Controller, controller_inputs
from mixdown_mixing.style.inputs import EXCERPT_FRAMES, MEL_BANDS, REFERENCE_SCALARS, TRACK_SCALARS, log_mel_db
from mixdown_mixing.style.space import bus_params, track_params
from training.style.model import StyleController, export_onnx

FS = 44100
TRACK_COUNTS = (1, 2, 3, 8, 12)


def _inputs(tracks: int, seed: int) -> tuple[torch.Tensor, ...]:
    g = torch.Generator().manual_seed(seed)
    return (
        torch.randn(1, tracks, MEL_BANDS, EXCERPT_FRAMES, generator=g),
        torch.randn(1, tracks, TRACK_SCALARS, generator=g),
        torch.randint(0, len(ROLES), (1, tracks), generator=g),
        torch.randn(1, 2, MEL_BANDS, EXCERPT_FRAMES, generator=g),
        torch.randn(1, REFERENCE_SCALARS, generator=g),
    )


@pytest.fixture(scope="module")
def random_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[StyleController, Controller]:
    """A random-weight controller exported with two tracks (the track axis must stay dynamic)."""
    torch.manual_seed(1)
    model = StyleController().eval()
    path = tmp_path_factory.mktemp("controller") / "controller.onnx"
    export_onnx(model, path, _inputs(2, 0))
    controller = Controller.load(path)
    assert controller is not None
    return model, controller


@pytest.mark.parametrize("tracks", TRACK_COUNTS)
def test_onnx_matches_torch(random_model: tuple[StyleController, Controller], tracks: int) -> None:
    model, controller = random_model
    inputs = _inputs(tracks, seed=tracks)
    with torch.no_grad():
        want_tracks, want_bus = (t.numpy() for t in model(*inputs))
    feeds = dict(
        zip(
            ("track_mel", "track_scalars", "track_roles", "reference_mel", "reference_scalars"),
            (t.numpy() for t in inputs),
            strict=True,
        )
    )
    got_tracks, got_bus = controller._session.run(["track_params", "bus_params"], feeds)
    assert got_tracks.shape == (1, tracks, len(track_params()))
    assert np.max(np.abs(got_tracks - want_tracks)) <= 1e-4
    assert np.max(np.abs(got_bus - want_bus)) <= 1e-4


def test_tracks_attend_to_each_other(random_model: tuple[StyleController, Controller]) -> None:
    """A track's prediction depends on the other tracks (the transformer mixes the tokens)."""
    model, _ = random_model
    inputs = _inputs(3, seed=5)
    with torch.no_grad():
        alone = model(inputs[0][:, :1], inputs[1][:, :1], inputs[2][:, :1], inputs[3], inputs[4])[0][0, 0]
        together = model(*inputs)[0][0, 0]
    assert float((alone - together).abs().max()) > 1e-4


def _song(seconds: float = 4.0, sample_rate_hz: int = FS) -> list[Track]:
    t = np.arange(round(seconds * sample_rate_hz)) / sample_rate_hz
    rng = np.random.default_rng(0)
    vocal = (0.2 * np.sin(2 * np.pi * 440 * t) * (1 + np.sin(2 * np.pi * 3 * t)) / 2)[None]
    bass = (0.3 * np.sin(2 * np.pi * 55 * t))[None]
    pad = 0.05 * rng.standard_normal((2, t.size))
    return [
        Track("lead", "lead_vocal", vocal.astype(np.float32)),
        Track("bass", "bass", bass.astype(np.float32)),
        Track("pad", "pad", pad.astype(np.float32)),
    ]


def test_shipped_controller_loads_on_cpu_and_predicts_in_range() -> None:
    assert MODEL_PATH.is_file(), "the trained controller ships with the package (make train-style)"
    controller = Controller.load()
    assert controller is not None
    assert "CPUExecutionProvider" in controller.providers
    tracks = _song()
    reference = np.stack([tracks[0].audio[0] + tracks[1].audio[0], tracks[0].audio[0] + tracks[2].audio[1]])
    features = controller_inputs(tracks, None, FS, reference, FS)
    predicted = controller.predict(*features)
    assert set(predicted) == {"lead", "bass", "pad", *bus_params()}
    for name in ("lead", "bass", "pad"):
        assert set(predicted[name]) == set(track_params())
        for param, value in predicted[name].items():
            spec = track_params()[param]
            assert spec.min <= value <= spec.max, (name, param, value)
    assert predicted["lead"]["pan"] == 0.0 and predicted["lead"]["width_percent"] == 0.0
    for bus, specs in bus_params().items():
        for param, spec in specs.items():
            assert spec.min <= predicted[bus][param] <= spec.max


@pytest.mark.parametrize("tracks", TRACK_COUNTS)
def test_shipped_controller_takes_any_track_count(tracks: int) -> None:
    controller = Controller.load()
    assert controller is not None
    song = _song(seconds=2.0)
    many = [Track(f"t{i}", "keys" if i else "lead_vocal", song[i % 3].audio) for i in range(tracks)]
    predicted = controller.predict(*controller_inputs(many, None, FS, song[2].audio, FS))
    assert len(predicted) == tracks + len(bus_params())
    assert all(np.isfinite(v) for values in predicted.values() for v in values.values())


def test_missing_model_gives_none(tmp_path) -> None:
    assert Controller.load(tmp_path / "absent.onnx") is None


def test_model_for_other_parameters_is_refused(random_model, tmp_path) -> None:
    import onnx

    proto = onnx.load(str(random_model[1].path))
    for entry in proto.metadata_props:
        if entry.key == "track_parameters":
            entry.value = json.dumps(["gain_db"])
    path = tmp_path / "other.onnx"
    onnx.save(proto, str(path))
    with pytest.raises(Unavailable, match="track_parameters"):
        Controller.load(path)


def test_log_mel_peaks_at_a_sines_band() -> None:
    fs = 22050
    t = np.arange(EXCERPT_FRAMES * 512 + 1024) / fs
    mel = log_mel_db(np.sin(2 * np.pi * 1000 * t))
    low = log_mel_db(np.sin(2 * np.pi * 100 * t))
    assert mel.shape == (MEL_BANDS, EXCERPT_FRAMES)
    assert int(np.argmax(mel.mean(axis=1))) > int(np.argmax(low.mean(axis=1)))
    assert mel.mean(axis=1).max() - np.median(mel.mean(axis=1)) > 30.0


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
def test_features_do_not_depend_on_the_sample_rate(sample_rate_hz: int) -> None:
    a = controller_inputs(_song(), None, FS, _song()[2].audio, FS)
    b = controller_inputs(
        _song(sample_rate_hz=sample_rate_hz),
        None,
        sample_rate_hz,
        _song(sample_rate_hz=sample_rate_hz)[2].audio,
        sample_rate_hz,
    )
    assert np.abs(a[0].mel[:2] - b[0].mel[:2]).mean() < 0.05  # network scale: 25 dB per unit
    assert np.abs(a[0].scalars - b[0].scalars).max() < 0.05


def test_excerpt_is_where_all_tracks_play() -> None:
    """A track that only plays in the second half: the excerpt is taken there."""
    tracks = _song(seconds=8.0)
    late = tracks[1].audio.copy()
    late[:, : late.shape[1] // 2] = 0.0
    tracks[1] = Track("bass", "bass", late)
    features, _ = controller_inputs(tracks, None, FS, tracks[2].audio, FS)
    bass_band = int(np.argmax(features.mel[1].mean(axis=1)))
    assert features.mel[1, bass_band].min() > features.mel[1].min() + 1.0  # the bass sounds in every frame


def test_roles_map_wins_and_unknown_roles_are_refused() -> None:
    tracks = _song()
    features, _ = controller_inputs(tracks, {"pad": "keys"}, FS, tracks[2].audio, FS)
    assert features.roles == ["lead_vocal", "bass", "keys"]
    with pytest.raises(InvalidInput, match="unknown role"):
        controller_inputs(tracks, {"pad": "kazoo"}, FS, tracks[2].audio, FS)


def test_inference_time_for_eight_tracks_is_reported(capsys) -> None:
    """Not an assertion on time (a benchmark figure): prints the median of 20 runs."""
    controller = Controller.load()
    assert controller is not None
    song = _song(seconds=2.0)
    eight = [Track(f"t{i}", "keys", song[i % 3].audio) for i in range(8)]
    features = controller_inputs(eight, None, FS, song[2].audio, FS)
    times = []
    for _ in range(20):
        start = time.perf_counter()
        controller.predict(*features)
        times.append(time.perf_counter() - start)
    with capsys.disabled():
        print(f"\ncontroller inference, 8 tracks: median {1000 * np.median(times):.1f} ms on {controller.providers[0]}")
