"""The mixing servicer on a local store: Mix returns the parameters and analysis, Render
reproduces the mix bit for bit from them, errors name what is wrong."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from mixdown.common.v1 import common_pb2
from mixdown.errors import InvalidInput
from mixdown.mixing.v2 import mixing_pb2
from mixdown.protoconv import role_value
from mixdown.service import ServiceContext
from mixdown.storage.local import LocalStore
from mixdown_dev.examples import beat, vocal_like
from mixdown_mixing.server import MixingServicer
from mixdown_mixing.settings import MixingSettings

RATE_HZ = 44100


@pytest.fixture
def servicer(tmp_path):
    settings = MixingSettings(storage_root=tmp_path / "objects", work_dir=tmp_path / "work")
    store = LocalStore(tmp_path / "objects")
    for name, audio in (("vocal.wav", vocal_like(6.0, RATE_HZ, seed=1)), ("beat.wav", beat(6.0, RATE_HZ, seed=1))):
        local = tmp_path / name
        sf.write(local, audio.T, RATE_HZ, subtype="FLOAT")
        store.put_file(f"in/{name}", local)
    return MixingServicer(ServiceContext(settings=settings, store=store)), store


def tracks(store, overrides: dict | None = None) -> list[mixing_pb2.Track]:
    return [
        mixing_pb2.Track(audio=common_pb2.AudioRef(uri=store.uri("in/vocal.wav"), sample_rate_hz=RATE_HZ),
                         role=role_value("lead_vocal"), name="vocal", overrides=overrides or {}),
        mixing_pb2.Track(audio=common_pb2.AudioRef(uri=store.uri("in/beat.wav"), sample_rate_hz=RATE_HZ),
                         role=role_value("instrumental"), name="beat"),
    ]


def read(store, uri: str, tmp_path) -> np.ndarray:
    local = tmp_path / "read.wav"
    store.get_file(store.key_from_uri(uri), local)
    return sf.read(local, dtype="float32")[0]


def test_mix_then_render_gives_the_same_audio(servicer, tmp_path):
    service, store = servicer
    response = service._mix(mixing_pb2.MixRequest(
        tracks=tracks(store, {"reverb_send_db": -12.0}), preset="trap_aggressive",
        overrides={"glue_ratio": 3.0, "reverb_room_size": 0.6}, bpm=100.0, output_uri=store.uri("out/mix.wav")))
    parameters = {p.track: dict(p.values) for p in response.parameters}
    assert set(parameters) == {"vocal", "beat", "reverb", "delay", "bus"}
    assert parameters["vocal"]["reverb_send_db"] == -12.0
    assert parameters["bus"]["glue_ratio"] == 3.0 and parameters["reverb"]["reverb_room_size"] == 0.6
    assert parameters["delay"]["bpm"] == 100.0
    analysis = {a.track: a for a in response.analysis}
    assert not analysis["vocal"].silent and analysis["vocal"].crest_factor_db > 0
    assert analysis["vocal"].HasField("integrated_lufs") and analysis["vocal"].integrated_lufs < 0
    assert "spectral_balance_presence_db" in analysis["beat"].measurements
    assert response.mix.channels == 2 and response.mix.frames == 6 * RATE_HZ

    rendered = service._render(mixing_pb2.RenderRequest(
        tracks=tracks(store), parameters=response.parameters, output_uri=store.uri("out/render.wav")))
    np.testing.assert_array_equal(read(store, rendered.mix.uri, tmp_path), read(store, response.mix.uri, tmp_path))


def test_bad_requests_name_the_problem(servicer):
    service, store = servicer
    with pytest.raises(InvalidInput, match="bus override 'loudness': unknown parameter"):
        service._mix(mixing_pb2.MixRequest(tracks=tracks(store), overrides={"loudness": 1.0},
                                           output_uri=store.uri("out/x.wav")))
    with pytest.raises(InvalidInput, match="unknown preset 'lofi'"):
        service._mix(mixing_pb2.MixRequest(tracks=tracks(store), preset="lofi", output_uri=store.uri("out/x.wav")))
    with pytest.raises(InvalidInput, match="parameters missing for: vocal, beat, reverb, delay, bus"):
        service._render(mixing_pb2.RenderRequest(tracks=tracks(store), output_uri=store.uri("out/x.wav")))
    # a tempo of 0 sent by the client is a value to check, not "unknown"
    with pytest.raises(InvalidInput, match="bpm=0.0 is outside"):
        service._mix(mixing_pb2.MixRequest(tracks=tracks(store), bpm=0.0, output_uri=store.uri("out/x.wav")))


def _reference(store, tmp_path, rate_hz: int = 48000) -> common_pb2.AudioRef:
    """Another song at another sample rate: the beat loud and dark, the vocal low."""
    song = 0.2 * vocal_like(6.0, rate_hz, seed=8) + beat(6.0, rate_hz, bpm=120.0, seed=8)
    local = tmp_path / "reference.wav"
    sf.write(local, (0.5 * song / np.max(np.abs(song))).T, rate_hz, subtype="PCM_24")
    store.put_file("in/reference.wav", local)
    return common_pb2.AudioRef(uri=store.uri("in/reference.wav"), sample_rate_hz=rate_hz)


def test_style_mode_mixes_towards_the_reference_and_reports_it(servicer, tmp_path):
    service, store = servicer
    response = service._mix(mixing_pb2.MixRequest(
        tracks=tracks(store), mix_mode=mixing_pb2.MIX_MODE_STYLE, reference=_reference(store, tmp_path),
        style_amount=1.0, bpm=100.0, output_uri=store.uri("out/style.wav")))
    assert response.HasField("style")
    style = response.style
    # the search reaches this reference: a style mode delivers it, closer than the DSP mix, with no fallback
    assert style.style_amount == 1.0 and style.mode in ("optimisation", "controller+optimisation")
    assert not style.fallback_reason
    assert {"total", "mid_spectrum", "width"} <= set(style.distance_dsp) <= set(style.distance_delivered)
    assert style.distance_delivered["total"] < style.distance_dsp["total"]
    # the delivered parameters re-render to the same bits
    parameters = [common_pb2.TrackParameters(track=p.track, values=dict(p.values)) for p in response.parameters]
    rendered = service._render(mixing_pb2.RenderRequest(tracks=tracks(store), parameters=parameters,
                                                        output_uri=store.uri("out/again.wav")))
    assert np.array_equal(read(store, response.mix.uri, tmp_path), read(store, rendered.mix.uri, tmp_path))


@pytest.mark.parametrize("fields, fragment", [
    ({"mix_mode": mixing_pb2.MIX_MODE_STYLE}, "MIX_MODE_STYLE needs a reference track"),
    ({"mix_mode": mixing_pb2.MIX_MODE_STYLE, "style_amount": 1.5, "reference": "ref"}, "style_amount"),
    ({"style_amount": 0.5}, "apply to mix_mode MIX_MODE_STYLE only"),
])
def test_style_mode_requests_are_checked(servicer, tmp_path, fields, fragment):
    service, store = servicer
    if fields.get("reference") == "ref":
        fields = {**fields, "reference": _reference(store, tmp_path)}
    request = mixing_pb2.MixRequest(tracks=tracks(store), output_uri=store.uri("out/x.wav"), **fields)
    with pytest.raises(InvalidInput, match=fragment):
        service._mix(request)
