"""The style mode end to end on generated material: closer to a reference than the DSP mix,
the DSP mix bit for bit at style_amount 0, bad references refused, the safety net held."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from scipy.signal import resample_poly

from mixdown.errors import InvalidInput
from mixdown_dev.examples import beat, vocal_like
from mixdown_mixing import core
from mixdown_mixing.style import features as ft
from mixdown_mixing.style.mode import style_mix
from mixdown_mixing.style.safety import NEAR_CENTRE_PAN, apply_safety_net, parameter_bounds

RATE = 44100
SECONDS = 8.0


@pytest.fixture(scope="module")
def tracks() -> list[core.Track]:
    return [core.Track("vocal", "lead_vocal", vocal_like(SECONDS, RATE)),
            core.Track("beat", "instrumental", beat(SECONDS, RATE))]


@pytest.fixture(scope="module")
def dsp(tracks: list[core.Track]) -> core.MixResult:
    return core.mix(tracks, RATE)


def _hidden(plan: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Other settings of the same console: a darker, wetter vocal, a narrower beat with less low end."""
    hidden = copy.deepcopy(plan)
    hidden["vocal"].update(gain_db=plan["vocal"]["gain_db"] - 2.0, high_shelf_gain_db=plan["vocal"]["high_shelf_gain_db"] - 4.0,
                           peak2_gain_db=3.0, reverb_send_db=plan["vocal"]["reverb_send_db"] + 5.0)
    hidden["beat"].update(width_percent=70.0, low_shelf_gain_db=plan["beat"]["low_shelf_gain_db"] - 4.0,
                          peak1_gain_db=plan["beat"]["peak1_gain_db"] - 3.0)
    return hidden


@pytest.fixture(scope="module")
def reference(tracks: list[core.Track], dsp: core.MixResult) -> np.ndarray:
    return core.render(tracks, RATE, _hidden(dsp.parameters))


def test_style_mix_is_closer_to_the_reference_than_the_dsp_mix(tracks, dsp, reference) -> None:
    # the reference arrives at 48 kHz: it is resampled to the mix rate
    at_48k = resample_poly(reference, 160, 147, axis=1).astype(np.float32)
    result, report = style_mix(tracks, RATE, at_48k, 48000, reference_name="ref.wav")
    # the search starts from the plan and from the shipped controller's seed; the report names the closer
    assert report.mode in ("optimisation", "controller+optimisation") and report.fallback_reason is None
    assert report.distance_delivered["total"] < 0.5 * report.distance_dsp["total"]
    measured = ft.style_distance(ft.style_features(result.audio, RATE), ft.style_features(reference, RATE))
    assert measured["total"] == pytest.approx(report.distance_delivered["total"], rel=0.05, abs=0.02)
    assert report.af_distance_delivered["barkspectrum"] < report.af_distance_dsp["barkspectrum"]
    # the delivered parameters render the delivered audio, bit for bit
    np.testing.assert_array_equal(core.render(tracks, RATE, result.parameters), result.audio)
    # the safety net: the lead vocal centred and mono
    assert result.parameters["vocal"]["pan"] == 0.0 and result.parameters["vocal"]["width_percent"] == 0.0
    # the beat was narrowed towards the reference's 70 %
    assert result.parameters["beat"]["width_percent"] < 90.0


def test_style_amount_zero_is_the_dsp_mix_bit_for_bit(tracks, dsp, reference) -> None:
    result, report = style_mix(tracks, RATE, reference, RATE, reference_name="ref.wav", style_amount=0.0)
    np.testing.assert_array_equal(result.audio, dsp.audio)
    assert result.parameters == dsp.parameters
    assert report.mode == "dsp" and "style_amount" in report.fallback_reason


def test_overrides_are_left_alone(tracks, reference) -> None:
    result, _ = style_mix(tracks, RATE, reference, RATE, reference_name="ref.wav",
                          overrides={"beat": {"width_percent": 120.0}})
    assert result.parameters["beat"]["width_percent"] == 120.0


def test_a_farther_style_mix_falls_back_to_the_dsp_mix(tracks, dsp) -> None:
    # the DSP mix as its own reference: nothing can be closer, the DSP mix is delivered
    result, report = style_mix(tracks, RATE, dsp.audio, RATE, reference_name="self")
    assert report.mode == "dsp" and "not closer" in report.fallback_reason
    np.testing.assert_array_equal(result.audio, dsp.audio)


@pytest.mark.parametrize("reference, rate, problem", [
    (np.zeros((2, RATE * 2), dtype=np.float32), RATE, "silent"),
    (np.full((2, round(RATE * 0.2)), 0.1, dtype=np.float32), RATE, "0.20 s"),
    (np.full((2, RATE * 2), np.nan, dtype=np.float32), RATE, "NaN"),
    (np.zeros((3, RATE * 2), dtype=np.float32), RATE, "1 or 2 channels"),
    ("not audio", RATE, "not audio"),
    (np.full((2, RATE * 2), 0.1, dtype=np.float32), 0, "reference"),
])
def test_bad_references_are_refused_naming_the_problem(tracks, reference, rate, problem) -> None:
    with pytest.raises(InvalidInput, match=problem):
        style_mix(tracks, RATE, reference, rate, reference_name="bad")


def _plan() -> dict[str, dict[str, float]]:
    from mixdown.mixparams import defaults
    return {"lead": defaults("lead"), "kick": defaults("kick"), "keys": defaults("keys"), "reverb": defaults("reverb"),
            "delay": defaults("delay"), "bus": defaults("bus")}


def test_safety_net_holds_the_rules() -> None:
    plan = _plan()
    roles = {"lead": "lead_vocal", "kick": "kick", "keys": "keys"}
    proposed = {"lead": {"pan": 0.6, "width_percent": 80.0, "peak2_gain_db": 11.0},
                "kick": {"pan": -0.8, "hpf_cutoff_hz": 10.0 + plan["kick"]["hpf_cutoff_hz"] / 2},
                "keys": {"comp_ratio": 15.0, "width_percent": 190.0, "sat_mix": 0.9,
                         "reverb_send_db": plan["keys"]["reverb_send_db"] + 20.0, "gain_db": 3.0}}
    safe, clips = apply_safety_net(proposed, plan, roles, noise_floors_db={"keys": -62.0})
    assert safe["lead"]["pan"] == 0.0 and safe["lead"]["width_percent"] == 0.0
    assert safe["lead"]["peak2_gain_db"] == plan["lead"]["peak2_gain_db"] + 6.0
    assert safe["kick"]["pan"] == -NEAR_CENTRE_PAN
    assert safe["kick"]["hpf_cutoff_hz"] == plan["kick"]["hpf_cutoff_hz"]  # never below the plan's corner
    assert safe["keys"]["comp_ratio"] == 8.0 and safe["keys"]["width_percent"] == 150.0
    assert safe["keys"]["sat_mix"] == 0.3
    assert safe["keys"]["reverb_send_db"] == plan["keys"]["reverb_send_db"] + 6.0
    # a floor at -62 dBFS in the mix may rise 2 dB, not 3
    assert safe["keys"]["gain_db"] == pytest.approx(plan["keys"]["gain_db"] + 2.0)
    clipped = {(c.target, c.parameter) for c in clips}
    assert {("lead", "pan"), ("lead", "width_percent"), ("kick", "pan"), ("keys", "gain_db")} <= clipped
    assert all(c.reason for c in clips)
    # values inside the net pass untouched, and the bounds hold the plan itself
    bounds = parameter_bounds(plan, roles)
    for target, values in plan.items():
        for name, value in values.items():
            if name in bounds[target]:
                low, high, _ = bounds[target][name]
                assert low <= value <= high or (target == "lead" and name in ("pan", "width_percent"))
