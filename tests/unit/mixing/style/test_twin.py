"""Fidelity of the console's differentiable twin against the production console (pedalboard),
at seeded random settings, with the tolerances of the design note: EQ within 0.05 dB, the
linear chain nulls below -60 dB, the compressor within 0.1 dB; and its gradients."""

from __future__ import annotations

import copy
import math

import numpy as np
import pedalboard as pb
import pytest
import torch

from mixdown.mixparams import TRACK_PARAMS
from mixdown_dev.examples import beat, vocal_like
from mixdown_mixing import processors as fx
from mixdown_mixing.core import Track, mix, render
from mixdown_mixing.style import space
from mixdown_mixing.style import twin as tw
from mixdown_mixing.style import twin_dsp as dsp
from tests.audio_helpers import sine

SECONDS = 2.0
RATE_HZ = 44100
EQ_BANDS = ("low_shelf", "peak1", "peak2", "peak3", "high_shelf")


def null_db(twin_audio: np.ndarray, production: np.ndarray) -> float:
    """Energy of the difference relative to the production render, in dB."""
    difference = np.sum((twin_audio.astype(np.float64) - production) ** 2)
    return 10.0 * math.log10(difference / np.sum(production.astype(np.float64) ** 2) + 1e-30)


def random_bands(rng: np.random.Generator) -> dict[str, float]:
    bands: dict[str, float] = {}
    for band in EQ_BANDS:
        hz = TRACK_PARAMS[f"{band}_hz"]
        bands[f"{band}_hz"] = hz.denormalise(rng.uniform())
        bands[f"{band}_gain_db"] = float(rng.uniform(-12.0, 12.0))
        if band.startswith("peak"):
            bands[f"{band}_q"] = float(rng.uniform(0.3, 4.0))
    return bands


@pytest.fixture(scope="module")
def song() -> tuple[list[Track], dict[str, dict[str, float]]]:
    tracks = [Track("vox", "lead_vocal", vocal_like(SECONDS, RATE_HZ)), Track("beat", "drums", beat(SECONDS, RATE_HZ)),
              Track("keys", "keys", beat(SECONDS, RATE_HZ, seed=3)[:1])]
    return tracks, mix(tracks, RATE_HZ, bpm=90.0).parameters


def randomised(parameters: dict[str, dict[str, float]], seed: int, linear: bool) -> dict[str, dict[str, float]]:
    """The plan with every style parameter moved at random within the design note's trust
    region; ``linear`` also switches off every non-linear stage (compressors, de-esser,
    saturation) and keeps the limiter out (trim -20 dB)."""
    rng = np.random.default_rng(seed)
    p = copy.deepcopy(parameters)
    for name in p:
        if name in ("reverb", "delay", "bus"):
            continue
        values = p[name]
        values["gain_db"] += rng.uniform(-6.0, 6.0)
        if name != "vox":  # the lead vocal stays mono and centred
            values["pan"] = float(rng.uniform(-1.0, 1.0))
            values["width_percent"] = float(rng.uniform(0.0, 150.0))
        for band in EQ_BANDS:
            values[f"{band}_gain_db"] = float(np.clip(values[f"{band}_gain_db"] + rng.uniform(-6.0, 6.0), -18, 18))
        values["reverb_send_db"] = float(rng.uniform(-30.0, -6.0))
        values["delay_send_db"] = float(rng.uniform(-30.0, -6.0))
        values["duck_amount"] = float(rng.uniform(0.0, 1.0)) if name != "vox" else 0.0
        values["comp_threshold_db"] = float(rng.uniform(-30.0, -10.0))
        values["comp_ratio"] = 1.0 if linear else float(rng.uniform(1.5, 8.0))
        if linear:
            values["deess_reduction_db"], values["sat_mix"] = 0.0, 0.0
    p["reverb"]["reverb_room_size"] = float(rng.uniform(0.2, 0.9))
    p["reverb"]["reverb_return_db"] = float(rng.uniform(-6.0, 3.0))
    p["bus"]["trim_db"] = -20.0 if linear else -12.0
    p["bus"]["glue_ratio"] = 1.0 if linear else float(rng.uniform(1.5, 4.0))
    p["bus"]["glue_threshold_db"] = float(rng.uniform(-40.0, -25.0))
    return p


# ---------------------------------------------------------------------------------------------
# Processors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_eq_matches_production_response_and_pedalboard_sines_within_0_05_db(sample_rate_hz, seed):
    bands = random_bands(np.random.default_rng(seed))
    frequencies_hz = np.geomspace(25.0, 0.45 * sample_rate_hz, 200)
    ours = dsp.response_db(dsp.eq_sections(sample_rate_hz, bands), torch.tensor(frequencies_hz), sample_rate_hz)
    production = fx.eq_response_db(sample_rate_hz, frequencies_hz, **bands)
    assert np.max(np.abs(ours.numpy() - production)) < 0.05
    plugins = fx.eq_plugins(sample_rate_hz, **bands)
    for frequency_hz in (60.0, 250.0, 1000.0, 3500.0, 12000.0):
        x = sine(frequency_hz, -12.0, 1.0, sample_rate_hz, fade_seconds=0.0)
        y = fx.run_plugins(x, sample_rate_hz, plugins)
        half = x.shape[1] // 2
        measured_db = 10.0 * math.log10(np.mean(y[0, half:].astype(np.float64) ** 2) / np.mean(x[0, half:] ** 2))
        expected = dsp.response_db(dsp.eq_sections(sample_rate_hz, bands), torch.tensor([frequency_hz]), sample_rate_hz)
        assert abs(measured_db - expected.item()) < 0.05, frequency_hz


@pytest.mark.parametrize("sample_rate_hz", [22050, 48000])
@pytest.mark.parametrize("channels", [1, 2])
@pytest.mark.parametrize("seed", [0, 1])
def test_compressor_gain_reduction_matches_pedalboard_within_0_1_db(sample_rate_hz, channels, seed):
    """A tone stepping through levels (quiet, loud, medium, loud) and noise, through random settings."""
    rng = np.random.default_rng(seed)
    threshold_db, ratio = float(rng.uniform(-40.0, -6.0)), float(rng.uniform(1.5, 20.0))
    attack_ms, release_ms = float(rng.uniform(0.5, 50.0)), float(rng.uniform(20.0, 500.0))
    t = np.arange(2 * sample_rate_hz) / sample_rate_hz
    levels_db = np.repeat([-40.0, -3.0, -20.0, -6.0], t.size // 4)
    tone = np.sin(2 * np.pi * 220.0 * t) * 10 ** (levels_db / 20)
    x = np.stack([tone, 0.1 * rng.standard_normal(t.size)][:channels]).astype(np.float32)
    production = pb.Compressor(threshold_db=threshold_db, ratio=ratio, attack_ms=attack_ms, release_ms=release_ms)(
        x, sample_rate_hz)
    ours = dsp.compressor(torch.tensor(x), sample_rate_hz, threshold_db, ratio, attack_ms, release_ms).numpy()
    loud = np.abs(x) > 1e-3  # where a gain can be read from the ratio of samples
    reduction_prod = 20 * np.log10(np.abs(production[loud]) / np.abs(x[loud]))
    reduction_ours = 20 * np.log10(np.abs(ours[loud]) / np.abs(x[loud]))
    assert reduction_prod.min() < -3.0  # it did compress
    assert np.max(np.abs(reduction_ours - reduction_prod)) < 0.1


def test_linear_recurrence_equals_the_sample_loop():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(0.0, 1.0, (2, 40_000)), rng.standard_normal((2, 40_000))
    expected, previous = np.empty_like(b), np.zeros(2)
    for n in range(b.shape[1]):
        previous = a[:, n] * previous + b[:, n]
        expected[:, n] = previous
    assert np.max(np.abs(dsp.linear_recurrence(a, b) - expected)) < 1e-12


def test_compressor_gradient_matches_a_finite_difference():
    """d loss / d input gain through the compressor (frozen attack/release mask) against a
    central difference of the exact forward."""
    rng = np.random.default_rng(4)
    x = torch.tensor((0.3 * rng.standard_normal((2, 20_000))).astype(np.float32), dtype=torch.float64)
    weights = torch.tensor(rng.standard_normal((2, 20_000)))

    def loss(scale: torch.Tensor) -> torch.Tensor:
        return (dsp.compressor(x * scale, RATE_HZ, -20.0, 4.0, 5.0, 80.0) * weights).sum()

    scale = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    loss(scale).backward()
    step = 1e-3
    finite = (loss(torch.tensor(1.0 + step)) - loss(torch.tensor(1.0 - step))).item() / (2 * step)
    assert scale.grad is not None
    assert scale.grad.item() == pytest.approx(finite, rel=0.05)


def test_denormalise_is_the_params_scale_for_every_style_parameter():
    params = {**space.track_params(), **{n: p for bus in space.bus_params().values() for n, p in bus.items()}}
    for param in params.values():
        for unit in (0.0, 0.25, 0.6, 1.0):
            assert dsp.denormalise(param, torch.tensor(unit, dtype=torch.float64)).item() == pytest.approx(
                param.denormalise(unit), rel=1e-9, abs=1e-9)


# ---------------------------------------------------------------------------------------------
# The whole console
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1])
def test_linear_chain_nulls_against_the_production_render_below_60_db(song, seed):
    """Gains, high-pass, EQ, pan, width, sends, the reverb and delay (captured IRs) and the
    ducker (frozen key curve), every compressor off, the limiter untouched."""
    tracks, plan = song
    parameters = randomised(plan, seed, linear=True)
    production = render(tracks, RATE_HZ, parameters)
    twin = tw.freeze(tracks, RATE_HZ, parameters)
    ours = tw.render_mix(twin, parameters).numpy()
    assert null_db(ours, production) < -60.0


def test_full_chain_nulls_against_the_production_render(song):
    """Compressors, de-esser, saturation and glue as well (frozen at the same settings)."""
    tracks, plan = song
    parameters = randomised(plan, 7, linear=False)
    production = render(tracks, RATE_HZ, parameters)
    ours = tw.render_mix(tw.freeze(tracks, RATE_HZ, parameters), parameters).numpy()
    assert null_db(ours, production) < -60.0


def test_style_parameters_round_trip_through_units(song):
    _, plan = song
    units = tw.style_units(plan)
    back = tw.to_parameters(tw.resolved(plan, units))
    assert set(units["vox"]) == set(space.TRACK_STYLE_PARAMETERS)
    assert set(units) == {"vox", "beat", "keys", *space.BUS_STYLE_PARAMETERS}
    for map_name, values in plan.items():
        for name, value in values.items():
            assert back[map_name][name] == pytest.approx(value, rel=1e-9, abs=1e-9)


def test_gradient_of_fader_and_eq_gain_points_to_the_target_and_matches_finite_difference(song):
    """The twin's mix is pulled towards a target made with the vocal 3 dB louder and its
    presence band 4 dB up: each gradient has the sign that moves towards it and equals a
    central difference."""
    tracks, plan = song
    twin = tw.freeze(tracks, RATE_HZ, plan)
    target_parameters = copy.deepcopy(plan)
    target_parameters["vox"]["gain_db"] += 3.0
    target_parameters["vox"]["peak3_gain_db"] += 4.0
    target = tw.render_mix(twin, target_parameters).detach()

    def loss(units: dict[str, dict[str, torch.Tensor]]) -> torch.Tensor:
        return torch.mean((tw.render_mix(twin, tw.resolved(plan, units)) - target) ** 2)

    units = tw.style_units(plan)
    loss(units).backward()
    step = 1e-3
    for name in ("gain_db", "peak3_gain_db"):
        gradient = units["vox"][name].grad
        assert gradient is not None and gradient.item() < 0.0, name  # raising it lowers the loss
        moved = {m: {n: u.detach() for n, u in named.items()} for m, named in units.items()}
        base = moved["vox"][name].item()
        moved["vox"][name] = torch.tensor(base + step, dtype=torch.float64)
        up = loss(moved).item()
        moved["vox"][name] = torch.tensor(base - step, dtype=torch.float64)
        down = loss(moved).item()
        assert gradient.item() == pytest.approx((up - down) / (2 * step), rel=0.05), name


def test_a_send_at_its_floor_is_off_yet_has_the_gradient_that_opens_it(song):
    """At -60 dB a send is off, as in the console; its gradient is that of the open send, so a
    search pulled towards a mix with the send at -40 dB opens it."""
    tracks, plan = song
    parameters = randomised(plan, 5, linear=True)
    parameters["beat"]["reverb_send_db"] = TRACK_PARAMS["reverb_send_db"].min
    twin = tw.freeze(tracks, RATE_HZ, parameters)
    off = tw.render_mix(twin, parameters)
    assert null_db(off.numpy(), render(tracks, RATE_HZ, parameters)) < -60.0
    target = tw.render_mix(twin, {**parameters, "beat": {**parameters["beat"], "reverb_send_db": -40.0}})
    units = tw.style_units(parameters)
    torch.mean((tw.render_mix(twin, tw.resolved(parameters, units)) - target) ** 2).backward()
    gradient = units["beat"]["reverb_send_db"].grad
    assert gradient is not None and gradient.item() < 0.0


def test_room_size_gradient_follows_the_production_reverb(song):
    """The reverb's first-order change in room size (captured at freeze) against a central
    difference of production renders."""
    tracks, plan = song
    parameters = randomised(plan, 3, linear=True)
    twin = tw.freeze(tracks, RATE_HZ, parameters)
    units = tw.style_units(parameters)
    energy = torch.sum(tw.render_mix(twin, tw.resolved(parameters, units)).double() ** 2)
    energy.backward()
    room = parameters["reverb"]["reverb_room_size"]
    step = 0.02

    def production_energy(room_size: float) -> float:
        moved = copy.deepcopy(parameters)
        moved["reverb"]["reverb_room_size"] = room_size
        return float(np.sum(render(tracks, RATE_HZ, moved).astype(np.float64) ** 2))

    finite = (production_energy(room + step) - production_energy(room - step)) / (2 * step)
    gradient = units["reverb"]["reverb_room_size"].grad  # the range is [0, 1]: per unit is per room size
    assert gradient is not None
    assert gradient.item() == pytest.approx(finite, rel=0.2)
