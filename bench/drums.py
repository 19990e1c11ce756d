"""Drum parts: SDR per piece of the drum-part network, the DSP splitter and a crossover, on songs
rendered from real recorded kits the network never heard; speed and memory of the network.

Material (generated, not timed): for each kit of the issue's held-out split (``heldout``: kits
kept out of training) and of our own ``validation`` split, ``SONGS_PER_KIT`` drum "songs" of
20-30 s (:func:`training.drums.render.render_song`: several grooves and fills of different
styles in sequence, per-piece rooms, EQ, compression and a bus room), seeds fixed here. The
kits are installed on first use (:func:`training.drums.kits.ensure_kits`: Debian packages
unpacked under ``~/.cache/mixdown/drumkits``, no root).

Splitters, on the same material:

* **model**: the shipped network (:class:`mixdown_separation.drum_model.DrumModel`, onnxruntime
  on 2 threads);
* **dsp**: :func:`mixdown_separation.drums.split_drums`, the NMF splitter (the fallback);
* **crossover**: a plain four-band crossover (:func:`crossover`): complementary zero-phase
  Butterworth splits at :data:`CROSSOVER_EDGES_HZ` (kick below, then toms, snare, cymbals
  above), which sum back to the input exactly — what frequency alone gives.

SDR = 10 log10(|s|^2 / |s - ŝ|^2) over a whole song, both channels; a piece that does not play
in a song (under -60 dB of the mixture) does not count for that song. The goals are the issue's:
Drumsep's published figures (:data:`GOALS_DB`) and at least :data:`MARGIN_GOAL_DB` over the
crossover on every piece. Real-time factor = compute time / audio duration on this CPU (2
threads). Peak memory: the peak resident set (``VmHWM``) of a fresh process splitting a
10-minute drum stem, and of the same process before the split (stem in memory, model loaded).
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time

import numpy as np
from scipy.signal import butter, sosfiltfilt

from mixdown_separation.drum_model import DrumModel
from mixdown_separation.drums import DRUM_PIECES, split_drums
from training.drums.kits import ensure_kits, kit_names, load_kit
from training.drums.render import render_song

RATE_HZ = 44100
THREADS = 2
SONGS_PER_KIT = int(os.environ.get("MIXDOWN_BENCH_DRUM_SONGS", "2"))
SPLITS = ("heldout", "validation")
GOALS_DB = {"kick": 10.5, "snare": 6.1, "toms": 4.7, "cymbals": 5.0}
"""Drumsep's published SDR per piece (its test set), the issue's floor."""
MARGIN_GOAL_DB = 4.0
CROSSOVER_EDGES_HZ = (120.0, 200.0, 8000.0)
"""kick | toms | snare | cymbals. The edges with the best mean SDR over the four pieces on 24
clips of our validation kits (kick 60-150 Hz, toms 200-600 Hz, snare 2-8 kHz, 125 combinations;
never on the held-out kits), so the baseline is as good as a crossover gets here."""
CROSSOVER_ORDER = 4
DRUM_PIECES_BY_BAND = ("kick", "toms", "snare", "cymbals")
LONG_STEM_SECONDS = 600.0
MEMORY_GOAL_GIB = 1.5
RTF_GOAL = 0.3


def sdr_db(reference: np.ndarray, estimate: np.ndarray) -> float:
    reference = reference.astype(np.float64)
    return 10.0 * math.log10(float(np.sum(reference**2)) / max(float(np.sum((reference - estimate) ** 2)), 1e-20))


def crossover(drums: np.ndarray, sample_rate_hz: int) -> dict[str, np.ndarray]:
    """Four bands that sum to ``drums`` exactly: each split keeps a zero-phase Butterworth low-pass
    (``sosfiltfilt``, so |H|^2) of what is left and passes the rest (1 - |H|^2, the matching
    high-pass) on to the next split."""
    rest = drums.astype(np.float64)
    out = {}
    for name, edge_hz in zip(DRUM_PIECES_BY_BAND[:-1], CROSSOVER_EDGES_HZ, strict=True):
        sos = butter(CROSSOVER_ORDER, edge_hz, btype="lowpass", fs=sample_rate_hz, output="sos")
        out[name] = sosfiltfilt(sos, rest, axis=1)
        rest = rest - out[name]
    out[DRUM_PIECES_BY_BAND[-1]] = rest
    return {name: out[name].astype(np.float32) for name in DRUM_PIECES}


def songs(split: str) -> list[tuple[str, np.ndarray, dict[str, np.ndarray]]]:
    """(kit, mixture, pieces) for every kit of ``split`` and seed."""
    out = []
    for kit_index, name in enumerate(kit_names(split)):
        kit = load_kit(name, RATE_HZ)
        for seed in range(SONGS_PER_KIT):
            rng = np.random.default_rng(7919 * kit_index + seed + (0 if split == "heldout" else 500_000))
            example = render_song(rng, kit, float(rng.uniform(20.0, 30.0)), RATE_HZ)
            out.append((name, example.mixture, example.pieces))
    return out


def score(material, splitters) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Mean SDR per splitter and piece, and each splitter's compute seconds per audio second."""
    scores: dict[str, dict[str, list[float]]] = {s: {p: [] for p in DRUM_PIECES} for s in splitters}
    seconds = {s: 0.0 for s in splitters}
    audio_seconds = 0.0
    for kit, mixture, pieces in material:
        audio_seconds += mixture.shape[1] / RATE_HZ
        print(f"  {kit}: {mixture.shape[1] / RATE_HZ:.1f} s", flush=True)
        energy = float(np.sum(mixture.astype(np.float64) ** 2))
        for label, split in splitters.items():
            started = time.perf_counter()
            estimate = split(mixture)
            seconds[label] += time.perf_counter() - started
            for name in DRUM_PIECES:
                if np.sum(pieces[name].astype(np.float64) ** 2) > 1e-6 * energy:
                    scores[label][name].append(sdr_db(pieces[name], estimate[name]))
    means = {s: {p: float(np.mean(v)) if v else float("nan") for p, v in by.items()} for s, by in scores.items()}
    return means, {s: seconds[s] / audio_seconds for s in splitters}


MEMORY_SCRIPT = """
import sys, time
import numpy as np
from mixdown_separation.drum_model import DrumModel
from mixdown_separation.synth import drum_loop

def peak_kib():  # VmHWM: this process's own high-water mark (ru_maxrss survives exec, VmHWM does not)
    return int(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))

loop = drum_loop(30.0, 44100, bpm=120.0, seed=1).mix
stem = np.tile(loop, (1, int(float(sys.argv[1]) // 30)))
del loop
model = DrumModel.load(threads=2)
before = peak_kib()
started = time.perf_counter()
pieces = model.split(stem, 44100)
elapsed = time.perf_counter() - started
print(before, peak_kib(), elapsed, stem.shape[1] / 44100)
"""


def long_stem_memory() -> tuple[float, float, float]:
    """(GiB before the split, peak GiB, real-time factor) of a fresh process splitting a 10-minute
    stem (its peak resident set, ``VmHWM``)."""
    out = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(LONG_STEM_SECONDS)], capture_output=True,
                         text=True, check=True)
    before_kib, peak_kib, elapsed, duration = (float(x) for x in out.stdout.split()[-4:])
    return before_kib / 2**20, peak_kib / 2**20, elapsed / duration


def run() -> list[str]:
    ensure_kits()
    model = DrumModel.load(threads=THREADS)
    splitters = {
        "model": lambda x: model.split(x, RATE_HZ),
        "dsp": lambda x: split_drums(x, RATE_HZ),
        "crossover": lambda x: crossover(x, RATE_HZ),
    }
    print(f"drum-part network {model.path.name} on {', '.join(model.providers)}; {SONGS_PER_KIT} songs of 20-30 s "
          f"per kit", flush=True)
    summary = []
    for split in SPLITS:
        material = songs(split)
        means, rtf = score(material, splitters)
        minutes = sum(m.shape[1] for _, m, _ in material) / RATE_HZ / 60
        print(f"\n{split} kits ({', '.join(kit_names(split))}): {len(material)} songs, {minutes:.1f} min")
        print(f"  {'SDR dB':<12}" + "".join(f"{p:>9}" for p in DRUM_PIECES) + f"{'RTF':>9}")
        for label in splitters:
            print(f"  {label:<12}" + "".join(f"{means[label][p]:9.2f}" for p in DRUM_PIECES) + f"{rtf[label]:9.3f}")
        margin = {p: means["model"][p] - means["crossover"][p] for p in DRUM_PIECES}
        print(f"  {'margin':<12}" + "".join(f"{margin[p]:+9.2f}" for p in DRUM_PIECES) + "   (model - crossover)")
        print(f"  {'goal':<12}" + "".join(f"{GOALS_DB[p]:9.1f}" for p in DRUM_PIECES) + "   (Drumsep's figures)")
        met = {p: means["model"][p] >= GOALS_DB[p] and margin[p] >= MARGIN_GOAL_DB for p in DRUM_PIECES}
        print("  goals (SDR >= Drumsep and >= crossover + 4 dB): "
              + ", ".join(f"{p} {'met' if met[p] else 'not met'}" for p in DRUM_PIECES), flush=True)
        summary.append(f"{split}: model SDR " + ", ".join(f"{p} {means['model'][p]:.1f}" for p in DRUM_PIECES)
                       + " dB; dsp " + ", ".join(f"{p} {means['dsp'][p]:.1f}" for p in DRUM_PIECES)
                       + "; crossover " + ", ".join(f"{p} {means['crossover'][p]:.1f}" for p in DRUM_PIECES)
                       + f"; goals met on {sum(met.values())}/4 pieces; model RTF {rtf['model']:.3f}")
    before_gib, peak_gib, long_rtf = long_stem_memory()
    print(f"\n10-minute drum stem: peak resident memory {peak_gib:.2f} GiB (stem loaded and model ready: "
          f"{before_gib:.2f} GiB; goal < {MEMORY_GOAL_GIB} GiB), real-time factor {long_rtf:.3f} on {THREADS} "
          f"threads (goal <= {RTF_GOAL})")
    summary.append(f"10-min stem: peak RSS {peak_gib:.2f} GiB (goal < {MEMORY_GOAL_GIB}), RTF {long_rtf:.3f} "
                   f"(goal <= {RTF_GOAL}) on {THREADS} threads")
    return summary
