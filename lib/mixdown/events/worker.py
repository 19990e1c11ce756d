"""The stage-worker loop, written once for every service.

For each message: validate it (poison → term and record), skip it when the job is final or
cancelled, reuse the stage's stored result when an earlier delivery already wrote it, else run
the stage's pure core in a thread, store the outputs and the result manifest, update the job
record (compare-and-set), publish the next stage's message (deduplicated by Nats-Msg-Id), and
only then ack. The message is heartbeated the whole time it is held, and the job record is
watched: a job cancelled meanwhile stops the stage at its next progress report and its
partial outputs are removed. A delivery of a stage run the record already shows done only
makes sure the next stage's message was published. Transient errors ``nak`` with a growing
delay (:func:`retry_delay_seconds`); after ``max_deliver`` deliveries the job is marked failed
with the reason. The consumer allows one delivery more than ``max_deliver``: a message whose
worker died or timed out on every delivery reaches a worker once more, which fails the job
without computing, so that no job stays ``running`` for ever.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import structlog
from nats.aio.msg import Msg

from mixdown import telemetry
from mixdown.errors import Conflict, InvalidInput, MixdownError, NotFound
from mixdown.events import budget
from mixdown.events.bus import REQUEST_ID_HEADER, Bus, final_event_id
from mixdown.events.codes import JobErrorCode
from mixdown.events.messages import Event, JobRecord, JobStatus, StageMessage
from mixdown.events.pull import PullLoop, backoff_seconds, keep_alive
from mixdown.events.runs import begin_run, fail_run, finish_run, next_stage_message, run_done, same_run
from mixdown.events.stage import Stage, StageContext, StageResult
from mixdown.storage import ObjectStore

log = structlog.get_logger(__name__)

MANIFEST = "manifest.json"


class JobCancelled(Conflict):
    """The job was cancelled (or otherwise ended) while one of its stages was running."""


RETRY_BASE_SECONDS = 0.5
RETRY_MAX_SECONDS = 30.0


def retry_delay_seconds(deliveries: int) -> float:
    """Delay of the ``nak`` after a failed delivery: 0.5 s, 1 s, 2 s, 4 s, … up to 30 s."""
    return backoff_seconds(deliveries, RETRY_BASE_SECONDS, RETRY_MAX_SECONDS)


class _Watch:
    """Keeps one held message alive (``in_progress`` every third of the ack wait) and notices
    when its job ends elsewhere (cancelled by the user), for the stage thread to stop."""

    def __init__(self, bus: Bus, msg: Msg, message: StageMessage, interval_seconds: float) -> None:
        self.bus = bus
        self.msg = msg
        self.message = message
        self.interval_seconds = interval_seconds
        self.ended = threading.Event()

    async def run(self) -> None:
        await keep_alive(self.msg, self.interval_seconds, self._look)

    async def _look(self) -> None:
        try:
            job = await self.bus.jobs.get(self.message.tenant, self.message.job_id)
        except Exception:  # noqa: BLE001 - the record is read again at the next beat
            return
        if job.terminal:
            self.ended.set()

    def check(self) -> None:
        """Raise JobCancelled once the job was seen ended (called from the stage thread too)."""
        if self.ended.is_set():
            raise JobCancelled(f"job {self.message.job_id} ended while {self.message.stage} was running")


class StageWorker:
    """Pulls one stage's messages and runs them through ``stage``, one at a time.

    ``hooks`` are called at named points of every message, for fault injection:
    ``before_compute`` (nothing stored yet), ``after_output`` (outputs and manifest stored, record
    not updated), ``after_record`` (record updated, next message and events not published) and
    ``before_ack`` (everything done but the ack).
    """

    def __init__(
        self,
        bus: Bus,
        store: ObjectStore,
        stage: Stage,
        work_dir: Path,
        ack_wait_seconds: float = 30.0,
        max_deliver: int = 5,
        hooks: dict[str, Callable[[], Awaitable[None] | None]] | None = None,
    ) -> None:
        self.bus = bus
        self.store = store
        self.stage = stage
        self.work_dir = Path(work_dir)
        self.ack_wait_seconds = ack_wait_seconds
        self.max_deliver = max_deliver
        self.hooks = hooks or {}
        self._pull = PullLoop(stage.name, self.handle)

    async def run(self) -> None:
        lane = getattr(self.stage, "lane", "")
        sub = await self.bus.stage_consumer(self.stage.name, self.ack_wait_seconds, self.max_deliver + 1, lane)
        depth = asyncio.create_task(telemetry.watch_queue_depth(sub, self.stage.name + (f"_{lane}" if lane else "")))
        log.info("worker_started", stage=self.stage.name, lane=lane)
        try:
            await self._pull.run(sub)
        finally:
            depth.cancel()
        log.info("worker_stopped", stage=self.stage.name)

    async def stop(self) -> None:
        """Stop fetching and wait for the message in hand to finish (graceful drain)."""
        await self._pull.stop()

    async def _hook(self, name: str) -> None:
        hook = self.hooks.get(name)
        if hook is not None:
            result = hook()
            if asyncio.iscoroutine(result):
                await result

    async def handle(self, msg: Msg) -> None:
        deliveries = msg.metadata.num_delivered if msg.metadata else 1
        try:
            message = StageMessage.from_json(msg.data)
        except InvalidInput as exc:
            log.error("poison_message", stage=self.stage.name, error=str(exc))
            telemetry.STAGE_MESSAGES.labels(self.stage.name, "poison").inc()
            await self.bus.publish_dead(self.stage.name, msg.data, str(exc))
            await msg.term()
            return
        if message.stage != self.stage.name:
            await self.bus.publish_dead(self.stage.name, msg.data, f"message for stage {message.stage}")
            await msg.term()
            return
        bound = log.bind(job_id=message.job_id, tenant=message.tenant, stage=message.stage,
                         revision=message.revision, iteration=message.iteration, deliveries=deliveries)
        if deliveries > 1:
            telemetry.STAGE_REDELIVERIES.labels(self.stage.name).inc()
        if deliveries > self.max_deliver:
            outcome = await self._give_up(msg, message, deliveries, bound)
            telemetry.STAGE_MESSAGES.labels(self.stage.name, outcome).inc()
            return
        started = time.monotonic()
        outcome = "ok"
        telemetry.STAGE_IN_FLIGHT.labels(self.stage.name).inc()
        watch = _Watch(self.bus, msg, message, max(self.ack_wait_seconds / 3.0, 0.5))
        heartbeat = asyncio.create_task(watch.run())
        try:
            with structlog.contextvars.bound_contextvars(
                job_id=message.job_id, tenant=message.tenant, stage=message.stage, deliveries=deliveries,
                request_id=(msg.headers or {}).get(REQUEST_ID_HEADER, ""),
            ):
                outcome = await self._process(msg, message, deliveries, bound, watch)
        except JobCancelled as exc:
            outcome = "cancelled"
            bound.info("stage_cancelled", reason=str(exc))
            job = await self.bus.jobs.get(message.tenant, message.job_id)
            await self._release(job, message)
            await msg.ack()
        except NotFound as exc:
            if await self._job_exists(message):  # an input or output object is missing: the job cannot go on
                outcome = "failed"
                await self._fail(message, JobErrorCode.NOT_FOUND, str(exc))
            else:
                outcome = "orphan"
                bound.warning("job_missing", error=str(exc))
            await msg.term()
        except InvalidInput as exc:
            outcome = "failed"
            await self._fail(message, JobErrorCode.INVALID_INPUT, str(exc))
            await msg.term()
        except Exception as exc:  # noqa: BLE001 - transient until max_deliver, then failed
            reason = f"{type(exc).__name__}: {exc}" if not isinstance(exc, MixdownError) else str(exc)
            if deliveries >= self.max_deliver:
                outcome = "failed"
                bound.error("stage_failed_permanently", error=reason)
                await self._fail(message, JobErrorCode.STAGE_FAILED, f"gave up after {deliveries} deliveries: {reason}")
                await msg.term()
            else:
                outcome = "retry"
                delay = retry_delay_seconds(deliveries)
                bound.warning("stage_retry", error=reason, delay_seconds=delay)
                await msg.nak(delay=delay)
        finally:
            heartbeat.cancel()
            telemetry.STAGE_IN_FLIGHT.labels(self.stage.name).dec()
            telemetry.STAGE_MESSAGES.labels(self.stage.name, outcome).inc()
            telemetry.STAGE_DURATION.labels(self.stage.name, outcome).observe(time.monotonic() - started)

    async def _give_up(self, msg: Msg, message: StageMessage, deliveries: int, bound) -> str:
        """The delivery beyond ``max_deliver``: every earlier one died or timed out unfinished."""
        try:
            job = await self.bus.jobs.get(message.tenant, message.job_id)
        except NotFound:
            await msg.term()
            return "orphan"
        if job.terminal or message.revision != job.revision:
            return await self._skip(msg, job, message, bound)
        if run_done(job, message):
            return await self._after_done(msg, job, message, bound)
        bound.error("stage_never_finished")
        await self._fail(message, JobErrorCode.STAGE_FAILED,
                         f"gave up after {deliveries - 1} deliveries: the {message.stage} worker stopped or timed "
                         f"out before finishing each of them")
        await msg.term()
        return "failed"

    async def _process(self, msg: Msg, message: StageMessage, deliveries: int, bound, watch: _Watch) -> str:
        jobs = self.bus.jobs
        job = await jobs.get(message.tenant, message.job_id)
        if job.terminal or message.revision != job.revision:
            return await self._skip(msg, job, message, bound)
        if run_done(job, message):
            return await self._after_done(msg, job, message, bound)

        job = await jobs.update(message.tenant, message.job_id, lambda record: begin_run(record, message, deliveries))
        if job.terminal or message.revision != job.revision:
            return await self._skip(msg, job, message, bound)
        if run_done(job, message):
            return await self._after_done(msg, job, message, bound)
        await self._event(job, "stage_started", f"{message.stage} started")

        manifest_key = f"{StageContext(job, message, self.store, self.work_dir).output_prefix}/{MANIFEST}"
        reused = False
        stored = await asyncio.to_thread(self._load_manifest, manifest_key)
        if stored is not None:
            result, reused = stored, True
            bound.info("stage_output_reused")
        else:
            await self._hook("before_compute")
            result = await self._compute(job, message, manifest_key, watch)
        await self._hook("after_output")

        next_message = next_stage_message(job, message, result)

        job = await jobs.update(message.tenant, message.job_id,
                                lambda record: finish_run(record, message, result, next_message, reused))
        if job.status is JobStatus.CANCELLED:
            await self._release(job, message)
            await msg.ack()
            return "cancelled"
        await self._hook("after_record")
        if next_message is not None and not job.terminal:
            await self.bus.publish_stage(next_message, (msg.headers or {}).get(REQUEST_ID_HEADER, ""))
        await self._event(job, "stage_done", f"{message.stage} done")
        if job.terminal:
            telemetry.JOBS_FINISHED.labels(job.status.value).inc()
            await self._final_event(job)
        await self._hook("before_ack")
        await msg.ack()
        bound.info("stage_done", reused=reused, status=job.status.value)
        return "failed" if result.fail else "ok"

    def _work_dir(self, job: JobRecord, message: StageMessage) -> Path:
        return self.work_dir / f"{job.tenant}-{job.id}-{message.run_name}"

    async def _compute(self, job: JobRecord, message: StageMessage, manifest_key: str, watch: _Watch) -> StageResult:
        current = await self.bus.jobs.get(message.tenant, message.job_id)
        if current.terminal:  # ended while this delivery waited
            raise JobCancelled(f"job {job.id} is {current.status.value}; {message.stage} not started")
        work = self._work_dir(job, message)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True, exist_ok=True)
        loop = asyncio.get_running_loop()

        def report(fraction: float, note: str) -> None:
            watch.check()
            event = Event(job_id=job.id, tenant=job.tenant, type="stage_progress", status=JobStatus.RUNNING,
                          stage=message.stage, progress=max(0.0, min(1.0, fraction)), message=note)
            asyncio.run_coroutine_threadsafe(self.bus.publish_event(event), loop)

        ctx = StageContext(job=job, message=message, store=self.store, work_dir=work, report_progress=report)
        try:
            # One message in hand at a time: the process's peak from here is this run's.
            budget.reset_peak_memory()
            # Off the event loop so that heartbeats and the cancellation watch go on; not compute
            # parallelism (the stage's parallel parts run on mixdown.dsp.pool).
            result = await asyncio.to_thread(self.stage.run, ctx)
            result.phases_seconds = ctx.phases.seconds()
            result.peak_memory_bytes = budget.peak_memory_bytes()
            for phase, seconds in result.phases_seconds.items():
                telemetry.STAGE_PHASE.labels(self.stage.name, phase).observe(seconds)
            if result.peak_memory_bytes is not None:
                telemetry.STAGE_PEAK_MEMORY.labels(self.stage.name).set(result.peak_memory_bytes)
            watch.check()
            await asyncio.to_thread(
                self.store.put_bytes, manifest_key, result.model_dump_json().encode(), "application/json"
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return result

    async def _skip(self, msg: Msg, job: JobRecord, message: StageMessage, bound) -> str:
        """A message of a finished, cancelled or superseded job: release what it left, ack it."""
        if job.status is JobStatus.CANCELLED:
            await self._release(job, message)
        elif job.terminal and job.stages and same_run(job.stages[-1], message):
            await self._final_event(job)  # this run ended the job: its final event may not have gone out
        bound.info("stage_skipped", status=job.status.value)
        await msg.ack()
        return "skipped"

    async def _after_done(self, msg: Msg, job: JobRecord, message: StageMessage, bound) -> str:
        """A delivery of a run the record shows done (an earlier one died before its ack): make sure
        the next stage's message went out, and change nothing else."""
        manifest_key = f"{StageContext(job, message, self.store, self.work_dir).output_prefix}/{MANIFEST}"
        result = await asyncio.to_thread(self._load_manifest, manifest_key)
        next_message = next_stage_message(job, message, result) if result is not None else None
        if next_message is not None and job.run_for(next_message) is None:
            await self.bus.publish_stage(next_message, (msg.headers or {}).get(REQUEST_ID_HEADER, ""))
        bound.info("stage_already_done")
        await msg.ack()
        return "skipped"

    async def _release(self, job: JobRecord, message: StageMessage) -> None:
        """Remove what an unfinished run of a cancelled job left: its outputs and its scratch folder."""
        shutil.rmtree(self._work_dir(job, message), ignore_errors=True)
        if message.revision != job.revision or run_done(job, message):
            return
        prefix = StageContext(job, message, self.store, self.work_dir).output_prefix
        removed = await asyncio.to_thread(self.store.delete_prefix, prefix)
        if removed:
            log.info("stage_outputs_released", job_id=job.id, stage=message.stage, objects=removed)

    async def _job_exists(self, message: StageMessage) -> bool:
        try:
            await self.bus.jobs.get(message.tenant, message.job_id)
        except NotFound:
            return False
        return True

    def _load_manifest(self, key: str) -> StageResult | None:
        if not self.store.exists(key):
            return None
        try:
            return StageResult.model_validate_json(self.store.get_bytes(key))
        except (ValueError, NotFound):
            return None

    async def _fail(self, message: StageMessage, code: JobErrorCode, text: str) -> None:
        changed = False

        def mark(record: JobRecord) -> JobRecord | None:
            nonlocal changed
            changed = fail_run(record, message, code, text) is not None
            return record if changed else None

        try:
            job = await self.bus.jobs.update(message.tenant, message.job_id, mark)
        except NotFound:
            return
        if not changed:
            return
        telemetry.JOBS_FINISHED.labels("failed").inc()
        await self._event(job, "stage_failed", text, final_event_id(job.tenant, job.id, job.revision))

    async def _final_event(self, job: JobRecord) -> None:
        """The one final event of the job's revision (a repeat within the dedupe window is dropped)."""
        await self._event(job, "status", job.error.message if job.error else job.status.value,
                          final_event_id(job.tenant, job.id, job.revision))

    async def _event(self, job: JobRecord, kind: str, text: str, msg_id: str = "") -> None:
        try:
            await self.bus.publish_event(Event(job_id=job.id, tenant=job.tenant, type=kind, status=job.status,
                                               stage=job.stage, progress=job.progress, message=text), msg_id)
        except Exception as exc:  # noqa: BLE001 - events are best effort; the record is the truth
            log.warning("event_publish_failed", error=str(exc))

