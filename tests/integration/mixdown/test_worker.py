"""The stage-worker loop against a real nats-server: routing slip, idempotence, failures."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import numpy as np
import pytest

from mixdown.errors import InvalidInput
from mixdown.events.bus import DEAD_SUBJECT, EVENT_STREAM, connect, stage_subject
from mixdown.events.messages import JobRecord, JobStatus, StageMessage
from mixdown.events.outputs import MasteringOutput
from mixdown.events.stage import StageContext, StageResult
from mixdown.events.targets import Corrections, DeliveryTargets
from mixdown.events.worker import StageWorker
from mixdown.storage.local import LocalStore
from mixdown_dev.jobs import wait_record


class RecordingStage:
    """A stage that writes one small artifact and counts how often it really computed."""

    def __init__(self, name: str, behaviour=None) -> None:
        self.name = name
        self.calls: list[tuple[int, int]] = []
        self.behaviour = behaviour

    def run(self, ctx: StageContext) -> StageResult:
        self.calls.append((ctx.message.revision, ctx.message.iteration))
        if self.behaviour is not None:
            outcome = self.behaviour(ctx, len(self.calls))
            if outcome is not None:
                return outcome
        key = ctx.output_key(f"{self.name}.json")
        ctx.store.put_bytes(key, json.dumps({"stage": self.name, "iteration": ctx.message.iteration}).encode())
        return StageResult(artifacts={self.name: key}, parameters=_output(self.name, ctx.message.iteration))


def _output(stage: str, iteration: int) -> dict:
    """What a stage leaves on the record, marked with the iteration that made it (mastering only)."""
    if stage != "mastering":
        return {}
    return MasteringOutput(settings={}, targets=DeliveryTargets(), corrections=Corrections(),
                           measurements={"iteration": float(iteration)}).model_dump()


async def _submit(bus, plan=("mixing", "mastering", "qc")) -> JobRecord:
    record = JobRecord(id=uuid.uuid4().hex, tenant="t1", plan=list(plan))
    await bus.jobs.create(record)
    await bus.publish_stage(StageMessage(job_id=record.id, tenant=record.tenant, stage=plan[0]))
    return record


def _run(coro):
    return asyncio.run(asyncio.wait_for(coro, 90))


@pytest.fixture
def store(tmp_path):
    return LocalStore(tmp_path / "objects")


def _workers(bus, store, tmp_path, stages, **kwargs):
    return [StageWorker(bus, store, s, tmp_path / "work", **kwargs) for s in stages]


async def _start(workers):
    return [asyncio.create_task(w.run()) for w in workers]


async def _stop(workers, tasks):
    for w in workers:
        await w.stop()
    for t in tasks:
        t.cancel()


def test_plan_runs_every_stage_in_order_and_succeeds(nats_server, store, tmp_path):
    async def main():
        bus = await connect(nats_server.url)
        stages = [RecordingStage(n) for n in ("mixing", "mastering", "qc")]
        workers = _workers(bus, store, tmp_path, stages)
        tasks = await _start(workers)
        record = await _submit(bus)
        final = await wait_record(bus, record)
        await _stop(workers, tasks)
        await bus.close()
        return final, stages

    final, stages = _run(main())
    assert final.status is JobStatus.SUCCEEDED
    assert final.progress == 1.0
    assert [s.stage for s in final.stages] == ["mixing", "mastering", "qc"]
    assert all(s.status == "done" for s in final.stages)
    assert set(final.artifacts) == {"mixing", "mastering", "qc"}
    assert [len(s.calls) for s in stages] == [1, 1, 1]
    assert [(r.revision, r.status) for r in final.revisions] == [(0, JobStatus.SUCCEEDED)]
    assert final.revisions[0].artifacts == final.artifacts
    assert final.revisions[0].parameters.mastering.measurements == {"iteration": 0.0}


def test_each_run_records_its_phases_and_the_memory_it_held_at_its_peak(nats_server, store, tmp_path):
    """The phases a stage times and the process's peak resident memory during the run reach the
    job record, per run: a run that holds 400 MB shows it, the run after it (which holds little)
    starts from a fresh peak."""
    held = 400 * 1024**2

    def behaviour(ctx, calls):
        if ctx.message.stage == "mixing":
            with ctx.phases("decode"):
                block = np.ones(held // 8)  # touched: resident
            with ctx.phases("compute"):
                time.sleep(0.05)
                block += 1.0
            del block
        else:
            with ctx.phases("measure"):
                time.sleep(0.02)
        return None

    async def main():
        bus = await connect(nats_server.url)
        stages = [RecordingStage(n, behaviour) for n in ("mixing", "mastering")]
        workers = _workers(bus, store, tmp_path, stages)
        tasks = await _start(workers)
        record = await _submit(bus, plan=("mixing", "mastering"))
        final = await wait_record(bus, record)
        await _stop(workers, tasks)
        await bus.close()
        return final

    final = _run(main())
    mixing, mastering = final.stages
    assert list(mixing.phases_seconds) == ["decode", "compute"]
    assert mixing.phases_seconds["compute"] >= 0.05
    assert list(mastering.phases_seconds) == ["measure"] and mastering.phases_seconds["measure"] >= 0.02
    assert mixing.peak_memory_bytes is not None and mixing.peak_memory_bytes > held
    assert mastering.peak_memory_bytes is not None and mastering.peak_memory_bytes < mixing.peak_memory_bytes - held // 2


@pytest.mark.parametrize("crash_point", ["after_output", "before_ack"])
def test_crash_after_output_stored_finishes_once(nats_server, store, tmp_path, crash_point):
    """A worker that dies after storing its output but before the ack: nothing is computed twice."""

    async def main():
        bus = await connect(nats_server.url)
        mixing = RecordingStage("mixing")
        crash = asyncio.Event()

        async def die_before_ack():
            if not crash.is_set():
                crash.set()
                raise asyncio.CancelledError  # the task ends holding the un-acked message

        first = StageWorker(bus, store, mixing, tmp_path / "work", ack_wait_seconds=1.0,
                            hooks={crash_point: die_before_ack})
        first_task = asyncio.create_task(first.run())
        record = await _submit(bus)
        await crash.wait()
        await asyncio.sleep(0.1)
        assert first_task.done()
        rest = [RecordingStage("mastering"), RecordingStage("qc")]
        workers = _workers(bus, store, tmp_path, [mixing, *rest], ack_wait_seconds=1.0)
        tasks = await _start(workers)
        final = await wait_record(bus, record)
        await asyncio.sleep(1.5)  # any duplicate would be delivered within this window
        await _stop(workers, tasks)
        await bus.close()
        return final, mixing, rest

    final, mixing, rest = _run(main())
    assert final.status is JobStatus.SUCCEEDED
    assert mixing.calls == [(0, 0)], "the mixing core ran more than once"
    assert [len(s.calls) for s in rest] == [1, 1]
    assert [s.stage for s in final.stages] == ["mixing", "mastering", "qc"]
    if crash_point == "after_output":
        mixing_run = final.stages[0]
        assert mixing_run.deliveries == 2 and mixing_run.reused


def test_poison_message_is_terminated_recorded_and_does_not_block(nats_server, store, tmp_path):
    async def main():
        bus = await connect(nats_server.url)
        dead = await bus.js.subscribe(f"{DEAD_SUBJECT}.>", stream=EVENT_STREAM, ordered_consumer=True)
        stages = [RecordingStage(n) for n in ("mixing", "mastering", "qc")]
        workers = _workers(bus, store, tmp_path, stages)
        tasks = await _start(workers)
        await bus.js.publish(stage_subject("mixing"), b"{not json")
        await bus.js.publish(stage_subject("mixing"), json.dumps({"version": 99, "job_id": "x"}).encode())
        record = await _submit(bus)
        final = await wait_record(bus, record)
        poison = [await dead.next_msg(timeout=5), await dead.next_msg(timeout=5)]
        info = await bus.js.consumer_info("MIXDOWN_STAGES", "stage-mixing")
        await _stop(workers, tasks)
        await bus.close()
        return final, poison, info

    final, poison, info = _run(main())
    assert final.status is JobStatus.SUCCEEDED
    assert poison[0].data == b"{not json"
    assert "invalid StageMessage" in poison[0].headers["Mixdown-Reason"]
    assert info.num_ack_pending == 0 and info.num_pending == 0


def test_qc_can_send_the_job_back_to_mastering_with_corrections(nats_server, store, tmp_path):
    def qc_behaviour(ctx, calls):
        if ctx.message.iteration == 0:
            return StageResult(next_stage="mastering", next_corrections={"target_offset_lu": 0.4})
        return None

    async def main():
        bus = await connect(nats_server.url)
        mastering = RecordingStage("mastering")
        corrections = []
        original = mastering.run

        def spy(ctx):
            corrections.append(ctx.message.corrections.changed())
            return original(ctx)

        mastering.run = spy
        stages = [RecordingStage("mixing"), mastering, RecordingStage("qc", qc_behaviour)]
        workers = _workers(bus, store, tmp_path, stages)
        tasks = await _start(workers)
        record = await _submit(bus)
        final = await wait_record(bus, record)
        await _stop(workers, tasks)
        await bus.close()
        return final, mastering, corrections

    final, mastering, corrections = _run(main())
    assert final.status is JobStatus.SUCCEEDED
    assert mastering.calls == [(0, 0), (0, 1)]
    assert corrections == [{}, {"target_offset_lu": 0.4}]
    assert [(s.stage, s.iteration) for s in final.stages] == [
        ("mixing", 0), ("mastering", 0), ("qc", 0), ("mastering", 1), ("qc", 1)]


def test_invalid_input_fails_the_job_with_the_reason(nats_server, store, tmp_path):
    def reject(ctx, calls):
        raise InvalidInput("the lead vocal is silent")

    async def main():
        bus = await connect(nats_server.url)
        stages = [RecordingStage("mixing", reject), RecordingStage("mastering")]
        workers = _workers(bus, store, tmp_path, stages)
        tasks = await _start(workers)
        record = await _submit(bus)
        final = await wait_record(bus, record)
        await _stop(workers, tasks)
        await bus.close()
        return final, stages

    final, stages = _run(main())
    assert final.status is JobStatus.FAILED
    assert final.error.code == "E_INVALID_INPUT" and "silent" in final.error.message
    assert final.error.stage == "mixing"
    assert stages[1].calls == []
    assert [(r.revision, r.status) for r in final.revisions] == [(0, JobStatus.FAILED)]


def test_a_stage_that_keeps_failing_ends_failed_after_bounded_deliveries(nats_server, store, tmp_path):
    def broken(ctx, calls):
        raise RuntimeError("disk on fire")

    async def main():
        bus = await connect(nats_server.url)
        mixing = RecordingStage("mixing", broken)
        workers = _workers(bus, store, tmp_path, [mixing], max_deliver=3)
        tasks = await _start(workers)
        record = await _submit(bus)
        final = await wait_record(bus, record, timeout_seconds=30)
        await _stop(workers, tasks)
        await bus.close()
        return final, mixing

    final, mixing = _run(main())
    assert final.status is JobStatus.FAILED
    assert len(mixing.calls) == 3
    assert "after 3 deliveries" in final.error.message and "disk on fire" in final.error.message


def test_cancelled_job_runs_no_further_stage(nats_server, store, tmp_path):
    def cancel_during(ctx, calls):
        asyncio.run(_cancel(nats_server.url, ctx.job))
        return None

    async def main():
        bus = await connect(nats_server.url)
        stages = [RecordingStage("mixing", cancel_during), RecordingStage("mastering")]
        workers = _workers(bus, store, tmp_path, stages)
        tasks = await _start(workers)
        record = await _submit(bus)
        final = await wait_record(bus, record)
        await asyncio.sleep(0.5)
        await _stop(workers, tasks)
        await bus.close()
        return final, stages

    final, stages = _run(main())
    assert final.status is JobStatus.CANCELLED
    assert stages[1].calls == []


async def _cancel(url: str, job: JobRecord) -> None:
    bus = await connect(url)

    def cancel(record):
        record.status = JobStatus.CANCELLED
        return record

    await bus.jobs.update(job.tenant, job.id, cancel)
    await bus.close()


def test_request_id_and_job_context_reach_every_stage(nats_server, store, tmp_path):
    """The API request id travels in a NATS header from stage to stage and is bound in every log line."""
    import structlog

    seen: list[dict] = []

    def capture(ctx, calls):
        seen.append(dict(structlog.contextvars.get_contextvars()))
        return None

    async def main():
        bus = await connect(nats_server.url)
        stages = [RecordingStage(n, capture) for n in ("mixing", "mastering", "qc")]
        workers = _workers(bus, store, tmp_path, stages)
        tasks = await _start(workers)
        record = JobRecord(id=uuid.uuid4().hex, tenant="t1", plan=["mixing", "mastering", "qc"])
        await bus.jobs.create(record)
        await bus.publish_stage(StageMessage(job_id=record.id, tenant="t1", stage="mixing"), request_id="req-123")
        final = await wait_record(bus, record)
        await _stop(workers, tasks)
        await bus.close()
        return final

    final = _run(main())
    assert final.status is JobStatus.SUCCEEDED
    assert [(c["stage"], c["request_id"], c["job_id"]) for c in seen] == [
        (stage, "req-123", final.id) for stage in ("mixing", "mastering", "qc")]


def test_a_lane_is_consumed_only_by_the_workers_of_that_lane(nats_server, store, tmp_path):
    """A style job's mixing (lane "style") goes to the style worker, a DSP job's to the ordinary
    mixing worker; each job's next stages run on the ordinary workers."""
    async def main():
        bus = await connect(nats_server.url)
        seen: dict[str, list[str]] = {"": [], "style": []}
        mixing = RecordingStage("mixing", lambda ctx, n: seen[""].append(ctx.job.id))
        style = RecordingStage("mixing", lambda ctx, n: seen["style"].append(ctx.job.id))
        style.lane = "style"
        after = [RecordingStage(n) for n in ("mastering", "qc")]
        workers = _workers(bus, store, tmp_path, [mixing, style, *after])
        tasks = await _start(workers)
        finals = []
        for lane in ("style", ""):
            record = JobRecord(id=uuid.uuid4().hex, tenant="t1", plan=["mixing", "mastering", "qc"])
            await bus.jobs.create(record)
            await bus.publish_stage(StageMessage(job_id=record.id, tenant="t1", stage="mixing", lane=lane))
            finals.append(await wait_record(bus, record))
        await _stop(workers, tasks)
        await bus.close()
        return finals, seen, after

    finals, seen, after = _run(main())
    assert [f.status for f in finals] == [JobStatus.SUCCEEDED, JobStatus.SUCCEEDED]
    assert seen == {"style": [finals[0].id], "": [finals[1].id]}
    assert [len(s.calls) for s in after] == [2, 2]
