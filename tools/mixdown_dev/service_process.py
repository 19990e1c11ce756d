"""One service of the embedded stack as a child process: its ports, log, start, readiness and signals.

The process runs ``python -m mixdown_<name>`` in its own session (process group), so a signal
reaches the service and whatever it started; it dies with the stack's process, even a SIGKILLed
one (``PR_SET_PDEATHSIG``). Its log is appended to across restarts; ``log_offset`` marks where
the latest start begins, so that a failure shows only what this run wrote.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mixdown_dev import procs
from mixdown_dev.probes import grpc_serving, http_status, signal_group

_FALSE_WORDS = ("0", "false", "no", "off")


@dataclass
class ServiceProcess:
    name: str
    """The module name, ``mixdown_<name>``: separation, text_control, mixing, mastering, qc, gateway."""
    ports: dict[str, int]
    """``grpc`` and ``metrics`` (0 until the first start picks free ones), and ``http`` for the gateway."""
    log_file: Path
    process: subprocess.Popen | None = None
    log_offset: int = 0
    reported_exit: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def command(self) -> list[str]:
        return [sys.executable, "-m", f"mixdown_{self.name}"]

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def exit_status(self) -> int | None:
        """The exit status once the process has ended (negative: killed by a signal), else None."""
        return None if self.process is None else self.process.poll()

    def log_tail(self, lines: int = 40) -> str:
        """The last lines this service wrote since its latest start."""
        try:
            with open(self.log_file, "rb") as handle:
                handle.seek(self.log_offset)
                text = handle.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def spawn(self, env: Mapping[str, str], cwd: Path, extra_env: Mapping[str, str] | None = None) -> None:
        """Start the process with ``env`` (complete), in ``cwd``, appending to its log."""
        self.extra_env = dict(extra_env or {})
        self.log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with open(self.log_file, "ab") as log:
            log.write(f"=== {time.strftime('%Y-%m-%d %H:%M:%S')} starting: {' '.join(self.command)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                self.command,
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=procs.pdeathsig_preexec(),  # dies with us, even if we are SIGKILLed
            )
        self.reported_exit = False

    def signal(self, sig: int) -> None:
        """Send ``sig`` to the process group (no-op when never started or already gone)."""
        if self.process is not None:
            signal_group(self.process, sig)

    def has_grpc(self, stack_env: Mapping[str, str]) -> bool:
        """The gateway's gRPC server can be switched off (MIXDOWN_GATEWAY_GRPC_ENABLED=false)."""
        if self.name != "gateway":
            return True
        merged = {**os.environ, **stack_env, **self.extra_env}
        return merged.get("MIXDOWN_GATEWAY_GRPC_ENABLED", "true").strip().lower() not in _FALSE_WORDS

    def ready(self, gateway_url: str, stack_env: Mapping[str, str]) -> bool:
        """Runs, answers SERVING to the gRPC health check, and (the gateway) answers 200 on /readyz."""
        if not self.running:
            return False
        if self.has_grpc(stack_env) and not grpc_serving(self.ports["grpc"]):
            return False
        return self.name != "gateway" or http_status(f"{gateway_url}/readyz") == 200

    def readiness_detail(self, gateway_url: str) -> str:
        grpc_state = "SERVING" if grpc_serving(self.ports["grpc"]) else "not SERVING"
        detail = f"gRPC health on port {self.ports['grpc']}: {grpc_state}"
        if self.name == "gateway":
            detail += f"; GET {gateway_url}/readyz: {http_status(f'{gateway_url}/readyz') or 'no answer'}"
        return detail

    def failure(self, what: str) -> str:
        """A failure message: the service, ``what`` happened, its command and the tail of its log."""
        return (
            f"service {self.name} {what}; command: {' '.join(self.command)}\n"
            f"--- {self.log_file} (tail) ---\n{self.log_tail(30)}"
        )
