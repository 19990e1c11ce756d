"""Streaming an object from storage as a download: one place for every download route."""

from __future__ import annotations

import asyncio
import re

import structlog
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from mixdown.errors import NotFound
from mixdown.storage import ObjectStore, validate_key
from mixdown_gateway.submission import content_type_for

log = structlog.get_logger(__name__)

CHUNK_BYTES = 1 << 20
ARTIFACT_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def extension_of(key: str) -> str:
    """The key's file extension when it is a plain one, else ``bin``."""
    name = key.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext if re.fullmatch(r"[a-z0-9]{1,8}", ext) else "bin"


async def stream_object(store: ObjectStore, key: str, size_bytes: int, filename: str) -> StreamingResponse:
    """The object as an attachment, read in chunks in a thread (never held whole in memory)."""
    handle = await asyncio.to_thread(store.open_read, key)

    async def chunks():
        try:
            while chunk := await asyncio.to_thread(handle.read, CHUNK_BYTES):
                yield chunk
        finally:
            handle.close()

    return StreamingResponse(
        chunks(),
        media_type=content_type_for(key),
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Content-Length": str(size_bytes)},
        background=BackgroundTask(handle.close),  # closes it even when the body never starts
    )


async def stream_artifact(store: ObjectStore, tenant: str, job_id: str, artifact: str, artifacts: dict[str, str],
                          prefix: str = "") -> StreamingResponse:
    """Stream one artifact of ``artifacts`` (name → storage key or URI), inside the tenant."""
    available = ", ".join(sorted(artifacts)) or "none"
    ref = artifacts.get(artifact) if ARTIFACT_NAME.match(artifact) else None
    if ref is None:
        raise NotFound(f"job {job_id} has no artifact {artifact[:64]!r} there; available: {available}")
    key = store.key_from_uri(ref) if "://" in ref else validate_key(ref)
    if not key.startswith(f"tenants/{tenant}/"):
        log.error("artifact_outside_tenant", job_id=job_id, tenant=tenant, artifact=artifact, key=key)
        raise NotFound(f"job {job_id} has no artifact {artifact!r}; available: {available}")
    info = await asyncio.to_thread(store.stat, key)
    if info is None:
        raise NotFound(f"artifact {artifact!r} of job {job_id} is missing from storage")
    return await stream_object(store, key, info.size_bytes, f"{job_id}-{prefix}{artifact}.{extension_of(key)}")
