"""Typed dependency aliases used by the routers: ``bus: Bus``, ``store: Store``, ``tenant: Tenant``.

The tenant comes from :func:`current_tenant`, the single place to swap in authentication.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from mixdown.errors import Unavailable
from mixdown.events.bus import Bus as EventBus
from mixdown.storage import ObjectStore
from mixdown_gateway.settings import GatewaySettings


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


def current_tenant(settings: Annotated[GatewaySettings, Depends(get_settings)]) -> str:
    """The caller's tenant. No authentication yet: every caller is the default tenant."""
    return settings.default_tenant


Settings = Annotated[GatewaySettings, Depends(get_settings)]
Bus = Annotated[EventBus, Depends(get_bus)]
Store = Annotated[ObjectStore, Depends(get_store)]
Tenant = Annotated[str, Depends(current_tenant)]
