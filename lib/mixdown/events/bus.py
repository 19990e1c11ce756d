"""Connection to NATS JetStream: the stage stream, the events stream and the job KV bucket."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

import nats
import structlog
from nats.js import JetStreamContext
from nats.js.api import (
    AckPolicy,
    ConsumerConfig,
    DeliverPolicy,
    KeyValueConfig,
    RetentionPolicy,
    StorageType,
    StreamConfig,
)
from nats.js.errors import BadRequestError, BucketNotFoundError, KeyNotFoundError, KeyWrongLastSequenceError
from nats.js.kv import KeyValue

from mixdown.errors import Conflict, NotFound, Unavailable
from mixdown.events.messages import Event, JobRecord, StageMessage, kv_key

log = structlog.get_logger(__name__)

STAGE_STREAM = "MIXDOWN_STAGES"
STAGE_SUBJECT = "mixdown.stage"
EVENT_STREAM = "MIXDOWN_EVENTS"
EVENT_SUBJECT = "mixdown.events"
DEAD_SUBJECT = "mixdown.dead"
REQUEST_ID_HEADER = "Mixdown-Request-Id"
JOB_BUCKET = "mixdown_jobs"
DUPLICATE_WINDOW_SECONDS = 600.0
EVENT_MAX_AGE_SECONDS = 7 * 24 * 3600.0


def stage_subject(stage: str, lane: str = "") -> str:
    """The subject of a stage's messages; a lane (``style``) is a stage's separate queue, consumed
    by its own workers (the style mode's mixing on the GPU pool)."""
    return f"{STAGE_SUBJECT}.{stage}" + (f"_{lane}" if lane else "")


def event_subject(tenant: str, job_id: str) -> str:
    return f"{EVENT_SUBJECT}.{tenant}.{job_id}"


def consumer_name(stage: str, lane: str = "") -> str:
    return f"stage-{stage}" + (f"-{lane}" if lane else "")


def final_event_id(tenant: str, job_id: str, revision: int) -> str:
    """Dedupe key of the one final event (succeeded or failed) of a job's revision."""
    return f"{tenant}.{job_id}.r{revision}.final"


@dataclass
class Bus:
    nc: nats.NATS
    js: JetStreamContext
    kv: KeyValue

    @property
    def jobs(self) -> JobStore:
        return JobStore(self.kv)

    async def publish_stage(self, msg: StageMessage, request_id: str = "") -> None:
        """Publish a stage message; JetStream drops a second copy with the same Nats-Msg-Id.

        ``request_id`` (the id of the API request that started the job) travels in the
        ``Mixdown-Request-Id`` header so every stage's logs can carry it.
        """
        headers = {"Nats-Msg-Id": msg.msg_id}
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        await self.js.publish(stage_subject(msg.stage, msg.lane), msg.to_json(), stream=STAGE_STREAM, headers=headers)

    async def publish_event(self, event: Event, msg_id: str = "") -> None:
        """Publish a job event; with ``msg_id`` JetStream keeps one copy per id (the final event of a
        revision is published under :func:`final_event_id`, so a repeat after a crash is dropped)."""
        headers = {"Nats-Msg-Id": msg_id} if msg_id else None
        await self.js.publish(
            event_subject(event.tenant, event.job_id), event.to_json(), stream=EVENT_STREAM, headers=headers
        )

    async def publish_dead(self, stage: str, payload: bytes, reason: str) -> None:
        await self.js.publish(
            f"{DEAD_SUBJECT}.{stage}", payload, stream=EVENT_STREAM, headers={"Mixdown-Reason": reason[:500]}
        )

    async def stage_consumer(self, stage: str, ack_wait_seconds: float, max_deliver: int, lane: str = ""):
        """The durable pull consumer of one stage (or of one lane of it), created or updated to these
        settings (a worker started with another ack wait or delivery bound changes the shared consumer)."""
        name = consumer_name(stage, lane)
        config = ConsumerConfig(
            name=name,
            durable_name=name,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=ack_wait_seconds,
            max_deliver=max_deliver,
            filter_subject=stage_subject(stage, lane),
            max_ack_pending=64,
        )
        await self.js.add_consumer(STAGE_STREAM, config)
        return await self.js.pull_subscribe_bind(
            durable=name, stream=STAGE_STREAM, name=name
        )

    async def close(self) -> None:
        """Flush what was published and close. Workers stop fetching and finish their message
        before this is called, so there is nothing left to drain."""
        if self.nc.is_closed:
            return
        try:
            await self.nc.flush(timeout=2)
        except Exception:  # noqa: BLE001 - closing matters more than the last flush
            pass
        await self.nc.close()


async def _ensure_stream(js: JetStreamContext, config: StreamConfig) -> None:
    try:
        await js.add_stream(config)
    except BadRequestError:
        await js.update_stream(config)


async def _nats_error(exc: Exception) -> None:
    log.warning("nats_error", error=f"{type(exc).__name__}: {exc}")


async def _nats_disconnected() -> None:
    log.warning("nats_disconnected")


async def _nats_reconnected() -> None:
    log.info("nats_reconnected")


async def connect(url: str, attempts: int = 30, name: str = "mixdown") -> Bus:
    """Connect with bounded retries and make sure the streams and the bucket exist."""
    last: Exception | None = None
    for attempt in range(attempts):
        try:
            # nats-py keeps retrying a refused first connection when reconnects are unlimited;
            # each attempt is bounded here so that start-up fails fast as the settings promise.
            nc = await asyncio.wait_for(
                nats.connect(
                    url, name=name, connect_timeout=2, max_reconnect_attempts=-1, reconnect_time_wait=0.5,
                    drain_timeout=5, error_cb=_nats_error, disconnected_cb=_nats_disconnected,
                    reconnected_cb=_nats_reconnected,
                ),
                timeout=3.0,
            )
            break
        except Exception as exc:  # noqa: BLE001 - any connect failure is retried, then reported
            last = exc
            await asyncio.sleep(min(0.2 * 2**attempt, 2.0))
    else:
        raise Unavailable(f"cannot reach NATS at {url} after {attempts} attempts: {last!r}")
    js = nc.jetstream(timeout=10)
    await _ensure_stream(
        js,
        StreamConfig(
            name=STAGE_STREAM,
            subjects=[f"{STAGE_SUBJECT}.>"],
            retention=RetentionPolicy.WORK_QUEUE,
            storage=StorageType.FILE,
            duplicate_window=DUPLICATE_WINDOW_SECONDS,
        ),
    )
    await _ensure_stream(
        js,
        StreamConfig(
            name=EVENT_STREAM,
            subjects=[f"{EVENT_SUBJECT}.>", f"{DEAD_SUBJECT}.>"],
            retention=RetentionPolicy.LIMITS,
            storage=StorageType.FILE,
            max_age=EVENT_MAX_AGE_SECONDS,
            duplicate_window=DUPLICATE_WINDOW_SECONDS,
        ),
    )
    try:
        kv = await js.key_value(JOB_BUCKET)
    except BucketNotFoundError:
        kv = await js.create_key_value(KeyValueConfig(bucket=JOB_BUCKET, history=8, storage=StorageType.FILE))
    return Bus(nc=nc, js=js, kv=kv)


class JobStore:
    """Job records in the KV bucket; every write is compare-and-set on the entry's revision."""

    def __init__(self, kv: KeyValue) -> None:
        self.kv = kv

    async def create(self, record: JobRecord) -> None:
        try:
            await self.kv.create(record.kv_key, record.to_json())
        except KeyWrongLastSequenceError as exc:
            raise Conflict(f"job {record.id} already exists") from exc

    async def get(self, tenant: str, job_id: str) -> JobRecord:
        record, _ = await self._get(kv_key(tenant, job_id))
        return record

    async def _get(self, key: str) -> tuple[JobRecord, int]:
        try:
            entry = await self.kv.get(key)
        except KeyNotFoundError as exc:
            raise NotFound(f"job {key.split('.', 1)[-1]} not found") from exc
        if entry.value is None:
            raise NotFound(f"job {key.split('.', 1)[-1]} not found")
        return JobRecord.from_json(entry.value), entry.revision

    async def update(
        self, tenant: str, job_id: str, change: Callable[[JobRecord], JobRecord | None], attempts: int = 50
    ) -> JobRecord:
        """Apply ``change`` to the current record and write it with compare-and-set.

        ``change`` gets a copy and returns the new record, or None to leave it as it is. On a
        concurrent write the record is read again and ``change`` applied again.
        """
        key = kv_key(tenant, job_id)
        for _ in range(attempts):
            record, revision = await self._get(key)
            new = change(record.model_copy(deep=True))
            if new is None:
                return record
            new.updated_at = time.time()
            try:
                await self.kv.update(key, new.to_json(), last=revision)
                return new
            except KeyWrongLastSequenceError:
                await asyncio.sleep(0.01)
        raise Conflict(f"job {job_id}: too many concurrent updates")

    async def list_keys(self, tenant: str) -> list[str]:
        try:
            keys = await self.kv.keys(filters=[f"{tenant}.*"])
        except Exception:  # noqa: BLE001 - nats-py raises NoKeysError on an empty bucket
            return []
        return [k.split(".", 1)[1] for k in keys]


async def replay_events(js: JetStreamContext, tenant: str, job_id: str):
    """Ordered, ephemeral subscription that replays a job's events from the beginning."""
    return await js.subscribe(
        event_subject(tenant, job_id),
        stream=EVENT_STREAM,
        ordered_consumer=True,
        deliver_policy=DeliverPolicy.ALL,
    )
