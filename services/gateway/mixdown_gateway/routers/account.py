"""The caller's account: usage of its plan this month, its webhook secret, a job's webhook log.

- ``GET /v1/usage``: plan, calendar month (UTC), songs used and allowed, rate limit.
- ``GET /v1/webhook-secret``: the tenant's webhook signing secret (made on first use);
  ``POST /v1/webhook-secret`` replaces it (deliveries from then on are signed with the new one).
- ``GET /v1/jobs/{id}/webhooks``: every delivery of the job's webhook, with each attempt.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mixdown_gateway import control
from mixdown_gateway.access.quotas import period_bounds
from mixdown_gateway.access.webhook_deliveries import Delivery
from mixdown_gateway.deps import AccessState, Bus, Caller, Tenant
from mixdown_gateway.schemas import ErrorBody, error_responses

router = APIRouter(tags=["account"])

_ERRORS = error_responses(503)


class RateLimitView(BaseModel):
    requests_per_minute: float
    burst_requests: int


class UsageView(BaseModel):
    tenant: str
    plan: str
    plan_description: str
    period: str = Field(description="calendar month (UTC), YYYY-MM")
    period_start: datetime
    period_end: datetime
    songs_used: int = Field(description="jobs and separations accepted this month (revisions are not counted)")
    songs_limit: int | None = Field(description="null: unlimited")
    songs_remaining: int | None
    drum_separation: bool
    priority: int = Field(description="1: priority processing")
    rate_limit: RateLimitView


class WebhookSecretView(BaseModel):
    secret: str = Field(description='verify Mixdown-Signature with it (see docs/security.md); starts with "whsec_"')
    created_at: datetime


class WebhookLog(BaseModel):
    job_id: str
    callback_url: str
    deliveries: list[Delivery]


@router.get("/v1/usage", response_model=UsageView, summary="Your plan, this month's songs and your rate limit",
            responses=_ERRORS)
async def usage(caller: Caller, access: AccessState) -> UsageView:
    _, store, _, _ = access.stores()
    used = await store.usage(caller.tenant, caller.plan)
    start, end = period_bounds(used.period)
    plan = caller.plan
    return UsageView(
        tenant=caller.tenant, plan=plan.name, plan_description=plan.description, period=used.period,
        period_start=start, period_end=end, songs_used=used.songs_used, songs_limit=used.songs_limit,
        songs_remaining=used.songs_remaining, drum_separation=plan.drum_separation, priority=plan.priority,
        rate_limit=RateLimitView(requests_per_minute=plan.requests_per_minute, burst_requests=plan.burst_requests),
    )


def _secret_view(secret) -> WebhookSecretView:
    return WebhookSecretView(secret=secret.secret, created_at=datetime.fromtimestamp(secret.created_at, tz=UTC))


@router.get("/v1/webhook-secret", response_model=WebhookSecretView, tags=["webhooks"],
            summary="Your webhook signing secret (made on first use)", responses=_ERRORS)
async def webhook_secret(tenant: Tenant, access: AccessState) -> WebhookSecretView:
    _, _, secrets, _ = access.stores()
    return _secret_view(await secrets.get(tenant))


@router.post("/v1/webhook-secret", response_model=WebhookSecretView, tags=["webhooks"],
             summary="Replace your webhook signing secret", responses=_ERRORS)
async def rotate_webhook_secret(tenant: Tenant, access: AccessState) -> WebhookSecretView:
    _, _, secrets, _ = access.stores()
    return _secret_view(await secrets.rotate(tenant))


@router.get("/v1/jobs/{job_id}/webhooks", response_model=WebhookLog, tags=["webhooks"],
            summary="Deliveries of a job's webhook, with every attempt",
            responses={**_ERRORS, 404: {"model": ErrorBody}})
async def job_webhooks(job_id: str, bus: Bus, tenant: Tenant, access: AccessState) -> WebhookLog:
    record = await control.get_job(bus, tenant, job_id)
    _, _, _, deliveries = access.stores()
    return WebhookLog(job_id=record.id, callback_url=record.callback_url,
                      deliveries=await deliveries.list(tenant, record.id))
