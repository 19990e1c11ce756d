"""Signed webhooks: a POST to the job's ``callback_url`` when it reaches a terminal state.

- The body is JSON (:func:`payload`); the header ``Mixdown-Signature: t=<unix>,v1=<hex>`` carries
  HMAC-SHA256, keyed by the tenant's webhook secret, of ``"<t>.<body>"``. Each attempt is signed
  again with its own ``t`` so that a receiver can refuse old replays.
- The tenant's secret lives in the ``mixdown_webhook_secrets`` bucket, made on first use
  (``GET /v1/webhook-secret``, or the first delivery) and replaced by ``POST /v1/webhook-secret``.
- :class:`Dispatcher` runs in every gateway replica and reads job events from one durable
  consumer shared by all of them (each event goes to one replica). Before posting, it claims
  the delivery of that job's revision in the ``mixdown_webhook_deliveries`` bucket by
  compare-and-set, so a terminal state is delivered once even when its event is seen twice;
  the claim is a lease, renewed while it works, that another replica takes over when the owner
  stops or dies (the event is then redelivered to it).
- Attempts are retried with exponential backoff up to a bounded count; each is logged on the
  delivery (attempt, time, status code or error), shown by ``GET /v1/jobs/{id}/webhooks``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import ipaddress
import json
import os
import secrets
import socket
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import anyio
import nats.errors
import structlog
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.kv import KeyValue
from pydantic import BaseModel, ConfigDict, Field

from mixdown.errors import InvalidInput, NotFound
from mixdown.events.bus import EVENT_STREAM, EVENT_SUBJECT, Bus
from mixdown.events.messages import TERMINAL_STATUSES, Event, JobRecord, JobStatus
from mixdown_gateway.access.kv import compare_and_set, read

log = structlog.get_logger(__name__)

MAX_CALLBACK_URL_CHARS = 2048
SIGNATURE_HEADER = "Mixdown-Signature"
CONSUMER = "gateway-webhooks"
ACK_WAIT_SECONDS = 60.0
HEARTBEAT_SECONDS = 15.0
FETCH_SECONDS = 1.0
FINAL_EVENT_TYPES = frozenset({"status", "stage_failed"})
RESPONSE_READ_BYTES = 64 * 1024


# --- the callback URL --------------------------------------------------------------------------


def _public_ip(text: str) -> bool:
    address = ipaddress.ip_address(text)
    return address.is_global and not address.is_multicast


def check_callback_url(raw: str | None, allow_private_hosts: bool = False) -> str:
    """The callback URL as stored, or "" when none is given; InvalidInput naming the problem.

    http or https only, a host, no user name or password, no fragment, at most 2048 characters;
    a literal private, loopback or link-local address (or ``localhost``) is refused unless
    ``allow_private_hosts``; names are resolved and checked again before each attempt.
    """
    if raw is None or not raw.strip():
        return ""
    url = raw.strip()
    if len(url) > MAX_CALLBACK_URL_CHARS:
        raise InvalidInput(f"callback_url is {len(url)} characters long; at most {MAX_CALLBACK_URL_CHARS}")
    if any(ord(char) < 33 or ord(char) == 127 for char in url):
        raise InvalidInput("callback_url must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"callback_url is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise InvalidInput("callback_url must be an http:// or https:// URL")
    if "@" in parts.netloc:
        raise InvalidInput("callback_url must not carry credentials (user:password@); authenticate the "
                           "callback with its Mixdown-Signature header instead")
    host = parts.hostname
    if not host:
        raise InvalidInput("callback_url has no host")
    if parts.fragment:
        raise InvalidInput("callback_url must not have a #fragment")
    if port == 0:
        raise InvalidInput("callback_url has port 0")
    if not allow_private_hosts:
        try:
            literal = _public_ip(host)
        except ValueError:
            literal = host.rstrip(".").lower() not in ("localhost",) and not host.endswith(".localhost")
        if not literal:
            raise InvalidInput(f"callback_url host {host} is a private, loopback or link-local address")
    return url


def _non_public_address(host: str, port: int) -> str | None:
    """The first address of ``host`` that is not public, or None. Blocking (DNS)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return None  # the attempt itself will fail and say why
    for info in infos:
        address = str(info[4][0])
        if not _public_ip(address):
            return address
    return None


# --- signatures and secrets --------------------------------------------------------------------


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    """``t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class TenantSecret(BaseModel):
    model_config = ConfigDict(extra="forbid")

    secret: str = Field(repr=False)
    created_at: float = Field(default_factory=time.time)


def _new_secret() -> TenantSecret:
    return TenantSecret(secret="whsec_" + secrets.token_urlsafe(32))


class WebhookSecrets:
    """One webhook signing secret per tenant, in the ``mixdown_webhook_secrets`` bucket."""

    def __init__(self, kv: KeyValue) -> None:
        self.kv = kv

    async def get(self, tenant: str) -> TenantSecret:
        """The tenant's secret, made on first use (replicas racing agree on one)."""
        value = await compare_and_set(
            self.kv, tenant, lambda current: None if current is not None else _new_secret().model_dump_json().encode()
        )
        return TenantSecret.model_validate_json(value)

    async def rotate(self, tenant: str) -> TenantSecret:
        """A new secret; deliveries signed from now on use it."""
        fresh = _new_secret()
        await compare_and_set(self.kv, tenant, lambda current: fresh.model_dump_json().encode())
        return fresh


# --- the delivery log --------------------------------------------------------------------------


class Attempt(BaseModel):
    model_config = ConfigDict(extra="forbid")

    attempt: int = Field(ge=1)
    at: float = Field(description="unix seconds when the attempt started")
    status_code: int | None = Field(None, description="the receiver's HTTP status; null when none came")
    error: str = Field("", description="why the attempt failed; empty when it succeeded")
    duration_ms: float = 0.0


class Delivery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="also sent as the Mixdown-Delivery header and the body's id")
    revision: int
    status: JobStatus
    event: str = Field(description="job.succeeded, job.failed or job.cancelled")
    url: str
    state: Literal["pending", "delivered", "failed"] = "pending"
    attempts: list[Attempt] = Field(default_factory=list)
    owner: str = Field("", exclude=True)
    lease_until: float = Field(0.0, exclude=True)
    created_at: float = Field(default_factory=time.time)
    finished_at: float | None = None


class _JobDeliveries(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    deliveries: list[dict] = Field(default_factory=list)

    def parsed(self) -> list[Delivery]:
        return [Delivery.model_validate(d) for d in self.deliveries]


def _dump(deliveries: list[Delivery]) -> bytes:
    rows = [d.model_dump(mode="json") | {"owner": d.owner, "lease_until": d.lease_until} for d in deliveries]
    return _JobDeliveries(deliveries=rows).model_dump_json().encode()


def _load(value: bytes | None) -> list[Delivery]:
    return _JobDeliveries.model_validate_json(value).parsed() if value is not None else []


class LeaseLost(Exception):
    """Another replica took the delivery over (this one was presumed dead)."""


class Held(Exception):
    """The delivery is pending under a lease that runs until ``lease_until`` (unix seconds)."""

    def __init__(self, lease_until: float) -> None:
        super().__init__(f"held until {lease_until:.3f}")
        self.lease_until = lease_until


class DeliveryStore:
    """The deliveries of each job under ``<tenant>.<job>``, one per revision, by compare-and-set."""

    def __init__(self, kv: KeyValue) -> None:
        self.kv = kv

    async def list(self, tenant: str, job_id: str) -> list[Delivery]:
        value, _ = await read(self.kv, f"{tenant}.{job_id}")
        return _load(value)

    async def claim(self, tenant: str, job_id: str, revision: int, status: JobStatus, url: str, owner: str,
                    now: float) -> Delivery | None:
        """The delivery of this revision's terminal state, now owned by ``owner``; None when it is
        done. Raises Held while a lease on it runs (this replica's own included: a repeated event
        while the delivery is in progress must not start it twice)."""
        claimed: list[Delivery] = []

        def change(current: bytes | None) -> bytes | None:
            claimed.clear()
            deliveries = _load(current)
            found = next((d for d in deliveries if d.revision == revision), None)
            if found is None:
                found = Delivery(id=uuid.uuid4().hex, revision=revision, status=status, event=f"job.{status.value}",
                                 url=url, created_at=now)
                deliveries.append(found)
            elif found.state != "pending":
                return None
            elif found.lease_until > now:
                raise Held(found.lease_until)
            found.owner, found.lease_until = owner, now + ACK_WAIT_SECONDS
            claimed.append(found)
            return _dump(deliveries)

        await compare_and_set(self.kv, f"{tenant}.{job_id}", change)
        return claimed[0] if claimed else None

    async def update(self, tenant: str, job_id: str, delivery_id: str, owner: str,
                     attempt: Attempt | None = None, state: str | None = None,
                     lease_until: float | None = None) -> Delivery:
        """Log an attempt, change the state or renew the lease of a delivery this owner holds."""
        updated: list[Delivery] = []

        def change(current: bytes | None) -> bytes:
            updated.clear()
            deliveries = _load(current)
            found = next((d for d in deliveries if d.id == delivery_id), None)
            if found is None or found.owner != owner:
                raise LeaseLost(f"delivery {delivery_id} of job {job_id} is no longer held by {owner}")
            if attempt is not None:
                found.attempts.append(attempt)
            if state is not None:
                found.state = state  # type: ignore[assignment]
                if state != "pending":
                    found.finished_at = time.time()
            if lease_until is not None:
                found.lease_until = lease_until
            updated.append(found)
            return _dump(deliveries)

        await compare_and_set(self.kv, f"{tenant}.{job_id}", change)
        return updated[0]


# --- posting -----------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not an instruction: it could point the gateway anywhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 - urllib's signature
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def post_json(url: str, body: bytes, headers: dict[str, str], timeout_seconds: float) -> tuple[int | None, str]:
    """POST once: (status code or None, error text or ""). Blocking: run it in a thread."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with _OPENER.open(request, timeout=timeout_seconds) as response:
            response.read(RESPONSE_READ_BYTES)
            return response.status, "" if 200 <= response.status < 300 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        return None, f"{type(exc).__name__}: {reason}"[:300]


def payload(delivery: Delivery, record: JobRecord) -> bytes:
    error = record.error.model_dump() if record.error and delivery.status is JobStatus.FAILED else None
    return json.dumps({
        "id": delivery.id,
        "type": delivery.event,
        "created_at": round(delivery.created_at, 3),
        "tenant": record.tenant,
        "job": {"id": record.id, "kind": record.kind, "status": delivery.status.value,
                "revision": delivery.revision, "error": error, "artifacts": sorted(record.artifacts)},
    }, separators=(",", ":")).encode()


# --- the dispatcher ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: float
    max_seconds: float
    timeout_seconds: float

    def delay_seconds(self, attempt: int) -> float:
        """The wait after failed attempt number ``attempt`` (1-based): base, 2 base, 4 base, ..."""
        return min(self.base_seconds * 2 ** (attempt - 1), self.max_seconds)


def is_final(event: Event) -> bool:
    return event.status in TERMINAL_STATUSES and event.type in FINAL_EVENT_TYPES


class Dispatcher:
    def __init__(self, bus: Bus, deliveries: DeliveryStore, secrets_store: WebhookSecrets, policy: RetryPolicy,
                 allow_private_hosts: bool = False, max_concurrent: int = 64) -> None:
        self.bus = bus
        self.deliveries = deliveries
        self.secrets = secrets_store
        self.policy = policy
        self.allow_private_hosts = allow_private_hosts
        self.owner = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._slots = asyncio.Semaphore(max_concurrent)
        self._tasks: set[asyncio.Task] = set()
        self._stopping = asyncio.Event()
        self._loop_task: asyncio.Task | None = None
        self._sub = None

    async def start(self) -> None:
        config = ConsumerConfig(
            durable_name=CONSUMER, ack_policy=AckPolicy.EXPLICIT, ack_wait=ACK_WAIT_SECONDS,
            deliver_policy=DeliverPolicy.NEW, filter_subject=f"{EVENT_SUBJECT}.>", max_ack_pending=1000,
        )
        self._sub = await self.bus.js.pull_subscribe(f"{EVENT_SUBJECT}.>", durable=CONSUMER, stream=EVENT_STREAM,
                                                     config=config)
        self._loop_task = asyncio.create_task(self._run(), name="webhook-dispatcher")
        log.info("webhooks_started", owner=self.owner)

    async def stop(self) -> None:
        """Stop fetching; deliveries in progress give their lease back and their event is
        redelivered at once to another replica (or to this one after a restart)."""
        self._stopping.set()
        if self._loop_task is not None:
            self._loop_task.cancel()
            await asyncio.gather(self._loop_task, return_exceptions=True)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._sub is not None:
            try:
                await self._sub.unsubscribe()
            except Exception:  # noqa: BLE001 - the connection may be closing already
                pass

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                msgs = await self._sub.fetch(16, timeout=FETCH_SECONDS)
            except (TimeoutError, nats.errors.TimeoutError):
                continue
            except nats.errors.ConnectionClosedError:
                return
            except Exception as exc:  # noqa: BLE001 - NATS hiccups: wait and fetch again
                log.warning("webhook_fetch_failed", error=str(exc))
                await asyncio.sleep(0.5)
                continue
            for msg in msgs:
                await self._dispatch(msg)

    async def _dispatch(self, msg) -> None:
        try:
            event = Event.from_json(msg.data)
        except InvalidInput:
            await msg.term()
            return
        if not is_final(event):
            await msg.ack()
            return
        await self._slots.acquire()
        task = asyncio.create_task(self._handle(msg, event))
        self._tasks.add(task)

        def done(finished: asyncio.Task) -> None:
            self._tasks.discard(finished)
            self._slots.release()

        task.add_done_callback(done)

    async def _handle(self, msg, event: Event) -> None:
        bound = log.bind(job_id=event.job_id, tenant=event.tenant)
        delivery: Delivery | None = None
        try:
            try:
                record = await self.bus.jobs.get(event.tenant, event.job_id)
            except NotFound:
                await msg.ack()
                return
            if not record.callback_url:
                await msg.ack()
                return
            # the record may already be in a newer revision when the event is read
            revision = record.revision if record.terminal else max(record.revision - 1, 0)
            delivery = await self.deliveries.claim(record.tenant, record.id, revision, event.status,
                                                   record.callback_url, self.owner, time.time())
            if delivery is None:
                await msg.ack()
                return
            await self._deliver(msg, record, delivery, bound)
            await msg.ack()
        except asyncio.CancelledError:
            with anyio.CancelScope(shield=True):
                await self._give_back(msg, event, delivery)
            raise
        except Held as held:  # look again when the lease ends: delivered by then, or free to take over
            await msg.nak(delay=max(1.0, held.lease_until - time.time() + 1.0))
        except LeaseLost as exc:
            bound.warning("webhook_lease_lost", error=str(exc))
            await msg.ack()
        except Exception as exc:  # noqa: BLE001 - NATS or KV trouble: try again later
            bound.warning("webhook_dispatch_failed", error=f"{type(exc).__name__}: {exc}")
            try:
                await msg.nak(delay=5.0)
            except Exception:  # noqa: BLE001 - redelivered after ack_wait anyway
                pass

    async def _give_back(self, msg, event: Event, delivery: Delivery | None) -> None:
        try:
            if delivery is not None:
                await self.deliveries.update(event.tenant, event.job_id, delivery.id, self.owner, lease_until=0.0)
            # after this replica's last pull request has expired, so that another replica gets it
            await msg.nak(delay=FETCH_SECONDS + 0.5)
        except Exception:  # noqa: BLE001 - the lease expires and the event is redelivered anyway
            pass

    async def _deliver(self, msg, record: JobRecord, delivery: Delivery, bound) -> None:
        secret = (await self.secrets.get(record.tenant)).secret
        body = payload(delivery, record)
        parts = urlsplit(delivery.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        attempt = len(delivery.attempts)
        while attempt < self.policy.max_attempts:
            attempt += 1
            started = time.time()
            blocked = None if self.allow_private_hosts else await asyncio.to_thread(
                _non_public_address, parts.hostname or "", port)
            if blocked is not None:
                status_code, error = None, f"refused: {parts.hostname} resolves to non-public address {blocked}"
            else:
                headers = {
                    "Content-Type": "application/json",
                    "User-Agent": "Mixdown-Webhooks/1",
                    "Mixdown-Delivery": delivery.id,
                    "Mixdown-Event": delivery.event,
                    SIGNATURE_HEADER: signature_header(secret, body, int(started)),
                }
                status_code, error = await asyncio.to_thread(post_json, delivery.url, body, headers,
                                                             self.policy.timeout_seconds)
            ok = status_code is not None and 200 <= status_code < 300
            last = ok or blocked is not None or attempt >= self.policy.max_attempts
            state = "delivered" if ok else ("failed" if last else "pending")
            entry = Attempt(attempt=attempt, at=started, status_code=status_code, error=error,
                            duration_ms=round((time.time() - started) * 1000.0, 1))
            await self.deliveries.update(record.tenant, record.id, delivery.id, self.owner, attempt=entry,
                                         state=state, lease_until=time.time() + ACK_WAIT_SECONDS)
            bound.info("webhook_attempt", url=delivery.url, attempt=attempt, status_code=status_code,
                       error=error or None, state=state, owner=self.owner)
            if last:
                return
            await self._wait(msg, record, delivery, self.policy.delay_seconds(attempt))

    async def _wait(self, msg, record: JobRecord, delivery: Delivery, seconds: float) -> None:
        """Sleep before the next attempt, keeping the event leased and the claim alive."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            await asyncio.sleep(min(left, HEARTBEAT_SECONDS))
            await msg.in_progress()
            await self.deliveries.update(record.tenant, record.id, delivery.id, self.owner,
                                         lease_until=time.time() + ACK_WAIT_SECONDS)
