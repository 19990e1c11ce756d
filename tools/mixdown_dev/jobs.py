"""Waiting on a job, the one way every test, benchmark and the demo do it: through the gateway's
REST API, or (tests of the stage workers, with no gateway) on the job record in NATS.

A job is final when its status is one of :data:`FINAL_STATUSES`; its event stream then carries
exactly one final event (a ``status`` or ``stage_failed`` event with that status) and ends.
:func:`wait_final` polls ``GET /v1/jobs/{id}`` (it survives a gateway outage: an unanswered poll
counts as "not yet"); :func:`follow_final` follows ``GET /v1/jobs/{id}/events`` as the web studio
does, without polling load on the gateway while the stages run; :func:`wait_record` reads the
job record from the bus until a condition (by default: final) holds.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any, Protocol

import httpx

from mixdown.events.bus import Bus
from mixdown.events.messages import JobRecord

FINAL_STATUSES: tuple[str, ...] = ("succeeded", "failed", "cancelled")
FINAL_EVENT_TYPES: tuple[str, ...] = ("status", "stage_failed")


class _HasGateway(Protocol):
    url: str
    api_key: str


def api(stack: _HasGateway, timeout_seconds: float = 30.0) -> httpx.Client:
    """An HTTP client for the stack's gateway, presenting its API key, never through a proxy."""
    key = getattr(stack, "api_key", None)
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=stack.url, headers=headers, timeout=timeout_seconds, trust_env=False)


def wait_until(check: Callable[[], Any], timeout_seconds: float, what: str, interval_seconds: float = 0.1) -> Any:
    """Call ``check`` until it returns something truthy; AssertionError naming ``what`` at the deadline."""
    deadline = time.monotonic() + timeout_seconds
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval_seconds)
    raise AssertionError(f"{what}: not within {timeout_seconds:g} s (last: {last!r})")


def read_job(client: httpx.Client, job_id: str) -> dict | None:
    """The job as the API shows it, or None while the gateway cannot answer (an outage)."""
    try:
        response = client.get(f"/v1/jobs/{job_id}", timeout=10.0)
    except httpx.HTTPError:
        return None
    return response.json() if response.status_code == 200 else None


def wait_final(
    client: httpx.Client,
    job_id: str,
    timeout_seconds: float = 120.0,
    interval_seconds: float = 0.2,
    on_poll: Callable[[dict], None] | None = None,
) -> dict:
    """Poll the job until its status is final and return it; ``on_poll`` sees every answered poll
    (the demo prints progress with it). AssertionError naming the job and its last state at the deadline."""

    def final() -> dict | None:
        job = read_job(client, job_id)
        if job is not None and on_poll is not None:
            on_poll(job)
        return job if job is not None and job["status"] in FINAL_STATUSES else None

    return wait_until(final, timeout_seconds, f"job {job_id} reaching a final status", interval_seconds)


def is_final_event(event: dict) -> bool:
    return event.get("type") in FINAL_EVENT_TYPES and event.get("status") in FINAL_STATUSES


def events(client: httpx.Client, job_id: str, after_event_id: int = 0, timeout_seconds: float = 30.0) -> list[dict]:
    """Every event of the job after ``after_event_id``, from the server-sent event stream (which
    ends after the final one), each with its stream ``id`` added as ``event_id``."""
    out: list[dict] = []
    headers = {"Last-Event-ID": str(after_event_id)} if after_event_id else {}
    event_id = after_event_id
    with client.stream("GET", f"/v1/jobs/{job_id}/events", headers=headers, timeout=timeout_seconds) as response:
        assert response.status_code == 200, response.read()
        for line in response.iter_lines():
            if line.startswith("id: "):
                event_id = int(line[4:])
            elif line.startswith("data: "):
                out.append({**json.loads(line[6:]), "event_id": event_id})
    return out


def final_events(client: httpx.Client, job_id: str) -> list[dict]:
    """The job's final events: exactly one for a job that ended once."""
    return [event for event in events(client, job_id) if is_final_event(event)]


def follow_final(client: httpx.Client, job_id: str, after_event_id: int = 0, timeout_seconds: float = 300.0) -> dict:
    """Follow the job's events after ``after_event_id`` until its final event, and return that
    event (its stream id as ``event_id``); AssertionError when the stream ends before the job does."""
    for event in events(client, job_id, after_event_id, timeout_seconds):
        if is_final_event(event):
            return event
    raise AssertionError(f"job {job_id}: the event stream ended before the job did")


def follow_succeeded(client: httpx.Client, job_id: str, after_event_id: int = 0,
                     timeout_seconds: float = 300.0) -> int:
    """:func:`follow_final`, as the web studio follows a job (no polling load on the gateway while
    the stages run), for a job that must succeed: its final event's id; RuntimeError otherwise."""
    event = follow_final(client, job_id, after_event_id, timeout_seconds)
    if event["status"] != "succeeded":
        raise RuntimeError(f"job {job_id} {event['status']}: {event.get('message')}")
    return event["event_id"]


async def wait_record(
    bus: Bus,
    record: JobRecord,
    done: Callable[[JobRecord], bool] = lambda job: job.terminal,
    timeout_seconds: float = 30.0,
    interval_seconds: float = 0.05,
) -> JobRecord:
    """Read the job's record from the bus until ``done`` holds for it (by default: its status is
    final) and return it; AssertionError with its last status and stage at the deadline."""
    deadline = asyncio.get_running_loop().time() + timeout_seconds
    current = record
    while asyncio.get_running_loop().time() < deadline:
        current = await bus.jobs.get(record.tenant, record.id)
        if done(current):
            return current
        await asyncio.sleep(interval_seconds)
    raise AssertionError(f"job {record.id}: condition not reached within {timeout_seconds:g} s; "
                         f"{current.status.value} at {current.stage}")
