"""Loudness maximiser: a programme to a loudness target under a true-peak ceiling.

Three stages after an input gain, the way loud masters are made:

1. **Leveller**: a slow, linked peak limiter (``leveler_lookahead_ms``, ``leveler_release_ms``)
   that lets sample peaks rise up to ``leveler_headroom_db`` above the ceiling and brings
   down anything higher smoothly;
2. **Soft clipper**: a per-sample curve, transparent up to ``clipper_knee_db`` below the
   ceiling, that rounds off the short peaks left (at most the leveller's headroom deep),
   saturating at the ceiling;
3. **True-peak limiter**: a fast, linked lookahead limiter whose detector is the true-peak
   envelope (the BS.1770-4 interpolator, refined to a 12x grid near the ceiling, the start
   also read as ffmpeg reads it), so that the delivered samples reconstruct under the
   ceiling; the result is measured again and any overshoot trimmed.

The input gain is solved for the target: the loudness after the first two stages is a
monotone function of the gain, found by safeguarded secant steps (regula falsi once
bracketed) on a proxy of the programme (a 4 s segment of every 16 s, the leveller's gain
still computed over the whole); the true-peak stage, which costs more and changes the
loudness by a few tenths, is read once on the proxy to correct the aim, then the whole
programme is rendered and measured, and what it misses corrects the next round's aim
(usually none is needed). A programme that already meets the ceiling at the target gain
is only scaled. When dense short peaks keep the leveller from recovering, so that the
target is out of reach, its headroom rises in 6 dB steps (the clipper takes more).

Gains are computed on blocks of samples and interpolated between block centres
(:mod:`mixdown.dsp.blockgain`); the true-peak stage is :func:`mixdown.dsp.limiter.block_true_peak_limit`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mixdown.catalog import TARGETS
from mixdown.dsp import as_audio
from mixdown.dsp.blockgain import BLOCK_SAMPLES, apply_block_gain, block_max, expand_range, gain_per_block
from mixdown.dsp.limiter import GRID_EXCESS_DB, block_true_peak_limit, verified_true_peak
from mixdown.dsp.loudness import integrated_loudness_lufs
from mixdown.dsp.truepeak import (
    peak_magnitude,
    sample_peak_dbfs,
    true_peak_blocks,
    true_peak_dbtp,
)
from mixdown.errors import InvalidInput
from mixdown.params import Param, ParamTable, Scale

MAXIMIZER_PARAMETERS = ParamTable("dsp.maximizer", [
    TARGETS["target_lufs"],
    TARGETS["ceiling_dbtp"],
    Param("leveler_headroom_db", 0.0, 12.0, 3.0, "dB",
          "how far sample peaks may rise above the ceiling before the leveller acts"),
    Param("leveler_lookahead_ms", 1.0, 50.0, 10.0, "ms", "gain ramp of the leveller ahead of each peak",
          scale=Scale.LOG),
    Param("leveler_release_ms", 10.0, 2000.0, 200.0, "ms", "recovery time constant of the leveller", scale=Scale.LOG),
    Param("clipper_knee_db", 0.0, 6.0, 2.0, "dB", "the soft clipper bends from this far below the ceiling"),
    Param("limiter_lookahead_ms", 0.5, 20.0, 2.0, "ms", "gain ramp of the true-peak limiter ahead of each peak",
          scale=Scale.LOG),
    Param("limiter_release_ms", 1.0, 2000.0, 40.0, "ms", "recovery time constant of the true-peak limiter",
          scale=Scale.LOG),
])

# The result's true peak stays this far under the ceiling: room for the +-1.5 LSB that
# 16-bit dither and rounding may add to a peak (at most 0.0004 dB at -1 dBTP).
DELIVERY_MARGIN_DB = 0.005
LOUDNESS_TOLERANCE_LU = 0.1
_MAX_EVALUATIONS = 12
_MAX_ROUNDS = 4
_FIRST_ROUND_TOLERANCE_LU = 0.15
_PROXY_SEGMENT_SECONDS = 4.0
_PROXY_EVERY = 4
_PROXY_MIN_SECONDS = 40.0
_CHUNK_SAMPLES = 1 << 16
_MAX_GAIN_OVER_LINEAR_DB = 30.0
_HEADROOM_STEP_DB = 6.0
_MAX_LEVELER_HEADROOM_DB = 24.0


def _db(amplitude: float) -> float:
    return 20.0 * math.log10(amplitude) if amplitude > 0.0 else -math.inf


def soft_clip(audio: np.ndarray, level: float, knee_db: float, out: np.ndarray | None = None) -> np.ndarray:
    """Identity up to ``level * 10**(-knee_db / 20)``, then a tanh curve towards ``level``
    (continuous slope; never exceeding it). ``knee_db`` 0 is a hard clip at ``level``.
    ``out`` may be ``audio`` (in place)."""
    out = np.empty_like(audio) if out is None else out
    knee = np.float32(level * 10 ** (-knee_db / 20))
    width = np.float32(level) - knee
    source, target = audio.reshape(-1), out.reshape(-1)
    copy = not np.may_share_memory(audio, out)
    for start in range(0, source.size, _CHUNK_SAMPLES):
        x, y = source[start : start + _CHUNK_SAMPLES], target[start : start + _CHUNK_SAMPLES]
        if copy:
            y[:] = x
        magnitude = np.abs(x)
        over = np.flatnonzero(magnitude > knee)
        if over.size == 0:
            continue
        if width <= 0.0:
            bent = np.full(over.size, level, dtype=np.float32)
        else:
            bent = knee + width * np.tanh((magnitude[over] - knee) / width)
        y[over] = np.copysign(bent, x[over])
    return out


@dataclass
class _Evaluation:
    gain_db: float
    lufs: float


class _Chain:
    """The stages before the true-peak limiter, for one input gain at a time.

    :meth:`proxy_lufs` evaluates the loudness on a proxy of the programme (a 4 s segment
    of every 16 s, the leveller's gain still computed over the whole programme), which the
    gain search uses; :meth:`full` renders the whole programme.
    """

    def __init__(self, audio: np.ndarray, sample_rate_hz: int, ceiling: float, settings: dict[str, float]) -> None:
        self.audio = audio
        self.sample_rate_hz = sample_rate_hz
        self.ceiling = ceiling
        self.settings = settings
        self.peak_blocks = block_max(peak_magnitude(audio))
        blocks = self.peak_blocks.size
        segment = max(1, round(_PROXY_SEGMENT_SECONDS * sample_rate_hz / BLOCK_SAMPLES))
        if audio.shape[1] < _PROXY_MIN_SECONDS * sample_rate_hz:
            self.segments = [(0, blocks)]
        else:
            starts = range(segment, blocks - segment, _PROXY_EVERY * segment)
            self.segments = [(start, start + segment) for start in starts]
        self.proxy_audio = np.concatenate(
            [audio[:, first * BLOCK_SAMPLES : stop * BLOCK_SAMPLES] for first, stop in self.segments], axis=1
        )

    def block_gain(self, gain_db: float) -> np.ndarray:
        s = self.settings
        threshold = self.ceiling * 10 ** (s["leveler_headroom_db"] / 20)
        return gain_per_block(
            self.peak_blocks * 10 ** (gain_db / 20), threshold, self.sample_rate_hz,
            s["leveler_lookahead_ms"], s["leveler_release_ms"],
        )

    def _render(self, audio: np.ndarray, gain: np.ndarray) -> np.ndarray:
        levelled = audio * gain
        return soft_clip(levelled, self.ceiling, self.settings["clipper_knee_db"])

    @property
    def whole(self) -> bool:
        """Whether the proxy is the whole programme."""
        return self.segments == [(0, self.peak_blocks.size)]

    def proxy_render(self, gain_db: float) -> np.ndarray:
        block_gain = self.block_gain(gain_db) * 10 ** (gain_db / 20)
        gain = np.concatenate([expand_range(block_gain, first, stop) for first, stop in self.segments])
        return self._render(self.proxy_audio, gain[: self.proxy_audio.shape[1]])

    def proxy_lufs(self, gain_db: float) -> float:
        return integrated_loudness_lufs(self.proxy_render(gain_db), self.sample_rate_hz)

    def full(self, gain_db: float) -> tuple[np.ndarray, float]:
        """(rendered programme, largest leveller gain reduction in dB)."""
        block_gain = self.block_gain(gain_db)
        reduction_db = -_db(float(block_gain.min()))
        levelled = apply_block_gain(self.audio, block_gain * 10 ** (gain_db / 20))
        return soft_clip(levelled, self.ceiling, self.settings["clipper_knee_db"], out=levelled), reduction_db


def _solve(chain: _Chain, aim_lufs: float, start_db: float, limit_db: float, known: list[_Evaluation],
           tolerance_lu: float) -> tuple[_Evaluation, int]:
    """The evaluation whose proxy loudness is closest to ``aim_lufs`` (within ``tolerance_lu``
    if it can), by secant steps on the gain (slopes kept in [0.05, 1]) and regula falsi
    once the aim is bracketed; ``known`` evaluations are reused and extended."""
    evaluations = 0

    def evaluate(gain_db: float) -> _Evaluation:
        nonlocal evaluations
        evaluations += 1
        gain_db = min(gain_db, limit_db)
        result = _Evaluation(gain_db, chain.proxy_lufs(gain_db))
        known.append(result)
        return result

    def closest() -> _Evaluation:
        return min(known, key=lambda e: abs(e.lufs - aim_lufs))

    if not known:
        evaluate(start_db)
    while evaluations < _MAX_EVALUATIONS:
        best = closest()
        if abs(best.lufs - aim_lufs) <= tolerance_lu:
            return best, evaluations
        below = [e for e in known if e.lufs < aim_lufs]
        above = [e for e in known if e.lufs > aim_lufs]
        if below and above:
            low = max(below, key=lambda e: e.lufs)
            high = min(above, key=lambda e: e.lufs)
            fraction = (aim_lufs - low.lufs) / (high.lufs - low.lufs)
            gain_db = low.gain_db + fraction * (high.gain_db - low.gain_db)
        else:
            slope = 1.0
            near = sorted(known, key=lambda e: abs(e.lufs - aim_lufs))[:2]
            if len(near) == 2 and near[0].gain_db != near[1].gain_db:
                slope = (near[0].lufs - near[1].lufs) / (near[0].gain_db - near[1].gain_db)
            slope = min(max(slope, 0.05), 1.0)
            gain_db = best.gain_db + max(-12.0, min(12.0, (aim_lufs - best.lufs) / slope))
            if gain_db >= limit_db and best.gain_db >= limit_db:
                return best, evaluations  # out of reach: the loudest there is
        evaluate(gain_db)
    return closest(), evaluations


def maximize(
    audio: np.ndarray,
    sample_rate_hz: int,
    target_lufs: float = -14.0,
    ceiling_dbtp: float = -1.0,
    leveler_headroom_db: float = 3.0,
    leveler_lookahead_ms: float = 10.0,
    leveler_release_ms: float = 200.0,
    clipper_knee_db: float = 2.0,
    limiter_lookahead_ms: float = 2.0,
    limiter_release_ms: float = 40.0,
    initial_gain_db: float | None = None,
) -> tuple[np.ndarray, dict[str, float]]:
    """Bring ``audio`` (channels, samples) to ``target_lufs`` with true peak <= ``ceiling_dbtp``.

    ``initial_gain_db`` is where the search for the input gain starts (default: the gain
    that alone would reach the target); a good guess, such as the gain found for the same
    programme under another ceiling, saves evaluations.

    When the target is out of reach because the leveller keeps the programme down (dense
    short peaks, such as a click track, never let it recover), the leveller's headroom is
    raised by 6 dB at a time, up to 24 dB, so that the clipper takes the deeper peaks.

    Returns the audio and what was applied: ``input_gain_db``, ``leveler_headroom_db`` (as
    finally used), ``leveler_reduction_db``,
    ``limiter_reduction_db`` (largest gain reductions), ``evaluations`` (loudness
    evaluations of the chain), ``integrated_lufs`` and ``true_peak_dbtp`` of the result (the
    latter on the detector's grid, at least as high as :func:`true_peak_dbtp` reads) and
    ``converged`` (1.0 when within ``LOUDNESS_TOLERANCE_LU`` of the target). A target out
    of reach ends at the loudest result found (``converged`` 0.0). Raises InvalidInput for
    silence.
    """
    audio = as_audio(audio, sample_rate_hz)
    settings = {
        "leveler_headroom_db": leveler_headroom_db,
        "leveler_lookahead_ms": leveler_lookahead_ms,
        "leveler_release_ms": leveler_release_ms,
        "clipper_knee_db": clipper_knee_db,
        "limiter_lookahead_ms": limiter_lookahead_ms,
        "limiter_release_ms": limiter_release_ms,
    }
    MAXIMIZER_PARAMETERS.check({"target_lufs": target_lufs, "ceiling_dbtp": ceiling_dbtp, **settings})
    measured_lufs = integrated_loudness_lufs(audio, sample_rate_hz)
    if not math.isfinite(measured_lufs):
        raise InvalidInput("cannot maximise silence: no 400 ms block of the audio is louder than -70 LUFS")
    # The result stays a hair under the ceiling, so that 16-bit dither cannot lift it over.
    ceiling = 10 ** ((ceiling_dbtp - DELIVERY_MARGIN_DB) / 20)
    linear_gain_db = target_lufs - measured_lufs

    scaled = audio * np.float32(10 ** (linear_gain_db / 20))
    peak = 10 ** (sample_peak_dbfs(scaled) / 20)
    if peak <= ceiling:
        peak = 10 ** (true_peak_dbtp(scaled, sample_rate_hz) / 20)
    if peak <= ceiling * 10 ** (-GRID_EXCESS_DB / 20) or (
        peak <= ceiling
        and verified_true_peak(scaled, sample_rate_hz, ceiling, true_peak_blocks(scaled, sample_rate_hz)) <= ceiling
    ):
        return scaled, {
            "input_gain_db": linear_gain_db, "leveler_reduction_db": 0.0, "limiter_reduction_db": 0.0,
            "evaluations": 1.0, "integrated_lufs": integrated_loudness_lufs(scaled, sample_rate_hz),
            "true_peak_dbtp": _db(peak), "converged": 1.0,
        }
    del scaled

    best: _Result | None = None
    evaluations = 0
    headroom_db = leveler_headroom_db
    while True:
        result = _maximize_with(audio, sample_rate_hz, target_lufs, ceiling, measured_lufs,
                                {**settings, "leveler_headroom_db": headroom_db}, initial_gain_db)
        evaluations += result.evaluations
        if best is None or abs(result.lufs - target_lufs) < abs(best.lufs - target_lufs):
            best = result
        # Out of reach because the leveller holds the programme down (dense, short peaks: it
        # never recovers between them): let the clipper take deeper peaks.
        if result.lufs >= target_lufs - LOUDNESS_TOLERANCE_LU or headroom_db >= _MAX_LEVELER_HEADROOM_DB:
            break
        headroom_db = min(headroom_db + _HEADROOM_STEP_DB, _MAX_LEVELER_HEADROOM_DB)
    return best.audio, {
        "input_gain_db": best.gain_db,
        "leveler_headroom_db": best.headroom_db,
        "leveler_reduction_db": best.leveler_db,
        "limiter_reduction_db": best.limiter_db,
        "evaluations": float(evaluations),
        "integrated_lufs": best.lufs,
        "true_peak_dbtp": best.peak_dbtp,
        "converged": float(abs(best.lufs - target_lufs) <= LOUDNESS_TOLERANCE_LU),
    }


@dataclass
class _Result:
    audio: np.ndarray
    lufs: float
    gain_db: float
    headroom_db: float
    leveler_db: float
    limiter_db: float
    peak_dbtp: float
    evaluations: int


def _maximize_with(
    audio: np.ndarray, sample_rate_hz: int, target_lufs: float, ceiling: float, measured_lufs: float,
    settings: dict[str, float],
    initial_gain_db: float | None = None,
) -> _Result:
    """One solve of the input gain with the stages set by ``settings``: the result closest to
    the target."""
    chain = _Chain(audio, sample_rate_hz, ceiling, settings)
    known: list[_Evaluation] = []
    linear_gain_db = target_lufs - measured_lufs
    start_db = linear_gain_db if initial_gain_db is None else initial_gain_db
    lookahead_ms, release_ms = settings["limiter_lookahead_ms"], settings["limiter_release_ms"]
    # The proxy reads a little off the whole programme; the first aim corrects for it as
    # measured on the input, later aims by what the full render missed.
    aim = target_lufs + integrated_loudness_lufs(chain.proxy_audio, sample_rate_hz) - measured_lufs
    limit_db = max(linear_gain_db, start_db) + _MAX_GAIN_OVER_LINEAR_DB
    evaluations = 0
    best: _Result | None = None
    tolerance = _FIRST_ROUND_TOLERANCE_LU
    if not chain.whole:
        # The true-peak stage costs some loudness; read how much on the proxy first.
        evaluation, evaluations = _solve(chain, aim, start_db, limit_db, known, tolerance)
        proxy_limited, _, _ = block_true_peak_limit(
            chain.proxy_render(evaluation.gain_db), sample_rate_hz, ceiling, lookahead_ms, release_ms
        )
        aim += evaluation.lufs - integrated_loudness_lufs(proxy_limited, sample_rate_hz)
        tolerance = LOUDNESS_TOLERANCE_LU / 2
    for _ in range(_MAX_ROUNDS):
        evaluation, count = _solve(chain, aim, start_db, limit_db, known, tolerance)
        evaluations += count
        rendered, leveler_db = chain.full(evaluation.gain_db)
        limited, limiter_db, peak_dbtp = block_true_peak_limit(rendered, sample_rate_hz, ceiling, lookahead_ms, release_ms)
        del rendered
        lufs = integrated_loudness_lufs(limited, sample_rate_hz)
        if best is None or abs(lufs - target_lufs) < abs(best.lufs - target_lufs):
            best = _Result(limited, lufs, evaluation.gain_db, settings["leveler_headroom_db"], leveler_db,
                           limiter_db, peak_dbtp, 0)
        if abs(lufs - target_lufs) <= LOUDNESS_TOLERANCE_LU or abs(evaluation.lufs - aim) > tolerance:
            break  # on target, or the aim is out of reach
        aim += target_lufs - lufs
        tolerance = LOUDNESS_TOLERANCE_LU / 2
    best.evaluations = evaluations
    return best
