"""Recovery paths of the stage-worker loop against a real nats-server: duplicates of finished runs,
crashes between the record update and the publishes, workers that die on every delivery,
cancellation in the middle of a stage, missing objects and consumer settings."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid

import pytest
from nats.js.api import DeliverPolicy

from mixdown.errors import NotFound
from mixdown.events.bus import EVENT_STREAM, STAGE_STREAM, connect, consumer_name, event_subject, stage_subject
from mixdown.events.messages import JobRecord, JobStatus, StageMessage
from mixdown.events.stage import StageContext, StageResult
from mixdown.events.worker import StageWorker
from mixdown.storage.local import LocalStore
from mixdown_dev.jobs import wait_record
from tests.integration.mixdown.test_worker import RecordingStage


@pytest.fixture
def store(tmp_path):
    return LocalStore(tmp_path / "objects")


def _run(coro):
    return asyncio.run(asyncio.wait_for(coro, 90))


async def _submit(bus, plan=("mixing", "mastering", "qc")) -> JobRecord:
    record = JobRecord(id=uuid.uuid4().hex, tenant="t1", plan=list(plan))
    await bus.jobs.create(record)
    await bus.publish_stage(StageMessage(job_id=record.id, tenant=record.tenant, stage=plan[0]))
    return record


async def _wait_idle(bus, stages, timeout_seconds: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_seconds
    while asyncio.get_running_loop().time() < deadline:
        infos = [await bus.js.consumer_info(STAGE_STREAM, consumer_name(s)) for s in stages]
        if all(i.num_pending == 0 and i.num_ack_pending == 0 for i in infos):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"consumers of {stages} still hold messages")


async def _final_events(bus, record: JobRecord) -> list[tuple[str, str]]:
    sub = await bus.js.subscribe(event_subject(record.tenant, record.id), stream=EVENT_STREAM,
                                 ordered_consumer=True, deliver_policy=DeliverPolicy.ALL)
    out = []
    while True:
        try:
            msg = await sub.next_msg(timeout=1.0)
        except Exception:  # noqa: BLE001 - nats TimeoutError: the stream holds no more
            break
        event = json.loads(msg.data)
        if event["type"] in ("status", "stage_failed") and event["status"] in ("succeeded", "failed", "cancelled"):
            out.append((event["type"], event["status"]))
    await sub.unsubscribe()
    return out


def _crash_once():
    """A hook that ends the worker's task once, holding its message (as a SIGKILL would)."""
    crashed = asyncio.Event()

    async def crash() -> None:
        if not crashed.is_set():
            crashed.set()
            raise asyncio.CancelledError

    return crash, crashed


async def _stop(workers, tasks) -> None:
    for worker in workers:
        await worker.stop()
    for task in tasks:
        task.cancel()


def test_a_crash_between_the_last_record_update_and_the_final_event_still_sends_it_once(
    nats_server, store, tmp_path
):
    async def main():
        bus = await connect(nats_server.url)
        crash, crashed = _crash_once()
        stages = {n: RecordingStage(n) for n in ("mixing", "mastering", "qc")}
        first = StageWorker(bus, store, stages["qc"], tmp_path / "work", ack_wait_seconds=1.0,
                            hooks={"after_record": crash})
        others = [StageWorker(bus, store, stages[n], tmp_path / "work", ack_wait_seconds=1.0)
                  for n in ("mixing", "mastering")]
        tasks = [asyncio.create_task(w.run()) for w in (first, *others)]
        record = await _submit(bus)
        await crashed.wait()
        final = await wait_record(bus, record)  # the record says succeeded; its event is not out yet
        before = await _final_events(bus, record)
        again = StageWorker(bus, store, stages["qc"], tmp_path / "work", ack_wait_seconds=1.0)
        tasks.append(asyncio.create_task(again.run()))
        await _wait_idle(bus, ("mixing", "mastering", "qc"))
        after = await _final_events(bus, record)
        await _stop([*others, again], tasks)
        await bus.close()
        return final, before, after, stages

    final, before, after, stages = _run(main())
    assert final.status is JobStatus.SUCCEEDED
    assert before == []
    assert after == [("status", "succeeded")]
    assert [len(s.calls) for s in stages.values()] == [1, 1, 1]


def test_a_crash_before_the_next_stage_is_published_publishes_it_on_redelivery_without_touching_the_record(
    nats_server, store, tmp_path
):
    async def main():
        bus = await connect(nats_server.url)
        crash, crashed = _crash_once()
        mixing, mastering = RecordingStage("mixing"), RecordingStage("mastering")
        first = StageWorker(bus, store, mixing, tmp_path / "work", ack_wait_seconds=1.0,
                            hooks={"after_record": crash})
        task = asyncio.create_task(first.run())
        record = await _submit(bus, ("mixing", "mastering"))
        await crashed.wait()
        await asyncio.wait([task], timeout=10)
        assert task.done()
        halfway = await bus.jobs.get(record.tenant, record.id)
        workers = [StageWorker(bus, store, s, tmp_path / "work", ack_wait_seconds=1.0) for s in (mixing, mastering)]
        tasks = [asyncio.create_task(w.run()) for w in workers]
        final = await wait_record(bus, record)
        await _wait_idle(bus, ("mixing", "mastering"))
        await _stop(workers, tasks)
        await bus.close()
        return halfway, final, mixing, mastering

    halfway, final, mixing, mastering = _run(main())
    assert (halfway.status, halfway.stage) == (JobStatus.RUNNING, "mastering")  # the record was updated
    assert final.status is JobStatus.SUCCEEDED
    assert mixing.calls == [(0, 0)] and mastering.calls == [(0, 0)]
    run = final.stages[0]
    assert (run.stage, run.deliveries, run.reused) == ("mixing", 1, False)


def test_a_late_duplicate_of_an_earlier_iteration_does_not_overwrite_newer_artifacts(nats_server, store, tmp_path):
    """QC sends the master back once; a copy of the first mastering message arriving meanwhile
    must not put the first master back into the record."""

    async def main():
        bus = await connect(nats_server.url)
        loop = asyncio.get_running_loop()
        record_holder: list[JobRecord] = []

        def qc_behaviour(ctx, calls):
            if ctx.message.iteration == 0:
                return StageResult(next_stage="mastering", next_corrections={"target_offset_lu": 0.4})
            duplicate = StageMessage(job_id=ctx.job.id, tenant=ctx.job.tenant, stage="mastering")
            asyncio.run_coroutine_threadsafe(  # no Nats-Msg-Id: past the dedupe, as after its window
                bus.js.publish(stage_subject("mastering"), duplicate.to_json(), stream=STAGE_STREAM), loop
            ).result(10)
            time.sleep(1.0)  # the idle mastering worker takes the copy meanwhile
            record_holder.append(ctx.job)
            return None

        stages = [RecordingStage("mixing"), RecordingStage("mastering"), RecordingStage("qc", qc_behaviour)]
        workers = [StageWorker(bus, store, s, tmp_path / "work") for s in stages]
        tasks = [asyncio.create_task(w.run()) for w in workers]
        record = await _submit(bus)
        final = await wait_record(bus, record)
        await _wait_idle(bus, ("mixing", "mastering", "qc"))
        await _stop(workers, tasks)
        await bus.close()
        return final, stages, record_holder

    final, stages, seen_by_qc = _run(main())
    assert final.status is JobStatus.SUCCEEDED
    assert final.artifacts["mastering"].endswith("/runs/r0-mastering-i1/mastering.json")
    assert final.parameters.mastering.measurements == {"iteration": 1.0}
    assert stages[1].calls == [(0, 0), (0, 1)]
    assert [(s.stage, s.iteration, s.deliveries) for s in final.stages] == [
        ("mixing", 0, 1), ("mastering", 0, 1), ("qc", 0, 1), ("mastering", 1, 1), ("qc", 1, 1)]


def test_a_worker_dying_on_every_delivery_fails_the_job_instead_of_leaving_it_running(nats_server, store, tmp_path):
    async def main():
        bus = await connect(nats_server.url)
        mixing = RecordingStage("mixing")
        crashes = 0

        async def die() -> None:
            nonlocal crashes
            crashes += 1
            raise asyncio.CancelledError

        record = await _submit(bus)
        for _ in range(2):  # max_deliver=2: two deliveries, two deaths
            dying = StageWorker(bus, store, mixing, tmp_path / "work", ack_wait_seconds=1.0, max_deliver=2,
                                hooks={"before_compute": die})
            task = asyncio.create_task(dying.run())
            await asyncio.wait([task], timeout=20)
            assert task.done()
        survivor = StageWorker(bus, store, mixing, tmp_path / "work", ack_wait_seconds=1.0, max_deliver=2)
        task = asyncio.create_task(survivor.run())
        final = await wait_record(bus, record)
        await _wait_idle(bus, ("mixing",))
        finals = await _final_events(bus, record)
        await _stop([survivor], [task])
        await bus.close()
        return final, finals, crashes, mixing

    final, finals, crashes, mixing = _run(main())
    assert crashes == 2
    assert final.status is JobStatus.FAILED and final.error.code == "E_STAGE_FAILED"
    assert "gave up after 2 deliveries" in final.error.message and "mixing worker stopped" in final.error.message
    assert mixing.calls == []  # the extra delivery fails the job without computing
    assert finals == [("stage_failed", "failed")]


def test_cancelling_mid_stage_stops_it_at_its_next_progress_report_and_removes_its_work(
    nats_server, store, tmp_path
):
    started, cancelled, stopped = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def slow(ctx: StageContext, calls):
        (ctx.work_dir / "scratch.bin").write_bytes(b"x" * 1024)
        ctx.store.put_bytes(ctx.output_key("partial.wav"), b"partial")
        seen["work_dir"] = ctx.work_dir
        seen["prefix"] = ctx.output_prefix
        started.set()
        assert cancelled.wait(20)
        for _ in range(100):  # a real core reports progress every so often
            try:
                ctx.report_progress(0.5, "working")
            except Exception as exc:
                seen["error"] = exc
                stopped.set()
                raise
            time.sleep(0.05)
        return None

    async def main():
        bus = await connect(nats_server.url)
        mixing, mastering = RecordingStage("mixing", slow), RecordingStage("mastering")
        workers = [StageWorker(bus, store, s, tmp_path / "work", ack_wait_seconds=1.5) for s in (mixing, mastering)]
        tasks = [asyncio.create_task(w.run()) for w in workers]
        record = await _submit(bus, ("mixing", "mastering"))
        assert await asyncio.to_thread(started.wait, 20)

        def cancel(job):
            job.status = JobStatus.CANCELLED
            return job

        await bus.jobs.update(record.tenant, record.id, cancel)
        cancelled.set()
        assert await asyncio.to_thread(stopped.wait, 20)
        await _wait_idle(bus, ("mixing", "mastering"))
        final = await bus.jobs.get(record.tenant, record.id)
        await _stop(workers, tasks)
        await bus.close()
        return final, mastering

    final, mastering = _run(main())
    assert final.status is JobStatus.CANCELLED
    assert "ended while mixing was running" in str(seen["error"])
    assert not seen["work_dir"].exists()
    assert list(store.list(seen["prefix"])) == []
    assert mastering.calls == []
    assert [s.stage for s in final.stages] == ["mixing"]


def test_a_missing_input_object_fails_the_job_with_the_reason(nats_server, store, tmp_path):
    def missing(ctx, calls):
        raise NotFound("object 'tenants/t1/jobs/x/inputs/01-vocal.wav' not found")

    async def main():
        bus = await connect(nats_server.url)
        worker = StageWorker(bus, store, RecordingStage("mixing", missing), tmp_path / "work")
        task = asyncio.create_task(worker.run())
        record = await _submit(bus)
        final = await wait_record(bus, record)
        await _wait_idle(bus, ("mixing",))
        await _stop([worker], [task])
        await bus.close()
        return final

    final = _run(main())
    assert final.status is JobStatus.FAILED
    assert final.error.code == "E_NOT_FOUND" and "01-vocal.wav" in final.error.message


def test_a_worker_started_with_other_settings_updates_the_shared_consumer(nats_server, store, tmp_path):
    async def main():
        bus = await connect(nats_server.url)
        infos = []
        for ack_wait_seconds, max_deliver in ((30.0, 5), (2.0, 7)):
            worker = StageWorker(bus, store, RecordingStage("mixing"), tmp_path / "work",
                                 ack_wait_seconds=ack_wait_seconds, max_deliver=max_deliver)
            task = asyncio.create_task(worker.run())
            await asyncio.sleep(0.3)
            infos.append(await bus.js.consumer_info(STAGE_STREAM, consumer_name("mixing")))
            await _stop([worker], [task])
        await bus.close()
        return infos

    infos = _run(main())
    assert [(i.config.ack_wait, i.config.max_deliver) for i in infos] == [(30.0, 6), (2.0, 8)]
