"""End to end through the gateway of the embedded stack: what a user waits for.

Material (generated, not timed): the 12 stems of :func:`bench.mixing.stems` (4 minutes, 44.1 kHz,
written as stereo 24-bit WAV, 727 MiB, as a studio delivers them), a 3-minute vocal + beat and a 30-second vocal + beat from
:mod:`mixdown_dev.examples`. The embedded stack (nats-server, every service as a process, the
gateway, the filesystem store) runs in a temporary folder.

Baseline, in the same run and process: the bare compute — :func:`mixdown_mixing.core.mix` of the
12 stems, then :func:`mixdown_mastering.core.master` of that mix at the default targets — on audio
already in memory (no decoding, storage, encoding or measuring).

Measured:

- the 12-stem job, from the first byte of the upload to the job's final event on its
  Server-Sent Events stream (default formats), with each stage run's duration, the phases it
  timed (decode, compute, encode, store, measure) and its process's peak resident memory, as the
  job's record shows them (``stages[].phases_seconds``, ``stages[].peak_memory_bytes``);
- a preview revision of the 3-minute vocal + beat ("baisse le beat de 3 dB"), five times, to its
  final event: median and worst;
- 16 jobs of 30 s submitted at once: the wall time to the last final event, beside one such job.

Goals: the 12-stem job ≤ 15 s and ≤ 2× the bare compute; each stage's peak ≤ 2 GiB; a revision
≤ 1.5 s (median of 5), ≤ 2.5 s at worst; the 16 jobs all succeed.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx
import numpy as np
import soundfile as sf

from bench.mixing import RATE_HZ, stems
from mixdown.events.targets import DeliveryTargets
from mixdown_dev.examples import beat, vocal_like
from mixdown_dev.jobs import follow_succeeded
from mixdown_dev.procs import free_port
from mixdown_dev.stack import Stack
from mixdown_mastering.core import master
from mixdown_mixing.core import Track, mix

JOB_GOAL_SECONDS = 15.0
COMPUTE_RATIO_GOAL = 2.0
PEAK_GOAL_BYTES = 2 * 1024**3
REVISION_MEDIAN_GOAL_SECONDS = 1.5
REVISION_WORST_GOAL_SECONDS = 2.5
REVISIONS = 5
CONCURRENT_JOBS = 16
SHORT_SECONDS = 30.0
REVISION_SECONDS = 180.0


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _bare_compute(tracks: list) -> tuple[float, float]:
    started = time.perf_counter()
    mixed = mix(tracks, RATE_HZ)
    mix_seconds = time.perf_counter() - started
    started = time.perf_counter()
    master(mixed.audio, RATE_HZ, DeliveryTargets())
    return mix_seconds, time.perf_counter() - started


def _submit(client: httpx.Client, paths: list[Path], roles: list[str]) -> str:
    meta = [{"name": p.name, "role": role} for p, role in zip(paths, roles, strict=True)]
    with ExitStack() as files:
        parts = [("files", (p.name, files.enter_context(p.open("rb")), "audio/wav")) for p in paths]
        answer = client.post("/v1/jobs", files=parts, data={"stems_meta": json.dumps(meta)})
    answer.raise_for_status()
    return answer.json()["id"]


def _finish(client: httpx.Client, job_id: str, after_event_id: int = 0) -> int:
    return follow_succeeded(client, job_id, after_event_id, timeout_seconds=600.0)


def _runs(job: dict, revision: int) -> list[dict]:
    """The job's stage runs of ``revision`` that finished."""
    return [s for s in job["stages"] if s["revision"] == revision and s["duration_seconds"] is not None]


def _run_label(run: dict) -> str:
    return run["stage"] + (f" (pass {run['iteration'] + 1})" if run["iteration"] else "")


def _pair(dest: Path, seconds: float, seed: int) -> list[Path]:
    paths = [dest / f"vocal_{seed}.wav", dest / f"beat_{seed}.wav"]
    sf.write(paths[0], vocal_like(seconds, RATE_HZ, seed=seed).T, RATE_HZ, subtype="PCM_24")
    sf.write(paths[1], beat(seconds, RATE_HZ, bpm=96.0, seed=seed).T, RATE_HZ, subtype="PCM_24")
    return paths


def run() -> list[str]:
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mixdown-bench-e2e-") as tmp:
        base = Path(tmp)
        tracks = [Track(t.name, t.role, t.audio if t.audio.shape[0] == 2 else np.repeat(t.audio[:1], 2, axis=0))
                  for t in stems()]
        stem_paths, roles = [], []
        for track in tracks:
            path = base / f"{track.name}.wav"
            sf.write(path, track.audio.T, RATE_HZ, subtype="PCM_24")
            stem_paths.append(path)
            roles.append(track.role)
        upload_mib = sum(p.stat().st_size for p in stem_paths) / 1024**2
        mix_seconds, master_seconds = _bare_compute(tracks)
        compute = mix_seconds + master_seconds
        del tracks
        long_pair = _pair(base, REVISION_SECONDS, seed=3)
        short_pairs = [_pair(base, SHORT_SECONDS, seed=10 + i) for i in range(CONCURRENT_JOBS)]

        with Stack(base / "stack", http_port=free_port()) as stack, \
                httpx.Client(base_url=stack.url, timeout=600,
                             headers={"Authorization": f"Bearer {stack.api_key}"}) as client:
            started = time.perf_counter()
            job_id = _submit(client, stem_paths, roles)
            admitted = time.perf_counter() - started
            _finish(client, job_id)
            job_seconds = time.perf_counter() - started
            runs = _runs(client.get(f"/v1/jobs/{job_id}").json(), 0)

            pair_id = _submit(client, long_pair, ["lead_vocal", "instrumental"])
            last_event = _finish(client, pair_id)
            revisions = []
            for _ in range(REVISIONS):
                started = time.perf_counter()
                created = client.post(f"/v1/jobs/{pair_id}/revisions", json={"instruction": "baisse le beat de 3 dB"})
                created.raise_for_status()
                last_event = _finish(client, pair_id, last_event)
                revisions.append(time.perf_counter() - started)
            revision_runs = _runs(client.get(f"/v1/jobs/{pair_id}").json(), created.json()["revision"])

            started = time.perf_counter()
            _finish(client, _submit(client, short_pairs[0], ["lead_vocal", "instrumental"]))
            single = time.perf_counter() - started

            def one(paths: list[Path]) -> float:
                _finish(client, _submit(client, paths, ["lead_vocal", "instrumental"]))
                return time.perf_counter() - burst_started

            burst_started = time.perf_counter()
            with ThreadPoolExecutor(CONCURRENT_JOBS) as pool:
                finishes = list(pool.map(one, short_pairs))
            burst = max(finishes)

    ratio = job_seconds / compute
    lines.append(f"12 stems x 4 min ({upload_mib:.0f} MiB, 24-bit): {job_seconds:.2f} s from upload start to the "
                 f"final event (admitted after {admitted:.2f} s); goal <= {JOB_GOAL_SECONDS:g} s "
                 f"{_met(job_seconds <= JOB_GOAL_SECONDS)}")
    lines.append(f"bare compute in-process: mix {mix_seconds:.2f} s + mastering chain {master_seconds:.2f} s = "
                 f"{compute:.2f} s; the job is {ratio:.2f}x that; goal <= {COMPUTE_RATIO_GOAL:g}x "
                 f"{_met(ratio <= COMPUTE_RATIO_GOAL)}")
    for run in runs:
        lines.append(f"{_run_label(run)}: {run['duration_seconds']:.2f} s ("
                     + ", ".join(f"{k} {v:.2f} s" for k, v in run["phases_seconds"].items())
                     + f"), peak {(run['peak_memory_bytes'] or 0) / 1024**2:.0f} MiB resident")
    peaks = [run["peak_memory_bytes"] for run in runs]
    known = all(peaks)
    lines.append(f"peak resident memory of a stage: {max(p or 0 for p in peaks) / 1024**2:.0f} MiB; goal <= 2 GiB "
                 + (_met(max(peaks) <= PEAK_GOAL_BYTES) if known and peaks else "not known on this system"))
    median, worst = statistics.median(revisions), max(revisions)
    lines.append(f"revision 'baisse le beat de 3 dB' of a 3-min vocal + beat: median {median:.2f} s, worst "
                 f"{worst:.2f} s of {REVISIONS}; goals <= {REVISION_MEDIAN_GOAL_SECONDS:g} s "
                 f"{_met(median <= REVISION_MEDIAN_GOAL_SECONDS)}, <= {REVISION_WORST_GOAL_SECONDS:g} s "
                 f"{_met(worst <= REVISION_WORST_GOAL_SECONDS)}")
    lines.append("the last revision's runs: " + "; ".join(
        f"{_run_label(run)} {run['duration_seconds']:.2f} s ("
        + ", ".join(f"{k} {v:.2f}" for k, v in run["phases_seconds"].items()) + ")" for run in revision_runs)
        + f"; between the POST and the first run, and between runs: "
        f"{revisions[-1] - sum(run['duration_seconds'] for run in revision_runs):.2f} s")
    lines.append(f"{CONCURRENT_JOBS} vocal + beat jobs of {SHORT_SECONDS:g} s at once: all succeeded, the last in "
                 f"{burst:.2f} s = {burst / single:.2f}x one such job alone ({single:.2f} s)")
    for line in lines:
        print("  " + line, flush=True)
    return lines
