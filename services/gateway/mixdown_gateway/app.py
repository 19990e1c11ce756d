"""The gateway's FastAPI app: lifespan (NATS, storage, access, gRPC), routers, error mapping, metrics.

Every error leaves as JSON ``{"detail": "<message>"}``. Domain exceptions map to HTTP here, at
the edge: InvalidInput → 422 (MalformedRequest 400, PayloadTooLarge 413, UnsupportedMedia 415),
Unauthenticated → 401 (with ``WWW-Authenticate: Bearer``), Forbidden → 403, NotFound → 404,
Conflict → 409, LimitExceeded → 429 and Busy → 503 (both with ``Retry-After``), Unavailable → 503.

Every ``/v1`` route requires an API key (downloads also take a signed link); ``/``, ``/static``,
``/healthz``, ``/readyz``, ``/metrics`` and the API docs are open.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from mixdown.errors import Conflict, InvalidInput, MixdownError, NotFound, NotUnderstood, Unavailable
from mixdown.events.bus import connect
from mixdown.service import wait_for_storage
from mixdown.storage import open_store
from mixdown_gateway.access.errors import Busy, Forbidden, LimitExceeded, Unauthenticated
from mixdown_gateway.access.state import Access
from mixdown_gateway.deps import Bus, Settings, Store, Tenant, current_principal, current_tenant
from mixdown_gateway.errors import MalformedRequest, PayloadTooLarge, UnsupportedMedia
from mixdown_gateway.metrics import HttpMetricsMiddleware, MetricsApp
from mixdown_gateway.requestid import RequestIdMiddleware
from mixdown_gateway.routers import account, errors, health, jobs, links, presets, revisions, separations
from mixdown_gateway.settings import GatewaySettings
from mixdown_gateway.ui import router as ui_router

__all__ = ["Bus", "Settings", "Store", "Tenant", "create_app", "current_tenant"]

log = structlog.get_logger(__name__)

ERROR_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (MalformedRequest, 400),
    (PayloadTooLarge, 413),
    (UnsupportedMedia, 415),
    (InvalidInput, 422),
    (Unauthenticated, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (LimitExceeded, 429),
    (Unavailable, 503),
)


def _lifespan(settings: GatewaySettings):
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings)
        await wait_for_storage(store, settings.storage_check_attempts)
        bus = await connect(settings.nats_url, settings.nats_connect_attempts, name="mixdown-gateway")
        app.state.store = store
        app.state.bus = bus
        access: Access = app.state.access
        grpc_server = None
        try:
            await access.connect(bus, settings)
            if settings.grpc_enabled:
                from mixdown_gateway.server import GrpcServer

                grpc_server = GrpcServer(bus, settings.default_tenant, settings.grpc_host, settings.grpc_port,
                                         settings.grpc_max_message_bytes)
                await grpc_server.start()
                app.state.grpc_port = grpc_server.port
            log.info("gateway_ready", nats=settings.nats_url, storage=settings.storage_backend,
                     grpc_port=getattr(app.state, "grpc_port", None))
            yield
        finally:
            log.info("gateway_stopping")
            if grpc_server is not None:
                await grpc_server.stop(min(settings.shutdown_grace_seconds, 5.0))
            await access.close()
            await bus.close()
            app.state.bus = None
            log.info("gateway_stopped")

    return lifespan


def _error_response(status_code: int, detail: str, headers: dict[str, str] | None = None,
                    **extra: list[str]) -> JSONResponse:
    return JSONResponse({"detail": detail, **extra}, status_code=status_code, headers=headers)


def _error_extra(exc: Exception) -> dict[str, list[str]]:
    """The fields an error body adds to ``detail`` (:class:`~mixdown_gateway.schemas.NotUnderstoodBody`)."""
    if isinstance(exc, NotUnderstood):
        return {"not_understood": exc.not_understood, "suggestions": exc.suggestions}
    return {}


def _error_headers(exc: Exception) -> dict[str, str] | None:
    if isinstance(exc, Unauthenticated):
        return {"WWW-Authenticate": 'Bearer error="invalid_token"' if exc.invalid_token else "Bearer"}
    if isinstance(exc, LimitExceeded | Busy):
        return {"Retry-After": str(exc.retry_after_seconds)}
    return None


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    for exc_type, status_code in ERROR_STATUS:
        if isinstance(exc, exc_type):
            if status_code >= 500:
                log.warning("request_unavailable", path=request.url.path, error=str(exc))
            elif status_code in (401, 403, 429):
                log.info("request_refused", path=request.url.path, status=status_code, error=str(exc))
            return _error_response(status_code, str(exc) or exc_type.__name__, _error_headers(exc),
                                   **_error_extra(exc))
    log.error("request_failed", path=request.url.path, error=str(exc), error_type=type(exc).__name__)
    return _error_response(500, "internal error; the server logged the details")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return _error_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
    return _error_response(422, "; ".join(parts) or "invalid request")


async def _client_gone(request: Request, exc: Exception) -> JSONResponse:
    log.info("client_disconnected", path=request.url.path)
    return _error_response(400, "the client disconnected before the request body was complete")


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("request_crashed", path=request.url.path, error_type=type(exc).__name__)
    return _error_response(500, "internal error; the server logged the details")


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    app = FastAPI(
        title="Mixdown API",
        version="1.0.0",
        summary="Upload raw recordings; get a mix, a master and a QC report.",
        lifespan=_lifespan(settings),
    )
    app.state.settings = settings
    app.state.bus = None
    app.state.store = None
    app.state.access = Access.from_settings(settings)

    app.add_exception_handler(MixdownError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_exception_handler(Exception, _unexpected_error)
    app.add_middleware(HttpMetricsMiddleware)
    app.add_middleware(RequestIdMiddleware)

    app.include_router(separations.router)  # first: /v1/jobs/{id}/download/stems is not a plain artifact
    app.include_router(jobs.router)
    app.include_router(revisions.router)
    app.include_router(links.router)
    app.include_router(account.router)
    app.include_router(presets.router, dependencies=[Depends(current_principal)])
    app.include_router(errors.router, dependencies=[Depends(current_principal)])
    app.include_router(health.router)
    app.include_router(ui_router)
    app.add_route("/metrics", MetricsApp(), methods=["GET"], include_in_schema=False)
    return app
