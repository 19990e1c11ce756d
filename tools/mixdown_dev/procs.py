"""Start the real servers the platform and its tests need: nats-server (JetStream on), SeaweedFS (S3)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from mixdown.errors import Unavailable

_PORT_RANGE = (20000, 32000)
"""Below Linux's ephemeral range (32768-60999), so outgoing connections never take a port picked here."""
_handed_out: set[int] = set()
_handed_out_lock = threading.Lock()


def _bindable(port: int) -> bool:
    for host in ("0.0.0.0", "127.0.0.1"):
        with socket.socket() as sock:
            try:
                sock.bind((host, port))
            except OSError:
                return False
    return True


def free_port() -> int:
    """A port nothing listens on, outside the ephemeral range, never the same twice in this process.

    A port from ``bind(("", 0))`` comes from the ephemeral range: between the pick and the server's
    own bind, an outgoing connection (or the next pick) may take it.
    """
    rng = secrets.SystemRandom()
    with _handed_out_lock:
        for _ in range(2000):
            port = rng.randrange(*_PORT_RANGE)
            if port not in _handed_out and _bindable(port):
                _handed_out.add(port)
                return port
    raise Unavailable(f"no free port in {_PORT_RANGE[0]}-{_PORT_RANGE[1]}")


def wait_for_port(port: int, timeout_seconds: float = 20.0, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise Unavailable(f"nothing listens on {host}:{port} after {timeout_seconds} s")


def find_binary(name: str) -> str:
    """A binary installed beside this interpreter (PyPI wheels) or on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise Unavailable(f"{name} not found beside {sys.executable} nor on PATH; run `make install`")
    return found


@dataclass
class NatsServer:
    process: subprocess.Popen
    port: int
    data_dir: Path

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def stop(self, timeout_seconds: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout_seconds)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_nats(
    data_dir: Path,
    port: int | None = None,
    log_file: Path | None = None,
    die_with_parent: bool = False,
    new_session: bool = False,
) -> NatsServer:
    """nats-server with JetStream storing on disk under ``data_dir``, on loopback.

    ``die_with_parent``: on Linux, the server gets SIGTERM if this process dies, even by SIGKILL.
    ``new_session``: its own session, so that a Ctrl-C in the terminal does not reach it."""
    port = port or free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    out = open(log_file, "ab") if log_file else subprocess.DEVNULL
    process = subprocess.Popen(
        [find_binary("nats-server"), "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", str(data_dir)],
        stdout=out,
        stderr=subprocess.STDOUT,
        preexec_fn=pdeathsig_preexec() if die_with_parent else None,
        start_new_session=new_session,
    )
    try:
        wait_for_port(port)
    except Unavailable:
        process.kill()
        raise
    return NatsServer(process=process, port=port, data_dir=data_dir)


# --- SeaweedFS: a real S3 server for tests and for `python -m mixdown_dev up --storage s3` -----------------

SEAWEEDFS_GO_MEMORY_LIMIT_MIB = 64
"""Soft heap limit (GOMEMLIMIT) for weed: idle RSS stays ~110 MB, ~140 MB after large uploads."""


def _wait_until_stopped(pid: int, timeout_seconds: float = 5.0) -> None:
    """Wait until every thread of process ``pid`` is stopped (Linux /proc; elsewhere a short sleep)."""
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.is_dir():
        time.sleep(0.2)
        return
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        try:
            states = [(task / "stat").read_text().rsplit(")", 1)[1].split()[0] for task in tasks.iterdir()]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return  # gone: nothing left to answer
        if all(state in ("T", "t") for state in states):
            return
        time.sleep(0.005)
    raise Unavailable(f"process {pid} did not stop within {timeout_seconds:g} s of SIGSTOP")


@dataclass
class S3Server:
    """A SeaweedFS ``weed mini`` process serving S3 on loopback with one access key."""

    endpoint: str
    access_key: str
    secret_key: str
    process: subprocess.Popen
    data_dir: Path
    log_file: Path
    bucket: str
    ports: dict[str, int]

    @property
    def port(self) -> int:
        return self.ports["s3.port"]

    def _signal(self, sig: int) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)  # the whole session: weed and anything it spawned
            except ProcessLookupError:
                pass

    def pause(self) -> None:
        """Freeze every process of the server (SIGSTOP): connections hang, as in an outage.
        Returns once every thread of the server has stopped (a signal is delivered
        asynchronously: a thread on another CPU could otherwise still answer a request)."""
        self._signal(signal.SIGSTOP)
        _wait_until_stopped(self.process.pid)

    def resume(self) -> None:
        """Undo :meth:`pause` (SIGCONT)."""
        self._signal(signal.SIGCONT)

    def log_tail(self, lines: int = 40) -> str:
        return tail_file(self.log_file, lines)

    def stop(self, timeout_seconds: float = 5.0) -> None:
        """SIGTERM, then SIGKILL after ``timeout_seconds``; removes the Unix sockets weed left in /tmp."""
        self.resume()
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout_seconds)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # stragglers in its session, if any
        except (ProcessLookupError, PermissionError):
            pass
        for port in self.ports.values():
            for sock in Path(tempfile.gettempdir()).glob(f"seaweedfs-*-{port}.sock"):
                sock.unlink(missing_ok=True)


def tail_file(path: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of a text file ("" when it does not exist)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _s3_probe(endpoint: str, access_key: str, secret_key: str, bucket: str) -> None:
    """One real S3 round trip: create the bucket if needed, then write and delete an object."""
    import io

    import urllib3
    from minio import Minio

    client = Minio(
        endpoint,
        access_key=access_key,
        secret_key=secret_key,
        secure=False,
        http_client=urllib3.PoolManager(timeout=urllib3.Timeout(connect=1.0, read=5.0), retries=False),
    )
    if not client.bucket_exists(bucket):
        client.make_bucket(bucket)
    client.put_object(bucket, ".mixdown-probe", io.BytesIO(b"ok"), 2)
    client.remove_object(bucket, ".mixdown-probe")


def start_seaweedfs(
    data_dir: Path,
    *,
    bucket: str = "mixdown",
    access_key: str | None = None,
    secret_key: str | None = None,
    port: int | None = None,
    ports: dict[str, int] | None = None,
    log_file: Path | None = None,
    timeout_seconds: float = 60.0,
    volume_size_limit_mb: int = 64,
    memory_limit_mib: int = SEAWEEDFS_GO_MEMORY_LIMIT_MIB,
    die_with_parent: bool = True,
) -> S3Server:
    """SeaweedFS (``weed mini``: master, volume, filer and S3 in one process) on loopback.

    Every port is a free loopback port (``port`` fixes the S3 one, ``ports`` any of them by name:
    a restart passes the previous :attr:`S3Server.ports` to come back where it was), data lives under
    ``data_dir``, S3 requests need ``access_key``/``secret_key`` (random when not given), and
    ``bucket`` exists on return. Returns once a real S3 write succeeds; raises Unavailable with
    the tail of the server's log when it does not within ``timeout_seconds``. With
    ``die_with_parent`` the server gets SIGTERM if this process dies (Linux).
    """
    data_dir = Path(data_dir).resolve()
    (data_dir / "master").mkdir(parents=True, exist_ok=True)
    log_file = Path(log_file) if log_file else data_dir / "weed.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    access_key = access_key or "mixdown" + secrets.token_hex(6)
    secret_key = secret_key or secrets.token_urlsafe(24)
    config = data_dir / "s3-identities.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "mixdown",
                        "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    config.chmod(0o600)
    names = (
        "master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
        "filer.port.grpc", "s3.port.grpc", "admin.port", "admin.port.grpc",
    )  # fmt: skip
    given = {**(ports or {}), **({"s3.port": port} if port else {})}
    ports = {name: given.get(name) or free_port() for name in (*names, "s3.port")}
    command = [
        find_binary("weed"),
        "-logtostderr",
        "mini",
        f"-dir={data_dir}",
        f"-master.dir={data_dir / 'master'}",  # one master folder whatever the port
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        *(f"-{name}={value}" for name, value in ports.items()),
        f"-s3.config={config}",
        f"-master.volumeSizeLimitMB={volume_size_limit_mb}",
        "-volume.max=0",  # as many volumes as the disk holds at volume_size_limit_mb each
        "-master.telemetry=false",
        "-webdav=false",
        "-admin.ui=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
    ]
    env = dict(os.environ, GOMEMLIMIT=f"{memory_limit_mib}MiB")
    log_offset = log_file.stat().st_size if log_file.exists() else 0
    with open(log_file, "ab") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
            preexec_fn=pdeathsig_preexec() if die_with_parent else None,
        )
    server = S3Server(
        endpoint=f"127.0.0.1:{ports['s3.port']}",
        access_key=access_key,
        secret_key=secret_key,
        process=process,
        data_dir=data_dir,
        log_file=log_file,
        bucket=bucket,
        ports=ports,
    )
    deadline = time.monotonic() + timeout_seconds
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.stop()
            raise Unavailable(
                f"SeaweedFS exited with status {process.returncode} while starting; "
                f"command: {' '.join(command)}\n{_startup_log(log_file, log_offset)}"
            )
        try:
            _s3_probe(server.endpoint, access_key, secret_key, bucket)
            return server
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready yet"
            last = exc
            time.sleep(0.1)
    server.stop()
    raise Unavailable(
        f"SeaweedFS S3 at {server.endpoint} did not accept a write within {timeout_seconds} s "
        f"(last error: {last}); command: {' '.join(command)}\n{_startup_log(log_file, log_offset)}"
    )


def _startup_log(log_file: Path, offset: int, lines: int = 30) -> str:
    """What this start wrote to the log: its error lines first, then its last ``lines`` lines."""
    try:
        with open(log_file, "rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return f"(no log at {log_file})"
    all_lines = text.splitlines()
    errors = [
        line
        for line in all_lines
        if (line[:1] in ("E", "F") and line[1:5].isdigit()) or "flag" in line or "panic" in line
    ]
    parts = []
    if errors:
        parts.append(f"--- {log_file}: error lines ---\n" + "\n".join(errors[:10]))
    parts.append(f"--- {log_file}: last {lines} lines ---\n" + "\n".join(all_lines[-lines:]))
    return "\n".join(parts)


def _load_prctl():
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()  # resolved in the parent: the child imports nothing between fork and exec


def _set_pdeathsig() -> None:  # pragma: no cover - runs in the child between fork and exec
    _PRCTL(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


def pdeathsig_preexec():
    """A ``preexec_fn`` that makes the child get SIGTERM when its parent dies, even by SIGKILL
    (Linux), or None where that is unavailable. Only from the main thread: the kernel sends the
    signal when the *thread* that started the child ends, and a worker thread may end early."""
    if _PRCTL is None or threading.current_thread() is not threading.main_thread():
        return None
    return _set_pdeathsig
