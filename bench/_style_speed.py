"""Style mode speed: ``mix_mode=style`` jobs end to end through the gateway, and the controller alone.

Material (generated, not timed): a 3-minute vocal and beat from :mod:`mixdown_dev.examples` and
8 stems of 4 minutes (lead vocal, double, backing vocal, kick, snare, bass, keys, pad; from
:func:`bench.mixing.stems`), 44.1 kHz 24-bit WAV. The reference is another song (its own vocal
and beat, the beat loud, dark and wide, as in ``tests/e2e/test_style.py``) of 3 minutes, so the
search has a style to move towards and the style mix is delivered rather than the DSP one.

Measured on the embedded stack (nats-server, every service as a process, the gateway, the
filesystem store), upload excluded: from the submission's answer to the job's final event
(``succeeded``), followed on its Server-Sent Events stream as the web studio follows it:

a) the vocal + beat with ``mix_mode=style`` (the reference uploaded with the job) against the
   same job with ``mix_mode=dsp`` (the baseline, measured in the same run, just before each
   style job: dsp, style, dsp, style). The first style job of a mixing worker is reported
   apart (it would wait for the style mode's packages, torch and onnxruntime, if the worker
   had not loaded them while starting); the goal, ≤ 20 s, is read on both;
b) the 8 stems in style mode against dsp mode; goal: ≤ 60 s;
c) in this process, the controller on the 8 stems: inference alone (``Controller.predict``:
   the onnxruntime session and the parameters back in units), median of ``INFERENCE_RUNS``
   after a warm-up, goal ≤ 100 ms; and its feature computation (``controller_inputs``);
   baseline: the DSP plan of the same tracks (:func:`core.mix`).

Each job's stage durations are printed, and the style report's ``seconds`` (the time from
the DSP plan's mix to the style mix's verdict).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import numpy as np
import soundfile as sf
from scipy.signal import butter, sosfilt

from bench.mixing import stems
from mixdown_dev.examples import beat, vocal_like
from mixdown_dev.jobs import follow_final
from mixdown_dev.procs import free_port
from mixdown_dev.stack import Stack

RATE_HZ = 44100
PAIR_SECONDS = 180.0
STEMS_SECONDS = 240.0
REFERENCE_SECONDS = 180.0
STEM_ROLES = ("lead_vocal", "double", "backing_vocal", "kick", "snare", "bass", "keys", "pad")
PAIR_GOAL_SECONDS = 20.0
STEMS_GOAL_SECONDS = 60.0
INFERENCE_GOAL_MS = 100.0
INFERENCE_RUNS = 20
FEATURE_RUNS = 5
PLAN_RUNS = 3


def reference_song(seconds: float = REFERENCE_SECONDS) -> np.ndarray:
    """Another song mixed in a clearly different style from the DSP plan: the vocal low, the beat
    loud, dark (a 2 kHz low-pass) and wide (side lifted); (2, samples) float32, peak -6 dBFS."""
    mixed = 0.25 * vocal_like(seconds, RATE_HZ, seed=9) + beat(seconds, RATE_HZ, bpm=120.0, seed=9)
    mixed = sosfilt(butter(2, 2000.0, fs=RATE_HZ, output="sos"), mixed, axis=-1)
    mid, side = (mixed[0] + mixed[1]) / 2, (mixed[0] - mixed[1]) / 2
    mixed = np.stack([mid + 1.8 * side, mid - 1.8 * side])
    return (mixed * (0.5 / np.max(np.abs(mixed)))).astype(np.float32)


def _write(path: Path, audio: np.ndarray) -> Path:
    sf.write(path, np.atleast_2d(audio).T, RATE_HZ, subtype="PCM_24")
    return path


def _job(client: httpx.Client, files: list[tuple[Path, str]], reference: Path | None) -> dict:
    """Submit a job (style mode when ``reference`` is given), follow it to its end; returns
    {seconds, stages (stage → seconds), style (the report or None)}."""
    meta = [{"name": path.name, "role": role} for path, role in files]
    parts = [("files", (path.name, path.read_bytes(), "audio/wav")) for path, _ in files]
    data = {"stems_meta": json.dumps(meta)}
    if reference is not None:
        parts.append(("reference", (reference.name, reference.read_bytes(), "audio/wav")))
        data.update({"mix_mode": "style", "style_amount": "1"})
    answer = client.post("/v1/jobs", files=parts, data=data)
    answer.raise_for_status()
    job_id = answer.json()["id"]
    started = time.perf_counter()
    event = follow_final(client, job_id, 0, timeout_seconds=900)
    seconds = time.perf_counter() - started
    if event["status"] != "succeeded":
        raise RuntimeError(f"job {job_id} {event['status']}: {event.get('message')}")
    job = client.get(f"/v1/jobs/{job_id}").json()
    stages = {s["stage"]: s["duration_seconds"] for s in job["stages"]
              if s["revision"] == 0 and s["duration_seconds"] is not None}
    return {"seconds": seconds, "stages": stages, "style": (job.get("parameters") or {}).get("mixing", {}).get("style")}


def _describe(label: str, result: dict) -> str:
    text = f"{label}: {result['seconds']:.2f} s; stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in result["stages"].items())
    style = result["style"]
    if style:
        text += (f"; style {style['mode']}, search {style['seconds']:.2f} s, total distance "
                 f"{style['distance_dsp'].get('total', float('nan')):.3g} (DSP) -> "
                 f"{style['distance_delivered'].get('total', float('nan')):.3g}")
        if style.get("fallback_reason"):
            text += f" ({style['fallback_reason']})"
    return text


def _verdict(seconds: float, goal: float) -> str:
    return f"goal <= {goal:g} s {'met' if seconds <= goal else 'NOT met'}"


def _median_seconds(function: Callable[[], object], runs: int) -> float:
    function()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _controller_lines(tracks, reference: np.ndarray) -> list[str]:
    from mixdown_mixing.core import mix
    from mixdown_mixing.style.controller import Controller, controller_inputs

    controller = Controller.load()
    if controller is None:
        return ["controller: no model shipped, nothing to measure"]
    features = controller_inputs(tracks, None, RATE_HZ, reference, RATE_HZ)
    inference_s = _median_seconds(lambda: controller.predict(*features), INFERENCE_RUNS)
    features_s = _median_seconds(lambda: controller_inputs(tracks, None, RATE_HZ, reference, RATE_HZ), FEATURE_RUNS)
    plan_s = _median_seconds(lambda: mix(tracks, RATE_HZ), PLAN_RUNS)
    return [
        f"controller inference, 8 tracks (median of {INFERENCE_RUNS}, {', '.join(controller.providers)}): "
        f"{inference_s * 1000:.1f} ms = {inference_s / plan_s:.4f}x the DSP plan; goal <= {INFERENCE_GOAL_MS:g} ms "
        f"{'met' if inference_s * 1000 <= INFERENCE_GOAL_MS else 'NOT met'}",
        f"controller features, 8 tracks x {STEMS_SECONDS / 60:.0f} min + a {REFERENCE_SECONDS / 60:.0f}-min reference "
        f"(median of {FEATURE_RUNS}): {features_s * 1000:.0f} ms = {features_s / plan_s:.3f}x the DSP plan",
        f"baseline: DSP plan core.mix of the 8 tracks (median of {PLAN_RUNS}): {plan_s:.2f} s",
    ]


def run() -> list[str]:
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mixdown-bench-style-speed-") as tmp:
        base = Path(tmp)
        print("   generating the material ...", flush=True)
        reference_audio = reference_song()
        reference = _write(base / "other song.wav", reference_audio)
        pair = [(_write(base / "vocal.wav", vocal_like(PAIR_SECONDS, RATE_HZ, seed=3)), "lead_vocal"),
                (_write(base / "beat.wav", beat(PAIR_SECONDS, RATE_HZ, bpm=96.0, seed=3)), "instrumental")]
        warm = [(_write(base / "warm vocal.wav", vocal_like(10.0, RATE_HZ, seed=5)), "lead_vocal"),
                (_write(base / "warm beat.wav", beat(10.0, RATE_HZ, bpm=96.0, seed=5)), "instrumental")]
        tracks = [t for t in stems(STEMS_SECONDS) if t.role in STEM_ROLES]
        if sorted(t.role for t in tracks) != sorted(STEM_ROLES):
            raise RuntimeError(f"expected one stem per role of {STEM_ROLES}, got {[t.role for t in tracks]}")
        eight = [(_write(base / f"{t.name}.wav", t.audio), t.role) for t in tracks]

        with Stack(base / "stack", http_port=free_port()) as stack, \
                httpx.Client(base_url=stack.url, timeout=120,
                             headers={"Authorization": f"Bearer {stack.api_key}"}) as client:
            _job(client, warm, None)  # every service's first job (imports, JIT warm-ups): not measured
            first_dsp_pair = _job(client, pair, None)
            first_style_pair = _job(client, pair, reference)
            dsp_pair = _job(client, pair, None)
            style_pair = _job(client, pair, reference)
            dsp_eight = _job(client, eight, None)
            style_eight = _job(client, eight, reference)

        a_ratio = style_pair["seconds"] / dsp_pair["seconds"]
        b_ratio = style_eight["seconds"] / dsp_eight["seconds"]
        lines += [
            _describe("a) vocal + beat 3 min, dsp (baseline), first", first_dsp_pair),
            _describe("a) vocal + beat 3 min, style, first style job of the worker", first_style_pair)
            + f" = {first_style_pair['seconds'] / first_dsp_pair['seconds']:.2f}x dsp; "
            + _verdict(first_style_pair["seconds"], PAIR_GOAL_SECONDS),
            _describe("a) vocal + beat 3 min, dsp (baseline), second", dsp_pair),
            _describe("a) vocal + beat 3 min, style, second", style_pair)
            + f" = {a_ratio:.2f}x dsp; {_verdict(style_pair['seconds'], PAIR_GOAL_SECONDS)}",
            _describe("b) 8 stems x 4 min, dsp (baseline)", dsp_eight),
            _describe("b) 8 stems x 4 min, style", style_eight)
            + f" = {b_ratio:.2f}x dsp; {_verdict(style_eight['seconds'], STEMS_GOAL_SECONDS)}",
        ]
        print("   c) controller on the 8 stems, in this process ...", flush=True)
        lines += ["c) " + line for line in _controller_lines(tracks, reference_audio)]
    for line in lines:
        print("  " + line, flush=True)
    return lines
