"""Admission of a new song (a mix job or a separation): quota, priority, plan features, webhook.

Before the upload is read: the month's quota (429 when used up) and the queue of the job's first
stage (503 for plans without priority when it is congested). After the form is validated: the
plan's features (403), then the song is counted atomically for the submission and given back if
the submission fails. :func:`admit_upload` is that sequence around a multipart upload, the same for
a mix job and a separation.

Priority processing is honoured at admission: a stage queue is first-in first-out (a JetStream
work queue), so an admitted job is never overtaken; instead, when ``standard_queue_limit_messages``
messages wait for the first stage, jobs of plans without priority are refused with Retry-After
while priority plans' jobs are still accepted and queued. The job record carries ``priority``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

import structlog
from fastapi import Request, Response

from mixdown.events.bus import STAGE_STREAM, Bus, stage_subject
from mixdown.events.messages import JobRecord
from mixdown_gateway import stems
from mixdown_gateway.access.errors import Busy, Forbidden
from mixdown_gateway.access.state import Access
from mixdown_gateway.access.webhooks import check_callback_url
from mixdown_gateway.deps import Principal
from mixdown_gateway.forms import single_field
from mixdown_gateway.schemas import JobCreated
from mixdown_gateway.settings import GatewaySettings
from mixdown_gateway.uploads import ParsedForm, UploadLimits, parse_multipart

log = structlog.get_logger(__name__)

Submit = Callable[[str], Awaitable[JobRecord]]
"""Submits a validated song given its checked ``callback_url``; returns the new job's record."""

BUSY_RETRY_SECONDS = 30.0


async def waiting_messages(bus: Bus, stage: str) -> int | None:
    """Stage messages waiting (or in progress) for ``stage``; None when NATS cannot say."""
    subject = stage_subject(stage)
    try:
        info = await bus.js.stream_info(STAGE_STREAM, subjects_filter=subject)
    except Exception as exc:  # noqa: BLE001 - unknown backlog: admit rather than refuse
        log.warning("queue_depth_unknown", stage=stage, error=str(exc))
        return None
    return int((info.state.subjects or {}).get(subject, 0))


async def before_upload(access: Access, bus: Bus, caller: Principal, first_stage: str, queue_limit: int) -> None:
    """Refuse early, before a large upload is read: quota used up (429), queue congested for a
    plan without priority (503)."""
    _, usage, _, _ = access.stores()
    await usage.check(caller.tenant, caller.plan)
    if caller.plan.priority > 0:
        return
    waiting = await waiting_messages(bus, first_stage)
    if waiting is not None and waiting >= queue_limit:
        raise Busy(
            f"the {first_stage} queue is congested ({waiting} jobs waiting); plan {caller.plan.name} jobs are "
            f"accepted again below {queue_limit} (plans with priority processing are accepted now)",
            retry_after_seconds=BUSY_RETRY_SECONDS,
        )


def wants_drum_separation(raw_options: str | None) -> bool:
    """Whether the separation's ``options`` ask for drum sub-stems explicitly (drum_separation
    true, a drum sub-stem named in stems_required, or source "drums"); malformed options say
    no here (their validation names the problem)."""
    try:
        given = json.loads(raw_options) if raw_options and raw_options.strip() else {}
    except ValueError:
        return False
    if not isinstance(given, dict):
        return False
    named = given.get("stems_required")
    return given.get("drum_separation") is True or given.get("source") == "drums" or (
        isinstance(named, list) and any(name in stems.DRUM_STEMS for name in named if isinstance(name, str))
    )


def plan_options(caller: Principal, raw_options: str | None, options: dict) -> dict:
    """The separation options the caller's plan allows: Forbidden when drum sub-stems are asked
    for on a plan without them; main stems only when they were merely the default."""
    if caller.plan.drum_separation or not options.get("drum_separation"):
        return options
    if wants_drum_separation(raw_options):
        raise Forbidden(
            f"drum separation (kick, snare, cymbals, toms) is not included in plan {caller.plan.name}: "
            'ask for main stems only ({"drum_separation": false}) or use a plan that includes it (pro, enterprise)'
        )
    return {**options, "drum_separation": False}


async def submit_counted(
    access: Access, caller: Principal, fields: dict[str, list[str]], allow_private_hosts: bool,
    submit: Submit,
) -> JobRecord:
    """Check the form's ``callback_url``, then ``submit(callback_url)`` as one song of the
    caller's monthly quota (given back when the submission fails)."""
    callback_url = check_callback_url(single_field(fields, "callback_url"), allow_private_hosts)
    _, usage, _, _ = access.stores()
    async with usage.song(caller.tenant, caller.plan):
        return await submit(callback_url)


async def admit_upload(
    request: Request, response: Response, access: Access, bus: Bus, caller: Principal, settings: GatewaySettings,
    *, first_stage: str, prepare: Callable[[ParsedForm], Submit], max_files: int, file_field: str = "files",
    single_file_fields: tuple[str, ...] = (),
) -> JobCreated:
    """Admit a new song uploaded as multipart: check the quota and ``first_stage``'s queue, read
    the upload into the work folder (the gateway's size limits, ``max_files`` files in
    ``file_field``, one each in ``single_file_fields``), ``prepare(form)`` (which validates the
    form and returns how to submit it), submit it counted against the quota, remove the
    upload's files whatever happened, and point the 201's ``Location`` at the new job."""
    await before_upload(access, bus, caller, first_stage, settings.standard_queue_limit_messages)
    limits = UploadLimits(
        max_request_bytes=settings.max_request_bytes, max_file_bytes=settings.max_upload_bytes,
        max_files=max_files, max_field_bytes=settings.max_field_bytes, file_field=file_field,
        single_file_fields=single_file_fields,
    )
    form = await parse_multipart(request.headers, request.stream(), limits, settings.work_dir / "uploads")
    try:
        submit = prepare(form)
        record = await submit_counted(access, caller, form.fields, settings.webhook_allow_private_hosts, submit)
    finally:
        form.cleanup()
    response.headers["Location"] = f"/v1/jobs/{record.id}"
    return JobCreated(id=record.id, status=record.status)
