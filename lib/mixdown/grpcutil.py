"""gRPC plumbing written once for every service (grpc.aio): server, errors, health, client channel.

A service builds its server with :func:`build_server`, adds its servicer, binds a port and starts
it; it decorates servicer methods with :func:`map_errors` so that domain exceptions from
:mod:`mixdown.errors` leave as status codes; on SIGTERM it calls :func:`set_not_serving` before
stopping the server. Clients use :func:`channel` and pass ``timeout=DEFAULT_DEADLINE_SECONDS``
(or less) on every call.

Example::

    server, health = build_server([qc_pb2.DESCRIPTOR.services_by_name["QcService"].full_name])
    qc_pb2_grpc.add_QcServiceServicer_to_server(QcServicer(), server)
    port = server.add_insecure_port("0.0.0.0:50051")
    await server.start()
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import grpc
import structlog
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_health.v1.health import aio as health_aio
from grpc_reflection.v1alpha import reflection

from mixdown.errors import Conflict, InvalidInput, NotFound, Unavailable
from mixdown.telemetry import GRPC_DURATION, GRPC_REQUESTS

__all__ = [
    "DEFAULT_DEADLINE_SECONDS",
    "MAX_MESSAGE_BYTES",
    "HealthServicer",
    "MetricsInterceptor",
    "build_server",
    "channel",
    "check_health",
    "full_service_names",
    "map_errors",
    "set_not_serving",
    "status_for",
]

HealthServicer = health_aio.HealthServicer

MAX_MESSAGE_BYTES = 8 * 1024 * 1024
"""Largest message a server or channel sends or receives; audio travels by reference, not inline."""

DEFAULT_DEADLINE_SECONDS = 60.0
"""Deadline clients put on a call unless they have a reason to choose another."""

INTERNAL_MESSAGE = "internal error; the server logged the details"

log = structlog.get_logger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


def _message_options(max_message_bytes: int) -> list[tuple[str, int]]:
    return [
        ("grpc.max_send_message_length", max_message_bytes),
        ("grpc.max_receive_message_length", max_message_bytes),
    ]


# --- errors ---------------------------------------------------------------------------------

_DOMAIN_CODES: tuple[tuple[type[Exception], grpc.StatusCode], ...] = (
    (InvalidInput, grpc.StatusCode.INVALID_ARGUMENT),
    (NotFound, grpc.StatusCode.NOT_FOUND),
    (Unavailable, grpc.StatusCode.UNAVAILABLE),
    (Conflict, grpc.StatusCode.FAILED_PRECONDITION),
)
# A downstream call that failed for a transient reason is itself transient for our caller.
_TRANSIENT_DOWNSTREAM = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED})


def status_for(exc: BaseException) -> tuple[grpc.StatusCode, str]:
    """The status code and message the edge reports for ``exc``.

    Domain errors keep their message (it says what was tried); anything else becomes INTERNAL with
    a generic message, so that no internals leak to the caller.
    """
    for exc_type, code in _DOMAIN_CODES:
        if isinstance(exc, exc_type):
            return code, str(exc) or exc_type.__name__
    if isinstance(exc, grpc.aio.AioRpcError) and exc.code() in _TRANSIENT_DOWNSTREAM:
        return grpc.StatusCode.UNAVAILABLE, f"a dependency is unavailable: {exc.code().name}: {exc.details()}"
    return grpc.StatusCode.INTERNAL, INTERNAL_MESSAGE


async def _abort(context: grpc.aio.ServicerContext, exc: Exception, method: str) -> None:
    code, message = status_for(exc)
    if code is grpc.StatusCode.INTERNAL:
        log.exception("grpc_internal_error", method=method, error_type=type(exc).__name__)
    else:
        log.info("grpc_request_failed", method=method, code=code.name, error=message)
    await context.abort(code, message)


def map_errors(method: F) -> F:
    """Decorate an async servicer method so that exceptions leave as gRPC status codes.

    InvalidInput → INVALID_ARGUMENT, NotFound → NOT_FOUND, Unavailable → UNAVAILABLE,
    Conflict → FAILED_PRECONDITION, a downstream UNAVAILABLE/DEADLINE_EXCEEDED → UNAVAILABLE,
    anything else → INTERNAL with a generic message (the exception is logged). A method that
    aborts by itself (``await context.abort(...)``) keeps its own status.

    Works on coroutine methods (unary responses, or streaming through ``context.write``) and on
    async-generator methods (server streaming); the servicer context must be the last argument.
    """
    name = method.__qualname__

    if inspect.isasyncgenfunction(method):

        @functools.wraps(method)
        async def stream_wrapper(*args: Any) -> Any:
            context = args[-1]
            try:
                async for response in method(*args):
                    yield response
            except grpc.aio.AbortError:
                raise
            except Exception as exc:  # noqa: BLE001 - the edge maps every error to a status
                await _abort(context, exc, name)

        return stream_wrapper  # type: ignore[return-value]

    if not inspect.iscoroutinefunction(method):
        raise TypeError(f"map_errors needs an async def method or async generator, got {name}")

    @functools.wraps(method)
    async def unary_wrapper(*args: Any) -> Any:
        context = args[-1]
        try:
            return await method(*args)
        except grpc.aio.AbortError:
            raise
        except Exception as exc:  # noqa: BLE001 - the edge maps every error to a status
            await _abort(context, exc, name)

    return unary_wrapper  # type: ignore[return-value]


# --- server ---------------------------------------------------------------------------------


def _final_code(context: grpc.aio.ServicerContext, default: grpc.StatusCode) -> str:
    code = context.code()
    if isinstance(code, grpc.StatusCode):
        return code.name
    if isinstance(code, int):  # some grpc versions report the raw integer
        for status in grpc.StatusCode:
            if status.value[0] == code:
                return status.name
    return default.name


class MetricsInterceptor(grpc.aio.ServerInterceptor):
    """Counts every call by method and final status code and times it (``mixdown_grpc_*``)."""

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None:  # unknown method: grpc answers UNIMPLEMENTED itself
            return handler
        method = handler_call_details.method
        if handler.request_streaming and handler.response_streaming:
            behavior, factory = handler.stream_stream, grpc.stream_stream_rpc_method_handler
        elif handler.request_streaming:
            behavior, factory = handler.stream_unary, grpc.stream_unary_rpc_method_handler
        elif handler.response_streaming:
            behavior, factory = handler.unary_stream, grpc.unary_stream_rpc_method_handler
        else:
            behavior, factory = handler.unary_unary, grpc.unary_unary_rpc_method_handler
        wrapped = _measured(behavior, method)
        if wrapped is behavior:
            return handler
        return factory(
            wrapped,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


REQUEST_ID_METADATA = "x-request-id"
"""gRPC metadata key of the request id (the HTTP ``X-Request-ID``, the NATS ``Mixdown-Request-Id``)."""


def request_metadata(request_id: str) -> tuple[tuple[str, str], ...]:
    """Metadata for an outgoing call that carries ``request_id`` (none when it is empty)."""
    return ((REQUEST_ID_METADATA, request_id),) if request_id else ()


def _request_id(context: grpc.aio.ServicerContext) -> str:
    for key, value in context.invocation_metadata() or ():
        if key == REQUEST_ID_METADATA and isinstance(value, str):
            return value[:128]
    return ""


def _record(method: str, code: str, started: float) -> None:
    GRPC_REQUESTS.labels(method=method, code=code).inc()
    GRPC_DURATION.labels(method=method).observe(time.perf_counter() - started)


def _measured(behavior: Callable[..., Any], method: str) -> Callable[..., Any]:
    """``behavior`` wrapped to record metrics, keeping its kind (coroutine or async generator)."""
    if inspect.isasyncgenfunction(behavior):

        async def stream_behavior(request: Any, context: grpc.aio.ServicerContext) -> Any:
            started = time.perf_counter()
            code = "UNKNOWN"
            try:
                with structlog.contextvars.bound_contextvars(request_id=_request_id(context), grpc_method=method):
                    async for response in behavior(request, context):
                        yield response
                code = _final_code(context, grpc.StatusCode.OK)
            except grpc.aio.AbortError:
                code = _final_code(context, grpc.StatusCode.UNKNOWN)
                raise
            except BaseException as exc:
                code = _code_for_unhandled(exc)
                raise
            finally:
                _record(method, code, started)

        return stream_behavior

    if inspect.iscoroutinefunction(behavior):

        async def unary_behavior(request: Any, context: grpc.aio.ServicerContext) -> Any:
            started = time.perf_counter()
            code = "UNKNOWN"
            try:
                with structlog.contextvars.bound_contextvars(request_id=_request_id(context), grpc_method=method):
                    response = await behavior(request, context)
                code = _final_code(context, grpc.StatusCode.OK)
                return response
            except grpc.aio.AbortError:
                code = _final_code(context, grpc.StatusCode.UNKNOWN)
                raise
            except BaseException as exc:
                code = _code_for_unhandled(exc)
                raise
            finally:
                _record(method, code, started)

        return unary_behavior

    return behavior  # synchronous handlers are not used in Mixdown; leave them untouched


def _code_for_unhandled(exc: BaseException) -> str:
    if isinstance(exc, asyncio.CancelledError):  # the client cancelled or its deadline passed
        return grpc.StatusCode.CANCELLED.name
    return grpc.StatusCode.UNKNOWN.name  # what grpc reports for an exception no one mapped


def build_server(
    service_names: list[str], max_message_bytes: int = MAX_MESSAGE_BYTES
) -> tuple[grpc.aio.Server, health_aio.HealthServicer]:
    """An aio server with message limits, metrics, health and reflection; not yet bound or started.

    ``service_names`` are full names (``"mixdown.qc.v2.QcService"``); each, and the overall
    server (``""``), is reported SERVING by the standard health service, and reflection lists
    them with health and reflection. The caller adds its servicers, binds a port
    (``server.add_insecure_port("0.0.0.0:PORT")``, which returns the bound port) and awaits
    ``server.start()``.
    """
    server = grpc.aio.server(
        interceptors=[MetricsInterceptor()],
        options=_message_options(max_message_bytes),
    )
    health_servicer = health_aio.HealthServicer()
    # HealthServicer.set() is a coroutine only so that it can wake Watch() streams; none can exist
    # before the server starts, so the initial statuses are written directly and this stays sync.
    for name in ["", *service_names]:
        health_servicer._server_status[name] = health_pb2.HealthCheckResponse.SERVING
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection([*service_names, health.SERVICE_NAME, reflection.SERVICE_NAME], server)
    return server, health_servicer


async def set_not_serving(health_servicer: health_aio.HealthServicer) -> None:
    """Report every service NOT_SERVING, for good, so that load balancers drain before shutdown."""
    await health_servicer.enter_graceful_shutdown()


# --- client ---------------------------------------------------------------------------------


def channel(target: str, max_message_bytes: int = MAX_MESSAGE_BYTES) -> grpc.aio.Channel:
    """An insecure aio channel to ``target`` (``"host:port"``) with the servers' message limits."""
    return grpc.aio.insecure_channel(target, options=_message_options(max_message_bytes))


async def check_health(target: str, timeout_seconds: float = 2.0, service: str = "") -> bool:
    """True when ``target`` answers the standard health check with SERVING within the timeout.

    ``service`` is a full service name, or ``""`` for the server as a whole. Any RPC failure
    (unreachable, unknown service, deadline) is reported as False, never raised.
    """
    async with channel(target) as ch:
        stub = health_pb2_grpc.HealthStub(ch)
        try:
            response = await stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout_seconds)
        except grpc.aio.AioRpcError:
            return False
    return response.status == health_pb2.HealthCheckResponse.SERVING


def full_service_names(descriptors: Iterable[Any]) -> list[str]:
    """Full names of every service in the given generated file descriptors (``x_pb2.DESCRIPTOR``)."""
    return [service.full_name for descriptor in descriptors for service in descriptor.services_by_name.values()]
