"""The dynamics refinement: the glue and compressor thresholds move towards a reference's crest
factor and loudness spread, on an excerpt, and leave the user's parameters alone."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from mixdown_dev.examples import beat, vocal_like
from mixdown_mixing import core
from mixdown_mixing.style import features as ft
from mixdown_mixing.style.dynamics import EXCERPT_SECONDS, excerpt_bounds, refine_dynamics

RATE = 44100
SECONDS = 8.0


@pytest.fixture(scope="module")
def tracks() -> list[core.Track]:
    return [core.Track("vocal", "lead_vocal", vocal_like(SECONDS, RATE, seed=5)),
            core.Track("beat", "instrumental", beat(SECONDS, RATE, seed=5))]


@pytest.fixture(scope="module")
def plan(tracks: list[core.Track]) -> dict[str, dict[str, float]]:
    return core.mix(tracks, RATE).parameters


def _squashed(plan: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """The same mix pushed harder into the glue and the vocal's compressor."""
    hidden = copy.deepcopy(plan)
    hidden["bus"]["glue_threshold_db"] -= 4.0
    hidden["bus"]["glue_ratio"] = max(hidden["bus"]["glue_ratio"], 3.0)
    hidden["vocal"]["comp_threshold_db"] -= 6.0
    return hidden


def test_refinement_moves_the_dynamics_towards_the_reference(tracks, plan) -> None:
    reference = ft.style_features(core.render(tracks, RATE, _squashed(plan)), RATE)
    # the start has the reference's glue ratio: only the thresholds are left to find
    start = {**plan, "bus": {**plan["bus"], "glue_ratio": _squashed(plan)["bus"]["glue_ratio"]}}
    start_audio = core.render(tracks, RATE, start)
    before = ft.style_distance(ft.style_features(start_audio, RATE), reference)
    refined = refine_dynamics(tracks, RATE, start, start_audio, reference)
    after = ft.style_distance(ft.style_features(core.render(tracks, RATE, refined), RATE), reference)
    assert refined["bus"]["glue_threshold_db"] < start["bus"]["glue_threshold_db"]  # pushed harder, as the reference
    assert after["crest"] + after["loudness_spread"] < 0.5 * (before["crest"] + before["loudness_spread"])
    assert after["total"] < before["total"]


def test_refinement_leaves_frozen_parameters_alone(tracks, plan) -> None:
    reference = ft.style_features(core.render(tracks, RATE, _squashed(plan)), RATE)
    audio = core.render(tracks, RATE, plan)
    frozen = {"bus": {"glue_threshold_db", "glue_ratio"}, "vocal": {"comp_threshold_db"}, "beat": {"comp_threshold_db"}}
    refined = refine_dynamics(tracks, RATE, plan, audio, reference, frozen)
    assert refined == plan


def test_excerpt_is_the_loudest_window() -> None:
    rate = 1000
    audio = np.full((2, 60 * rate), 0.01, dtype=np.float32)
    audio[:, 30 * rate : 40 * rate] = 0.5
    start, end = excerpt_bounds(audio, rate)
    assert end - start == int(EXCERPT_SECONDS * rate)
    assert start <= 30 * rate and end >= 40 * rate
    assert excerpt_bounds(audio[:, : 5 * rate], rate) == (0, 5 * rate)
