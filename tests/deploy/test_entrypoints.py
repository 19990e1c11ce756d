"""What each image runs, run here: the Dockerfile's CMD starts, serves gRPC health and /metrics, and
stops cleanly on SIGTERM within its grace period.

No Docker engine runs on this machine, so the images are checked in two halves: hadolint and the
static checks in ``test_dockerfiles.py``, and this test, which runs each image's exact CMD (parsed
from its Dockerfile with the service's build arguments, with ``python`` being this virtualenv's
interpreter, first on PATH for the CPU images' ``/bin/sh -c "exec python …"``) and its HEALTHCHECK
command, with the image's own ENV (ports and work dir re-pointed to free loopback ports and a temp
folder), against a real nats-server and the local object store. All six start in parallel.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from mixdown.grpcutil import check_health
from mixdown_dev.procs import free_port, start_nats, tail_file
from tests.deploy.support import SERVICES, ServiceImage, exec_form, image_env

START_TIMEOUT_SECONDS = 60.0
GRACE_SECONDS = 5.0
"""shutdown_grace_seconds given to every service; each must exit within it plus the gRPC stop grace."""

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _command(argv: list[str]) -> list[str]:
    if argv[:2] == ["/bin/sh", "-c"]:
        return argv  # the shell finds `python` on PATH: this virtualenv's (see _env)
    assert argv[0] == "python", f"the image runs {argv[0]!r}; expected the venv's python"
    return [sys.executable, *argv[1:]]


def _env(service: ServiceImage, tmp_path: Path, nats_url: str, ports: dict[str, int]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MIXDOWN_")}
    prefix = service.env_prefix
    # what the image sets (but its paths: HOME, PATH), then what Kubernetes would override
    env.update({key: value for key, value in image_env(service).items() if key not in ("HOME", "PATH")})
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",
        prefix + "NATS_URL": nats_url,
        prefix + "NATS_CONNECT_ATTEMPTS": "10",
        prefix + "STORAGE_BACKEND": "local",
        prefix + "STORAGE_ROOT": str(tmp_path / "objects"),
        prefix + "WORK_DIR": str(tmp_path / "work" / service.module),
        prefix + "GRPC_PORT": str(ports["grpc"]),
        prefix + "METRICS_PORT": str(ports["metrics"]),
        prefix + "SHUTDOWN_GRACE_SECONDS": str(GRACE_SECONDS),
        prefix + "LOG_LEVEL": "info",
    })
    if service.module == "gateway":
        env[prefix + "HTTP_PORT"] = str(ports["http"])
        env[prefix + "HTTP_HOST"] = "127.0.0.1"
    if service.module == "separation":
        env[prefix + "MODEL_NAME"] = "demucs_unittest"  # tiny random-weight model, nothing downloaded
        env[prefix + "DEVICE"] = "cpu"
    return env


def _metrics_url(service: ServiceImage, ports: dict[str, int]) -> str:
    port = ports["http"] if service.module == "gateway" else ports["metrics"]  # the gateway serves it on HTTP
    return f"http://127.0.0.1:{port}/metrics"


def _get(url: str) -> tuple[int, str] | None:
    try:
        with _DIRECT.open(url, timeout=2.0) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except OSError:
        return None


def test_each_image_command_starts_serves_health_and_metrics_and_stops_on_sigterm(tmp_path):
    nats = start_nats(tmp_path / "nats")
    processes: dict[str, subprocess.Popen] = {}
    logs: dict[str, Path] = {}
    ports: dict[str, dict[str, int]] = {}
    envs: dict[str, dict[str, str]] = {}
    try:
        for service in SERVICES:
            ports[service.module] = {"grpc": free_port(), "metrics": free_port(), "http": free_port()}
            envs[service.module] = _env(service, tmp_path, nats.url, ports[service.module])
            logs[service.module] = tmp_path / f"{service.module}.log"
            with open(logs[service.module], "wb") as log:
                processes[service.module] = subprocess.Popen(
                    _command(exec_form(service, "CMD")),
                    env=envs[service.module],
                    cwd=tmp_path,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )

        def failure(name: str, what: str) -> str:
            return f"{name}: {what}\n--- log ---\n{tail_file(logs[name], 30)}"

        pending = {service.module: service for service in SERVICES}
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while pending:
            for name, service in list(pending.items()):
                assert processes[name].poll() is None, failure(name, f"exited with {processes[name].returncode}")
                if not asyncio.run(check_health(f"127.0.0.1:{ports[name]['grpc']}", timeout_seconds=1.0)):
                    continue
                answer = _get(_metrics_url(service, ports[name]))
                if answer is not None and answer[0] == 200:
                    pending.pop(name)
            if pending:
                assert time.monotonic() < deadline, failure(next(iter(pending)), "not SERVING with /metrics in time")
                time.sleep(0.25)

        for service in SERVICES:
            status, text = _get(_metrics_url(service, ports[service.module]))
            assert status == 200 and "mixdown_grpc_requests_total" in text, failure(service.module, "no metrics")

        # The image's HEALTHCHECK command, with the image's environment, sees the same port.
        checks = {
            service.module: subprocess.Popen(
                _command(exec_form(service, "HEALTHCHECK")),
                env=envs[service.module], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            )
            for service in SERVICES
        }
        for name, check in checks.items():
            output, _ = check.communicate(timeout=30)
            assert check.returncode == 0, f"{name}: HEALTHCHECK exited {check.returncode}: {output.decode()}"

        for process in processes.values():
            os.killpg(process.pid, signal.SIGTERM)
        stop_deadline = time.monotonic() + GRACE_SECONDS + 10.0  # drain, then gRPC stop (<= 5 s), then exit
        for name, process in processes.items():
            try:
                process.wait(max(0.1, stop_deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pytest.fail(failure(name, "still running after SIGTERM and the grace period"))
            # uvicorn re-raises the SIGTERM it handled once its shutdown is complete
            assert process.returncode in (0, -signal.SIGTERM), failure(name, f"exited {process.returncode}")
            text = logs[name].read_text()
            assert ("service_stopped" in text) or ("gateway_stopped" in text), failure(name, "no clean stop")
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        nats.stop()
