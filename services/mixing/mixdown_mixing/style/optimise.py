"""Optimisation mode: fit the console's linear parameters to a reference's style, no weights.

The mix's spectra are quadratic forms in the linear parameters. Each track's chain output is
computed once with the plan's settings (:func:`console.process_track`); its L/R power and
cross spectra in the Bark sub-bands (:func:`features.cross_spectra`) are the data. For a
setting of the parameters, the mix's L, R and LR powers per sub-band are then, in torch:

- per track: fader² · |H_EQ(new)|² / |H_EQ(plan)|² · (the pan and width terms of
  :func:`console._mixing_terms` applied to the track's 2 x 2 spectra);
- per send: the send's power (post-fader, the channels summed as the console sums them) times
  the power transfer of the reverb or delay bus, measured once on noise through the
  production bus at the plan's settings (both are linear);
- tracks are taken as mutually uncorrelated (their cross-spectra are left out).

From these come the same mid/side Bark shapes, width and imbalance as
:func:`features.style_features`. What the model leaves out (the ducker, the compressors'
reaction to EQ, the mix bus) is taken as a constant offset: the model at the plan is compared
with the measured DSP mix and the difference is added to every prediction. Adam on the
parameters normalised along their :class:`~mixdown.params.Param` scales, projected on [0, 1],
with a Gaussian prior towards the plan (or the controller's seed). Compression, the reverb's
room and the glue stay at the plan: they are not linear, and a style check of the production
render follows anyway (:mod:`.mode`).
"""

from __future__ import annotations

import math

import numpy as np
import torch

from mixdown.dsp.pool import parallel_map
from mixdown.mixparams import BUS_PARAMS, TRACK_PARAMS
from mixdown_mixing import buses, core
from mixdown_mixing.buses import REVERB_INPUT_GAIN_DB
from mixdown_mixing.cache import RenderCache
from mixdown_mixing.plan import round_value
from mixdown_mixing.processors import corner_hz
from mixdown_mixing.style import features as ft

# The parameters fitted per track (all on linear scales), and reverb_return_db on the reverb bus.
FITTED_TRACK = ("gain_db", "pan", "width_percent", "low_shelf_gain_db", "peak1_gain_db", "peak2_gain_db",
                "peak3_gain_db", "high_shelf_gain_db", "reverb_send_db", "delay_send_db")
FIXED_ROLES: dict[str, tuple[str, ...]] = {"lead_vocal": ("pan", "width_percent")}
# aim inside the safety net's imbalance limit: the production render lands a little off the model
IMBALANCE_AIM_DB = 0.75
PRIOR_SIGMA = 0.15  # normalised units: one sigma of the prior
PRIOR_WEIGHT = 0.05
STEPS = 200
LEARNING_RATE = 0.02
NOISE_SECONDS, SETTLE_SECONDS = 8.0, 3.0
_EQ_BANDS = (("low_shelf", "low"), ("peak1", "peak"), ("peak2", "peak"), ("peak3", "peak"), ("high_shelf", "high"))
EQ_GAINS = tuple(f"{band}_gain_db" for band, _ in _EQ_BANDS)
_EQ_COLUMNS = [FITTED_TRACK.index(name) for name in EQ_GAINS]


class _Equaliser:
    """|H|² of every track's EQ (JUCE's RBJ biquads as :func:`processors._rbj_sections` designs
    them) at the sub-band centres, for band gains (tracks, 5) in dB; frequencies and Qs fixed
    at the plan's. Torch, differentiable in the gains, all tracks at once."""

    def __init__(self, sample_rate_hz: int, frequencies_hz: np.ndarray, plans: list[dict[str, float]]) -> None:
        omega = np.array([[2.0 * math.pi * corner_hz(p[f"{band}_hz"], sample_rate_hz) / sample_rate_hz
                           for band, _ in _EQ_BANDS] for p in plans])
        self.cos, self.sin = torch.tensor(np.cos(omega)), torch.tensor(np.sin(omega))
        self.q = torch.tensor([[p[f"peak{i}_q"] for i in (1, 2, 3)] for p in plans], dtype=torch.float64)
        w = 2 * np.pi * frequencies_hz / sample_rate_hz
        self.c1, self.s1 = torch.tensor(np.cos(w)), torch.tensor(np.sin(w))
        self.c2, self.s2 = torch.tensor(np.cos(2 * w)), torch.tensor(np.sin(2 * w))

    def _magnitude2(self, c: torch.Tensor) -> torch.Tensor:
        """|c0 + c1 z^-1 + c2 z^-2|² on the unit circle: (tracks, bands, 3) -> (tracks, bands, S)."""
        real = c[..., 0, None] + c[..., 1, None] * self.c1 + c[..., 2, None] * self.c2
        imaginary = c[..., 1, None] * self.s1 + c[..., 2, None] * self.s2
        return real**2 + imaginary**2

    def power(self, gains_db: torch.Tensor) -> torch.Tensor:
        a = 10.0 ** (gains_db / 40.0)
        cos, sin = self.cos, self.sin
        peak_a, peak_cos = a[:, 1:4], cos[:, 1:4]
        alpha = sin[:, 1:4] / (2.0 * self.q)
        c2 = -2.0 * peak_cos
        peak_b = torch.stack([1.0 + alpha * peak_a, c2, 1.0 - alpha * peak_a], dim=-1)
        peak_d = torch.stack([1.0 + alpha / peak_a, c2, 1.0 - alpha / peak_a], dim=-1)

        def shelf(index: int, high: bool) -> tuple[torch.Tensor, torch.Tensor]:
            g, k = a[:, index], cos[:, index]
            beta = sin[:, index] * torch.sqrt(g) * math.sqrt(2.0)
            am, ap = g - 1.0, g + 1.0
            if high:
                return (torch.stack([g * (ap + am * k + beta), -2.0 * g * (am + ap * k), g * (ap + am * k - beta)], -1),
                        torch.stack([ap - am * k + beta, 2.0 * (am - ap * k), ap - am * k - beta], -1))
            return (torch.stack([g * (ap - am * k + beta), 2.0 * g * (am - ap * k), g * (ap - am * k - beta)], -1),
                    torch.stack([ap + am * k + beta, -2.0 * (am + ap * k), ap + am * k - beta], -1))

        low_b, low_d = shelf(0, high=False)
        high_b, high_d = shelf(4, high=True)
        b = torch.cat([low_b[:, None], peak_b, high_b[:, None]], dim=1)
        d = torch.cat([low_d[:, None], peak_d, high_d[:, None]], dim=1)
        return torch.prod(self._magnitude2(b) / self._magnitude2(d), dim=1)


def _denormalise(param, u: torch.Tensor) -> torch.Tensor:
    u = u.clamp(0.0, 1.0)
    if str(param.scale) == "log":
        return param.min * (param.max / param.min) ** u
    return param.min + u * (param.max - param.min)


def _db(x: torch.Tensor) -> torch.Tensor:
    return 10.0 ** (x / 20.0)


def _bus_transfer(sample_rate_hz: int, parameters: dict[str, dict[str, float]]) -> dict[str, np.ndarray]:
    """Power transfer per sub-band of the reverb ((2, 2, S): L, R, LR) and the delay ((S,),
    its mono return feeds both sides) at the plan's settings, from seeded noise."""
    samples = round(NOISE_SECONDS * sample_rate_hz)
    settle = round(SETTLE_SECONDS * sample_rate_hz)
    noise = np.random.default_rng(0).standard_normal(samples).astype(np.float32) * np.float32(0.1)

    def bands(audio: np.ndarray) -> np.ndarray:
        frequencies, spectra = ft.cross_spectra(audio[:, settle:], sample_rate_hz)
        return ft.subband_powers(spectra, frequencies, sample_rate_hz)

    source = bands(noise[None, :])[0, 0] + 1e-30
    reverb_p, delay_p = parameters["reverb"], parameters["delay"]
    fed = np.zeros((2, samples), dtype=np.float32)
    fed[0] = noise
    wet = buses.reverb_fed(fed, sample_rate_hz, reverb_p["reverb_room_size"], reverb_p["reverb_width"],
                           reverb_p["reverb_damping"])
    echoes = buses.tempo_delay(noise[None, :].copy(), sample_rate_hz, delay_p["bpm"], delay_p["delay_note"],
                               delay_p["delay_feedback"], delay_p["delay_highcut_hz"], delay_p["delay_lowcut_hz"])
    return {"reverb": bands(wet) / source, "delay": bands(echoes)[0, 0] / source}


def _track_spectra(tracks: list[core.Track], sample_rate_hz: int, parameters: dict[str, dict[str, float]],
                   cache: RenderCache | None = None):
    """(name, role, sub-band spectra (channels, channels, S) of the chain output at its gain).
    With ``cache``, a chain the plan's render computed (a track with a ``source``) is reused."""
    prepared, length = core.prepare(tracks, sample_rate_hz)

    def one(item):
        p = parameters[item.name]
        if p["mute"] >= 0.5:
            return None
        out = core.chain_output(item, sample_rate_hz, p, cache)
        audio = out.audio if out.audio.shape[1] == length else np.pad(out.audio, ((0, 0), (0, length - out.audio.shape[1])))
        frequencies, spectra = ft.cross_spectra(audio, sample_rate_hz)
        return item.name, item.role, ft.subband_powers(spectra, frequencies, sample_rate_hz) * out.gain**2

    return [r for r in parallel_map(one, prepared, cost=lambda item: item.audio.size) if r is not None]


class _Model:
    """The mix's L, R, LR sub-band powers as a function of the fitted parameters, all tracks at
    once: per track the spectra (paa, pbb, pab) of its chain output (a mono track as two
    identical channels, which its pan law and the width leave as they are)."""

    def __init__(self, tracks, sample_rate_hz: int, parameters: dict[str, dict[str, float]],
                 cache: RenderCache | None = None) -> None:
        self.parameters = parameters
        spectra = _track_spectra(tracks, sample_rate_hz, parameters, cache)
        self.names = [name for name, _, _ in spectra]
        self.roles = {name: role for name, role, _ in spectra}
        self.mono = torch.tensor([p.shape[0] == 1 for _, _, p in spectra])
        self.p = torch.tensor(np.stack([[p[0, 0], p[0, 0], p[0, 0]] if p.shape[0] == 1 else [p[0, 0], p[1, 1], p[0, 1]]
                                        for _, _, p in spectra]))  # (tracks, 3, S)
        transfer = _bus_transfer(sample_rate_hz, parameters)
        self.reverb = torch.tensor(transfer["reverb"])
        self.delay = torch.tensor(transfer["delay"])
        _, centres = ft.bark_subbands(sample_rate_hz, np.zeros(1))
        self.eq = _Equaliser(sample_rate_hz, centres, [parameters[name] for name in self.names])
        self.plan = torch.tensor([[parameters[name][key] for key in FITTED_TRACK] for name in self.names],
                                 dtype=torch.float64)
        self.eq_plan = self.eq.power(self.plan[:, _EQ_COLUMNS])
        self.delay_return = 10.0 ** (parameters["delay"]["delay_return_db"] / 10.0)

    def powers(self, v: torch.Tensor, reverb_return_db: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(L, R, LR) sub-band powers for the track values ``v`` (tracks, FITTED_TRACK)."""
        trim_db = self.parameters["bus"]["trim_db"]
        ratio = self.eq.power(v[:, _EQ_COLUMNS]) / self.eq_plan
        fader2 = (_db(v[:, 0] + trim_db) ** 2)[:, None] * ratio  # (tracks, S)
        angle = (v[:, 1] + 1.0) * math.pi / 4.0
        root2 = math.sqrt(2.0)
        gl = torch.where(self.mono, torch.cos(angle), torch.clamp(root2 * torch.cos(angle), max=1.0))[:, None]
        gr = torch.where(self.mono, torch.sin(angle), torch.clamp(root2 * torch.sin(angle), max=1.0))[:, None]
        w = (v[:, 2] / 100.0)[:, None]
        same, opposite = (1.0 + w) / 2.0, (1.0 - w) / 2.0
        paa, pbb, pab = self.p[:, 0], self.p[:, 1], self.p[:, 2]
        left = fader2 * gl**2 * (same**2 * paa + opposite**2 * pbb + 2 * same * opposite * pab)
        right = fader2 * gr**2 * (opposite**2 * paa + same**2 * pbb + 2 * same * opposite * pab)
        cross = fader2 * gl * gr * (same * opposite * (paa + pbb) + (same**2 + opposite**2) * pab)
        summed = fader2 * (paa + pbb + 2 * pab) / 4.0
        reverb_in = (summed * (_db(v[:, 8]) ** 2)[:, None]).sum(0)
        reverb_in = reverb_in * _db(REVERB_INPUT_GAIN_DB + reverb_return_db) ** 2
        delay_in = (summed * (_db(v[:, 9]) ** 2)[:, None]).sum(0) * self.delay_return
        delayed = delay_in * self.delay
        return (left.sum(0) + reverb_in * self.reverb[0, 0] + delayed,
                right.sum(0) + reverb_in * self.reverb[1, 1] + delayed,
                cross.sum(0) + reverb_in * self.reverb[0, 1] + delayed)


def _shape_db(band_power: torch.Tensor) -> torch.Tensor:
    total = band_power.sum()
    return 10.0 * torch.log10((band_power + total * 10.0 ** (-ft.BAND_FLOOR_DB / 10.0) + 1e-30) / (total + 1e-30))


def _features(left: torch.Tensor, right: torch.Tensor, cross: torch.Tensor) -> dict[str, torch.Tensor]:
    """:func:`features.stereo_band_features` in torch."""
    mid = (left + right + 2.0 * cross) / 4.0
    side = torch.clamp((left + right - 2.0 * cross) / 4.0, min=0.0)
    bands = lambda x: x.reshape(ft.BARK_BANDS, ft.SUBBANDS_PER_BAND).sum(dim=-1)  # noqa: E731
    limit = ft.WIDTH_LIMIT_DB
    ratio = lambda a, b: torch.clamp(10.0 * torch.log10((a + 1e-30) / (b + 1e-30)), -limit, limit)  # noqa: E731
    return {"mid_band_db": _shape_db(bands(mid)), "side_band_db": _shape_db(bands(side)),
            "width_db": ratio(side.sum(), mid.sum()), "imbalance_db": ratio(left.sum(), right.sum())}


_LOSS_TERMS = (("mid_band_db", "mid_spectrum"), ("side_band_db", "side_spectrum"), ("width_db", "width"),
               ("imbalance_db", "imbalance"))


def optimise(
    tracks: list[core.Track],
    sample_rate_hz: int,
    parameters: dict[str, dict[str, float]],
    reference: ft.StyleFeatures,
    mix: ft.StyleFeatures,
    seed: dict[str, dict[str, float]] | None = None,
    frozen: dict[str, set[str]] | None = None,
    bounds: dict[str, dict[str, tuple[float, float, str]]] | None = None,
    cache: RenderCache | None = None,
) -> dict[str, dict[str, float]]:
    """The plan's ``parameters`` with the linear ones fitted to ``reference``'s features.

    ``mix`` is the DSP mix's features (measured on its production render), ``seed`` values
    to start from instead of the plan (a controller's prediction), ``frozen`` per map the
    parameters to leave alone (the user's overrides), ``cache`` the render memo the plan was made with, ``bounds`` per map and parameter the
    (low, high, why) to search within (:func:`safety.parameter_bounds`). Returns a new full parameter set."""
    model = _Model(tracks, sample_rate_hz, parameters, cache)
    frozen = frozen or {}
    roles = model.roles
    start = {k: dict(v) for k, v in parameters.items()}
    for name, values in (seed or {}).items():
        for key, value in values.items():
            if name in start and key in start[name] and key not in frozen.get(name, set()):
                start[name][key] = value
    if any(TRACK_PARAMS[key].scale != "linear" for key in FITTED_TRACK):
        raise RuntimeError("the fitted parameters are expected on linear scales")
    fitted = [(row, column) for row, name in enumerate(model.names) for column, key in enumerate(FITTED_TRACK)
              if key not in frozen.get(name, set()) and key not in FIXED_ROLES.get(roles[name], ())]
    rows = torch.tensor([r for r, _ in fitted], dtype=torch.long)
    columns = torch.tensor([c for _, c in fitted], dtype=torch.long)
    low = torch.tensor([TRACK_PARAMS[FITTED_TRACK[c]].min for _, c in fitted], dtype=torch.float64)
    span = torch.tensor([TRACK_PARAMS[FITTED_TRACK[c]].max for _, c in fitted], dtype=torch.float64) - low
    reverb_param = BUS_PARAMS["reverb"]["reverb_return_db"]
    fit_reverb = "reverb_return_db" not in frozen.get("reverb", set())
    base = torch.tensor([[start[name][key] for key in FITTED_TRACK] for name in model.names], dtype=torch.float64)
    plan_u = torch.cat([(model.plan[rows, columns] - low) / span,
                        torch.tensor([reverb_param.normalise(parameters["reverb"]["reverb_return_db"])])])
    start_u = torch.cat([(base[rows, columns] - low) / span,
                         torch.tensor([reverb_param.normalise(start["reverb"]["reverb_return_db"])])])
    bounds = bounds or {}

    def limits(target: str, key: str, param) -> tuple[float, float]:
        low_value, high_value, _ = bounds.get(target, {}).get(key, (param.min, param.max, ""))
        return param.normalise(low_value), param.normalise(high_value)

    box = [limits(model.names[r], FITTED_TRACK[c], TRACK_PARAMS[FITTED_TRACK[c]]) for r, c in fitted]
    box.append(limits("reverb", "reverb_return_db", reverb_param))
    lower = torch.tensor([b[0] for b in box], dtype=torch.float64)
    upper = torch.maximum(torch.tensor([b[1] for b in box], dtype=torch.float64), lower)
    u = torch.minimum(torch.maximum(start_u, lower), upper).clone().requires_grad_(True)
    mask = torch.ones_like(plan_u)
    mask[-1] = 1.0 if fit_reverb else 0.0

    def values_of(vector: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        v = base.index_put((rows, columns), low + vector[:-1] * span)
        reverb = reverb_param.min + (plan_u[-1] + mask[-1] * (vector[-1] - plan_u[-1])) * (reverb_param.max - reverb_param.min)
        return v, reverb

    with torch.no_grad():
        at_plan = _features(*model.powers(model.plan, torch.tensor(parameters["reverb"]["reverb_return_db"])))
    measured = {"mid_band_db": mix.mid_band_db, "side_band_db": mix.side_band_db, "width_db": mix.width_db,
                "imbalance_db": mix.imbalance_db}
    target = {key: torch.as_tensor(np.asarray(getattr(reference, key), dtype=np.float64))
              - (torch.as_tensor(np.asarray(measured[key], dtype=np.float64)) - at_plan[key]) for key, _ in _LOSS_TERMS}
    # the safety net's |imbalance| <= 1 dB: aim inside it, with a margin, whatever the reference does
    target["imbalance_db"] = target["imbalance_db"] + (
        torch.clamp(torch.as_tensor(reference.imbalance_db), -IMBALANCE_AIM_DB, IMBALANCE_AIM_DB)
        - reference.imbalance_db)

    # Adam, written out (torch.optim would import torch's compiler stack, seconds on a cold worker)
    first, second = torch.zeros_like(u), torch.zeros_like(u)
    for step in range(1, STEPS + 1):
        predicted = _features(*model.powers(*values_of(u)))
        loss = sum(ft.WEIGHTS[name] * torch.mean(((predicted[key] - target[key]) / ft.TOLERANCES[name]) ** 2)
                   for key, name in _LOSS_TERMS)
        loss = loss + PRIOR_WEIGHT * torch.sum((mask * (u - plan_u) / PRIOR_SIGMA) ** 2)
        (gradient,) = torch.autograd.grad(loss, [u])
        with torch.no_grad():
            first.mul_(0.9).add_(gradient, alpha=0.1)
            second.mul_(0.999).addcmul_(gradient, gradient, value=0.001)
            corrected = first / (1.0 - 0.9**step)
            scale = torch.sqrt(second / (1.0 - 0.999**step)) + 1e-8
            u.sub_(LEARNING_RATE * corrected / scale)
            u.copy_(torch.minimum(torch.maximum(u, lower), upper))

    result = {k: dict(v) for k, v in start.items()}
    final = u.detach()
    for index, (row, column) in enumerate(fitted):
        param = TRACK_PARAMS[FITTED_TRACK[column]]
        result[model.names[row]][param.name] = round_value(param.denormalise(float(final[index])))
    if fit_reverb:
        result["reverb"]["reverb_return_db"] = round_value(reverb_param.denormalise(float(final[-1])))
    return result
