"""Crash loop on the embedded stack: stage workers SIGKILLed while they hold a message.

Each trial restarts one stage worker (mixing, mastering, qc or separation) with fault injection
that pauses it at one point of its message (``before_compute``: output not written yet;
``after_output``: output and manifest stored, record not updated; ``before_ack``: record updated,
next stage published, not acked), submits a job, SIGKILLs the worker during the pause, starts it
again without the fault, and checks that the job completed exactly once and left exactly what a
run without crash leaves: the same objects, byte for byte for audio (every writer is
deterministic: seeded dither, no time-stamped WAV chunks), the same report apart from timings.
For ``before_ack`` the next stage's worker is frozen (SIGSTOP) until the redelivery is handled,
so that the duplicate reaches a job that is still running.

Run with ``make test-chaos`` (``pytest -m chaos tests/chaos``).
"""

from __future__ import annotations

import json
import signal
from dataclasses import dataclass
from pathlib import Path

import pytest

from mixdown_dev.jobs import api, final_events, wait_final
from mixdown_dev.procs import free_port
from mixdown_dev.stack import Stack
from tests.chaos.support import (
    consumer_state,
    job_folder,
    log_since_start,
    scratch_left,
    stored_files,
    submit_mix,
    submit_separation,
    wait_consumers_idle,
    wait_for_log,
    write_song,
    write_song_parts,
)

pytestmark = pytest.mark.chaos

STAGES = ("separation", "mixing", "mastering", "qc")
NEXT_STAGE = {"mixing": "mastering", "mastering": "qc"}
SERVICES = (*STAGES, "gateway")
POINTS = ("before_compute", "after_output", "before_ack")
TRIALS = [(stage, point) for _ in range(2) for stage in STAGES for point in POINTS]
INPUT_SECONDS = 4.0
ACK_WAIT_SECONDS = 2.0
PAUSE_SECONDS = 300.0
"""Longer than any trial: the worker is always killed during its pause."""
VOLATILE_REPORT_KEYS = ("generated_at", "timings", "stage_timings")
"""Report entries that measure this run's own clock (durations, deliveries, time of writing)."""
STABLE_MANIFEST_KEYS = ("artifacts", "parameters", "next_stage", "next_corrections", "fail")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    env = {"MIXDOWN_SEPARATION_MODEL_NAME": "demucs_unittest", "OMP_NUM_THREADS": "1",
           **{f"MIXDOWN_{stage.upper()}_ACK_WAIT_SECONDS": str(ACK_WAIT_SECONDS) for stage in STAGES}}
    with Stack(tmp_path_factory.mktemp("chaos"), http_port=free_port(), env=env, services=SERVICES) as running:
        yield running


@pytest.fixture(scope="module")
def client(stack):
    with api(stack) as http:
        yield http


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    return {**write_song_parts(folder, INPUT_SECONDS), "song": write_song(folder / "song.wav", INPUT_SECONDS)}


@pytest.fixture(scope="module")
def submitted() -> set[str]:
    """Every job this module submitted: the only folders the object store may hold."""
    return set()


@dataclass
class Outcome:
    files: dict[str, str]
    """Relative path → SHA-256 of every file in the job's folder."""
    report: dict | None
    manifests: dict[str, dict]


def _submit(client, inputs: dict[str, Path], kind: str, submitted: set[str]) -> str:
    job_id = submit_separation(client, inputs["song"]) if kind == "separation" else submit_mix(client, inputs)
    submitted.add(job_id)
    return job_id


def _normalised(data: bytes, job_id: str) -> dict:
    return json.loads(data.decode().replace(job_id, "<job>"))


def _outcome(stack: Stack, job_id: str) -> Outcome:
    folder = job_folder(stack, job_id)
    files = stored_files(folder)
    report = None
    manifests = {}
    for name in files:
        if name.endswith("/manifest.json"):
            manifest = _normalised((folder / name).read_bytes(), job_id)
            manifests[name] = {key: manifest.get(key) for key in STABLE_MANIFEST_KEYS}
        elif name.endswith("/report.json"):
            report = _normalised((folder / name).read_bytes(), job_id)
            for key in VOLATILE_REPORT_KEYS:
                report.pop(key, None)
            for iteration in report.get("iterations", []):
                iteration.pop("qc_seconds", None)
    return Outcome(files=files, report=report, manifests=manifests)


@pytest.fixture(scope="module")
def references(stack, client, inputs, submitted) -> dict[str, Outcome]:
    """What a run without any crash leaves, per kind of job."""
    out = {}
    for kind in ("mix", "separation"):
        job_id = _submit(client, inputs, kind, submitted)
        job = wait_final(client, job_id, 120.0)
        assert job["status"] == "succeeded", job
        out[kind] = _outcome(stack, job_id)
    wait_consumers_idle(stack, STAGES)
    return out


def _fault_env(stage: str, point: str) -> dict[str, str]:
    prefix = f"MIXDOWN_{stage.upper()}_"
    return {prefix + "FAULT_PAUSE_AT": point, prefix + "FAULT_PAUSE_SECONDS": str(PAUSE_SECONDS)}


@pytest.mark.parametrize(("stage", "point"), TRIALS,
                         ids=[f"{n:02d}-{stage}-{point}" for n, (stage, point) in enumerate(TRIALS)])
def test_a_worker_killed_holding_a_message_completes_the_job_once_with_clean_outputs(
    stack, client, inputs, references, submitted, stage, point
):
    kind = "separation" if stage == "separation" else "mix"
    frozen = NEXT_STAGE.get(stage) if point == "before_ack" else None
    stack.restart_service(stage, env=_fault_env(stage, point), sig=signal.SIGKILL)
    if frozen:
        stack.kill_service(frozen, signal.SIGSTOP)
    try:
        job_id = _submit(client, inputs, kind, submitted)
        wait_for_log(stack, stage, '"fault_pause"', job_id, timeout_seconds=90.0)
        assert consumer_state(stack, (stage,))[stage][1] == 1, "the paused worker does not hold the message"
        assert stack.kill_service(stage, signal.SIGKILL) == -signal.SIGKILL
        stack.start_service(stage)
        if frozen:
            wait_for_log(stack, stage, '"stage_already_done"', job_id, timeout_seconds=60.0)
    finally:
        if frozen:
            stack.kill_service(frozen, signal.SIGCONT)

    job = wait_final(client, job_id, 120.0)
    assert job["status"] == "succeeded", (job, stack.log_tail(stage))
    wait_consumers_idle(stack, STAGES)

    # exactly once: one run per stage and iteration, one final event
    runs = [(run["stage"], run["iteration"]) for run in job["stages"]]
    assert len(runs) == len(set(runs)), runs
    assert all(run["status"] == "done" for run in job["stages"]), job["stages"]
    finals = final_events(client, job_id)
    assert [(e["type"], e["status"]) for e in finals] == [("status", "succeeded")], finals

    # the redelivered message was handled by the restarted worker, the way the crash point implies
    run = next(r for r in job["stages"] if r["stage"] == stage)
    log = log_since_start(stack, stage)
    handled = [line for line in log.splitlines() if job_id in line]
    assert handled, f"the restarted {stage} worker never saw job {job_id}"
    assert '"fault_pause"' not in log
    if point == "before_compute":
        assert (run["deliveries"], run["reused"]) == (2, False), run
        assert any('"stage_done"' in line for line in handled), handled
    elif point == "after_output":
        assert (run["deliveries"], run["reused"]) == (2, True), run
        assert any('"stage_output_reused"' in line for line in handled), handled
    else:
        assert (run["deliveries"], run["reused"]) == (1, False), run
        assert any(f'"{"stage_already_done" if frozen else "stage_skipped"}"' in line for line in handled), handled

    # the same outputs as the run without crash, and nothing more
    reference, outcome = references[kind], _outcome(stack, job_id)
    assert sorted(outcome.files) == sorted(reference.files)
    different = [name for name, digest in outcome.files.items()
                 if not name.endswith(("manifest.json", "report.json")) and digest != reference.files[name]]
    assert different == [], f"files that differ from the run without crash: {different}"
    assert outcome.manifests == reference.manifests
    assert outcome.report == reference.report
    jobs_dir = stack.base_dir / "objects" / "tenants"
    assert {p.name for p in jobs_dir.glob("*/jobs/*")} == submitted
    assert scratch_left(stack, SERVICES) == []
