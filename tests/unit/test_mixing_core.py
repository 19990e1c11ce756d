"""Mixing core: loudness balance by role, silent tracks, overrides, bus safety, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.dsp.loudness import integrated_loudness_lufs, true_peak_dbtp
from mixdown.errors import InvalidInput
from mixdown_mixing.core import REFERENCE_LUFS, ROLE_LEVEL_LU, Track, mix, render

RATE_HZ = 48000


def tone(frequency_hz: float, level_db: float, seconds: float = 4.0, channels: int = 1) -> np.ndarray:
    t = np.arange(int(seconds * RATE_HZ)) / RATE_HZ
    x = (10 ** (level_db / 20) * np.sin(2 * np.pi * frequency_hz * t)).astype(np.float32)
    return np.tile(x, (channels, 1))


def test_tracks_are_balanced_by_role_relative_to_the_lead_vocal():
    vocal = Track("vocal", "lead_vocal", tone(440.0, -30.0))
    beat = Track("beat", "instrumental", tone(110.0, -6.0, channels=2))
    result = mix([vocal, beat], RATE_HZ)
    gains = {name: p["gain_db"] for name, p in result.parameters.items() if name != "bus"}
    for track in (vocal, beat):
        scaled = track.audio * 10 ** (gains[track.name] / 20)
        expected = REFERENCE_LUFS + ROLE_LEVEL_LU[track.role]
        assert integrated_loudness_lufs(scaled, RATE_HZ) == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize("channels", [1, 2])
def test_bus_stays_under_its_ceiling_and_finite(channels):
    loud = [Track(f"t{i}", "other", tone(100.0 * (i + 1), -1.0, channels=channels)) for i in range(4)]
    result = mix(loud, RATE_HZ, {"t0": {"gain_db": 20.0}})
    assert result.audio.shape == (2, 4 * RATE_HZ)
    assert np.all(np.isfinite(result.audio))
    assert true_peak_dbtp(result.audio, RATE_HZ) <= -1.0 + 0.05


def test_silent_track_is_reported_and_left_out():
    vocal = Track("vocal", "lead_vocal", tone(440.0, -20.0))
    silent = Track("pad", "pad", np.zeros((2, 4 * RATE_HZ), dtype=np.float32))
    result = mix([vocal, silent], RATE_HZ)
    report = {a.name: a for a in result.analysis}
    assert report["pad"].silent and "near-silent" in report["pad"].notes[0]
    assert result.parameters["pad"]["mute"] == 1.0
    alone = render([vocal], RATE_HZ, {"vocal": result.parameters["vocal"], "bus": result.parameters["bus"]})
    np.testing.assert_array_equal(result.audio, alone)


def test_silent_lead_vocal_is_an_error():
    with pytest.raises(InvalidInput, match="lead vocal 'vocal' is silent"):
        mix([Track("vocal", "lead_vocal", np.zeros((1, RATE_HZ), np.float32)),
             Track("beat", "instrumental", tone(100.0, -10.0))], RATE_HZ)


def test_different_lengths_are_padded_to_the_longest():
    result = mix([Track("a", "lead_vocal", tone(440.0, -20.0, 2.0)),
                  Track("b", "instrumental", tone(100.0, -20.0, 3.0))], RATE_HZ)
    assert result.audio.shape[1] == 3 * RATE_HZ


def test_override_changes_only_its_track_and_render_is_bit_exact():
    tracks = [Track("vocal", "lead_vocal", tone(440.0, -20.0)), Track("beat", "instrumental", tone(100.0, -12.0))]
    base = mix(tracks, RATE_HZ)
    louder = mix(tracks, RATE_HZ, {"beat": {"gain_db": base.parameters["beat"]["gain_db"] + 3.0}})
    assert louder.parameters["vocal"] == base.parameters["vocal"]
    assert louder.parameters["beat"]["gain_db"] == pytest.approx(base.parameters["beat"]["gain_db"] + 3.0)
    np.testing.assert_array_equal(render(tracks, RATE_HZ, base.parameters), base.audio)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"nope": {"gain_db": 1.0}}, "unknown track 'nope'"),
    ({"vocal": {"gain_db": 99.0}}, "vocal.gain_db=99.0 is outside"),
    ({"vocal": {"ratio": 2.0}}, "vocal.ratio"),
])
def test_bad_overrides_are_rejected_by_name(overrides, message):
    with pytest.raises(InvalidInput, match=message):
        mix([Track("vocal", "lead_vocal", tone(440.0, -20.0))], RATE_HZ, overrides)


def test_unknown_role_is_rejected():
    with pytest.raises(InvalidInput, match="unknown role 'tuba'"):
        Track("x", "tuba", tone(440.0, -20.0))
