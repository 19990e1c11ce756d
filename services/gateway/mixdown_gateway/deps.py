"""Typed dependency aliases used by the routers: ``bus: Bus``, ``store: Store``, ``tenant: Tenant``.

Authentication happens here, once per request:

- :data:`Caller` / :data:`Tenant`: ``Authorization: Bearer <API key>`` is required; the key's
  tenant and plan come from the key store, and the tenant's rate limit is applied.
- :data:`DownloadTenant` (download routes only): a bearer key as above, or, without one, a signed
  link (``?tenant=&expires=&signature=``) verified against the gateway's link secret.

Routers never read a tenant from the request itself: every job and object they touch is looked
up under the tenant returned here, so another tenant's ids are simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import structlog
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mixdown.errors import Unavailable
from mixdown.events.bus import Bus as EventBus
from mixdown.storage import ObjectStore
from mixdown_gateway.access import links
from mixdown_gateway.access.errors import Unauthenticated
from mixdown_gateway.access.plans import Plan
from mixdown_gateway.access.state import Access
from mixdown_gateway.settings import GatewaySettings

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="an API key: Authorization: Bearer mdk_<id>_<secret> (python -m mixdown_gateway keys create)",
)


def get_settings(request: Request) -> GatewaySettings:
    return request.app.state.settings


def get_bus(request: Request) -> EventBus:
    bus = getattr(request.app.state, "bus", None)
    if bus is None:
        raise Unavailable("not connected to NATS yet")
    return bus


def get_store(request: Request) -> ObjectStore:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise Unavailable("object storage is not open yet")
    return store


def get_access(request: Request) -> Access:
    return request.app.state.access


@dataclass(frozen=True)
class Principal:
    """Who is calling: the tenant and plan of the API key presented."""

    tenant: str
    plan: Plan
    key_id: str


_MISSING = ("missing API key: send the header Authorization: Bearer <API key> "
            "(keys look like mdk_<id>_<secret>; see docs/security.md)")


async def current_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    """The caller of a ``/v1`` route, from its bearer API key; Unauthenticated (401) otherwise."""
    if credentials is None:
        if request.headers.get("authorization"):
            raise Unauthenticated("the Authorization header must use the Bearer scheme: Bearer <API key>",
                                  invalid_token=True)
        raise Unauthenticated(_MISSING)
    access = get_access(request)
    keys, *_ = access.stores()
    record = await keys.authenticate(credentials.credentials)
    plan = access.plan(record.plan)
    structlog.contextvars.bind_contextvars(tenant=record.tenant, key_id=record.id)
    access.limiter.check(record.tenant, plan)
    return Principal(tenant=record.tenant, plan=plan, key_id=record.id)


async def current_tenant(principal: Annotated[Principal, Depends(current_principal)]) -> str:
    return principal.tenant


async def download_tenant(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> str:
    """The tenant of a download: from a bearer key, or from a valid signed link (Forbidden, 403,
    naming why a link is refused: expired, altered, incomplete)."""
    if credentials is None and not request.headers.get("authorization") and links.is_signed(request.query_params):
        access = get_access(request)
        tenant = links.verify(access.link_secret, request.method, request.url.path, request.query_params,
                              access.clock())
        structlog.contextvars.bind_contextvars(tenant=tenant, key_id="signed-link")
        access.limiter.check_as_seen(tenant, access.lowest_plan)
        return tenant
    return (await current_principal(request, credentials)).tenant


Settings = Annotated[GatewaySettings, Depends(get_settings)]
Bus = Annotated[EventBus, Depends(get_bus)]
Store = Annotated[ObjectStore, Depends(get_store)]
Caller = Annotated[Principal, Depends(current_principal)]
Tenant = Annotated[str, Depends(current_tenant)]
DownloadTenant = Annotated[str, Depends(download_tenant)]
AccessState = Annotated[Access, Depends(get_access)]
