"""API keys per tenant in the ``mixdown_api_keys`` bucket, so that every gateway replica sees them.

An entry is keyed by the key's public id and holds the SHA-256 of the whole key (never the key),
the tenant, the plan, when it was made, an optional label and whether it is revoked. A presented
key is looked up by its id and compared with :func:`hmac.compare_digest`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Literal

from nats.js.errors import KeyWrongLastSequenceError, NoKeysError
from nats.js.kv import KeyValue
from pydantic import BaseModel, ConfigDict, Field

from mixdown import apikeys
from mixdown.errors import Conflict, InvalidInput, NotFound
from mixdown.events.messages import check_id
from mixdown_gateway.access.errors import Unauthenticated
from mixdown_gateway.access.kv import compare_and_set, read
from mixdown_gateway.access.plans import Plan

MAX_LABEL_CHARS = 100
_LABEL = re.compile(r"^[^\x00-\x1f\x7f]*$")
_ID = re.compile(rf"^[0-9a-f]{{{apikeys.ID_HEX_CHARS}}}$")
KEY_SHAPE = f"{apikeys.PREFIX}_<id>_<secret>"


class ApiKeyRecord(BaseModel):
    """What the bucket stores about one key."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    id: str
    tenant: str
    plan: str
    key_sha256: str = Field(repr=False)
    created_at: float = Field(default_factory=time.time)
    label: str = ""
    revoked: bool = False
    revoked_at: float | None = None

    def public(self) -> dict[str, object]:
        """The record without its hash, as listings show it."""
        return self.model_dump(exclude={"key_sha256", "version"})


class KeyStore:
    def __init__(self, kv: KeyValue, plans: Mapping[str, Plan]) -> None:
        self.kv = kv
        self.plans = plans

    def _check(self, tenant: str, plan: str, label: str) -> None:
        try:
            check_id(tenant, "tenant")
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
        if plan not in self.plans:
            raise InvalidInput(f"unknown plan {plan!r}; plans: {', '.join(self.plans)}")
        if len(label) > MAX_LABEL_CHARS or not _LABEL.match(label):
            raise InvalidInput(f"label must be at most {MAX_LABEL_CHARS} printable characters")

    async def create(self, tenant: str, plan: str, label: str = "") -> tuple[ApiKeyRecord, str]:
        """A new key for ``tenant`` on ``plan``: (its record, the key). The key is shown once."""
        self._check(tenant, plan, label)
        for _ in range(5):  # a 48-bit id collides only by extraordinary luck; try another then
            key = apikeys.new_api_key()
            record = ApiKeyRecord(id=apikeys.key_id(key), tenant=tenant, plan=plan, label=label,
                                  key_sha256=apikeys.hash_api_key(key))
            try:
                await self.kv.create(record.id, record.model_dump_json().encode())
            except KeyWrongLastSequenceError:
                continue
            return record, key
        raise Conflict("could not find a free key id after 5 attempts")

    async def register(self, key: str, tenant: str, plan: str, label: str = "") -> ApiKeyRecord:
        """Store a key chosen elsewhere (the development key), idempotently: several replicas
        starting with the same key agree, and a revoked key stays revoked."""
        self._check(tenant, plan, label)
        try:
            key_id = apikeys.key_id(key)
        except ValueError as exc:
            raise InvalidInput(f"dev_api_key: {exc}") from None
        wanted = ApiKeyRecord(id=key_id, tenant=tenant, plan=plan, label=label, key_sha256=apikeys.hash_api_key(key))

        def change(current: bytes | None) -> bytes | None:
            if current is None:
                return wanted.model_dump_json().encode()
            existing = ApiKeyRecord.model_validate_json(current)
            if not apikeys.matches(key, existing.key_sha256):
                raise Conflict(f"key id {key_id} is already taken by another key; generate a new dev_api_key")
            if (existing.tenant, existing.plan) == (tenant, plan):
                return None
            return existing.model_copy(update={"tenant": tenant, "plan": plan}).model_dump_json().encode()

        stored = await compare_and_set(self.kv, key_id, change)
        return ApiKeyRecord.model_validate_json(stored) if stored else wanted

    async def get(self, key_id: str) -> ApiKeyRecord:
        value, _ = await read(self.kv, key_id) if _ID.match(key_id) else (None, 0)
        if value is None:
            raise NotFound(f"no API key with id {key_id[:40]!r}")
        return ApiKeyRecord.model_validate_json(value)

    async def authenticate(self, key: str) -> ApiKeyRecord:
        """The record of a valid, unrevoked key; Unauthenticated saying why otherwise."""
        try:
            key_id = apikeys.key_id(key)
        except ValueError:
            raise Unauthenticated(f"malformed API key: keys look like {KEY_SHAPE}", invalid_token=True) from None
        value, _ = await read(self.kv, key_id)
        record = ApiKeyRecord.model_validate_json(value) if value is not None else None
        if record is None or not apikeys.matches(key, record.key_sha256):
            raise Unauthenticated("invalid API key: no such key", invalid_token=True)
        if record.revoked:
            raise Unauthenticated(f"API key {key_id} was revoked; ask for a new one", invalid_token=True)
        return record

    async def revoke(self, key_id: str) -> ApiKeyRecord:
        await self.get(key_id)

        def change(current: bytes | None) -> bytes | None:
            if current is None:
                raise NotFound(f"no API key with id {key_id!r}")
            record = ApiKeyRecord.model_validate_json(current)
            if record.revoked:
                return None
            return record.model_copy(update={"revoked": True, "revoked_at": time.time()}).model_dump_json().encode()

        stored = await compare_and_set(self.kv, key_id, change)
        return ApiKeyRecord.model_validate_json(stored)

    async def list(self, tenant: str | None = None) -> list[ApiKeyRecord]:
        """Every key (of ``tenant`` when given), oldest first."""
        try:
            ids = await self.kv.keys()
        except NoKeysError:
            return []
        records = []
        for key_id in ids:
            value, _ = await read(self.kv, key_id)
            if value is not None:
                record = ApiKeyRecord.model_validate_json(value)
                if tenant is None or record.tenant == tenant:
                    records.append(record)
        return sorted(records, key=lambda r: r.created_at)
