"""``python -m mixdown_gateway``: JSON logs, then uvicorn serving the app (gRPC runs in its lifespan).

``python -m mixdown_gateway keys create|list|revoke ...`` manages API keys instead
(:mod:`mixdown_gateway.access.cli`).

uvicorn handles SIGTERM/SIGINT: it stops accepting connections, lets in-flight requests finish
(up to shutdown_grace_seconds), then runs the lifespan's shutdown, which stops the gRPC server
with a grace period and drains the NATS connection.
"""

from __future__ import annotations

import sys

import uvicorn

from mixdown import telemetry
from mixdown_gateway.app import create_app
from mixdown_gateway.settings import GatewaySettings


def main() -> None:
    settings = GatewaySettings()
    log = telemetry.configure_logging("gateway", settings.log_level)
    log.info("gateway_starting", http=f"{settings.http_host}:{settings.http_port}",
             grpc=f"{settings.grpc_host}:{settings.grpc_port}" if settings.grpc_enabled else None)
    config = uvicorn.Config(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,  # keep structlog's JSON lines; uvicorn's loggers go through the root logger
        access_log=False,  # requests are counted in mixdown_http_requests_total instead
        timeout_graceful_shutdown=int(settings.shutdown_grace_seconds) or None,
        proxy_headers=True,
        server_header=False,
    )
    uvicorn.Server(config).run()


if __name__ == "__main__":
    if sys.argv[1:2] == ["keys"]:
        from mixdown_gateway.access.cli import main as keys_main

        sys.exit(keys_main(sys.argv[2:]))
    if len(sys.argv) > 1:
        sys.exit(f"usage: python -m mixdown_gateway [keys create|list|revoke ...]; got {' '.join(sys.argv[1:])!r}")
    main()
