"""``python -m mixdown.healthcheck <service>``: exit 0 when the service's gRPC health check is SERVING.

Used by the images' Docker ``HEALTHCHECK`` (Kubernetes uses its native ``grpc:`` probes instead).
The port comes from ``--port``, else from ``MIXDOWN_<SERVICE>_GRPC_PORT``, the same variable the
service itself reads, so the check follows the service wherever it is configured to listen::

    python -m mixdown.healthcheck mixing                 # MIXDOWN_MIXING_GRPC_PORT
    python -m mixdown.healthcheck text_control --port 50055 --timeout-seconds 2

Exit status: 0 SERVING, 1 anything else (not serving, unreachable, deadline), 2 bad usage. One line
on stderr says why when it is not 0. Only the standard health service is called: no settings are
loaded and nothing but grpcio is imported, so the check stays cheap enough to run every few seconds.
"""

from __future__ import annotations

import argparse
import os
import sys


def grpc_port_from_env(service: str, environ: dict[str, str] | os._Environ[str] = os.environ) -> int:
    """The port in ``MIXDOWN_<SERVICE>_GRPC_PORT``; raises ValueError naming the variable when unusable."""
    name = f"MIXDOWN_{service.upper().replace('-', '_')}_GRPC_PORT"
    raw = environ.get(name, "").strip()
    if not raw:
        raise ValueError(f"{name} is not set; pass --port or set it")
    try:
        port = int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a port number") from None
    if not 0 < port < 65536:
        raise ValueError(f"{name}={port} is outside 1-65535")
    return port


def check(host: str, port: int, timeout_seconds: float, service_name: str = "") -> tuple[bool, str]:
    """(serving, detail) for the standard health check of ``host:port``; never raises on RPC errors."""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(f"{host}:{port}") as channel:
        try:
            response = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=service_name), timeout=timeout_seconds
            )
        except grpc.RpcError as exc:
            code = exc.code().name if isinstance(exc, grpc.Call) else type(exc).__name__
            return False, f"health check of {host}:{port} failed: {code}"
    status = health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
    return response.status == health_pb2.HealthCheckResponse.SERVING, f"{host}:{port} is {status}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mixdown.healthcheck", description=__doc__.splitlines()[0])
    parser.add_argument("service", help="service name as in MIXDOWN_<SERVICE>_*: gateway, separation, mixing, ...")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="default: $MIXDOWN_<SERVICE>_GRPC_PORT")
    parser.add_argument("--timeout-seconds", type=float, default=3.0)
    parser.add_argument("--grpc-service", default="", help="full service name to check; '' for the server")
    args = parser.parse_args(argv)
    try:
        port = args.port if args.port is not None else grpc_port_from_env(args.service)
    except ValueError as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 2
    serving, detail = check(args.host, port, args.timeout_seconds, args.grpc_service)
    if not serving:
        print(f"healthcheck: {args.service}: {detail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
