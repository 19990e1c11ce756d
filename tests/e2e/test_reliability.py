"""Reliability on the embedded stack with S3 storage: a NATS restart, storage outages, poison
messages and cancellation, each in the middle of real jobs."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from mixdown_dev.jobs import api, final_events, wait_final
from mixdown_dev.procs import free_port
from mixdown_dev.stack import Stack
from tests.chaos.support import (
    consumer_state,
    dead_letters,
    log_since_start,
    publish_raw,
    s3_job_keys,
    scratch_left,
    submit_mix,
    wait_consumers_idle,
    wait_for_log,
    write_song_parts,
)

pytestmark = pytest.mark.e2e

STAGES = ("mixing", "mastering", "qc")
SERVICES = (*STAGES, "gateway")
ACK_WAIT_SECONDS = 2.0
MIXING_MAX_DELIVER = 6
"""Deliveries of a mixing message: the naks wait 0.5, 1, 2, 4 and 8 s between them."""
CLEAN_RUN_OBJECTS = ["inputs/01-vocal.wav", "inputs/02-beat.wav",
                     "runs/r0-mastering-i0/manifest.json", "runs/r0-mastering-i0/master.flac",
                     "runs/r0-mastering-i0/master.mp3", "runs/r0-mastering-i0/master.wav",
                     "runs/r0-mastering-i0/master_16.wav", "runs/r0-mixing-i0/manifest.json",
                     "runs/r0-mixing-i0/mix.wav", "runs/r0-qc-i0/manifest.json", "runs/r0-qc-i0/report.json"]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    env = {f"MIXDOWN_{stage.upper()}_ACK_WAIT_SECONDS": str(ACK_WAIT_SECONDS) for stage in STAGES}
    env["MIXDOWN_MIXING_MAX_DELIVER"] = str(MIXING_MAX_DELIVER)
    with Stack(tmp_path_factory.mktemp("reliability"), http_port=free_port(), storage="s3", env=env,
               services=SERVICES) as running:
        yield running


@pytest.fixture(scope="module")
def client(stack):
    with api(stack) as http:
        yield http


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> dict[str, Path]:
    return write_song_parts(tmp_path_factory.mktemp("inputs"), 4.0)


@pytest.fixture
def paused(stack):
    """``paused(stage, point, seconds)`` restarts a worker that pauses at that point of every
    message; the test's end restarts it without the pause."""
    changed: list[str] = []

    def pause(stage: str, point: str, seconds: float) -> None:
        prefix = f"MIXDOWN_{stage.upper()}_"
        stack.restart_service(stage, env={prefix + "FAULT_PAUSE_AT": point, prefix + "FAULT_PAUSE_SECONDS": str(seconds)},
                              sig=signal.SIGKILL)
        changed.append(stage)

    yield pause
    for stage in dict.fromkeys(changed):
        stack.restart_service(stage, sig=signal.SIGKILL)


def _ran_once(job: dict) -> None:
    runs = [(run["stage"], run["iteration"]) for run in job["stages"]]
    assert len(runs) == len(set(runs)), runs


def test_jobs_in_flight_complete_across_a_nats_server_restart(stack, client, parts, paused):
    paused("mastering", "before_compute", 4.0)
    first, second = submit_mix(client, parts), submit_mix(client, parts)
    wait_for_log(stack, "mastering", '"fault_pause"', first)
    assert consumer_state(stack, ("mastering",))["mastering"][1] == 1  # held by the paused worker

    stack.restart_nats(down_seconds=2.0)

    for job_id in (first, second):
        job = wait_final(client, job_id, 120.0)
        assert job["status"] == "succeeded", (job, stack.log_tail("mastering"))
        _ran_once(job)
        assert [(e["type"], e["status"]) for e in final_events(client, job_id)] == [("status", "succeeded")]
        assert s3_job_keys(stack, job_id) == CLEAN_RUN_OBJECTS
    wait_consumers_idle(stack, STAGES)
    for service in SERVICES:  # every service noticed the restart and came back, none exited
        assert '"nats_reconnected"' in log_since_start(stack, service), service
    assert stack.exited_services() == {}
    assert stack.healthy()


def test_a_storage_outage_mid_pipeline_is_retried_with_backoff_until_storage_is_back(stack, client, parts, paused):
    paused("mixing", "before_compute", 2.0)
    job_id = submit_mix(client, parts)
    wait_for_log(stack, "mixing", '"fault_pause"', job_id)
    stack.stop_s3()
    try:
        retry = wait_for_log(stack, "mixing", '"stage_retry"', job_id, timeout_seconds=30.0)
        time.sleep(2.0)  # still down while the next deliveries wait out their delay
    finally:
        stack.start_s3()

    assert "S3" in json.loads(retry)["error"] and json.loads(retry)["delay_seconds"] == 0.5
    job = wait_final(client, job_id, 90.0)
    assert job["status"] == "succeeded", (job, stack.log_tail("mixing"))
    _ran_once(job)
    mixing = next(run for run in job["stages"] if run["stage"] == "mixing")
    assert 2 <= mixing["deliveries"] < MIXING_MAX_DELIVER, mixing
    delays = [json.loads(line)["delay_seconds"] for line in log_since_start(stack, "mixing").splitlines()
              if '"stage_retry"' in line and job_id in line]
    assert delays and delays == [0.5, 1.0, 2.0, 4.0, 8.0][: len(delays)], delays
    assert [(e["type"], e["status"]) for e in final_events(client, job_id)] == [("status", "succeeded")]
    assert s3_job_keys(stack, job_id) == CLEAN_RUN_OBJECTS
    wait_consumers_idle(stack, STAGES)


def test_a_job_whose_storage_stays_down_fails_with_the_reason_after_bounded_deliveries(
    stack, client, parts, paused
):
    paused("mixing", "before_compute", 1.0)
    job_id = submit_mix(client, parts)
    wait_for_log(stack, "mixing", '"fault_pause"', job_id)
    stack.stop_s3()
    try:
        job = wait_final(client, job_id, 90.0)
        wait_consumers_idle(stack, ("mixing",), 30.0)  # the message was terminated, not left to expire
    finally:
        stack.start_s3()

    assert job["status"] == "failed", job
    assert job["error"]["code"] == "E_STAGE_FAILED" and job["error"]["stage"] == "mixing"
    assert f"after {MIXING_MAX_DELIVER} deliveries" in job["error"]["message"]
    assert "S3" in job["error"]["message"]
    assert [(run["stage"], run["status"], run["deliveries"]) for run in job["stages"]] == [
        ("mixing", "failed", MIXING_MAX_DELIVER)]
    finals = final_events(client, job_id)
    assert [(e["type"], e["status"]) for e in finals] == [("stage_failed", "failed")], finals
    assert job_id not in log_since_start(stack, "mastering")
    assert consumer_state(stack, ("mastering",))["mastering"] == (0, 0)


def test_poison_messages_on_the_live_stack_are_terminated_recorded_and_do_not_block(stack, client, parts):
    unknown_version = json.dumps({"version": 2, "job_id": "x1", "tenant": "local", "stage": "mixing"}).encode()
    publish_raw(stack, "mixing", [b"{not json", unknown_version])
    job_id = submit_mix(client, parts)

    job = wait_final(client, job_id, 90.0)
    assert job["status"] == "succeeded", job
    wait_consumers_idle(stack, STAGES)
    recorded = dead_letters(stack, "mixing")
    assert [payload for payload, _ in recorded] == [b"{not json", unknown_version]
    assert all(reason.startswith("invalid StageMessage") for _, reason in recorded), recorded
    assert "version" in recorded[1][1]
    assert stack.running("mixing") and stack.exited_services() == {}


def test_cancelling_a_running_job_stops_its_stages_and_releases_its_work(stack, client, parts, paused):
    paused("mixing", "after_output", 3.0)
    job_id = submit_mix(client, parts)
    wait_for_log(stack, "mixing", '"fault_pause"', job_id)
    assert "runs/r0-mixing-i0/mix.wav" in s3_job_keys(stack, job_id)  # the stage's output is stored

    response = client.delete(f"/v1/jobs/{job_id}")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"

    wait_for_log(stack, "mixing", '"stage_outputs_released"', job_id, timeout_seconds=30.0)
    wait_consumers_idle(stack, STAGES)
    job = client.get(f"/v1/jobs/{job_id}").json()
    assert job["status"] == "cancelled"
    assert [run["stage"] for run in job["stages"]] == ["mixing"]
    assert "mix" not in job["artifacts"]
    assert s3_job_keys(stack, job_id) == ["inputs/01-vocal.wav", "inputs/02-beat.wav"]
    assert scratch_left(stack, SERVICES) == []
    assert job_id not in log_since_start(stack, "mastering")
    assert [(e["type"], e["status"]) for e in final_events(client, job_id)] == [("status", "cancelled")]
    time.sleep(ACK_WAIT_SECONDS + 0.5)  # nothing comes back for it after an ack wait
    assert consumer_state(stack, STAGES) == {stage: (0, 0) for stage in STAGES}
    assert job_id not in log_since_start(stack, "mastering")
