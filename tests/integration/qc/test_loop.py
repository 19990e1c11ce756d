"""The QC correction loop, end to end through the shared worker on a real nats-server: the real
mastering and QC stages, a master corrected in its second iteration, and masters that can
never pass a hard check failing the job with every iteration in the report."""

from __future__ import annotations

import asyncio
import json
import uuid

import numpy as np
import pytest
from prometheus_client import REGISTRY

from mixdown.dsp import stereo
from mixdown.dsp.loudness import integrated_loudness_lufs
from mixdown.events.bus import connect
from mixdown.events.messages import InputTrack, JobRecord, JobStatus, StageMessage
from mixdown.events.stage import StageContext, StageResult
from mixdown.events.worker import StageWorker
from mixdown.stageio import load_audio, save_wav
from mixdown.storage import job_prefix
from mixdown.storage.local import LocalStore
from mixdown_dev.jobs import wait_record
from mixdown_mastering.stage import MasteringStage
from mixdown_qc.stage import QcStage
from tests.audio_helpers import pink_noise, song

RATE = 44100


def wide_mix(seconds: float = 6.0) -> np.ndarray:
    """A mono kick on every half second under a very wide pad (width about 86 %). Limiting
    turns the kicks down more than the pad, so a master whose width was set to exactly the
    maximum before the loudness stage comes out wider: the first master fails QC006."""
    t = np.arange(round(seconds * RATE)) / RATE
    phase = t % 0.5
    kick = np.sin(2 * np.pi * (50 * phase + 3 * (1 - np.exp(-phase / 0.03)))) * np.exp(-phase / 0.15)
    mid, side = stereo.mid_side(pink_noise(seconds, RATE, 2, seed=4))
    pad = stereo.from_mid_side(mid, side * np.float32(3.0))
    return (pad + 0.9 * np.stack([kick, kick])).astype(np.float32)


class HotMastering(MasteringStage):
    """A mastering stage broken on purpose: it limits 0.5 dB above the job's ceiling and
    drops QC's ceiling corrections, so every master it makes fails the true-peak check."""

    def run(self, ctx: StageContext) -> StageResult:
        ctx.job.targets["ceiling_dbtp"] = ctx.job.targets.get("ceiling_dbtp", -1.0) + 0.5
        ctx.message.corrections = ctx.message.corrections.model_copy(update={"ceiling_offset_db": 0.0})
        return super().run(ctx)


@pytest.fixture
def store(tmp_path):
    return LocalStore(tmp_path / "objects")


async def _submit(bus, store, tmp_path, mix: np.ndarray, targets: dict, formats: list[str] | None = None) -> JobRecord:
    job_id = uuid.uuid4().hex
    prefix = job_prefix("t1", job_id)
    work = tmp_path / "submit"
    work.mkdir(exist_ok=True)
    mix_key = save_wav(store, f"{prefix}/runs/r0-mixing-i0/mix.wav", mix, RATE, work).key
    stem_key = save_wav(store, f"{prefix}/inputs/stem.wav", mix[:1] * np.float32(0.5), RATE, work).key
    record = JobRecord(
        id=job_id, tenant="t1", plan=["mastering", "qc"], preset="pop", targets=targets,
        options={"formats": formats} if formats else {}, artifacts={"mix": mix_key},
        inputs=[InputTrack(name="stem.wav", role="instrumental", key=stem_key, sample_rate_hz=RATE, channels=1,
                           frames=mix.shape[1], duration_seconds=mix.shape[1] / RATE)],
    )
    await bus.jobs.create(record)
    await bus.publish_stage(StageMessage(job_id=job_id, tenant="t1", stage="mastering"))
    return record


async def _run_job(nats_url, store, tmp_path, mastering, mix, targets, formats=None) -> JobRecord:
    bus = await connect(nats_url)
    workers = [StageWorker(bus, store, stage, tmp_path / "work", ack_wait_seconds=10.0)
               for stage in (mastering, QcStage(max_iterations=3))]
    tasks = [asyncio.create_task(worker.run()) for worker in workers]
    try:
        record = await _submit(bus, store, tmp_path, mix, targets, formats)
        return await wait_record(bus, record, timeout_seconds=80, interval_seconds=0.1)
    finally:
        for worker in workers:
            await worker.stop()
        for task in tasks:
            task.cancel()
        await bus.close()


def _qc_results(since: dict[str, float] | None = None) -> dict[str, float]:
    """mixdown_qc_results_total by result (minus ``since``)."""
    counts = {result: REGISTRY.get_sample_value("mixdown_qc_results_total", {"result": result}) or 0.0
              for result in ("passed", "failed", "corrected")}
    return {result: count - (since or {}).get(result, 0.0) for result, count in counts.items()}


def _report(store, final: JobRecord) -> dict:
    return json.loads(store.get_bytes(final.artifacts["report"]))


def test_a_too_wide_first_master_is_corrected_in_the_second_iteration(nats_server, store, tmp_path):
    targets = {"target_lufs": -8.0, "ceiling_dbtp": -1.0, "max_width_percent": 50.0}
    before = _qc_results()
    final = asyncio.run(_run_job(nats_server.url, store, tmp_path, MasteringStage(), wide_mix(), targets))
    assert _qc_results(before) == {"passed": 1, "failed": 0, "corrected": 1}

    assert final.status is JobStatus.SUCCEEDED, final.error
    assert [(s.stage, s.iteration) for s in final.stages] == [("mastering", 0), ("qc", 0), ("mastering", 1), ("qc", 1)]
    report = _report(store, final)
    assert report["passed"] is True
    first, second = report["iterations"]
    assert first["iteration"] == 0 and first["passed"] is False
    assert first["failed_checks"] == ["QC006 stereo_width"]
    width_first = next(v for v in first["master"]["verdicts"] if v["check"] == "stereo_width")
    assert width_first["value"] > 50.0 and width_first["level"] == "fail"
    assert 0.25 <= first["next_corrections"]["width_scale"] < 1.0
    assert second["corrections_applied"] == first["next_corrections"] and second["passed"] is True
    assert report["master"]["width_percent"] <= 50.0

    # The report holds the inputs, the mix, the master, every parameter and the timings.
    assert set(report["inputs"]) == {"stem.wav"} and report["mix"]["loudness"]["integrated_lufs"] < -8.0
    assert {v["code"] for v in report["master"]["verdicts"]} >= {"QC001", "QC002", "QC005", "QC006", "QC011", "QC013"}
    assert report["parameters"]["mastering"]["corrections"]["width_scale"] == first["next_corrections"]["width_scale"]
    assert report["parameters"]["mastering"]["tonal_target"] == "pop"  # the job's preset: the curve QC checks
    assert report["stage_timings"]["mastering"]["loudness"] > 0
    assert [t["stage"] for t in report["timings"]] == ["mastering", "qc", "mastering", "qc"]
    assert set(report["deliverables"]) == {"wav16", "flac", "mp3"}
    for artifact in ("master", "master_wav16", "master_flac", "master_mp3"):
        assert store.exists(final.artifacts[artifact])
    master, rate = load_audio(store, final.artifacts["master"], tmp_path / "check")
    assert integrated_loudness_lufs(master, rate) == pytest.approx(-8.0, abs=0.5)
    # With QC next, mastering decodes only the MP3 (its headroom depends on it); QC measures every file.
    exports = final.metrics.mastering.exports
    assert [fmt for fmt, item in exports.items() if item.get("measured_by") == "qc"] == ["wav24", "wav16", "flac"]
    assert exports["mp3"]["true_peak_dbtp"] <= -1.0 + 1e-6 and "measured_by" not in exports["mp3"]
    for fmt in ("wav16", "flac", "mp3"):
        assert report["deliverables"][fmt]["integrated_lufs"] == pytest.approx(-8.0, abs=0.5)


def test_a_master_that_never_meets_the_ceiling_fails_after_three_iterations(nats_server, store, tmp_path):
    targets = {"target_lufs": -9.0, "ceiling_dbtp": -1.0}
    before = _qc_results()
    final = asyncio.run(_run_job(nats_server.url, store, tmp_path, HotMastering(), song(5.0, RATE, seed=2), targets,
                                 formats=["wav24"]))
    assert _qc_results(before) == {"passed": 0, "failed": 1, "corrected": 2}

    assert final.status is JobStatus.FAILED
    assert final.error.code == "E_QC_FAILED" and "QC002 true_peak" in final.error.message
    assert "after 3 iteration(s)" in final.error.message
    assert [(s.stage, s.iteration) for s in final.stages] == [
        ("mastering", 0), ("qc", 0), ("mastering", 1), ("qc", 1), ("mastering", 2), ("qc", 2)]
    report = _report(store, final)
    assert report["passed"] is False
    assert [it["iteration"] for it in report["iterations"]] == [0, 1, 2]
    for iteration in report["iterations"]:
        assert iteration["passed"] is False and "QC002 true_peak" in iteration["failed_checks"]
    assert all("ceiling_offset_db" in it["next_corrections"] for it in report["iterations"][:2])
    peak = next(v for v in report["master"]["verdicts"] if v["check"] == "true_peak")
    assert peak["level"] == "fail" and peak["value"] > -1.0
