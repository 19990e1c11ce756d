"""Server-Sent Events for one job: replay its events from the beginning, then follow live ones.

Wire format per event: ``id: <stream sequence>``, ``event: <type>``, ``data: <Event JSON>``. A
comment line (``: keepalive``) goes out every heartbeat interval while nothing happens. The
stream ends after the job's final event (a ``status`` or ``stage_failed`` event whose status is
succeeded, failed or cancelled), or right after the replay when the job was already final. When
the final event is missing (trimmed by the stream's age limit, or never published), a
``status`` event built from the record closes the stream instead. A ``Last-Event-ID`` header
resumes after that sequence number.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable

import anyio
import nats.errors
import structlog
from nats.js.errors import NotFoundError

from mixdown.errors import NotFound
from mixdown.events.bus import EVENT_STREAM, Bus, event_subject, replay_events
from mixdown.events.messages import TERMINAL_STATUSES, Event, JobRecord

log = structlog.get_logger(__name__)

FINAL_EVENT_TYPES = frozenset({"status", "stage_failed"})
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Connection": "keep-alive"}


def format_event(event_type: str, data: str, event_id: int | None = None) -> str:
    lines = [f"id: {event_id}"] if event_id is not None else []
    lines.append(f"event: {event_type}")
    lines.extend(f"data: {line}" for line in data.splitlines() or [""])
    return "\n".join(lines) + "\n\n"


def is_final(event: Event) -> bool:
    return event.status in TERMINAL_STATUSES and event.type in FINAL_EVENT_TYPES


def closing_event(record: JobRecord) -> str:
    """A status event built from a final record, for when the stream holds no final event."""
    message = record.error.message if record.error else record.status.value
    event = Event(job_id=record.id, tenant=record.tenant, type="status", status=record.status,
                  stage=record.stage, progress=record.progress, message=message)
    return format_event("status", event.model_dump_json())


async def _has_events(bus: Bus, tenant: str, job_id: str) -> bool:
    try:
        await bus.js.get_last_msg(EVENT_STREAM, event_subject(tenant, job_id))
    except NotFoundError:
        return False
    return True


async def job_event_stream(
    bus: Bus,
    record: JobRecord,
    heartbeat_seconds: float,
    is_disconnected: Callable[[], Awaitable[bool]],
    last_event_id: int = 0,
) -> AsyncIterator[str]:
    tenant, job_id = record.tenant, record.id
    bound = log.bind(job_id=job_id, tenant=tenant)
    final_at_start = record.terminal
    if final_at_start and not await _has_events(bus, tenant, job_id):
        yield closing_event(record)
        return
    sub = await replay_events(bus.js, tenant, job_id)
    consumer: str | None = None  # the ordered consumer's current name (it changes after a reset)
    bound.debug("sse_subscribed")
    try:
        while True:
            try:
                msg = await sub.next_msg(timeout=heartbeat_seconds)
            except nats.errors.TimeoutError:
                if await is_disconnected():
                    return
                try:
                    current = await bus.jobs.get(tenant, job_id)
                except NotFound:  # the job was removed while followed
                    return
                if current.terminal:  # the final event never came: close from the record
                    yield closing_event(current)
                    return
                yield ": keepalive\n\n"
                continue
            sequence = msg.metadata.sequence.stream if msg.metadata else None
            pending = msg.metadata.num_pending if msg.metadata else 0
            consumer = msg.metadata.consumer if msg.metadata else consumer
            try:
                event = Event.from_json(msg.data)
            except Exception as exc:  # noqa: BLE001 - a malformed event is skipped, not fatal
                bound.warning("sse_bad_event", error=str(exc))
                continue
            # An event at or before Last-Event-ID was seen: its being final (an earlier revision's
            # end) does not end this stream.
            if sequence is None or sequence > last_event_id:
                yield format_event(event.type, json.dumps(event.model_dump(mode="json")), sequence)
                if is_final(event):
                    return
            if final_at_start and pending == 0:  # replay done; the job was over before we came
                if not is_final(event):
                    yield closing_event(record)
                return
    finally:
        with anyio.CancelScope(shield=True):
            await _drop(bus, sub, consumer, bound)
        bound.debug("sse_closed")


async def _drop(bus: Bus, sub, consumer: str | None, bound) -> None:
    """Unsubscribe and delete the ephemeral consumer now, rather than when the server notices
    its inactivity seconds later (many short-lived SSE clients would pile up consumers)."""
    try:
        await sub.unsubscribe()
        if consumer is None:
            consumer = (await asyncio.wait_for(sub.consumer_info(), 2.0)).name
        await asyncio.wait_for(bus.js.delete_consumer(EVENT_STREAM, consumer), 2.0)
    except Exception as exc:  # noqa: BLE001 - best effort: the server expires it anyway
        bound.debug("sse_consumer_cleanup_failed", error=str(exc))
