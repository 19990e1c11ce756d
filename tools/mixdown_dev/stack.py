"""The embedded stack: nats-server, every service as a process and the gateway, on one machine.

From a shell, ``python -m mixdown_dev up`` (see :mod:`mixdown_dev.cli`); from a test::

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

import atexit
import os
import signal
import subprocess
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

from mixdown.apikeys import new_api_key
from mixdown.errors import Unavailable
from mixdown_dev import procs
from mixdown_dev.probes import port_is_free
from mixdown_dev.service_process import ServiceProcess

ALL: tuple[str, ...] = ("separation", "text_control", "mixing", "mastering", "qc", "gateway")
"""Every service of the platform, by its module name ``mixdown_<name>``."""

STOP_GRACE_SECONDS = 20.0
DEV_API_KEY_ENV = "MIXDOWN_GATEWAY_DEV_API_KEY"
DEV_API_KEY_FILE = "dev-api-key"
_WAITED_SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


class StackError(Unavailable):
    """A part of the embedded stack did not start, or stopped; the message names it and shows its log."""


_LIVE_STACKS: set[Stack] = set()  # strong references: a forgotten stack is still stopped at exit


@atexit.register
def _stop_live_stacks() -> None:
    for stack in list(_LIVE_STACKS):
        stack.stop()


class Stack:
    """nats-server plus the services as subprocesses, with the gateway on ``http_port``.

    ``storage="s3"`` uses ``s3`` (a running :class:`~mixdown_dev.procs.S3Server`) or, when None,
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
        self._services: dict[str, ServiceProcess] = {}
        for name in services:
            ports = {"grpc": 0, "metrics": 0}
            if name == "gateway":
                ports["http"] = http_port
            self._services[name] = ServiceProcess(name=name, ports=ports, log_file=self.logs_dir / f"{name}.log")

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
        return self._service(name).log_tail(lines)

    def running(self, name: str) -> bool:
        return self._service(name).running

    def exited_services(self) -> dict[str, int]:
        """Services whose process has ended, with their exit status (negative: killed by a signal)."""
        return {name: s.exit_status for name, s in self._services.items() if s.exit_status is not None}

    def healthy(self) -> bool:
        """Every process runs, every gRPC health check is SERVING and the gateway is ready."""
        if self.nats is None or self.nats.process.poll() is not None:
            return False
        return all(service.ready(self.url, self.env) for service in self._services.values())

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Stack:
        """Start storage (if needed), nats-server and every service; wait until all are ready."""
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        _LIVE_STACKS.add(self)
        try:
            if "gateway" in self._services and not port_is_free(self.http_port):
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
            service.signal(signal.SIGCONT)  # a paused process cannot handle SIGTERM
            service.signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for service in running:
            try:
                service.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for service in running:
            service.signal(signal.SIGKILL)  # the leader if still there, and stragglers
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
            service.signal(signal.SIGCONT)
        service.signal(sig)
        if sig not in _WAITED_SIGNALS:
            return None
        try:
            service.process.wait(timeout_seconds)
        except subprocess.TimeoutExpired:
            service.signal(signal.SIGKILL)
            service.process.wait()
        service.signal(signal.SIGKILL)
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

    def _service(self, name: str) -> ServiceProcess:
        try:
            return self._services[name]
        except KeyError:
            raise KeyError(f"no service {name!r} in this stack; it has {', '.join(self._services)}") from None

    def _env(self, service: ServiceProcess, extra: Mapping[str, str] | None) -> dict[str, str]:
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

    def _spawn(self, service: ServiceProcess, extra_env: Mapping[str, str] | None = None) -> None:
        for kind in ("grpc", "metrics"):
            if not service.ports[kind]:
                service.ports[kind] = procs.free_port()  # chosen once: a restart keeps its ports
        (self.base_dir / "work" / service.name).mkdir(parents=True, exist_ok=True)
        service.spawn(self._env(service, extra_env), cwd=self.base_dir, extra_env=extra_env)

    def _wait_ready(self, services: list[ServiceProcess]) -> None:
        deadline = time.monotonic() + self.start_timeout_seconds
        pending = list(services)
        while pending:
            exited = [s for s in pending if s.exit_status is not None]
            if exited:
                raise StackError("\n\n".join(s.failure(f"exited with status {s.exit_status}") for s in exited))
            pending = [s for s in pending if not s.ready(self.url, self.env)]
            if pending and time.monotonic() > deadline:
                raise StackError("\n\n".join(
                    s.failure(f"did not become ready within {self.start_timeout_seconds:g} s "
                              f"({s.readiness_detail(self.url)})")
                    for s in pending
                ))
            if pending:
                time.sleep(0.25)
