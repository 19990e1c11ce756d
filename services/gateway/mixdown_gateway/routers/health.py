"""/healthz (the process runs) and /readyz (NATS connected and storage reachable)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from mixdown.errors import MixdownError
from mixdown_gateway.schemas import ErrorBody, HealthStatus

router = APIRouter(tags=["health"])

STORAGE_CHECK_TIMEOUT_SECONDS = 5.0


@router.get("/healthz", response_model=HealthStatus, summary="Liveness: 200 while the process runs")
async def healthz() -> HealthStatus:
    return HealthStatus(status="ok")


@router.get(
    "/readyz",
    response_model=HealthStatus,
    summary="Readiness: 200 when NATS is connected and storage answers, else 503 naming what is down",
    responses={503: {"model": ErrorBody}},
)
async def readyz(request: Request) -> HealthStatus | JSONResponse:
    problems: list[str] = []
    bus = getattr(request.app.state, "bus", None)
    if bus is None or not bus.nc.is_connected:
        problems.append("NATS is not connected")
    store = getattr(request.app.state, "store", None)
    if store is None:
        problems.append("storage is not open")
    else:
        try:
            await asyncio.wait_for(asyncio.to_thread(store.check), STORAGE_CHECK_TIMEOUT_SECONDS)
        except TimeoutError:
            problems.append(f"storage did not answer within {STORAGE_CHECK_TIMEOUT_SECONDS:g} s")
        except MixdownError as exc:
            problems.append(f"storage is unavailable: {exc}")
        except Exception as exc:  # noqa: BLE001 - any failure means not ready; say which
            problems.append(f"storage check failed: {type(exc).__name__}: {exc}")
    if problems:
        return JSONResponse({"detail": "not ready: " + "; ".join(problems)}, status_code=503)
    return HealthStatus(status="ready")
