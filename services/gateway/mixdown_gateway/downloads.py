"""Streaming an object from storage as a download: one place for every download route."""

from __future__ import annotations

import asyncio
import re

from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from mixdown.storage import ObjectStore
from mixdown_gateway.submission import content_type_for

CHUNK_BYTES = 1 << 20


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
