"""The access state of one gateway process: plans, rate limiter, link secret (from the start),
and the NATS-backed stores (once connected)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import structlog

from mixdown.errors import Unavailable
from mixdown.events.bus import Bus
from mixdown_gateway.access import kv
from mixdown_gateway.access.errors import Forbidden
from mixdown_gateway.access.keys import KeyStore
from mixdown_gateway.access.plans import Plan, load_plans
from mixdown_gateway.access.quotas import UsageStore
from mixdown_gateway.access.ratelimit import RateLimiter
from mixdown_gateway.access.webhook_deliveries import DeliveryStore
from mixdown_gateway.access.webhooks import Dispatcher, RetryPolicy, WebhookSecrets
from mixdown_gateway.settings import GatewaySettings

log = structlog.get_logger(__name__)

DEV_KEY_LABEL = "development key (dev_api_key)"


@dataclass
class Access:
    plans: dict[str, Plan]
    link_secret: bytes = field(repr=False)
    limiter: RateLimiter = field(default_factory=RateLimiter)
    keys: KeyStore | None = None
    usage: UsageStore | None = None
    webhook_secrets: WebhookSecrets | None = None
    deliveries: DeliveryStore | None = None
    dispatcher: Dispatcher | None = None
    clock: Callable[[], float] = time.time
    """Unix seconds for the expiry of signed links (tests move a fake one)."""

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> Access:
        plans = load_plans(settings.plans_path)
        if settings.link_secret is not None:
            link_secret = settings.link_secret.get_secret_value().encode()
        else:
            link_secret = secrets.token_bytes(32)
            log.warning("link_secret_generated",
                        note="signed links work only on this process; give every replica the same link_secret")
        return cls(plans=plans, link_secret=link_secret)

    def plan(self, name: str) -> Plan:
        try:
            return self.plans[name]
        except KeyError:
            raise Forbidden(f"plan {name!r} is not offered by this gateway; plans: {', '.join(self.plans)}") from None

    @property
    def lowest_plan(self) -> Plan:
        """The plan with the slowest rate limit (signed links of tenants not seen yet here)."""
        return min(self.plans.values(), key=lambda p: (p.requests_per_minute, p.burst_requests))

    def stores(self) -> tuple[KeyStore, UsageStore, WebhookSecrets, DeliveryStore]:
        if self.keys is None or self.usage is None or self.webhook_secrets is None or self.deliveries is None:
            raise Unavailable("not connected to NATS yet")
        return self.keys, self.usage, self.webhook_secrets, self.deliveries

    async def connect(self, bus: Bus, settings: GatewaySettings) -> None:
        """Open the buckets, register the development key, start the webhook dispatcher."""
        self.keys = KeyStore(await kv.open_bucket(bus.js, kv.KEY_BUCKET, history=4), self.plans)
        self.usage = UsageStore(await kv.open_bucket(bus.js, kv.USAGE_BUCKET))
        self.webhook_secrets = WebhookSecrets(await kv.open_bucket(bus.js, kv.WEBHOOK_SECRET_BUCKET, history=4))
        self.deliveries = DeliveryStore(await kv.open_bucket(bus.js, kv.DELIVERY_BUCKET))
        if settings.dev_api_key:
            record = await self.keys.register(settings.dev_api_key, settings.default_tenant, "enterprise",
                                              DEV_KEY_LABEL)
            log.info("dev_api_key_registered", key_id=record.id, tenant=record.tenant, revoked=record.revoked)
        if settings.webhooks_enabled:
            policy = RetryPolicy(max_attempts=settings.webhook_max_attempts,
                                 base_seconds=settings.webhook_retry_base_seconds,
                                 max_seconds=settings.webhook_retry_max_seconds,
                                 timeout_seconds=settings.webhook_timeout_seconds)
            self.dispatcher = Dispatcher(bus, self.deliveries, self.webhook_secrets, policy,
                                         allow_private_hosts=settings.webhook_allow_private_hosts)
            await self.dispatcher.start()

    async def close(self) -> None:
        if self.dispatcher is not None:
            await self.dispatcher.stop()
            self.dispatcher = None
