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
  delivery (attempt, time, status code or error), shown by ``GET /v1/jobs/{id}/webhooks``. The
  delivery log and its leases are :mod:`mixdown_gateway.access.webhook_deliveries`; the consumer
  is read by the same pull loop as the stage workers' (:class:`mixdown.events.pull.PullLoop`).
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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import anyio
import structlog
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.kv import KeyValue
from pydantic import BaseModel, ConfigDict, Field

from mixdown.errors import InvalidInput, NotFound
from mixdown.events.bus import EVENT_STREAM, EVENT_SUBJECT, Bus
from mixdown.events.messages import TERMINAL_STATUSES, Event, JobRecord, JobStatus
from mixdown.events.pull import PullLoop, backoff_seconds, keep_alive
from mixdown_gateway.access.kv import compare_and_set
from mixdown_gateway.access.webhook_deliveries import (
    ACK_WAIT_SECONDS,
    Attempt,
    Delivery,
    DeliveryStore,
    Held,
    LeaseLost,
)
from mixdown_gateway.schemas import ErrorView

log = structlog.get_logger(__name__)

MAX_CALLBACK_URL_CHARS = 2048
SIGNATURE_HEADER = "Mixdown-Signature"
CONSUMER = "gateway-webhooks"
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
    """The JSON body of ``delivery``: a failed job's error as the REST API shows it (with the code's
    explanation, :class:`~mixdown_gateway.schemas.ErrorView`)."""
    failed = record.error is not None and delivery.status is JobStatus.FAILED
    error = ErrorView.of(record.error).model_dump(mode="json") if failed else None
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
        return backoff_seconds(attempt, self.base_seconds, self.max_seconds)


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
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        """How the backoff between attempts waits (tests record the waits instead of sleeping)."""
        self._slots = asyncio.Semaphore(max_concurrent)
        self._tasks: set[asyncio.Task] = set()
        self._pull = PullLoop(CONSUMER, self._dispatch, batch=16, fetch_seconds=FETCH_SECONDS)
        self._loop_task: asyncio.Task | None = None
        self._sub = None

    async def start(self) -> None:
        config = ConsumerConfig(
            durable_name=CONSUMER, ack_policy=AckPolicy.EXPLICIT, ack_wait=ACK_WAIT_SECONDS,
            deliver_policy=DeliverPolicy.NEW, filter_subject=f"{EVENT_SUBJECT}.>", max_ack_pending=1000,
        )
        self._sub = await self.bus.js.pull_subscribe(f"{EVENT_SUBJECT}.>", durable=CONSUMER, stream=EVENT_STREAM,
                                                     config=config)
        self._loop_task = asyncio.create_task(self._pull.run(self._sub), name="webhook-dispatcher")
        log.info("webhooks_started", owner=self.owner)

    async def stop(self) -> None:
        """Stop fetching; deliveries in progress give their lease back and their event is
        redelivered at once to another replica (or to this one after a restart)."""
        self._pull.stop_fetching()
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
        """Sleep before the next attempt, keeping the event leased and the claim alive (a claim
        lost meanwhile raises LeaseLost)."""

        async def renew() -> None:
            await self.deliveries.update(record.tenant, record.id, delivery.id, self.owner,
                                         lease_until=time.time() + ACK_WAIT_SECONDS)

        beating = asyncio.create_task(keep_alive(msg, HEARTBEAT_SECONDS, renew))
        waiting = asyncio.create_task(self.sleep(seconds))
        try:
            await asyncio.wait({beating, waiting}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            beating.cancel()
            waiting.cancel()
        if beating.done() and not beating.cancelled():
            beating.result()  # keep_alive only ends by raising: the renewal's error
