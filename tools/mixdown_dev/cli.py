"""The embedded stack from a shell: run it, or mix and master the example song through it.

    python -m mixdown_dev up   [--port 8080] [--data .mixdown] [--storage local|s3] [--without SERVICE]
    python -m mixdown_dev demo [--url http://127.0.0.1:8080] [--out .mixdown/demo] [--key KEY]

``up`` keeps the development API key in ``<data>/dev-api-key`` across restarts; ``demo`` uses a
running Mixdown at ``--url`` or starts one of its own for the time of the demo.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from mixdown.apikeys import is_api_key, new_api_key
from mixdown.events.artifacts import Artifact
from mixdown_dev.jobs import wait_final
from mixdown_dev.probes import http_status
from mixdown_dev.stack import ALL, DEV_API_KEY_ENV, DEV_API_KEY_FILE, Stack, StackError


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


def _save_artifact(client, job_id: str, out_dir: Path, artifact: Artifact) -> Path:
    """Download ``artifact`` of the job into ``out_dir`` under its file name (``mix.wav``…)."""
    url = f"/v1/jobs/{job_id}/download/{artifact}"
    with client.stream("GET", url) as response:
        if response.status_code != 200:
            response.read()
            raise StackError(f"GET {url} answered {response.status_code}: {response.text}")
        path = out_dir / artifact.file_name
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
    status = http_status(f"{url}/readyz")
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
            status = http_status(f"{url}/readyz")
        if status != 200:
            print(f"{url}/readyz answers {status}: Mixdown is not ready.", file=sys.stderr)
            return 1
    try:
        from mixdown_dev.examples import write_example_pair

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
            for artifact in (Artifact.MIX, Artifact.MASTER, Artifact.REPORT):
                path = _save_artifact(client, job_id, out_dir, artifact)
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
    """Wait for the job's final status, printing each change of status, stage or progress."""
    shown: list[tuple] = []

    def show(job: dict) -> None:
        line = (job.get("status"), job.get("stage"), round(100 * float(job.get("progress") or 0)))
        if not shown or shown[-1] != line:
            shown.append(line)
            print(f"  {line[0]:10} {line[1] or '':13} {line[2]:3d} %", flush=True)

    try:
        return wait_final(client, job_id, timeout_seconds, interval_seconds=0.5, on_poll=show)
    except AssertionError:
        raise StackError(f"job {job_id} did not finish within {timeout_seconds:g} s; "
                         f"last state: {shown[-1] if shown else None}") from None


def _chosen(without: list[str]) -> list[str]:
    return [name for name in ALL if name not in set(without)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mixdown_dev", description=__doc__.split("\n\n")[0])
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
