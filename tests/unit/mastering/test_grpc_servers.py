"""The gRPC servicers of mastering and QC, called directly on a local store: decode, core, encode."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from mixdown.common.v1 import common_pb2
from mixdown.dsp.truepeak import true_peak_dbtp
from mixdown.errors import InvalidInput
from mixdown.mastering.v2 import mastering_pb2
from mixdown.qc.v2 import qc_pb2
from mixdown.service import ServiceContext
from mixdown.stageio import load_audio, save_wav
from mixdown.storage.local import LocalStore
from mixdown_mastering.server import MasteringServicer
from mixdown_mastering.settings import MasteringSettings
from mixdown_qc.server import QcServicer
from mixdown_qc.settings import QcSettings
from tests.audio_helpers import pink_noise, sine, song

RATE = 44100


@pytest.fixture
def store(tmp_path):
    return LocalStore(tmp_path / "objects")


def _ref(store, tmp_path, key, audio) -> common_pb2.AudioRef:
    stored = save_wav(store, key, audio, RATE, tmp_path / "upload")
    return common_pb2.AudioRef(uri=stored.uri, sample_rate_hz=RATE, channels=audio.shape[0], frames=audio.shape[1])


def test_master_writes_the_master_and_every_requested_export(store, tmp_path):
    servicer = MasteringServicer(ServiceContext(MasteringSettings(work_dir=tmp_path / "work"), store))
    request = mastering_pb2.MasterRequest(
        mix=_ref(store, tmp_path, "jobs/a/mix.wav", song(5.0, RATE)),
        targets=mastering_pb2.Targets(target_lufs=-10.0, max_width_percent=120.0),
        overrides={"band_ratio": 3.0},
        corrections=mastering_pb2.Corrections(target_offset_lu=0.5),
        output_uri=store.uri("jobs/a/out/final.wav"),
        formats=[mastering_pb2.EXPORT_FORMAT_MP3_320, mastering_pb2.EXPORT_FORMAT_FLAC],
    )
    response = asyncio.run(servicer.Master(request, None))
    assert store.key_from_uri(response.master.uri) == "jobs/a/out/final.wav" and response.master.format == "wav-24"
    assert [store.key_from_uri(e.uri) for e in response.exports] == ["jobs/a/out/final.mp3", "jobs/a/out/final.flac"]
    assert [e.format for e in response.exports] == ["mp3-320", "flac-24"]
    assert response.parameters["band_ratio"] == 3.0 and response.measurements["effective_target_lufs"] == -9.5
    assert response.targets.target_lufs == -10.0 and response.corrections.target_offset_lu == 0.5
    assert not set(response.parameters) & set(response.measurements)
    assert response.metrics.integrated_lufs == pytest.approx(-9.5, abs=0.15)
    assert response.measurements["mp3_true_peak_dbtp"] <= -1.0
    for export in response.exports:
        assert store.exists(store.key_from_uri(export.uri)) and len(export.sha256) == 64


def test_master_with_a_reference_and_no_target_takes_the_reference_loudness(store, tmp_path):
    servicer = MasteringServicer(ServiceContext(MasteringSettings(work_dir=tmp_path / "work"), store))
    reference = pink_noise(5.0, RATE, 2) * np.float32(1.2)
    request = mastering_pb2.MasterRequest(
        mix=_ref(store, tmp_path, "jobs/b/mix.wav", song(5.0, RATE, seed=2)),
        reference=_ref(store, tmp_path, "jobs/b/reference.wav", reference),
        output_uri=store.uri("jobs/b/master.wav"),
    )
    response = asyncio.run(servicer.Master(request, None))
    assert response.targets.target_lufs == pytest.approx(response.measurements["reference_lufs"], abs=1e-6)
    assert len(response.exports) == 0


def test_master_aims_its_tonal_balance_at_the_requested_presets_curve(store, tmp_path):
    servicer = MasteringServicer(ServiceContext(MasteringSettings(work_dir=tmp_path / "work"), store))
    mix = _ref(store, tmp_path, "jobs/c/mix.wav", song(8.0, RATE, seed=3))
    tonal = {}
    for preset in ("hip_hop", "rock", ""):
        request = mastering_pb2.MasterRequest(mix=mix, preset=preset, output_uri=store.uri(f"jobs/c/{preset or 'x'}.wav"))
        response = asyncio.run(servicer.Master(request, None))
        tonal[preset] = response.measurements["tonal_79hz_db"]
    # hip-hop's curve asks for about 2.6 dB more at 80 Hz than rock's: its correction boosts more there
    assert tonal["hip_hop"] > tonal["rock"] + 0.5
    assert tonal[""] not in (tonal["hip_hop"], tonal["rock"])  # no preset: the default curve


def test_master_names_an_unknown_parameter(store, tmp_path):
    servicer = MasteringServicer(ServiceContext(MasteringSettings(work_dir=tmp_path / "work"), store))
    request = mastering_pb2.MasterRequest(mix=_ref(store, tmp_path, "jobs/c/mix.wav", song(2.0, RATE)),
                                          overrides={"warmth": 1.0}, output_uri=store.uri("jobs/c/m.wav"))
    with pytest.raises(InvalidInput, match="'warmth'"):
        servicer._master(request)
    # a QC correction is not a parameter override: it travels in its own field
    request = mastering_pb2.MasterRequest(mix=request.mix, overrides={"width_scale": 0.5},
                                          output_uri=store.uri("jobs/c/m.wav"))
    with pytest.raises(InvalidInput, match="'width_scale'"):
        servicer._master(request)


@pytest.mark.parametrize(("targets", "ceiling_dbtp"), [
    (mastering_pb2.Targets(target_lufs=-6.0, ceiling_dbtp=0.0), 0.0),  # 0 is a value, not "unset"
    (mastering_pb2.Targets(target_lufs=-6.0), -1.0),  # unset: the default
])
def test_a_ceiling_of_0_dbtp_is_applied_and_an_unset_one_takes_the_default(store, tmp_path, targets, ceiling_dbtp):
    servicer = MasteringServicer(ServiceContext(MasteringSettings(work_dir=tmp_path / "work"), store))
    mix = np.clip(song(5.0, RATE, seed=4) * np.float32(2.0), -1.0, 1.0)
    request = mastering_pb2.MasterRequest(mix=_ref(store, tmp_path, "jobs/d/mix.wav", mix), targets=targets,
                                          output_uri=store.uri("jobs/d/master.wav"))
    response = asyncio.run(servicer.Master(request, None))
    assert response.targets.HasField("ceiling_dbtp") and response.targets.ceiling_dbtp == ceiling_dbtp
    assert response.measurements["effective_ceiling_dbtp"] == ceiling_dbtp
    # the delivered master, read back from storage, peaks at the ceiling asked for, not under a default
    master, rate = load_audio(store, store.key_from_uri(response.master.uri), tmp_path / "read")
    peak = true_peak_dbtp(master, rate)
    assert ceiling_dbtp - 0.6 < peak <= ceiling_dbtp + 1e-3


def test_analyze_fills_every_scalar_metric_and_the_verdicts(store, tmp_path):
    servicer = QcServicer(ServiceContext(QcSettings(work_dir=tmp_path / "work"), store))
    audio = np.clip(song(4.0, RATE) * np.float32(3.0), -1.0, 1.0)  # hot and clipped
    request = qc_pb2.AnalyzeRequest(audio=_ref(store, tmp_path, "any/stem.wav", audio), target_lufs=-14.0,
                                    preset="rock", max_width_percent=60.0)
    response = asyncio.run(servicer.Analyze(request, None))
    assert not response.passed
    levels = {v.check: v.level for v in response.verdicts}
    assert levels["clipping"] == qc_pb2.VERDICT_LEVEL_FAIL and levels["true_peak"] == qc_pb2.VERDICT_LEVEL_FAIL
    assert {"integrated_lufs", "true_peak_dbtp", "loudness_range_lu", "plr_lu", "crest_factor_db", "width_percent",
            "correlation", "dc_offset_percent", "clipped_runs", "dropouts", "band_1000hz_db"} <= set(response.metrics)
    assert response.metrics["clipped_runs"] > 0
    assert response.loudness.integrated_lufs == pytest.approx(response.metrics["integrated_lufs"])
    # Without a target the loudness check is skipped.
    plain = asyncio.run(servicer.Analyze(qc_pb2.AnalyzeRequest(audio=request.audio), None))
    assert "integrated_loudness" not in {v.check for v in plain.verdicts}
    # A verdict with no measured value leaves the field unset rather than sending 0.
    spectral_or_values = {v.check: v.HasField("value") for v in plain.verdicts}
    assert spectral_or_values["invalid_samples"] is False and spectral_or_values["true_peak"] is True


def test_analyze_takes_a_ceiling_of_0_dbtp_as_given_and_an_unset_one_as_the_default(store, tmp_path):
    servicer = QcServicer(ServiceContext(QcSettings(work_dir=tmp_path / "work"), store))
    audio = sine(997.0, -0.5, 3.0, RATE, 2)  # true peak between -1 and 0 dBTP
    ref = _ref(store, tmp_path, "any/peaky.wav", audio)
    peak = true_peak_dbtp(audio, RATE)
    assert -1.0 < peak < 0.0

    def true_peak(request: qc_pb2.AnalyzeRequest) -> qc_pb2.Verdict:
        return next(v for v in asyncio.run(servicer.Analyze(request, None)).verdicts if v.check == "true_peak")

    at_zero = true_peak(qc_pb2.AnalyzeRequest(audio=ref, ceiling_dbtp=0.0))
    assert at_zero.threshold == 0.0 and at_zero.level == qc_pb2.VERDICT_LEVEL_PASS
    default = true_peak(qc_pb2.AnalyzeRequest(audio=ref))
    assert default.threshold == -1.0 and default.level == qc_pb2.VERDICT_LEVEL_FAIL
