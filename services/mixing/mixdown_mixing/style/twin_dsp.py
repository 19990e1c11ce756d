"""Differentiable ports of the console's processors, in torch: pure functions on (channels,
samples) tensors, for the style search only (every delivered mix is rendered by the production
console).

- **Filters** (the high-pass's two first-order sections, the RBJ EQ biquads, the ducker's
  band): each section's frequency response is evaluated on an FFT grid from its coefficients
  and the signal is filtered by multiplication, zero-padded by :data:`FILTER_TAIL_SECONDS` so
  that the IIR tails do not wrap around. Coefficients follow JUCE's designs (as
  :func:`mixdown_mixing.processors._rbj_sections` does), so the response is exact and the
  gradient reaches every gain and frequency.
- **Compressor** (JUCE's ``dsp::Compressor`` under ``pb.Compressor``): per-channel peak
  ballistics ``env[n] = |x[n]| + c (env[n-1] - |x[n]|)`` with ``c = exp(-2 pi 1000 / (fs
  t_ms))`` of the attack when ``|x[n]| > env[n-1]``, of the release otherwise; gain ``(env /
  T) ** (1 / R - 1)`` above the threshold T. The forward envelope is read from pedalboard
  itself (exact, native speed, :func:`peak_envelope`); the backward pass freezes the
  attack/release mask of the forward pass and differentiates the linear recurrence it leaves
  (:func:`linear_recurrence`, a vectorised blocked scan, no per-sample Python loop).
- **Linear buses** (reverb, delay) are convolutions with impulse responses captured through
  the production code (:mod:`.twin`), by FFT.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pedalboard as pb
import torch

from mixdown.params import Param, Scale
from mixdown_mixing.processors import MAX_CORNER_RATIO

FILTER_TAIL_SECONDS = 0.25
# pb.Compressor read as an envelope meter: at this threshold and ratio 2 its gain is
# (env / T) ** -0.5, so env = T (x / y) ** 2 wherever x is not 0 (float32 keeps 1e-6 of it).
_PROBE_THRESHOLD_DB = -180.0
_PROBE_RATIO = 2.0
_SCAN_BLOCK = 128


# ---------------------------------------------------------------------------------------------
# Parameters: [0, 1] <-> value along each Param's scale, in torch
# ---------------------------------------------------------------------------------------------


def denormalise(param: Param, unit: torch.Tensor) -> torch.Tensor:
    """:meth:`Param.denormalise` in torch: ``unit`` (clamped to [0, 1]) to the parameter's range
    along its scale (linear, or log: equal steps are equal ratios)."""
    u = unit.clamp(0.0, 1.0)
    if param.scale is Scale.LOG:
        return param.min * (param.max / param.min) ** u
    return param.min + u * (param.max - param.min)


def normalise(param: Param, value: float) -> float:
    """:meth:`Param.normalise`, the inverse of :func:`denormalise` (as a float)."""
    return param.normalise(value)


def db_to_gain(value_db: torch.Tensor | float) -> torch.Tensor:
    return 10.0 ** (torch.as_tensor(value_db, dtype=torch.float64) / 20.0)


def scalar(value: torch.Tensor | float) -> float:
    """A parameter's value as a float (no gradient): for the choices the console makes by value."""
    return float(value.detach()) if isinstance(value, torch.Tensor) else float(value)


# ---------------------------------------------------------------------------------------------
# Filters by frequency response
# ---------------------------------------------------------------------------------------------


def fft_size(samples: int, sample_rate_hz: int, tail_samples: int | None = None) -> int:
    """A power of two at least ``samples`` plus the filter tail (or ``tail_samples``)."""
    tail = round(FILTER_TAIL_SECONDS * sample_rate_hz) if tail_samples is None else tail_samples
    return 1 << math.ceil(math.log2(samples + tail))


def _corner(frequency_hz: torch.Tensor | float, sample_rate_hz: int) -> torch.Tensor:
    return torch.clamp(torch.as_tensor(frequency_hz, dtype=torch.float64), max=MAX_CORNER_RATIO * sample_rate_hz)


def highpass_sections(sample_rate_hz: int, cutoff_hz: float) -> torch.Tensor:
    """The two first-order sections of :func:`processors.highpass_plugins` as biquads (2, 6):
    JUCE's first-order high-pass ``(1 - z^-1) / ((n + 1) + (n - 1) z^-1)``, n = tan(pi f / fs),
    at the prewarped section frequency that puts -3 dB at ``cutoff_hz``."""
    corner = min(cutoff_hz, MAX_CORNER_RATIO * sample_rate_hz)
    warp = math.sqrt(1.0 + math.sqrt(2.0))
    n = math.tan(math.pi * corner / sample_rate_hz) / warp
    section = [1.0, -1.0, 0.0, n + 1.0, n - 1.0, 0.0]
    return torch.tensor([section, section], dtype=torch.float64)


def eq_sections(sample_rate_hz: int, bands: dict[str, torch.Tensor | float]) -> torch.Tensor:
    """The EQ's five RBJ biquads (low shelf, three peaks, high shelf) as JUCE designs them,
    (5, 6) of (b0, b1, b2, a0, a1, a2): :func:`processors._rbj_sections` in torch. A band at
    0 dB is the identity, so every band is present and its gain has a gradient."""

    def t(name: str) -> torch.Tensor:
        return torch.as_tensor(bands[name], dtype=torch.float64)

    def shelf(frequency_hz: torch.Tensor, gain_db: torch.Tensor, high: bool) -> torch.Tensor:
        a = torch.sqrt(db_to_gain(gain_db))
        omega = 2.0 * math.pi * _corner(frequency_hz, sample_rate_hz) / sample_rate_hz
        cos, beta = torch.cos(omega), torch.sin(omega) * torch.sqrt(a) * math.sqrt(2.0)
        am, ap = a - 1.0, a + 1.0
        if high:
            return torch.stack([a * (ap + am * cos + beta), -2.0 * a * (am + ap * cos), a * (ap + am * cos - beta),
                                ap - am * cos + beta, 2.0 * (am - ap * cos), ap - am * cos - beta])
        return torch.stack([a * (ap - am * cos + beta), 2.0 * a * (am - ap * cos), a * (ap - am * cos - beta),
                            ap + am * cos + beta, -2.0 * (am + ap * cos), ap + am * cos - beta])

    def peak(index: int) -> torch.Tensor:
        a = torch.sqrt(db_to_gain(t(f"peak{index}_gain_db")))
        omega = 2.0 * math.pi * _corner(t(f"peak{index}_hz"), sample_rate_hz) / sample_rate_hz
        alpha = torch.sin(omega) / (2.0 * t(f"peak{index}_q"))
        c2 = -2.0 * torch.cos(omega)
        return torch.stack([1.0 + alpha * a, c2, 1.0 - alpha * a, 1.0 + alpha / a, c2, 1.0 - alpha / a])

    return torch.stack([shelf(t("low_shelf_hz"), t("low_shelf_gain_db"), high=False), peak(1), peak(2), peak(3),
                        shelf(t("high_shelf_hz"), t("high_shelf_gain_db"), high=True)])


def band_sections(sos: np.ndarray) -> torch.Tensor:
    """scipy second-order sections (rows b0 b1 b2 1 a1 a2) as biquads (sections, 6)."""
    return torch.as_tensor(np.asarray(sos, dtype=np.float64))


@lru_cache(maxsize=16)
def _unit_circle(size: int, sample_rate_hz: int, device: str = "cpu") -> tuple[torch.Tensor, ...]:
    """cos and sin of omega and 2 omega on the rfft grid of ``size`` points."""
    omega = 2.0 * math.pi * torch.fft.rfftfreq(size, 1.0 / sample_rate_hz, dtype=torch.float64,
                                               device=device) / sample_rate_hz
    return torch.cos(omega), torch.sin(omega), torch.cos(2.0 * omega), torch.sin(2.0 * omega)


def _response_at(sections: torch.Tensor, cos1: torch.Tensor, sin1: torch.Tensor, cos2: torch.Tensor,
                 sin2: torch.Tensor) -> torch.Tensor:
    """The cascade's complex response from the cos/sin of omega and 2 omega, in real arithmetic
    (each section's numerator and denominator, the products accumulated, one division)."""
    num_re, num_im = torch.ones_like(cos1), torch.zeros_like(cos1)
    den_re, den_im = torch.ones_like(cos1), torch.zeros_like(cos1)
    for row in sections:
        b0, b1, b2, a0, a1, a2 = row.unbind()
        nr, ni = b0 + b1 * cos1 + b2 * cos2, -(b1 * sin1 + b2 * sin2)
        dr, di = a0 + a1 * cos1 + a2 * cos2, -(a1 * sin1 + a2 * sin2)
        num_re, num_im = num_re * nr - num_im * ni, num_re * ni + num_im * nr
        den_re, den_im = den_re * dr - den_im * di, den_re * di + den_im * dr
    power = den_re * den_re + den_im * den_im
    return torch.complex((num_re * den_re + num_im * den_im) / power, (num_im * den_re - num_re * den_im) / power)


def response(sections: torch.Tensor, frequencies_hz: torch.Tensor, sample_rate_hz: int) -> torch.Tensor:
    """Complex response of the cascade of biquads ``sections`` (k, 6) at ``frequencies_hz``."""
    omega = 2.0 * math.pi * frequencies_hz.to(torch.float64) / sample_rate_hz
    return _response_at(sections, torch.cos(omega), torch.sin(omega), torch.cos(2.0 * omega), torch.sin(2.0 * omega))


def response_db(sections: torch.Tensor, frequencies_hz: torch.Tensor, sample_rate_hz: int) -> torch.Tensor:
    return 20.0 * torch.log10(response(sections, frequencies_hz, sample_rate_hz).abs().clamp_min(1e-12))


def grid_response(sections: torch.Tensor, size: int, sample_rate_hz: int,
                  device: torch.device | str = "cpu") -> torch.Tensor:
    """:func:`response` on the rfft grid of ``size`` points, computed on ``device``."""
    return _response_at(sections.to(device), *_unit_circle(size, sample_rate_hz, str(device)))


def filtered(x: torch.Tensor, transfer: torch.Tensor, size: int) -> torch.Tensor:
    """``x`` (..., samples) filtered by the rfft-grid response ``transfer`` of an ``size``-point
    FFT (zero-padded: a linear, causal filter while its tail fits the padding)."""
    spectrum = torch.fft.rfft(x, n=size)
    transfer = transfer.to(device=spectrum.device, dtype=spectrum.dtype)
    return torch.fft.irfft(spectrum * transfer, n=size)[..., : x.shape[-1]].to(x.dtype)


def convolve(x: torch.Tensor, impulse_response: torch.Tensor) -> torch.Tensor:
    """Linear convolution of ``x`` (..., samples) with ``impulse_response`` (..., taps), cut to
    the length of ``x`` (as a bus's output is)."""
    samples = x.shape[-1]
    size = 1 << math.ceil(math.log2(samples + impulse_response.shape[-1]))
    out = torch.fft.irfft(torch.fft.rfft(x, n=size) * torch.fft.rfft(impulse_response, n=size), n=size)
    return out[..., :samples]


# ---------------------------------------------------------------------------------------------
# Compressor
# ---------------------------------------------------------------------------------------------


def ballistics_coefficient(sample_rate_hz: int, time_ms: float) -> float:
    """JUCE's BallisticsFilter coefficient: exp(-2 pi 1000 / (fs t_ms)), 0 under 1 us."""
    return 0.0 if time_ms < 1e-3 else math.exp(-2.0 * math.pi * 1000.0 / (sample_rate_hz * time_ms))


def linear_recurrence(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """y[n] = a[n] y[n-1] + b[n] along the last axis, y[-1] = 0, in float64.

    A blocked scan: each block of :data:`_SCAN_BLOCK` samples is run from a zero start (a loop
    over the block's positions, vectorised across blocks) together with the product of its
    coefficients, then the block ends are carried by the same recurrence one level up."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    samples = a.shape[-1]
    if samples <= _SCAN_BLOCK:
        y = np.empty_like(b)
        previous = np.zeros(b.shape[:-1])
        for n in range(samples):
            previous = a[..., n] * previous + b[..., n]
            y[..., n] = previous
        return y
    blocks = -(-samples // _SCAN_BLOCK)
    pad = blocks * _SCAN_BLOCK - samples
    shape = (*a.shape[:-1], blocks, _SCAN_BLOCK)
    ab = np.concatenate([a, np.ones((*a.shape[:-1], pad))], axis=-1).reshape(shape)
    bb = np.concatenate([b, np.zeros((*b.shape[:-1], pad))], axis=-1).reshape(shape)
    y, product = np.empty(shape), np.empty(shape)
    y[..., 0], product[..., 0] = bb[..., 0], ab[..., 0]
    for n in range(1, _SCAN_BLOCK):
        y[..., n] = ab[..., n] * y[..., n - 1] + bb[..., n]
        product[..., n] = ab[..., n] * product[..., n - 1]
    ends = linear_recurrence(product[..., -1], y[..., -1])  # each block's true final value
    carry = np.concatenate([np.zeros((*ends.shape[:-1], 1)), ends[..., :-1]], axis=-1)
    y += product * carry[..., None]
    return y.reshape(*a.shape[:-1], blocks * _SCAN_BLOCK)[..., :samples]


def peak_envelope(x: np.ndarray, sample_rate_hz: int, attack_ms: float, release_ms: float) -> np.ndarray:
    """The peak envelope of JUCE's compressor for ``x`` (channels, samples), float64, read from
    pb.Compressor itself (see :data:`_PROBE_THRESHOLD_DB`); where x is 0 it is the release
    decay of the value before."""
    x32 = np.ascontiguousarray(x, dtype=np.float32)
    probe = pb.Compressor(threshold_db=_PROBE_THRESHOLD_DB, ratio=_PROBE_RATIO, attack_ms=attack_ms,
                          release_ms=release_ms)
    y = probe(x32, sample_rate_hz).astype(np.float64)
    known = (x32 != 0.0) & (y != 0.0)
    threshold = 10.0 ** (_PROBE_THRESHOLD_DB / 20.0)
    ratio = np.divide(x32, y, out=np.ones_like(y), where=known)
    measured = threshold * ratio * ratio
    if known.all():
        return measured
    release = ballistics_coefficient(sample_rate_hz, release_ms)
    return linear_recurrence(np.where(known, 0.0, release), np.where(known, measured, 0.0))


class _PeakEnvelope(torch.autograd.Function):
    """env(x) exact forward (:func:`peak_envelope`); backward through the linear recurrence
    env[n] = a[n] env[n-1] + (1 - a[n]) |x[n]| with the forward pass's attack/release mask."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, sample_rate_hz: int, attack_ms: float, release_ms: float) -> torch.Tensor:
        values = x.detach().cpu().numpy()
        env = peak_envelope(values, sample_rate_hz, attack_ms, release_ms)
        previous = np.concatenate([np.zeros((*env.shape[:-1], 1)), env[..., :-1]], axis=-1)
        attack, release = (ballistics_coefficient(sample_rate_hz, t) for t in (attack_ms, release_ms))
        ctx.coefficients = np.where(np.abs(values.astype(np.float32)) > previous, attack, release)
        ctx.sign = np.sign(values)
        return torch.as_tensor(env, dtype=x.dtype, device=x.device)

    @staticmethod
    def backward(ctx, grad_env: torch.Tensor):  # type: ignore[override]
        a = ctx.coefficients
        g = grad_env.detach().cpu().numpy().astype(np.float64)
        # adjoint: lam[n] = g[n] + a[n+1] lam[n+1], run backwards in time
        shifted = np.concatenate([np.zeros((*a.shape[:-1], 1)), a[..., :0:-1]], axis=-1)
        lam = linear_recurrence(shifted, g[..., ::-1])[..., ::-1]
        grad_x = ctx.sign * (1.0 - a) * lam
        return torch.as_tensor(grad_x, dtype=grad_env.dtype, device=grad_env.device), None, None, None


def compressor_gain(env: torch.Tensor, threshold_db: torch.Tensor | float,
                    ratio: torch.Tensor | float) -> torch.Tensor:
    """JUCE's hard-knee gain: 1 under the threshold, (env / T) ** (1 / R - 1) above."""
    threshold = db_to_gain(threshold_db).to(env.dtype)
    exponent = (1.0 / torch.as_tensor(ratio, dtype=torch.float64) - 1.0).to(env.dtype)
    threshold, exponent = threshold.to(env.device), exponent.to(env.device)
    return (env / threshold).clamp_min(1.0) ** exponent


def compressor(
    x: torch.Tensor, sample_rate_hz: int, threshold_db: torch.Tensor | float, ratio: torch.Tensor | float,
    attack_ms: float, release_ms: float,
) -> torch.Tensor:
    """pb.Compressor (JUCE, per channel, hard knee) on ``x`` (channels, samples); the attack
    and release are fixed (not differentiable), the threshold, the ratio and the input are."""
    env = _PeakEnvelope.apply(x, sample_rate_hz, float(attack_ms), float(release_ms))
    return x * compressor_gain(env, threshold_db, ratio)
