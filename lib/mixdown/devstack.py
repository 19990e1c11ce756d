"""The embedded stack: nats-server, every service as a process and the gateway, on one machine.

From a shell::

    python -m mixdown.devstack up   [--port 8080] [--data .mixdown] [--storage local|s3]
    python -m mixdown.devstack demo [--url http://127.0.0.1:8080] [--out .mixdown/demo]

From a test::

    with Stack(tmp_path, http_port=free_port()) as stack:
        httpx.get(f"{stack.url}/v1/presets", headers={"Authorization": f"Bearer {stack.api_key}"})
        stack.kill_service("mixing")        # SIGKILL, as in a crash
        stack.start_service("mixing")       # same ports, waits until it is SERVING
        stack.restart_nats(down_seconds=2)  # JetStream data on disk survives; services reconnect
        stack.stop_s3(); stack.start_s3()   # storage outage (storage="s3", the stack's own SeaweedFS)

Every service runs as ``python -m mixdown_<name>`` in its own session (process group), with
its settings in ``MIXDOWN_<NAME>_*`` variables, its log in ``<base_dir>/logs/<name>.log``, and
free loopback ports for gRPC and metrics. No process outlives the stack: ``stop()`` terminates
each group (SIGTERM, then SIGKILL after 20 s), and an ``atexit`` hook stops stacks left running.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from mixdown import procs
from mixdown.apikeys import is_api_key, new_api_key
from mixdown.errors import Unavailable

ALL: tuple[str, ...] = ("separation", "text_control", "mixing", "mastering", "qc", "gateway")
"""Every service of the platform, by its module name ``mixdown_<name>``."""

STOP_GRACE_SECONDS = 20.0
DEV_API_KEY_ENV = "MIXDOWN_GATEWAY_DEV_API_KEY"
DEV_API_KEY_FILE = "dev-api-key"
_WAITED_SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


class StackError(Unavailable):
    """A part of the embedded stack did not start, or stopped; the message names it and shows its log."""


@dataclass
class _Service:
    name: str
    ports: dict[str, int]
    log_file: Path
    process: subprocess.Popen | None = None
    log_offset: int = 0
    reported_exit: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def _grpc_serving(port: int, timeout_seconds: float = 1.0) -> bool:
    """True when the standard gRPC health check on 127.0.0.1:port answers SERVING."""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            response = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=timeout_seconds
            )
        except grpc.RpcError:
            return False
    return response.status == health_pb2.HealthCheckResponse.SERVING


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through an http_proxy


def _http_status(url: str, timeout_seconds: float = 2.0) -> int | None:
    """The HTTP status of GET ``url``, or None when nothing answers."""
    try:
        with _DIRECT.open(url, timeout=timeout_seconds) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None


def _port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """False when something listens on the port (connections in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


_LIVE_STACKS: set[Stack] = set()  # strong references: a forgotten stack is still stopped at exit


@atexit.register
def _stop_live_stacks() -> None:
    for stack in list(_LIVE_STACKS):
        stack.stop()


class Stack:
    """nats-server plus the services as subprocesses, with the gateway on ``http_port``.

    ``storage="s3"`` uses ``s3`` (a running :class:`~mixdown.procs.S3Server`) or, when None,
    starts a SeaweedFS of its own under ``base_dir/s3``. ``env`` adds variables to every
    service (full names, e.g. ``{"MIXDOWN_MIXING_ACK_WAIT_SECONDS": "3"}``).
    """

    def __init__(
        self,
        base_dir: Path,
        http_port: int = 8080,
        storage: Literal["local", "s3"] = "local",
        s3: procs.S3Server | None = None,
        env: Mapping[str, str] | None = None,
        services: Iterable[str] = ALL,
        start_timeout_seconds: float = 180.0,
        log_level: str = "info",
    ) -> None:
        if storage not in ("local", "s3"):
            raise ValueError(f"storage must be 'local' or 's3', not {storage!r}")
        self.base_dir = Path(base_dir).resolve()
        self.http_port = http_port
        self.storage = storage
        self.s3 = s3
        self.env = {key: str(value) for key, value in (env or {}).items()}
        self.api_key = self.env.get(DEV_API_KEY_ENV) or new_api_key()
        """The gateway's development API key (default tenant, plan enterprise): send it as
        ``Authorization: Bearer <api_key>``. One per stack unless ``env`` names one."""
        self.start_timeout_seconds = start_timeout_seconds
        self.log_level = log_level
        self.nats: procs.NatsServer | None = None
        self._nats_port: int | None = None
        self._own_s3 = False
        services = list(services)
        unknown = [name for name in services if name not in ALL]
        if unknown:
            raise ValueError(f"unknown services {unknown}; known: {', '.join(ALL)}")
        self._services: dict[str, _Service] = {}
        for name in services:
            ports = {"grpc": 0, "metrics": 0}
            if name == "gateway":
                ports["http"] = http_port
            self._services[name] = _Service(name=name, ports=ports, log_file=self.logs_dir / f"{name}.log")

    # --- what callers read -------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The gateway's base URL, e.g. ``http://127.0.0.1:8080``."""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def logs_dir(self) -> Path:
        return self.base_dir / "logs"

    @property
    def service_ports(self) -> dict[str, dict[str, int]]:
        """Ports by service: ``{"mixing": {"grpc": …, "metrics": …}, "gateway": {…, "http": …}}``."""
        return {name: dict(service.ports) for name, service in self._services.items()}

    @property
    def services(self) -> list[str]:
        return list(self._services)

    def log_path(self, name: str) -> Path:
        return self._service(name).log_file

    def log_tail(self, name: str, lines: int = 40) -> str:
        """The last lines this service wrote since its latest start."""
        service = self._service(name)
        try:
            with open(service.log_file, "rb") as handle:
                handle.seek(service.log_offset)
                text = handle.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def running(self, name: str) -> bool:
        return self._service(name).running

    def exited_services(self) -> dict[str, int]:
        """Services whose process has ended, with their exit status (negative: killed by a signal)."""
        return {
            name: service.process.returncode
            for name, service in self._services.items()
            if service.process is not None and service.process.poll() is not None
        }

    def healthy(self) -> bool:
        """Every process runs, every gRPC health check is SERVING and the gateway is ready."""
        if self.nats is None or self.nats.process.poll() is not None:
            return False
        return all(self._ready(service) for service in self._services.values())

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Stack:
        """Start storage (if needed), nats-server and every service; wait until all are ready."""
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        _LIVE_STACKS.add(self)
        try:
            if "gateway" in self._services and not _port_is_free(self.http_port):
                raise StackError(
                    f"port {self.http_port} is already in use on 127.0.0.1: another Mixdown (or another "
                    f"program) listens there; stop it or choose another port (--port)"
                )
            if self.storage == "s3" and self.s3 is None:
                self.s3 = procs.start_seaweedfs(self.base_dir / "s3", log_file=self.logs_dir / "seaweedfs.log")
                self._own_s3 = True
            self.start_nats()
            for service in self._services.values():
                self._spawn(service)
            self._wait_ready(list(self._services.values()))
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """SIGTERM every service, wait up to 20 s, SIGKILL what remains; then nats and storage."""
        running = [s for s in self._services.values() if s.process is not None]
        for service in running:
            _signal_group(service.process, signal.SIGCONT)  # a paused process cannot handle SIGTERM
            _signal_group(service.process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for service in running:
            try:
                service.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for service in running:
            _signal_group(service.process, signal.SIGKILL)  # the leader if still there, and stragglers
            service.process.wait()
        self.stop_nats()
        if self._own_s3 and self.s3 is not None:
            self.s3.stop()
            self.s3 = None
            self._own_s3 = False
        _LIVE_STACKS.discard(self)

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- one service -------------------------------------------------------------------------

    def kill_service(self, name: str, sig: int = signal.SIGKILL, timeout_seconds: float = STOP_GRACE_SECONDS) -> int | None:
        """Send ``sig`` to the service's process group. For SIGKILL/SIGTERM/SIGINT/SIGQUIT, wait
        until it exited (SIGKILL after ``timeout_seconds``) and return its status; other signals
        (SIGSTOP, SIGCONT, …) return None at once."""
        service = self._service(name)
        if service.process is None:
            raise StackError(f"{name} was never started")
        if sig == signal.SIGTERM:
            _signal_group(service.process, signal.SIGCONT)
        _signal_group(service.process, sig)
        if sig not in _WAITED_SIGNALS:
            return None
        try:
            service.process.wait(timeout_seconds)
        except subprocess.TimeoutExpired:
            _signal_group(service.process, signal.SIGKILL)
            service.process.wait()
        _signal_group(service.process, signal.SIGKILL)
        service.reported_exit = True
        return service.process.returncode

    def start_service(self, name: str, env: Mapping[str, str] | None = None, wait: bool = True) -> None:
        """Start a stopped service again on the same ports; ``env`` adds variables for this run
        only. Waits until it is ready unless ``wait`` is False."""
        service = self._service(name)
        if service.running:
            raise StackError(f"{name} is already running (pid {service.process.pid})")
        if self not in _LIVE_STACKS:
            raise StackError("the stack is not started (or already stopped)")
        self._spawn(service, env)
        if wait:
            self._wait_ready([service])

    def restart_service(
        self, name: str, env: Mapping[str, str] | None = None, sig: int = signal.SIGTERM, wait: bool = True
    ) -> None:
        """Stop the service with ``sig`` (if it runs), then :meth:`start_service` it with ``env``."""
        if self._service(name).running:
            self.kill_service(name, sig)
        self.start_service(name, env, wait=wait)

    # --- NATS --------------------------------------------------------------------------------

    def start_nats(self) -> procs.NatsServer:
        """Start nats-server (JetStream under ``base_dir/nats``), on the same port as before."""
        if self.nats is not None and self.nats.process.poll() is None:
            return self.nats
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + 10.0
        while True:
            try:
                self.nats = procs.start_nats(
                    self.base_dir / "nats",
                    port=self._nats_port,
                    log_file=self.logs_dir / "nats.log",
                    die_with_parent=True,
                    new_session=True,  # Ctrl-C reaches only us; we stop nats last
                )
                break
            except Unavailable as exc:
                if time.monotonic() > deadline:
                    raise StackError(
                        f"nats-server did not start: {exc}\n--- {self.logs_dir / 'nats.log'} (tail) ---\n"
                        f"{procs.tail_file(self.logs_dir / 'nats.log', 20)}"
                    ) from exc
                time.sleep(0.2)
        self._nats_port = self.nats.port
        return self.nats

    def stop_nats(self) -> None:
        if self.nats is not None:
            self.nats.stop()
            self.nats = None

    def restart_nats(self, down_seconds: float = 0.0) -> procs.NatsServer:
        """Stop nats-server, stay down ``down_seconds``, start it again on the same port and data;
        the services reconnect by themselves."""
        self.stop_nats()
        time.sleep(down_seconds)
        return self.start_nats()

    # --- S3 storage --------------------------------------------------------------------------

    def stop_s3(self) -> None:
        """Stop the stack's own SeaweedFS, as in a storage outage: every storage call fails until
        :meth:`start_s3`. Only with ``storage="s3"`` and no ``s3`` server given by the caller."""
        self._own_s3_server().stop()

    def start_s3(self) -> procs.S3Server:
        """Start the stack's own SeaweedFS again with the same ports, keys, bucket and data."""
        server = self._own_s3_server()
        if server.process.poll() is None:
            return server
        self.s3 = procs.start_seaweedfs(
            server.data_dir, bucket=server.bucket, access_key=server.access_key, secret_key=server.secret_key,
            ports=server.ports, log_file=server.log_file,
        )
        return self.s3

    def restart_s3(self, down_seconds: float = 0.0) -> procs.S3Server:
        """:meth:`stop_s3`, stay down ``down_seconds``, :meth:`start_s3`."""
        self.stop_s3()
        time.sleep(down_seconds)
        return self.start_s3()

    def _own_s3_server(self) -> procs.S3Server:
        if not self._own_s3 or self.s3 is None:
            raise StackError("this stack runs no S3 server of its own (storage='local', or an s3 server was given)")
        return self.s3

    # --- internals ---------------------------------------------------------------------------

    def _service(self, name: str) -> _Service:
        try:
            return self._services[name]
        except KeyError:
            raise KeyError(f"no service {name!r} in this stack; it has {', '.join(self._services)}") from None

    def _env(self, service: _Service, extra: Mapping[str, str] | None) -> dict[str, str]:
        assert self._nats_port is not None, "nats-server was never started"
        values: dict[str, object] = {
            "NATS_URL": f"nats://127.0.0.1:{self._nats_port}",  # the same port across NATS restarts
            "STORAGE_BACKEND": self.storage,
            "GRPC_PORT": service.ports["grpc"],
            "METRICS_PORT": service.ports["metrics"],
            "WORK_DIR": self.base_dir / "work" / service.name,
        }
        prefix = f"MIXDOWN_{service.name.upper()}_"
        if prefix + "LOG_LEVEL" not in os.environ:  # the caller's choice wins
            values["LOG_LEVEL"] = self.log_level
        if self.storage == "local":
            values["STORAGE_ROOT"] = self.base_dir / "objects"
        else:
            assert self.s3 is not None
            values.update(
                S3_ENDPOINT=self.s3.endpoint,
                S3_BUCKET=self.s3.bucket,
                S3_ACCESS_KEY=self.s3.access_key,
                S3_SECRET_KEY=self.s3.secret_key,
            )
        if service.name == "gateway":
            values.update(HTTP_PORT=service.ports["http"], HTTP_HOST="127.0.0.1", DEV_API_KEY=self.api_key,
                          WEBHOOK_ALLOW_PRIVATE_HOSTS="true")  # a loopback stack may call loopback receivers
            text_control = self._services.get("text_control")
            if text_control is not None and text_control.ports["grpc"]:
                values["TEXT_CONTROL_GRPC_TARGET"] = f"127.0.0.1:{text_control.ports['grpc']}"
        env = dict(os.environ)
        env.update({prefix + key: str(value) for key, value in values.items()})
        env["PYTHONUNBUFFERED"] = "1"
        env.update(self.env)
        env.update({key: str(value) for key, value in (extra or {}).items()})
        return env

    def _spawn(self, service: _Service, extra_env: Mapping[str, str] | None = None) -> None:
        for kind in ("grpc", "metrics"):
            if not service.ports[kind]:
                service.ports[kind] = procs.free_port()  # chosen once: a restart keeps its ports
        env = self._env(service, extra_env)
        service.extra_env = dict(extra_env or {})
        (self.base_dir / "work" / service.name).mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", f"mixdown_{service.name}"]
        service.log_offset = service.log_file.stat().st_size if service.log_file.exists() else 0
        with open(service.log_file, "ab") as log:
            log.write(f"=== {time.strftime('%Y-%m-%d %H:%M:%S')} starting: {' '.join(command)}\n".encode())
            log.flush()
            service.process = subprocess.Popen(
                command,
                cwd=self.base_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=procs.pdeathsig_preexec(),  # dies with us, even if we are SIGKILLed
            )
        service.reported_exit = False

    def _has_grpc(self, service: _Service) -> bool:
        """The gateway's gRPC server can be switched off (MIXDOWN_GATEWAY_GRPC_ENABLED=false)."""
        if service.name != "gateway":
            return True
        merged = {**os.environ, **self.env, **service.extra_env}
        return merged.get("MIXDOWN_GATEWAY_GRPC_ENABLED", "true").strip().lower() not in ("0", "false", "no", "off")

    def _ready(self, service: _Service) -> bool:
        if not service.running:
            return False
        if self._has_grpc(service) and not _grpc_serving(service.ports["grpc"]):
            return False
        return service.name != "gateway" or _http_status(f"{self.url}/readyz") == 200

    def _wait_ready(self, services: list[_Service]) -> None:
        deadline = time.monotonic() + self.start_timeout_seconds
        pending = list(services)
        while pending:
            exited = [s for s in pending if s.process is not None and s.process.poll() is not None]
            if exited:
                raise StackError(
                    "\n\n".join(self._failure(s, f"exited with status {s.process.returncode}") for s in exited)
                )
            for service in list(pending):
                if self._ready(service):
                    pending.remove(service)
            if pending and time.monotonic() > deadline:
                raise StackError(
                    "\n\n".join(
                        self._failure(s, f"did not become ready within {self.start_timeout_seconds:g} s "
                                      f"({self._readiness_detail(s)})")
                        for s in pending
                    )
                )
            if pending:
                time.sleep(0.25)

    def _readiness_detail(self, service: _Service) -> str:
        grpc_state = "SERVING" if _grpc_serving(service.ports["grpc"]) else "not SERVING"
        detail = f"gRPC health on port {service.ports['grpc']}: {grpc_state}"
        if service.name == "gateway":
            detail += f"; GET {self.url}/readyz: {_http_status(f'{self.url}/readyz') or 'no answer'}"
        return detail

    def _failure(self, service: _Service, what: str) -> str:
        return (
            f"service {service.name} {what}; command: {sys.executable} -m mixdown_{service.name}\n"
            f"--- {service.log_file} (tail) ---\n{self.log_tail(service.name, 30)}"
        )


# --- command line ----------------------------------------------------------------------------


def dev_api_key(data_dir: Path) -> str:
    """The development API key of a stack's data folder: ``MIXDOWN_GATEWAY_DEV_API_KEY`` when set, else
    the one saved in ``<data>/dev-api-key`` (kept across restarts), else a new one; saved there
    readable by its owner only."""
    path = Path(data_dir) / DEV_API_KEY_FILE
    try:
        saved = path.read_text().strip()
    except OSError:
        saved = ""
    given = os.environ.get(DEV_API_KEY_ENV, "").strip()
    key = given if is_api_key(given) else saved if is_api_key(saved) else new_api_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    os.chmod(path, 0o600)
    return key


def _up(args: argparse.Namespace) -> int:
    # Ctrl-C and SIGTERM both stop the stack (SIGINT explicitly: a shell's `cmd &` ignores it)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    key = dev_api_key(Path(args.data))
    stack = Stack(Path(args.data), http_port=args.port, storage=args.storage, services=_chosen(args.without),
                  env={DEV_API_KEY_ENV: key})
    print(f"Starting Mixdown: nats-server and {len(stack.services)} services ({args.storage} storage) ...", flush=True)
    try:
        stack.start()
    except StackError as exc:
        print(f"Mixdown did not start: {exc}\n(a service can be left out: --without <service>)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; everything is stopped.")
        return 130
    print(f"Mixdown is up: {stack.url}")
    print(f"  Web UI: {stack.url}/#key={stack.api_key}")
    print(f"  API key (tenant local, plan enterprise; saved in {stack.base_dir / DEV_API_KEY_FILE}):")
    print(f"    curl -H 'Authorization: Bearer {stack.api_key}' {stack.url}/v1/usage")
    print(f"  API docs: {stack.url}/docs · logs: {stack.logs_dir}/<service>.log · data: {stack.base_dir}")
    print("  Ctrl-C stops everything.", flush=True)
    try:
        while True:
            time.sleep(1.0)
            for name, status in stack.exited_services().items():
                service = stack._service(name)
                if not service.reported_exit:
                    service.reported_exit = True
                    print(f"warning: {name} exited with status {status}; its log ends with:\n"
                          f"{stack.log_tail(name, 15)}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print("\nStopping Mixdown ...", flush=True)
    finally:
        stack.stop()
    print("Mixdown stopped.")
    return 0


def _save_artifact(client, url: str, out_dir: Path, artifact: str) -> Path:
    with client.stream("GET", url) as response:
        if response.status_code != 200:
            response.read()
            raise StackError(f"GET {url} answered {response.status_code}: {response.text}")
        disposition = response.headers.get("content-disposition", "")
        ext = disposition.rsplit(".", 1)[-1].strip('"; ') if "filename=" in disposition else ""
        ext = ext if ext.isalnum() and len(ext) <= 8 else "bin"
        path = out_dir / f"{artifact}.{ext}"
        partial = path.with_name(path.name + ".part")
        with open(partial, "wb") as out:
            for chunk in response.iter_bytes(1 << 20):
                out.write(chunk)
        partial.replace(path)
    return path


def _demo(args: argparse.Namespace) -> int:
    import httpx

    url = args.url.rstrip("/")
    out_dir = Path(args.out)
    own: Stack | None = None
    status = _http_status(f"{url}/readyz")
    if status is None:
        parts = urlsplit(url)
        if parts.hostname not in ("127.0.0.1", "localhost"):
            print(f"Nothing answers at {url}, and it is not this machine: start Mixdown there first.", file=sys.stderr)
            return 1
        print(f"Nothing answers at {url}: starting an embedded stack for the demo (logs in {args.data}/logs) ...",
              flush=True)
        own = Stack(Path(args.data), http_port=parts.port or 80, services=_chosen(args.without),
                    env={DEV_API_KEY_ENV: dev_api_key(Path(args.data))})
        try:
            own.start()
        except StackError as exc:
            print(f"Mixdown did not start: {exc}", file=sys.stderr)
            return 1
        url = own.url
        key = own.api_key
    else:
        key = _demo_key(args)
        if not key:
            print(f"No API key for {url}: pass --key, set MIXDOWN_API_KEY, or run `make up` (it saves its key in "
                  f"{Path(args.data) / DEV_API_KEY_FILE}).", file=sys.stderr)
            return 1
        deadline = time.monotonic() + 60
        while status != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
            status = _http_status(f"{url}/readyz")
        if status != 200:
            print(f"{url}/readyz answers {status}: Mixdown is not ready.", file=sys.stderr)
            return 1
    try:
        from mixdown.examples import write_example_pair

        out_dir.mkdir(parents=True, exist_ok=True)
        inputs = write_example_pair(out_dir / "inputs", duration_seconds=20.0)
        print(f"Example recordings: {inputs['vocal']} (lead vocal), {inputs['beat']} (instrumental)")
        meta = [{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "beat.wav", "role": "instrumental"}]
        loopback = urlsplit(url).hostname in ("127.0.0.1", "localhost")
        with httpx.Client(base_url=url, timeout=60.0, trust_env=not loopback,
                          headers={"Authorization": f"Bearer {key}"}) as client, \
                open(inputs["vocal"], "rb") as vocal, open(inputs["beat"], "rb") as beat:
            response = client.post(
                "/v1/jobs",
                files=[("files", ("vocal.wav", vocal, "audio/wav")), ("files", ("beat.wav", beat, "audio/wav"))],
                data={
                    "stems_meta": json.dumps(meta),
                    "preset": "modern_clean",
                    "targets": json.dumps({"target_lufs": -14, "ceiling_dbtp": -1}),
                },
            )
            if response.status_code not in (200, 201, 202):
                print(f"POST /v1/jobs answered {response.status_code}: {response.text}", file=sys.stderr)
                return 1
            job_id = response.json()["id"]
            print(f"Job {job_id} submitted; following {url}/v1/jobs/{job_id}", flush=True)
            job = _follow(client, job_id, args.timeout)
            if job["status"] != "succeeded":
                print(f"Job {job_id} ended {job['status']}: {json.dumps(job.get('error'))}", file=sys.stderr)
                return 1
            print(f"Job {job_id} succeeded. Artifacts:")
            for artifact in ("mix", "master", "report"):
                path = _save_artifact(client, f"/v1/jobs/{job_id}/download/{artifact}", out_dir, artifact)
                print(f"  {artifact:7} {path.resolve()}")
        return 0
    finally:
        if own is not None:
            own.stop()


def _demo_key(args: argparse.Namespace) -> str:
    """--key, else MIXDOWN_API_KEY, else the key `make up` saved in the data folder; "" if none."""
    if args.key:
        return args.key.strip()
    if os.environ.get("MIXDOWN_API_KEY", "").strip():
        return os.environ["MIXDOWN_API_KEY"].strip()
    try:
        return (Path(args.data) / DEV_API_KEY_FILE).read_text().strip()
    except OSError:
        return ""


def _follow(client, job_id: str, timeout_seconds: float) -> dict:
    deadline = time.monotonic() + timeout_seconds
    shown = None
    while True:
        job = client.get(f"/v1/jobs/{job_id}").json()
        line = (job.get("status"), job.get("stage"), round(100 * float(job.get("progress") or 0)))
        if line != shown:
            shown = line
            print(f"  {line[0]:10} {line[1] or '':13} {line[2]:3d} %", flush=True)
        if job.get("status") in ("succeeded", "failed", "cancelled"):
            return job
        if time.monotonic() > deadline:
            raise StackError(f"job {job_id} did not finish within {timeout_seconds:g} s; last state: {line}")
        time.sleep(0.5)


def _chosen(without: list[str]) -> list[str]:
    return [name for name in ALL if name not in set(without)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mixdown.devstack", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="run the embedded stack until Ctrl-C")
    up.add_argument("--port", type=int, default=8080, help="gateway HTTP port (default 8080)")
    up.add_argument("--data", default=".mixdown", help="folder for objects, NATS data, logs (default .mixdown)")
    up.add_argument("--storage", choices=("local", "s3"), default="local",
                    help="local filesystem, or S3 on a SeaweedFS started with the stack")
    up.add_argument("--without", action="append", default=[], choices=[n for n in ALL if n != "gateway"],
                    metavar="SERVICE", help="leave a service out (repeatable), e.g. --without separation")
    demo = commands.add_parser("demo", help="mix and master example recordings, download the results")
    demo.add_argument("--url", default="http://127.0.0.1:8080", help="a running Mixdown (else one is started)")
    demo.add_argument("--out", default=".mixdown/demo", help="where the inputs and results go")
    demo.add_argument("--data", default=".mixdown", help="data folder of the stack started for the demo")
    demo.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for the job")
    demo.add_argument("--key", default="", help="API key for --url (default: MIXDOWN_API_KEY, or the key "
                      "`up` saved in <data>/dev-api-key)")
    demo.add_argument("--without", action="append", default=[], choices=[n for n in ALL if n != "gateway"],
                      metavar="SERVICE", help="leave a service out of the stack started for the demo")
    args = parser.parse_args(argv)
    return _up(args) if args.command == "up" else _demo(args)


if __name__ == "__main__":
    sys.exit(main())
