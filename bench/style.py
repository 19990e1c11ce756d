"""Style mode: mixes in the style of a reference, by the evaluation protocol of the ML mixing design.

Material (generated, never used for training or tuning): songs of :func:`training.style.songs.song`
with seeds from 30000 (the controller trained on 0–159 and held out 10000–10031), 6 s at
44.1 kHz, a lead vocal with the example beat or 1–7 stems. Per song and draw, hidden settings
are drawn from the controller's prior (:func:`training.style.data.hidden_settings`: the DSP plan
of one of four presets moved by bounded noise) and three references are made:

- **R1** same song, the hidden settings rendered by the production console;
- **R2** same song, the hidden settings rendered by an independent renderer
  (:mod:`bench._style_renderer`: other EQ, compressor, pan law, reverb, a mastered bus), so the
  search cannot win by matching our own DSP;
- **R3** a different song's mix (the next song's R1 reference).

Systems, each mixing the song's tracks with the default preset: the **sum** of the tracks at equal
loudness; the **DSP** preset (``core.mix``); **optimisation** (``style_mix`` starting from the
plan); the **controller** alone (its prediction through the safety net, rendered); **controller +
optimisation** (``style_mix`` as the product runs it, with its keep-only-if-closer rule: the
delivered mix); the **oracle** (the hidden settings through the production console; R1 and R2).

Printed per reference and system: median and interquartile range of each style feature distance
(just-noticeable steps squared, :func:`mixdown_mixing.style.features.style_distance`) and of the
total, Diff-MST's AF distance per feature, MRSTFT to the reference where it is the ground truth
(R1, R2), how often the safety net clipped a value, and the time per job. The DSP mix and the
delivered style mix are mastered (default targets) and judged by QC. Then the speed goals through
the gateway (:mod:`bench._style_speed`).

Goals (issue acceptance): on R2 the delivered mix's median total distance at most 0.5x the better
of the DSP preset and the sum, on R3 at most 0.7x; never delivered when farther than the DSP mix;
QC passes on every delivered mix; on R1 the delivered mix within one just noticeable step on
every feature for at least 80 % of cases.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import numpy as np

from bench._style_renderer import render as independent_render
from mixdown.catalog import DEFAULT_PRESET
from mixdown.dsp.loudness import integrated_loudness_lufs
from mixdown.events.targets import DeliveryTargets
from mixdown_mastering.core import master
from mixdown_mixing import core
from mixdown_mixing.style import features as ft
from mixdown_mixing.style.controller import Controller, controller_inputs
from mixdown_mixing.style.mode import style_mix
from mixdown_mixing.style.safety import apply_safety_net, track_noise_floors_db
from mixdown_qc.core import analyze
from training.style.data import PRESETS, hidden_settings
from training.style.songs import SAMPLE_RATE_HZ, song

FIRST_SEED = 30000
SONGS = int(os.environ.get("MIXDOWN_BENCH_STYLE_SONGS", "12"))
DRAWS = 2
FEATURES = ("mid_spectrum", "side_spectrum", "width", "imbalance", "crest", "loudness_spread")
SYSTEMS = ("sum", "dsp", "optimisation", "controller", "controller+optimisation", "oracle")
DELIVERED = "controller+optimisation"
R2_GOAL, R3_GOAL, R1_SHARE_GOAL = 0.5, 0.7, 0.8
SUM_TRACK_LUFS = -23.0


@dataclass
class Case:
    song_seed: int
    draw: int
    tracks: list
    bpm: float
    hidden: dict
    references: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class Outcome:
    distance: dict[str, float]
    af: dict[str, float]
    mrstft: float | None
    seconds: float
    clips: int = 0
    fallback: str | None = None
    qc_passed: bool | None = None


def equal_loudness_sum(tracks: list) -> np.ndarray:
    """Every track at the same integrated loudness, mono tracks on both channels, summed."""
    length = max(t.audio.shape[1] for t in tracks)
    out = np.zeros((2, length))
    for track in tracks:
        audio = np.repeat(track.audio, 2, axis=0) if track.audio.shape[0] == 1 else track.audio
        loudness = integrated_loudness_lufs(audio, SAMPLE_RATE_HZ)
        if np.isfinite(loudness):
            out[:, : audio.shape[1]] += audio * 10 ** ((SUM_TRACK_LUFS - loudness) / 20)
    return out.astype(np.float32)


def _cases() -> list[Case]:
    cases = []
    for seed in range(FIRST_SEED, FIRST_SEED + SONGS + 1):  # one more song: the last R3 reference
        tracks, bpm = song(seed)
        planned = core.mix(tracks, SAMPLE_RATE_HZ, preset=PRESETS[seed % len(PRESETS)], bpm=bpm).parameters
        rng = np.random.default_rng([seed, 7])
        roles = {t.name: t.role for t in tracks}
        channels = {t.name: t.audio.shape[0] for t in tracks}
        for draw in range(DRAWS):
            hidden, _, _ = hidden_settings(planned, roles, channels, rng)
            case = Case(seed, draw, tracks, bpm, hidden)
            case.references["R1"] = core.render(tracks, SAMPLE_RATE_HZ, hidden)
            if seed < FIRST_SEED + SONGS:
                case.references["R2"] = independent_render(tracks, SAMPLE_RATE_HZ, hidden, seed=seed * 10 + draw)
            cases.append(case)
    by_key = {(c.song_seed, c.draw): c for c in cases}
    for case in cases:
        following = by_key.get((case.song_seed + 1, case.draw))
        if following is not None:
            case.references["R3"] = following.references["R1"]
    return [c for c in cases if c.song_seed < FIRST_SEED + SONGS]


def _qc_passed(audio: np.ndarray) -> bool:
    targets = DeliveryTargets()
    mastered = master(audio, SAMPLE_RATE_HZ, targets, preset=DEFAULT_PRESET)
    return analyze(mastered.audio, SAMPLE_RATE_HZ, targets, DEFAULT_PRESET).passed


def _measure(audio: np.ndarray, reference: np.ndarray, target: ft.StyleFeatures, ground_truth: bool,
             seconds: float, **extra) -> Outcome:
    return Outcome(distance=ft.style_distance(ft.style_features(audio, SAMPLE_RATE_HZ), target),
                   af=ft.af_distance(audio, reference, SAMPLE_RATE_HZ),
                   mrstft=ft.mrstft_distance(audio, reference, SAMPLE_RATE_HZ) if ground_truth else None,
                   seconds=seconds, **extra)


def _systems(case: Case, name: str, reference: np.ndarray, controller: Controller | None) -> dict[str, Outcome]:
    target = ft.style_features(reference, SAMPLE_RATE_HZ)
    truth = name in ("R1", "R2")
    tracks = case.tracks
    out: dict[str, Outcome] = {}

    started = time.perf_counter()
    out["sum"] = _measure(equal_loudness_sum(tracks), reference, target, truth, time.perf_counter() - started)
    started = time.perf_counter()
    dsp = core.mix(tracks, SAMPLE_RATE_HZ, preset=DEFAULT_PRESET, bpm=case.bpm)
    out["dsp"] = _measure(dsp.audio, reference, target, truth, time.perf_counter() - started,
                          qc_passed=_qc_passed(dsp.audio))
    for system, use_controller in (("optimisation", False), (DELIVERED, True)):
        started = time.perf_counter()
        result, report = style_mix(tracks, SAMPLE_RATE_HZ, reference, SAMPLE_RATE_HZ, reference_name=name,
                                   bpm=case.bpm, use_controller=use_controller)
        seconds = time.perf_counter() - started
        out[system] = _measure(result.audio, reference, target, truth, seconds, clips=len(report.clipped),
                               fallback=report.fallback_reason,
                               qc_passed=_qc_passed(result.audio) if system == DELIVERED else None)
    if controller is not None:
        started = time.perf_counter()
        roles = {t.name: t.role for t in tracks}
        track_features, reference_features = controller_inputs(tracks, roles, SAMPLE_RATE_HZ, reference,
                                                                SAMPLE_RATE_HZ)
        floors = track_noise_floors_db(tracks, SAMPLE_RATE_HZ, dsp.parameters)
        safe, clips = apply_safety_net(controller.predict(track_features, reference_features), dsp.parameters,
                                       roles, floors)
        audio = core.render(tracks, SAMPLE_RATE_HZ, safe)
        out["controller"] = _measure(audio, reference, target, truth, time.perf_counter() - started,
                                     clips=len(clips))
    if truth:
        started = time.perf_counter()
        audio = core.render(tracks, SAMPLE_RATE_HZ, case.hidden)
        out["oracle"] = _measure(audio, reference, target, truth, time.perf_counter() - started)
    return out


def _spread(values: list[float]) -> str:
    q1, median, q3 = np.percentile(values, [25, 50, 75])
    return f"{median:8.3f} [{q1:.3f}–{q3:.3f}]"


def _report(name: str, results: list[dict[str, Outcome]]) -> list[str]:
    lines = []
    print(f"  -- {name}: {len(results)} cases; median [interquartile range] of the distance in just-noticeable "
          "steps squared", flush=True)
    print("  " + f"{'system':26s}" + "".join(f"{f:>26s}" for f in (*FEATURES, "total")), flush=True)
    for system in SYSTEMS:
        rows = [r[system] for r in results if system in r]
        if not rows:
            continue
        print("  " + f"{system:26s}" + "".join(f"{_spread([o.distance[f] for o in rows]):>26s}"
                                              for f in (*FEATURES, "total")), flush=True)
    print("  " + f"{'system':26s}" + "".join(f"{k:>22s}" for k in ("AF barkspectrum", "AF rms", "AF crest",
                                                                      "AF width", "AF imbalance", "MRSTFT")))
    for system in SYSTEMS:
        rows = [r[system] for r in results if system in r]
        if not rows:
            continue
        af = [np.median([o.af[k] for o in rows]) for k in ("barkspectrum", "rms", "crest_factor", "stereo_width",
                                                             "stereo_imbalance")]
        mrstft = [o.mrstft for o in rows if o.mrstft is not None]
        print("  " + f"{system:26s}" + "".join(f"{v:22.4g}" for v in af)
              + (f"{np.median(mrstft):22.4f}" if mrstft else f"{'—':>22s}"), flush=True)
    for system in ("optimisation", "controller", DELIVERED):
        rows = [r[system] for r in results if system in r]
        if rows:
            clipped = sum(o.clips > 0 for o in rows)
            fallbacks = sum(o.fallback is not None for o in rows)
            print(f"  {system}: safety net clipped a value in {clipped}/{len(rows)} cases (median "
                  f"{np.median([o.clips for o in rows]):.0f} values); DSP fallback in {fallbacks}; time per job "
                  f"median {np.median([o.seconds for o in rows]):.2f} s (DSP mix "
                  f"{np.median([r['dsp'].seconds for r in results]):.2f} s)", flush=True)

    delivered = np.median([r[DELIVERED].distance["total"] for r in results])
    dsp = np.median([r["dsp"].distance["total"] for r in results])
    plain = np.median([r["sum"].distance["total"] for r in results])
    best = min(dsp, plain)
    worse = sum(r[DELIVERED].distance["total"] > r["dsp"].distance["total"] + 1e-9 for r in results)
    qc = [r[DELIVERED].qc_passed for r in results]
    qc_dsp = [r["dsp"].qc_passed for r in results]
    lines.append(f"{name}: delivered style mix median total distance {delivered:.3f} vs DSP preset {dsp:.3f} and "
                 f"sum {plain:.3f}: {delivered / best:.2f}x the better baseline"
                 + (f" (goal <= {R2_GOAL:g}x {'met' if delivered / best <= R2_GOAL else 'NOT met'})" if name == "R2" else "")
                 + (f" (goal <= {R3_GOAL:g}x {'met' if delivered / best <= R3_GOAL else 'NOT met'})" if name == "R3" else ""))
    lines.append(f"{name}: delivered farther than the DSP mix in {worse}/{len(results)} cases (goal 0); QC passed "
                 f"{sum(qc)}/{len(qc)} delivered style mixes (goal all), {sum(qc_dsp)}/{len(qc_dsp)} DSP mixes")
    if name == "R1":
        within = [all(r[DELIVERED].distance[f] <= 1.0 for f in FEATURES) for r in results]
        oracle = [all(r["oracle"].distance[f] <= 1.0 for f in FEATURES) for r in results]
        share = sum(within) / len(within)
        lines.append(f"R1: delivered mix within one just noticeable step on every feature in {sum(within)}/"
                     f"{len(within)} cases = {share:.0%} (goal >= {R1_SHARE_GOAL:.0%} "
                     f"{'met' if share >= R1_SHARE_GOAL else 'NOT met'}); the oracle {sum(oracle)}/{len(oracle)}")
    for line in lines:
        print("  " + line, flush=True)
    return lines


def run() -> list[str]:
    controller = Controller.load()
    print(f"  controller: {'providers ' + ', '.join(controller.providers) if controller else 'none shipped'}; "
          f"{SONGS} songs x {DRAWS} draws from seed {FIRST_SEED}", flush=True)
    started = time.perf_counter()
    cases = _cases()
    print(f"  material: {len(cases)} cases in {time.perf_counter() - started:.1f} s", flush=True)
    lines = []
    for name in ("R1", "R2", "R3"):
        results = [_systems(case, name, case.references[name], controller) for case in cases if name in case.references]
        lines += _report(name, results)
    if os.environ.get("MIXDOWN_BENCH_STYLE_SPEED", "1") != "0":
        from bench import _style_speed

        lines += _style_speed.run()
    return lines
