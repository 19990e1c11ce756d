"""Meter speed: ``mixdown.dsp.loudness.measure`` against pyloudnorm + 4x ``resample_poly``.

A 4-minute stereo master at 44.1 kHz, twice: music-like (a generated song, its sections at
different levels, brought to -10 LUFS) and dense noise (Gaussian noise clipped at full scale,
every chunk of it close to the peak, so that no passage can be skipped). The baseline is
what one would write with the usual libraries: pyloudnorm's integrated loudness (float64
K-weighting with scipy.signal.lfilter) and the true peak as the largest magnitude of
``scipy.signal.resample_poly(x, 4, 1)``. Both run in the same process, alternately, three
times each; the best time of each counts. Goal: at least 5x, at the same accuracy.
"""

from __future__ import annotations

import time

import numpy as np
import pyloudnorm
from scipy.signal import resample_poly

from mixdown.dsp.loudness import measure
from mixdown.dsp.maximizer import maximize
from mixdown_dev.examples import beat, vocal_like

RATE_HZ = 44100
SECONDS = 240.0
REPEATS = 4


def music_master() -> np.ndarray:
    """A 4-minute song: a 30 s vocal-over-beat section repeated at section levels -8..0 dB,
    mastered to -10 LUFS under -1 dBTP."""
    section = (beat(30.0, RATE_HZ, seed=1) + 0.7 * vocal_like(30.0, RATE_HZ, seed=1)).astype(np.float32)
    levels_db = (-6.0, -3.0, 0.0, -8.0, -2.0, 0.0, -4.0, -1.0)
    song = np.concatenate([section * np.float32(10 ** (db / 20)) for db in levels_db], axis=1)
    master, _ = maximize(song, RATE_HZ, -10.0, -1.0)
    return master


def dense_noise() -> np.ndarray:
    rng = np.random.default_rng(7)
    return np.clip(0.3 * rng.standard_normal((2, round(SECONDS * RATE_HZ))), -1.0, 1.0).astype(np.float32)


def baseline(audio: np.ndarray) -> tuple[float, float]:
    integrated = pyloudnorm.Meter(RATE_HZ).integrated_loudness(audio.T.astype(np.float64))
    true_peak = 20 * np.log10(np.abs(resample_poly(audio, 4, 1, axis=1)).max())
    return integrated, true_peak


def _best(function, audio: np.ndarray) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = function(audio)
        times.append(time.perf_counter() - started)
    return min(times), result


def run() -> list[str]:
    lines = []
    for name, make in (("music-like master", music_master), ("dense noise", dense_noise)):
        audio = make()
        measure(audio[:, : RATE_HZ * 5], RATE_HZ)  # warm the caches (filters, interpolation matrices)
        ours_times, base_times = [], []
        for _ in range(REPEATS):
            seconds, ours = _best(lambda a: measure(a, RATE_HZ), audio)
            ours_times.append(seconds)
            seconds, (base_lufs, base_dbtp) = _best(baseline, audio)
            base_times.append(seconds)
        ours_s, base_s = min(ours_times), min(base_times)
        print(f"   {name}: {audio.shape[1] / RATE_HZ:.0f} s stereo at {RATE_HZ} Hz")
        print(f"     mixdown measure (integrated, momentary/short-term max, LRA, true peak, sample peak): {ours_s:.3f} s")
        print(f"     pyloudnorm integrated + resample_poly 4x true peak:                               {base_s:.3f} s")
        print(f"     ratio {base_s / ours_s:.1f}x; integrated {ours.integrated_lufs:.3f} vs {base_lufs:.3f} LUFS "
              f"({ours.integrated_lufs - base_lufs:+.3f} LU), true peak {ours.true_peak_dbtp:.3f} vs {base_dbtp:.3f} dBTP "
              f"({ours.true_peak_dbtp - base_dbtp:+.3f} dB)")
        lines.append(
            f"{name}: measure {ours_s:.3f} s vs baseline {base_s:.3f} s = {base_s / ours_s:.1f}x faster; "
            f"integrated {ours.integrated_lufs - base_lufs:+.3f} LU, true peak {ours.true_peak_dbtp - base_dbtp:+.3f} dB "
            "from the baseline"
        )
    return lines
