"""structlog JSON logs and Prometheus metrics, configured the same way in every service."""

from __future__ import annotations

import asyncio
import logging
import math
import sys
import time
from typing import Any

import structlog
from prometheus_client import Counter, Gauge, Histogram, start_http_server

STAGE_BUCKETS_SECONDS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600)
# gRPC calls range from a health check (ms) to a synchronous render of 12 stems (minutes).
GRPC_BUCKETS_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1200)

STAGE_DURATION = Histogram(
    "mixdown_stage_duration_seconds",
    "Time a stage took to process one message, by outcome",
    ["stage", "outcome"],
    buckets=STAGE_BUCKETS_SECONDS,
)
STAGE_PHASE = Histogram(
    "mixdown_stage_phase_seconds",
    "Time a stage run spent in each phase (decode, compute, encode, store, measure)",
    ["stage", "phase"],
    buckets=STAGE_BUCKETS_SECONDS,
)
STAGE_PEAK_MEMORY = Gauge(
    "mixdown_stage_peak_memory_bytes", "Peak resident memory of the process during its last stage run", ["stage"]
)
STAGE_MESSAGES = Counter(
    "mixdown_stage_messages_total", "Stage messages handled, by outcome", ["stage", "outcome"]
)
STAGE_REDELIVERIES = Counter(
    "mixdown_stage_redeliveries_total", "Stage messages received more than once", ["stage"]
)
JOBS_FINISHED = Counter("mixdown_jobs_finished_total", "Jobs that reached a final state", ["outcome"])
RENDER_CACHE = Counter(
    "mixdown_render_cache_lookups_total", "Render pieces looked up in a worker's memo, by kind and outcome",
    ["kind", "outcome"],
)
STAGE_IN_FLIGHT = Gauge("mixdown_stage_in_flight", "Messages being processed now", ["stage"])
GRPC_REQUESTS = Counter(
    "mixdown_grpc_requests_total", "gRPC requests handled", ["method", "code"]
)
GRPC_DURATION = Histogram(
    "mixdown_grpc_request_duration_seconds", "gRPC request duration", ["method"], buckets=GRPC_BUCKETS_SECONDS
)
MASTER_LOUDNESS = Histogram(
    "mixdown_master_integrated_loudness_lufs",
    "Integrated loudness of delivered masters",
    buckets=(-30, -24, -20, -18, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -4),
)
MASTER_TRUE_PEAK = Histogram(
    "mixdown_master_true_peak_dbtp",
    "True peak of delivered masters",
    buckets=(-6, -3, -2, -1.5, -1.2, -1.0, -0.8, -0.5, 0, 1),
)

# --- added for Kubernetes operations (queue depth, QC outcomes, build info) -------------------
# No label ever carries a job id, tenant or request id: those go in logs, not in metric series.

STAGE_QUEUE_PENDING = Gauge(
    "mixdown_stage_queue_pending_messages",
    "Messages waiting in the stage's durable consumer, not yet delivered to any worker "
    "(every worker of a stage reports the same consumer: aggregate with max, not sum)",
    ["stage"],
)
STAGE_QUEUE_ACK_PENDING = Gauge(
    "mixdown_stage_queue_ack_pending_messages",
    "Messages delivered to a worker of the stage and not yet acknowledged (aggregate with max)",
    ["stage"],
)
STAGE_QUEUE_SAMPLED = Gauge(
    "mixdown_stage_queue_sampled_timestamp_seconds",
    "Unix time of the last successful sample of the stage consumer's queue depth",
    ["stage"],
)
QC_RESULTS = Counter(
    "mixdown_qc_results_total",
    "QC decisions on masters: passed, failed (the job fails, its report says why) or corrected "
    "(sent back to mastering with corrections)",
    ["result"],
)
BUILD_INFO = Gauge("mixdown_build_info", "Always 1; the labels name the running service and version", ["service", "version"])


def observe_master(integrated_lufs: float, true_peak_dbtp: float) -> None:
    """Record the loudness of one delivered master (QC calls it once per job, on the final master)."""
    if math.isfinite(integrated_lufs):  # a silent master measures -inf LUFS: not a loudness to chart
        MASTER_LOUDNESS.observe(integrated_lufs)
    if math.isfinite(true_peak_dbtp):
        MASTER_TRUE_PEAK.observe(true_peak_dbtp)


def set_build_info(service: str, version: str) -> None:
    BUILD_INFO.labels(service=service, version=version).set(1)


def record_queue_depth(stage: str, consumer_info: Any) -> None:
    """Set the queue gauges of ``stage`` from a JetStream ``ConsumerInfo`` (num_pending, num_ack_pending)."""
    pending = getattr(consumer_info, "num_pending", None)
    ack_pending = getattr(consumer_info, "num_ack_pending", None)
    if pending is not None:
        STAGE_QUEUE_PENDING.labels(stage=stage).set(pending)
    if ack_pending is not None:
        STAGE_QUEUE_ACK_PENDING.labels(stage=stage).set(ack_pending)
    STAGE_QUEUE_SAMPLED.labels(stage=stage).set(time.time())


async def update_queue_depth(subscription: Any, stage: str, timeout_seconds: float = 2.0) -> bool:
    """Sample the stage consumer once (``await subscription.consumer_info()``); False when it failed.

    Never raises but CancelledError: a metrics sample must not disturb the worker.
    """
    try:
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation that
        # arrives as the awaited call completes, and the sampling task would never stop.
        async with asyncio.timeout(timeout_seconds):
            info = await subscription.consumer_info()
    except Exception:  # noqa: BLE001 - NATS down, consumer missing, timeout: keep the last value
        return False
    record_queue_depth(stage, info)
    return True


async def watch_queue_depth(subscription: Any, stage: str, interval_seconds: float = 10.0) -> None:
    """Sample the stage consumer every ``interval_seconds`` until cancelled (run it as a task beside
    the worker loop, so that the gauges stay fresh while a long message is being processed)::

        depth = asyncio.create_task(telemetry.watch_queue_depth(sub, stage.name))
        ...
        depth.cancel()
    """
    task = asyncio.current_task()
    while True:
        await update_queue_depth(subscription, stage)
        if task is not None and task.cancelling():  # a cancellation a library swallowed: honour it
            raise asyncio.CancelledError
        await asyncio.sleep(interval_seconds)


def configure_logging(service: str, level: str = "info") -> structlog.stdlib.BoundLogger:
    """JSON logs on stderr, one object a line, with the service name on every line."""
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level.upper(), force=True)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )
    structlog.contextvars.bind_contextvars(service=service)
    return structlog.get_logger(service)


def start_metrics_server(port: int) -> int:
    """Serve ``/metrics`` on ``port`` (0 picks a free one); returns the bound port."""
    server, _thread = start_http_server(port, addr="0.0.0.0")
    return server.server_address[1]
