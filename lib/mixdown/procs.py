"""Start the real servers the platform and its tests need: nats-server (JetStream on)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from mixdown.errors import Unavailable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def start_nats(data_dir: Path, port: int | None = None, log_file: Path | None = None) -> NatsServer:
    """nats-server with JetStream storing on disk under ``data_dir``, on loopback."""
    port = port or free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    out = open(log_file, "ab") if log_file else subprocess.DEVNULL
    process = subprocess.Popen(
        [find_binary("nats-server"), "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", str(data_dir)],
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port)
    except Unavailable:
        process.kill()
        raise
    return NatsServer(process=process, port=port, data_dir=data_dir)
