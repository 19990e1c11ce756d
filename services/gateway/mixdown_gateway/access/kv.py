"""JetStream key-value buckets of the access layer, opened (or created) like the jobs bucket,
and compare-and-set updates written once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from nats.js import JetStreamContext
from nats.js.api import KeyValueConfig, StorageType
from nats.js.errors import BadRequestError, BucketNotFoundError, KeyNotFoundError, KeyWrongLastSequenceError
from nats.js.kv import KeyValue

from mixdown.errors import Conflict

T = TypeVar("T")

KEY_BUCKET = "mixdown_api_keys"
USAGE_BUCKET = "mixdown_usage"
WEBHOOK_SECRET_BUCKET = "mixdown_webhook_secrets"
DELIVERY_BUCKET = "mixdown_webhook_deliveries"


async def open_bucket(js: JetStreamContext, name: str, history: int = 1) -> KeyValue:
    """The bucket ``name``, created (file storage) when it does not exist yet; several replicas
    may race to create it: the loser opens the winner's."""
    try:
        return await js.key_value(name)
    except BucketNotFoundError:
        pass
    try:
        return await js.create_key_value(KeyValueConfig(bucket=name, history=history, storage=StorageType.FILE))
    except BadRequestError:
        return await js.key_value(name)


async def read(kv: KeyValue, key: str) -> tuple[bytes | None, int]:
    """(value, revision) of ``key``; (None, 0) when absent or deleted."""
    try:
        entry = await kv.get(key)
    except KeyNotFoundError:
        return None, 0
    if entry.value is None:
        return None, 0
    return entry.value, entry.revision or 0


async def compare_and_set(
    kv: KeyValue,
    key: str,
    change: Callable[[bytes | None], bytes | None] | Callable[[bytes | None], Awaitable[bytes | None]],
    attempts: int = 50,
) -> bytes | None:
    """Write ``change(current value)`` only if nobody wrote the key in between; retried on a
    concurrent write. ``change`` returns None to leave the key as it is (then the current value
    is returned). ``change`` may raise to abort."""
    for _ in range(attempts):
        current, revision = await read(kv, key)
        new = change(current)
        if asyncio.iscoroutine(new):
            new = await new
        if new is None:
            return current
        try:
            if revision:
                await kv.update(key, new, last=revision)
            else:
                await kv.create(key, new)
            return new
        except KeyWrongLastSequenceError:
            await asyncio.sleep(0.005)
    raise Conflict(f"key {key}: too many concurrent updates, gave up after {attempts} attempts")
