"""One lifecycle for every service: settings, logs, metrics, gRPC, stage worker, SIGTERM.

A service's ``__main__`` calls :func:`main` with its settings class, a function that adds its
servicer to the gRPC server, and (optionally) its stage. Start-up fails fast on bad settings
and waits, with bounded retries, for storage and NATS.
"""

from __future__ import annotations

import asyncio
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import grpc
import structlog

from mixdown import grpcutil, telemetry
from mixdown.errors import Unavailable
from mixdown.events.bus import Bus, connect
from mixdown.events.stage import Stage
from mixdown.events.worker import StageWorker
from mixdown.settings import ServiceSettings
from mixdown.storage import ObjectStore, open_store

S = TypeVar("S", bound=ServiceSettings)


@dataclass
class ServiceContext:
    """What a servicer may use: settings and the shared object store."""

    settings: ServiceSettings
    store: ObjectStore

    def scratch(self) -> tempfile.TemporaryDirectory:
        """A temporary folder under the work dir, removed when the ``with`` block ends."""
        root = Path(self.settings.work_dir)
        root.mkdir(parents=True, exist_ok=True)
        return tempfile.TemporaryDirectory(dir=root)


Register = Callable[[grpc.aio.Server, ServiceContext], None]


async def wait_for_storage(store: ObjectStore, attempts: int = 30) -> None:
    last: Exception | None = None
    for attempt in range(attempts):
        try:
            await asyncio.to_thread(store.check)
            return
        except Unavailable as exc:
            last = exc
            await asyncio.sleep(min(0.2 * 2**attempt, 2.0))
    raise Unavailable(f"storage not reachable after {attempts} attempts: {last}")


def fault_hooks(settings: ServiceSettings) -> dict:
    """Fault injection for resilience tests: pause at one point of every message."""
    if not settings.fault_pause_at or settings.fault_pause_seconds <= 0:
        return {}
    log = structlog.get_logger("fault")

    async def pause() -> None:
        log.warning("fault_pause", at=settings.fault_pause_at, seconds=settings.fault_pause_seconds)
        await asyncio.sleep(settings.fault_pause_seconds)

    return {settings.fault_pause_at: pause}


async def serve(
    name: str,
    settings: ServiceSettings,
    service_names: list[str],
    register: Register,
    stage_factory: Callable[[ServiceContext], Stage] | None = None,
) -> None:
    log = structlog.get_logger(name)
    metrics_port = telemetry.start_metrics_server(settings.metrics_port)
    store = open_store(settings)
    await wait_for_storage(store, settings.nats_connect_attempts)
    ctx = ServiceContext(settings=settings, store=store)

    server, health = grpcutil.build_server(service_names, settings.grpc_max_message_bytes)
    register(server, ctx)
    grpc_port = server.add_insecure_port(f"0.0.0.0:{settings.grpc_port}")
    await server.start()

    bus: Bus | None = None
    worker: StageWorker | None = None
    worker_task: asyncio.Task | None = None
    if stage_factory is not None and settings.worker_enabled:
        bus = await connect(settings.nats_url, settings.nats_connect_attempts, name=f"mixdown-{name}")
        worker = StageWorker(
            bus,
            store,
            stage_factory(ctx),
            work_dir=settings.work_dir,
            ack_wait_seconds=settings.ack_wait_seconds,
            max_deliver=settings.max_deliver,
            hooks=fault_hooks(settings),
        )
        worker_task = asyncio.create_task(worker.run(), name=f"{name}-worker")

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    log.info("service_started", grpc_port=grpc_port, metrics_port=metrics_port, worker=worker is not None)

    waiters = [asyncio.create_task(stop.wait())]
    if worker_task is not None:
        waiters.append(worker_task)
    await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    if worker_task is not None and worker_task.done() and not stop.is_set():
        exc = worker_task.exception()
        log.error("worker_exited", error=str(exc) if exc else "stopped")

    log.info("service_stopping")
    await grpcutil.set_not_serving(health)
    if worker is not None:
        try:
            await asyncio.wait_for(worker.stop(), timeout=settings.shutdown_grace_seconds)
        except TimeoutError:
            log.warning("worker_drain_timeout")
    await server.stop(grace=min(settings.shutdown_grace_seconds, 5.0))
    if worker_task is not None:
        worker_task.cancel()
    if bus is not None:
        await bus.close()
    log.info("service_stopped")


def main(
    name: str,
    settings_cls: type[S],
    service_names: list[str],
    register: Register,
    stage_factory: Callable[[ServiceContext], Stage] | None = None,
) -> None:
    settings = settings_cls()
    telemetry.configure_logging(name, settings.log_level)
    asyncio.run(serve(name, settings, service_names, register, stage_factory))
