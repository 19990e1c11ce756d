"""Mastering speed: a 4-minute stereo mix to a master, and to its delivered files.

The mix is a generated song (44.1 kHz, sections at different levels, peaking at -1 dBFS).
Timed: the mastering chain (:func:`mixdown_mastering.core.master`) at -14, -10 and -8 LUFS,
stage by stage; then the deliverables (WAV 24-bit, WAV 16-bit dithered, FLAC, MP3 320 kbps,
each decoded and measured again) as the mastering stage writes them. The baseline, in the
same run, is a plain loudness normalisation (:func:`normalise_baseline`: gain,
:func:`mixdown.dsp.limiter.true_peak_limit`, re-measure, up to four passes), which does no
EQ, compression or width control and does not reach -8 LUFS on dense material. Goal: a 4-minute master well under 3 s on 2 cores. The chain is timed after
a full-size warm-up, best of two runs.
"""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from mixdown.dsp.limiter import true_peak_limit
from mixdown.dsp.loudness import integrated_loudness_lufs, measure
from mixdown.events.targets import DeliveryTargets
from mixdown.storage.local import LocalStore
from mixdown_dev.examples import beat, vocal_like
from mixdown_mastering import core
from mixdown_mastering.deliver import deliver

RATE_HZ = 44100
REPEATS = 2


def mix() -> np.ndarray:
    section = (beat(30.0, RATE_HZ, seed=2) + 0.7 * vocal_like(30.0, RATE_HZ, seed=2)).astype(np.float32)
    levels_db = (-6.0, -3.0, 0.0, -8.0, -2.0, 0.0, -4.0, -1.0)
    song = np.concatenate([section * np.float32(10 ** (db / 20)) for db in levels_db], axis=1)
    return song * np.float32(10 ** (-1 / 20) / np.abs(song).max())


def normalise_baseline(audio: np.ndarray, target_lufs: float, ceiling_dbtp: float) -> tuple[np.ndarray, int]:
    """Gain to the target, true-peak limit, measure; the next gain corrected by the shortfall
    (a secant step over the last two passes), up to four passes. Returns the closest pass and
    the number of passes."""
    measured = integrated_loudness_lufs(audio, RATE_HZ)
    gain_db, history, best = target_lufs - measured, [], None
    for _ in range(4):
        out = true_peak_limit(audio * np.float32(10 ** (gain_db / 20)), RATE_HZ, ceiling_dbtp)
        lufs = integrated_loudness_lufs(out, RATE_HZ)
        history.append((gain_db, lufs))
        if best is None or abs(lufs - target_lufs) < abs(best[1] - target_lufs):
            best = (out, lufs)
        if abs(lufs - target_lufs) <= 0.1:
            break
        slope = 1.0
        if len(history) >= 2 and history[-1][0] != history[-2][0]:
            slope = min(max((history[-1][1] - history[-2][1]) / (history[-1][0] - history[-2][0]), 0.1), 1.0)
        gain_db += max(-12.0, min(12.0, (target_lufs - lufs) / slope))
    return best[0], len(history)


def run() -> list[str]:
    audio = mix()
    # Warm-up at full size: a service's first master also pays for mapping fresh memory,
    # which on a small VM costs about 3 ms per MB; the steady state is what is timed.
    core.master(audio, RATE_HZ, DeliveryTargets())
    lines = []
    for target_lufs in (-14.0, -10.0, -8.0):
        chain_s = float("inf")
        for _ in range(REPEATS):
            started = time.perf_counter()
            result = core.master(audio, RATE_HZ, DeliveryTargets(target_lufs=target_lufs))
            chain_s = min(chain_s, time.perf_counter() - started)
        report = measure(result.audio, RATE_HZ)
        started = time.perf_counter()
        baseline, passes = normalise_baseline(audio, target_lufs, -1.0)
        baseline_s = time.perf_counter() - started
        stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in result.timings.items())
        print(f"   {target_lufs:.0f} LUFS: chain {chain_s:.2f} s ({stages}); "
              f"result {report.integrated_lufs:.2f} LUFS, {report.true_peak_dbtp:.2f} dBTP")
        print(f"      baseline normalisation {baseline_s:.2f} s: "
              f"{integrated_loudness_lufs(baseline, RATE_HZ):.2f} LUFS in {passes} passes")
        lines.append(f"4-min master at {target_lufs:.0f} LUFS: chain {chain_s:.2f} s (baseline loudness-only "
                     f"normalisation {baseline_s:.2f} s, {baseline_s / chain_s:.1f}x); "
                     f"{report.integrated_lufs:.2f} LUFS, {report.true_peak_dbtp:.2f} dBTP")

    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(max_workers=2) as pool:
        store = LocalStore(Path(folder) / "objects")
        started = time.perf_counter()
        delivered = deliver(result, ("wav24", "wav16", "flac", "mp3"), Path(folder) / "work", store,
                            lambda name: f"bench/{name}", pool)
        export_s = time.perf_counter() - started
    formats = ", ".join(f"{fmt} {item.seconds:.2f} s ({item.measured.integrated_lufs:.2f} LUFS, "
                        f"{item.measured.true_peak_dbtp:.2f} dBTP)" for fmt, item in delivered.items())
    print(f"   deliverables of the -8 LUFS master: {export_s:.2f} s in all ({formats})")
    lines.append(f"deliverables (WAV 24, WAV 16, FLAC, MP3, each verified): {export_s:.2f} s")
    return lines
