"""Presets: data files agree with the catalog, differ measurably, and keep the mix inside its
guardrails (vocal over beat in range, no clipped samples, correlation >= 0.1, width <= 140 %).

Width is 100 x RMS(side) / RMS(mid) with mid = (L + R) / 2 and side = (L - R) / 2 (0 % mono,
100 % uncorrelated channels of equal level); correlation is the Pearson correlation of L and R
(both :mod:`mixdown.dsp.stereo`).
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest

from bench.mixing import stems
from mixdown.catalog import PRESETS
from mixdown.dsp.stereo import correlation, width_percent
from mixdown.errors import InvalidInput
from mixdown_dev.examples import beat, vocal_like
from mixdown_mixing.analysis import vocal_over_beat_lu
from mixdown_mixing.core import Track, mix, render_groups
from mixdown_mixing.presets import PRESET_DIR, load_preset, preset_files

RATE_HZ = 44100
DOCS = Path(__file__).resolve().parents[3] / "docs" / "presets.md"


def spectrum_features(audio: np.ndarray) -> dict[str, float]:
    power = np.abs(np.fft.rfft(audio.astype(np.float64).mean(axis=0))) ** 2
    frequencies = np.fft.rfftfreq(audio.shape[1], 1 / RATE_HZ)
    band = lambda low, high: float(power[(frequencies >= low) & (frequencies < high)].sum())  # noqa: E731
    return {
        "centroid_hz": float((power * frequencies).sum() / power.sum()),
        "low_over_high_db": 10 * math.log10(band(30, 250) / band(4000, 16000)),
        "presence_over_mid_db": 10 * math.log10(band(2000, 6000) / band(250, 2000)),
    }


def guardrails(result, tracks) -> dict[str, float]:
    groups = render_groups(tracks, RATE_HZ, result.parameters)
    audio = result.audio
    return {
        "vocal_over_beat_lu": vocal_over_beat_lu(groups["lead"], groups["beat"], RATE_HZ),
        "clipped": int(np.count_nonzero(np.abs(audio) >= 0.999)),
        "correlation": correlation(audio),
        "width_percent": width_percent(audio),
        "finite": bool(np.all(np.isfinite(audio))),
    }


@pytest.fixture(scope="module")
def vocal_and_beat() -> list[Track]:
    return [Track("vocal", "lead_vocal", vocal_like(12.0, RATE_HZ, seed=1)),
            Track("beat", "instrumental", beat(12.0, RATE_HZ, bpm=96.0, seed=1))]


@pytest.fixture(scope="module")
def mixes(vocal_and_beat):
    return {name: mix(vocal_and_beat, RATE_HZ, preset=name) for name in PRESETS}


def test_files_and_catalog_agree():
    assert preset_files() == sorted(PRESETS)
    for name, info in PRESETS.items():
        data = json.loads((PRESET_DIR / f"{name}.json").read_text())
        assert (data["name"], data["kind"], data["description"]) == (info.name, info.kind, info.description)
        preset = load_preset(name)
        low, high = preset.vocal_over_beat_lu
        assert low < high and high - low >= 2.0


def test_presets_are_documented():
    text = DOCS.read_text()
    for name in PRESETS:
        assert f"`{name}`" in text, name
    assert "vocal_over_beat_lu" in text


def test_unknown_preset_is_rejected():
    with pytest.raises(InvalidInput, match="unknown preset 'lofi'; choose one of: modern_clean"):
        load_preset("lofi")


def test_presets_differ_in_their_parameters(mixes):
    def flat(parameters):
        return {(m, k): v for m, values in parameters.items() for k, v in values.items()}

    for (a, ra), (b, rb) in itertools.combinations(mixes.items(), 2):
        pa, pb = flat(ra.parameters), flat(rb.parameters)
        changed = [key for key in pa if key[1] not in ("gain_db", "input_gain_db") and abs(pa[key] - pb[key]) > 1e-6]
        assert len(changed) >= 5, (a, b, changed)


def test_presets_differ_measurably_in_spectrum_and_balance(mixes):
    features = {name: spectrum_features(result.audio) for name, result in mixes.items()}
    for a, b in itertools.combinations(features, 2):
        fa, fb = features[a], features[b]
        differences = (
            abs(fa["centroid_hz"] / fb["centroid_hz"] - 1.0) >= 0.02,
            abs(fa["low_over_high_db"] - fb["low_over_high_db"]) >= 0.5,
            abs(fa["presence_over_mid_db"] - fb["presence_over_mid_db"]) >= 0.5,
        )
        assert any(differences), (a, b, fa, fb)
    # the named characters, in numbers
    assert features["trap_aggressive"]["centroid_hz"] > features["smooth_rnb"]["centroid_hz"]
    assert features["hip_hop"]["low_over_high_db"] > features["streaming"]["low_over_high_db"]


def test_vocal_mix_guardrails_hold_for_every_preset(mixes, vocal_and_beat):
    relations = {}
    for name, result in mixes.items():
        checks = guardrails(result, vocal_and_beat)
        low, high = load_preset(name).vocal_over_beat_lu
        assert low <= checks["vocal_over_beat_lu"] <= high, (name, checks)
        assert checks["clipped"] == 0 and checks["finite"], (name, checks)
        assert checks["correlation"] >= 0.1, (name, checks)
        assert checks["width_percent"] <= 140.0, (name, checks)
        relations[name] = checks["vocal_over_beat_lu"]
    assert relations["trap_aggressive"] > relations["modern_clean"] > relations["electro_house"]
    assert relations["hip_hop"] > relations["rock"]


@pytest.mark.parametrize("preset", ["pop", "electro_house", "rock"])
def test_full_mix_of_stems_keeps_its_guardrails(preset):
    tracks = stems(12.0)
    result = mix(tracks, RATE_HZ, preset=preset)
    checks = guardrails(result, tracks)
    low, high = load_preset(preset).vocal_over_beat_lu
    assert low <= checks["vocal_over_beat_lu"] <= high, checks
    assert checks["clipped"] == 0 and checks["finite"]
    assert checks["correlation"] >= 0.1 and checks["width_percent"] <= 140.0, checks
