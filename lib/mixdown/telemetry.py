"""structlog JSON logs and Prometheus metrics, configured the same way in every service."""

from __future__ import annotations

import logging
import sys

import structlog
from prometheus_client import Counter, Gauge, Histogram, start_http_server

STAGE_BUCKETS_SECONDS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600)

STAGE_DURATION = Histogram(
    "mixdown_stage_duration_seconds",
    "Time a stage took to process one message, by outcome",
    ["stage", "outcome"],
    buckets=STAGE_BUCKETS_SECONDS,
)
STAGE_MESSAGES = Counter(
    "mixdown_stage_messages_total", "Stage messages handled, by outcome", ["stage", "outcome"]
)
STAGE_REDELIVERIES = Counter(
    "mixdown_stage_redeliveries_total", "Stage messages received more than once", ["stage"]
)
JOBS_FINISHED = Counter("mixdown_jobs_finished_total", "Jobs that reached a final state", ["outcome"])
STAGE_IN_FLIGHT = Gauge("mixdown_stage_in_flight", "Messages being processed now", ["stage"])
GRPC_REQUESTS = Counter(
    "mixdown_grpc_requests_total", "gRPC requests handled", ["method", "code"]
)
GRPC_DURATION = Histogram(
    "mixdown_grpc_request_duration_seconds", "gRPC request duration", ["method"], buckets=STAGE_BUCKETS_SECONDS
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
