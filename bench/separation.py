"""Separation: drum-splitter SDR per piece, tempo and key accuracy, and Demucs speed on this CPU.

Material (generated, not timed): drum loops synthesised from separate kick, snare, tom and
cymbal hits (:func:`mixdown_separation.synth.drum_loop`, 8 loops of 12 s, 80-160 BPM, 44.1 kHz
stereo); 12 songs in known keys and tempi (:func:`mixdown_separation.synth.tonal_song`, 20 s,
chords, bass, melody and a beat; 6 major and 6 minor keys, 68-170 BPM); a 30-second stereo song
(:mod:`mixdown_dev.examples`, a vocal line over a beat).

Baselines, measured in the same run:

* drum splitter: a crossover on the same STFT (kick < 120 Hz, toms 120-300 Hz, snare
  300 Hz-5 kHz, cymbals above), i.e. what frequency alone gives;
* tempo (against :func:`mixdown.dsp.tempo.estimate_tempo`): the strongest autocorrelation comb peak
  with no half/double-time decision (a plain autocorrelation estimator);
* key: the same chroma against the Krumhansl-Kessler profiles alone;
* Demucs speed: ``demucs.apply.apply_model`` (the library call behind the ``demucs`` command
  line, split into overlapping segments) and the ``demucs`` command line itself on the same
  file, for the built-in ``demucs_unittest`` model and a full-size ``htdemucs`` architecture
  (``HTDemucs`` with default hyper-parameters, 7.8 s segments, random weights: speed does not
  depend on the weights) written to a local model folder in Demucs's ``--repo`` layout.

Torch runs on 2 threads. Real-time factor = compute time / audio duration (below 1: faster than
real time). On a GPU machine: ``MIXDOWN_BENCH_DEVICE=cuda MIXDOWN_BENCH_BATCH_SIZE=8
MIXDOWN_BENCH_SECONDS=180 python -m bench separation`` times the same three on the GPU (the
command line with ``-d cuda``).
"""

from __future__ import annotations

import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf
import torch
import yaml

from mixdown.dsp import tempo as tempo_estimator
from mixdown_dev.examples import beat, vocal_like
from mixdown_separation import analysis
from mixdown_separation.drums import DRUM_PIECES, fft_size, istft, split_drums, stft
from mixdown_separation.synth import drum_loop, key_name, tonal_song

RATE_HZ = 44100
THREADS = 2
LOOPS = [(80.0, 20), (92.0, 21), (100.0, 22), (110.0, 23), (120.0, 24), (128.0, 25), (140.0, 26), (160.0, 27)]
SONGS = [(0, "major", 100.0), (7, "major", 124.0), (2, "major", 88.0), (9, "major", 140.0), (4, "major", 72.0),
         (10, "major", 116.0), (9, "minor", 96.0), (4, "minor", 170.0), (2, "minor", 84.0), (11, "minor", 130.0),
         (5, "minor", 68.0), (1, "minor", 105.0)]
CROSSOVER_HZ = {"kick": (0.0, 120.0), "toms": (120.0, 300.0), "snare": (300.0, 5000.0), "cymbals": (5000.0, 1e9)}
SPEED_SECONDS = float(os.environ.get("MIXDOWN_BENCH_SECONDS", "30"))
DEVICE = os.environ.get("MIXDOWN_BENCH_DEVICE", "cpu")
"""cpu, or cuda on a GPU machine (then raise MIXDOWN_BENCH_BATCH_SIZE, e.g. 8)."""
BATCH_SIZE = int(os.environ.get("MIXDOWN_BENCH_BATCH_SIZE", "1"))
HTDEMUCS_SEGMENT_SECONDS = 7.8
REPEATS = 2


def sdr_db(reference: np.ndarray, estimate: np.ndarray) -> float:
    reference = reference.astype(np.float64)
    return 10.0 * math.log10(float(np.sum(reference**2)) / max(float(np.sum((reference - estimate) ** 2)), 1e-20))


def crossover(mix: np.ndarray, rate_hz: int) -> dict[str, np.ndarray]:
    n_fft = fft_size(rate_hz)
    hop = n_fft // 4
    freqs = np.fft.rfftfreq(n_fft, 1.0 / rate_hz)
    spectra = [stft(channel, n_fft, hop) for channel in mix]
    out = {}
    for name, (low, high) in CROSSOVER_HZ.items():
        mask = ((freqs >= low) & (freqs < high)).astype(np.float32)[:, None]
        out[name] = np.stack([istft(s * mask, n_fft, hop, mix.shape[1]) for s in spectra])
    return out


def drums_bench() -> list[str]:
    ours: dict[str, list[float]] = {name: [] for name in DRUM_PIECES}
    base: dict[str, list[float]] = {name: [] for name in DRUM_PIECES}
    compute = audio = 0.0
    for bpm, seed in LOOPS:
        loop = drum_loop(12.0, RATE_HZ, bpm, seed=seed)
        started = time.perf_counter()
        pieces = split_drums(loop.mix, RATE_HZ)
        compute += time.perf_counter() - started
        audio += loop.mix.shape[1] / RATE_HZ
        bands = crossover(loop.mix, RATE_HZ)
        for name in DRUM_PIECES:
            ours[name].append(sdr_db(loop.pieces[name], pieces[name]))
            base[name].append(sdr_db(loop.pieces[name], bands[name]))
    lines = []
    print(f"   drum splitter, {len(LOOPS)} loops x 12 s, SDR in dB (mean / min), crossover baseline:")
    for name in DRUM_PIECES:
        mean, low, ref = np.mean(ours[name]), np.min(ours[name]), np.mean(base[name])
        line = f"drum splitter SDR {name}: {mean:.1f} dB mean, {low:.1f} dB min (crossover {ref:.1f} dB, {mean - ref:+.1f} dB)"
        print(f"   {line}")
        lines.append(line)
    line = f"drum splitter speed: RTF {compute / audio:.3f} ({compute:.1f} s for {audio:.0f} s of drums, numpy)"
    print(f"   {line}")
    return lines + [line]


def _plain_tempo(song: np.ndarray) -> float:
    """The strongest comb peak over 40-240 BPM, with no metrical decision."""
    bands = tempo_estimator.onset_bands(song, RATE_HZ)
    fps = bands.frames_per_second
    r = tempo_estimator._autocorrelation(bands.total, min(bands.total.size - 1, int(16 * 60 * fps / 40)))
    grid = np.arange(40.0, 240.0, 0.05)
    return float(grid[int(np.argmax([tempo_estimator._comb(r, 60 * fps / bpm) for bpm in grid]))])


def _krumhansl_key(song: np.ndarray) -> str:
    vector = analysis.chroma(song, RATE_HZ)
    scores = [np.corrcoef(vector, np.roll(profile, tonic))[0, 1]
              for profile in (analysis.KRUMHANSL_MAJOR, analysis.KRUMHANSL_MINOR) for tonic in range(12)]
    best = int(np.argmax(scores))
    return key_name(best % 12, "major" if best < 12 else "minor")


def analysis_bench() -> list[str]:
    bpm_ok = bpm_octave = plain_ok = key_ok = key_relative = krumhansl_ok = 0
    confidences = []
    for tonic, mode, bpm in SONGS:
        song = tonal_song(20.0, tonic, mode, RATE_HZ, bpm, seed=tonic + 100)
        tempo = tempo_estimator.estimate_tempo(song, RATE_HZ)
        key = analysis.estimate_key(song, RATE_HZ)
        confidences.append((tempo.confidence, key.confidence))
        bpm_ok += abs(tempo.bpm - bpm) <= 1.0
        bpm_octave += any(abs(tempo.bpm - bpm * r) <= 1.0 for r in (0.5, 2.0, 1 / 3, 3.0))
        plain_ok += abs(_plain_tempo(song) - bpm) <= 1.0
        truth = key_name(tonic, mode)
        key_ok += key.name == truth
        relative = key_name((tonic + 3) % 12, "major") if mode == "minor" else key_name((tonic + 9) % 12, "minor")
        key_relative += key.name == relative
        krumhansl_ok += _krumhansl_key(song) == truth
    n = len(SONGS)
    noise = (0.1 * np.random.default_rng(0).standard_normal((2, 20 * RATE_HZ))).astype(np.float32)
    noise_reading = analysis.analyse(noise, RATE_HZ)
    lines = [
        f"BPM accuracy (within 1 BPM): {bpm_ok}/{n} ({bpm_octave} octave errors); plain autocorrelation baseline "
        f"{plain_ok}/{n}",
        f"key accuracy: {key_ok}/{n} ({key_relative} relative-key confusions); Krumhansl-only baseline "
        f"{krumhansl_ok}/{n}",
        f"confidence on the songs: BPM {min(c[0] for c in confidences):.2f}-{max(c[0] for c in confidences):.2f}, "
        f"key {min(c[1] for c in confidences):.2f}-{max(c[1] for c in confidences):.2f}; on white noise: BPM "
        f"{noise_reading['bpm_confidence']:.2f}, key {noise_reading['key_confidence']:.2f}",
    ]
    for line in lines:
        print(f"   {line}")
    return lines


def _write_repo(folder: Path, name: str, model: torch.nn.Module) -> None:
    from demucs.states import get_state, save_with_checksum

    folder.mkdir(parents=True, exist_ok=True)
    args, kwargs = model._init_args_kwargs
    package = {"klass": type(model), "args": args, "kwargs": kwargs, "state": get_state(model, None)}
    save_with_checksum(package, folder / "b3c4f00d.th")
    (folder / f"{name}.yaml").write_text(yaml.safe_dump({"models": ["b3c4f00d"]}))


def _time_cli(name: str, repo: Path | None, song_path: Path, out_dir: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the ``demucs`` command line on ``song_path``."""
    command = [sys.executable, "-m", "demucs", "-n", name, "-d", DEVICE, "-o", str(out_dir), str(song_path)]
    if repo is not None:
        command[3:3] = ["--repo", str(repo)]
    env = {**os.environ, "OMP_NUM_THREADS": str(THREADS), "MKL_NUM_THREADS": str(THREADS)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def speed_bench() -> list[str]:
    from demucs.apply import apply_model
    from demucs.htdemucs import HTDemucs

    from mixdown_separation.core import Separator

    torch.set_num_threads(THREADS)
    song = (beat(SPEED_SECONDS, RATE_HZ, bpm=96.0, seed=3) + vocal_like(SPEED_SECONDS, RATE_HZ, seed=3)).astype(np.float32)
    lines = []
    print(f"   load average before: {', '.join(f'{v:.1f}' for v in os.getloadavg())} "
          f"(this machine is shared; each figure is the best of {REPEATS} interleaved runs)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        song_path = folder / "song.wav"
        sf.write(song_path, song.T, RATE_HZ, subtype="PCM_16")
        torch.manual_seed(0)
        htdemucs = HTDemucs(sources=["drums", "bass", "other", "vocals"], segment=HTDEMUCS_SEGMENT_SECONDS)
        params_m = sum(p.numel() for p in htdemucs.parameters()) / 1e6
        _write_repo(folder / "models", "htdemucs_random", htdemucs)
        del htdemucs
        for label, name, repo in (("demucs_unittest", "demucs_unittest", None),
                                  (f"htdemucs architecture ({params_m:.1f} M parameters, random weights)",
                                   "htdemucs_random", folder / "models")):
            separator = Separator(model_name=name, model_repo=repo, device=DEVICE, batch_size=BATCH_SIZE)
            mix = torch.from_numpy(song)
            normalised = ((mix - mix.mean(0).mean()) / mix.mean(0).std())[None]

            def library(model=separator.model, normalised=normalised) -> None:
                with torch.inference_mode():
                    apply_model(model, normalised, shifts=0, split=True, overlap=0.25, device=DEVICE)
                if DEVICE == "cuda":
                    torch.cuda.synchronize()

            runs: dict[str, list[tuple[float, float]]] = {"ours": [], "library": [], "cli": []}
            for _ in range(REPEATS):
                runs["ours"].append(_timed(lambda separator=separator: separator.separate(song, RATE_HZ)))
                runs["library"].append(_timed(library))
                runs["cli"].append(_time_cli(name, repo, song_path, folder / "cli"))
            best = {method: (min(w for w, _ in values), min(c for _, c in values)) for method, values in runs.items()}
            (ours, ours_cpu), (lib, lib_cpu), (cli, cli_cpu) = best["ours"], best["library"], best["cli"]
            where = f"CPU ({THREADS} threads)" if DEVICE == "cpu" else f"{DEVICE}, batch_size {BATCH_SIZE}"
            line = (f"{label}, {SPEED_SECONDS:.0f} s stereo on {where}: ours {ours:.1f} s, RTF "
                    f"{ours / SPEED_SECONDS:.3f} ({ours_cpu:.1f} CPU-s); demucs.apply.apply_model {lib:.1f} s "
                    f"({lib_cpu:.1f} CPU-s, ours/library {ours / lib:.2f}x); demucs command line {cli:.1f} s wall "
                    f"with start-up, model load and file I/O ({cli_cpu:.1f} CPU-s, ours/CLI {ours / cli:.2f}x)")
            print(f"   {line}", flush=True)
            lines.append(line)
    print(f"   load average after: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return lines


def run() -> list[str]:
    print("   drum splitter ...", flush=True)
    lines = drums_bench()
    print("   tempo and key ...", flush=True)
    lines += analysis_bench()
    print("   Demucs speed (a few minutes on a 2-core CPU) ...", flush=True)
    lines += speed_bench()
    return lines
