"""Mixing core: gain staging and balance by role, role defaults, silent tracks, overrides,
alignment, bus safety, determinism (Render reproduces Mix bit for bit)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mixdown.dsp.loudness import integrated_loudness_lufs
from mixdown.dsp.truepeak import true_peak_dbtp
from mixdown.errors import InvalidInput
from mixdown.mixparams import BUS_NAMES, TRACK_PARAMS, defaults
from mixdown_dev.examples import beat, vocal_like
from mixdown_mixing.core import Track, mix, render, render_groups
from mixdown_mixing.plan import REFERENCE_LUFS
from mixdown_mixing.roles import ROLE_LEVEL_LU

RATE_HZ = 48000


def tone(frequency_hz: float, level_db: float, seconds: float = 4.0, channels: int = 1) -> np.ndarray:
    t = np.arange(int(seconds * RATE_HZ)) / RATE_HZ
    x = (10 ** (level_db / 20) * np.sin(2 * np.pi * frequency_hz * t)).astype(np.float32)
    return np.tile(x, (channels, 1))


@pytest.fixture(scope="module")
def song() -> dict[str, np.ndarray]:
    return {
        "vocal": vocal_like(8.0, RATE_HZ, seed=1),
        "double1": vocal_like(8.0, RATE_HZ, seed=2) * np.float32(0.7),
        "double2": vocal_like(8.0, RATE_HZ, seed=3) * np.float32(0.7),
        "adlib": vocal_like(8.0, RATE_HZ, seed=4) * np.float32(0.5),
        "backing": np.concatenate([vocal_like(8.0, RATE_HZ, seed=5), vocal_like(8.0, RATE_HZ, seed=6)]),
        "beat": beat(8.0, RATE_HZ, bpm=96.0, seed=1),
    }


@pytest.fixture(scope="module")
def vocal_mix(song):
    tracks = [Track("vocal", "lead_vocal", song["vocal"]), Track("double1", "double", song["double1"]),
              Track("double2", "double", song["double2"]), Track("adlib", "adlib", song["adlib"]),
              Track("backing", "backing_vocal", song["backing"]), Track("beat", "instrumental", song["beat"])]
    return tracks, mix(tracks, RATE_HZ)


def test_input_gain_stages_each_track_to_the_reference_loudness():
    quiet = Track("vocal", "lead_vocal", tone(440.0, -36.0))
    loud = Track("beat", "instrumental", tone(110.0, -6.0, channels=2))
    result = mix([quiet, loud], RATE_HZ)
    for track in (quiet, loud):
        staged = track.audio * 10 ** (result.parameters[track.name]["input_gain_db"] / 20)
        assert integrated_loudness_lufs(staged, RATE_HZ) == pytest.approx(REFERENCE_LUFS, abs=0.3)


def test_vocals_are_balanced_by_role_relative_to_the_lead(vocal_mix):
    tracks, result = vocal_mix
    by_name = {t.name: t for t in tracks}
    for name in ("double1", "adlib"):
        solo = {k: dict(v, mute=1.0) if k not in (name, "vocal", *BUS_NAMES) else v
                for k, v in result.parameters.items()}
        groups = render_groups([by_name[k] for k in by_name], RATE_HZ, solo)
        lead = integrated_loudness_lufs(groups["lead"], RATE_HZ)
        other = integrated_loudness_lufs(groups["vocals"], RATE_HZ)
        role = by_name[name].role
        assert other - lead == pytest.approx(ROLE_LEVEL_LU[role], abs=1.0), name


def test_role_defaults_place_each_part(vocal_mix):
    _, result = vocal_mix
    p = result.parameters
    assert p["vocal"]["pan"] == 0.0 and p["vocal"]["width_percent"] == 0.0
    assert p["double1"]["pan"] < -0.3 and p["double2"]["pan"] > 0.3
    assert p["double1"]["comp_attack_ms"] < p["vocal"]["comp_attack_ms"]
    assert p["adlib"]["pan"] != 0.0
    assert p["adlib"]["hpf_cutoff_hz"] > p["vocal"]["hpf_cutoff_hz"]
    assert p["adlib"]["reverb_send_db"] > p["vocal"]["reverb_send_db"]
    assert p["adlib"]["delay_send_db"] > p["vocal"]["delay_send_db"]
    assert p["backing"]["width_percent"] > 100.0
    assert p["backing"]["high_shelf_gain_db"] < p["vocal"]["high_shelf_gain_db"]
    assert p["beat"]["duck_amount"] == 1.0 and p["bus"]["duck_depth_db"] > 0.0
    assert all(p[name]["hpf_cutoff_hz"] >= 20.0 for name in ("vocal", "beat"))


def test_the_lead_vocal_is_mono_and_centred_in_the_mix(song):
    stereo_vocal = np.stack([song["vocal"][0], vocal_like(8.0, RATE_HZ, seed=9)[0]])
    tracks = [Track("vocal", "lead_vocal", stereo_vocal), Track("beat", "instrumental", song["beat"])]
    result = mix(tracks, RATE_HZ)
    lead = render_groups(tracks, RATE_HZ, result.parameters)["lead"]
    np.testing.assert_array_equal(lead[0], lead[1])
    with pytest.raises(InvalidInput, match="vocal.pan=0.3: the lead vocal stays mono and centred"):
        mix(tracks, RATE_HZ, {"vocal": {"pan": 0.3}})


@pytest.mark.parametrize("channels", [1, 2])
def test_bus_stays_under_its_ceiling_and_finite(channels):
    loud = [Track(f"t{i}", "other", tone(100.0 * (i + 1), -1.0, channels=channels)) for i in range(4)]
    result = mix(loud, RATE_HZ, {"t0": {"gain_db": 20.0}})
    assert result.audio.shape == (2, 4 * RATE_HZ)
    assert np.all(np.isfinite(result.audio))
    assert true_peak_dbtp(result.audio, RATE_HZ) <= -1.0 + 0.05
    assert np.abs(result.audio).max() <= 10 ** (-1.0 / 20) + 1e-6


def test_silent_track_is_reported_and_left_out():
    vocal = Track("vocal", "lead_vocal", tone(440.0, -20.0))
    silent = Track("pad", "pad", np.zeros((2, 4 * RATE_HZ), dtype=np.float32))
    whisper = Track("fx", "fx", tone(3000.0, -80.0))
    result = mix([vocal, silent, whisper], RATE_HZ)
    report = {a.name: a for a in result.analysis}
    assert report["pad"].silent and "near-silent" in report["pad"].notes[0]
    assert report["fx"].silent and "near-silent" in report["fx"].notes[0]
    assert result.parameters["pad"]["mute"] == 1.0 and result.parameters["fx"]["mute"] == 1.0
    alone = render([vocal], RATE_HZ, {k: v for k, v in result.parameters.items() if k not in ("pad", "fx")})
    np.testing.assert_array_equal(result.audio, alone)


def test_silent_lead_vocal_is_an_error():
    with pytest.raises(InvalidInput, match="lead vocal 'vocal' is silent"):
        mix([Track("vocal", "lead_vocal", np.zeros((1, RATE_HZ), np.float32)),
             Track("beat", "instrumental", tone(100.0, -10.0))], RATE_HZ)


def test_different_lengths_are_padded_to_the_longest():
    result = mix([Track("a", "lead_vocal", tone(440.0, -20.0, 2.0)),
                  Track("b", "instrumental", tone(100.0, -20.0, 3.0))], RATE_HZ)
    assert result.audio.shape[1] == 3 * RATE_HZ


def test_tracks_of_other_rates_channels_and_lengths_are_aligned(song):
    beat_44k = beat(6.0, 44100, bpm=96.0, seed=1)
    tracks = [Track("vocal", "lead_vocal", song["vocal"][:, : 5 * RATE_HZ]),
              Track("beat", "instrumental", beat_44k, sample_rate_hz=44100),
              Track("bv", "backing_vocal", song["backing"][:, : 3 * RATE_HZ])]
    result = mix(tracks, RATE_HZ)
    assert result.audio.shape == (2, 6 * RATE_HZ)
    notes = {a.name: " ".join(a.notes) for a in result.analysis}
    assert "resampled from 44100 Hz to 48000 Hz" in notes["beat"]
    assert "shorter than the longest track" in notes["vocal"] and "shorter" in notes["bv"]
    assert {a.name: a.channels for a in result.analysis} == {"vocal": 1, "beat": 2, "bv": 2}
    np.testing.assert_array_equal(render(tracks, RATE_HZ, result.parameters), result.audio)


def test_override_changes_only_its_track_and_render_is_bit_exact():
    tracks = [Track("vocal", "lead_vocal", tone(440.0, -20.0)), Track("beat", "instrumental", tone(100.0, -12.0))]
    base = mix(tracks, RATE_HZ)
    louder = mix(tracks, RATE_HZ, {"beat": {"gain_db": base.parameters["beat"]["gain_db"] + 3.0}})
    assert louder.parameters["vocal"] == base.parameters["vocal"]
    assert louder.parameters["beat"]["gain_db"] == pytest.approx(base.parameters["beat"]["gain_db"] + 3.0)
    np.testing.assert_array_equal(render(tracks, RATE_HZ, base.parameters), base.audio)


def test_overrides_win_over_preset_and_analysis(vocal_mix):
    tracks, base = vocal_mix
    overrides = {"vocal": {"comp_ratio": 8.0, "peak3_gain_db": -4.0, "reverb_send_db": -60.0},
                 "reverb": {"reverb_room_size": 0.9}, "delay": {"bpm": 140.0, "delay_note": 0.75},
                 "bus": {"duck_depth_db": 0.0}}
    result = mix(tracks, RATE_HZ, overrides)
    for name, values in overrides.items():
        for key, value in values.items():
            assert result.parameters[name][key] == value
    assert result.report["bpm_source"] == "override"
    assert not np.array_equal(result.audio, base.audio)


def test_render_reproduces_mix_bit_for_bit_from_its_parameters(vocal_mix):
    tracks, result = vocal_mix
    assert set(result.parameters) == {t.name for t in tracks} | set(BUS_NAMES)
    for name in (t.name for t in tracks):
        assert set(result.parameters[name]) == set(TRACK_PARAMS)
    round_trip = json.loads(json.dumps(result.parameters))
    np.testing.assert_array_equal(render(tracks, RATE_HZ, round_trip), result.audio)
    np.testing.assert_array_equal(mix(tracks, RATE_HZ).audio, result.audio)


def test_render_needs_a_complete_parameter_set(vocal_mix):
    tracks, result = vocal_mix
    missing_bus = {k: v for k, v in result.parameters.items() if k != "delay"}
    with pytest.raises(InvalidInput, match="parameters missing for: delay"):
        render(tracks, RATE_HZ, missing_bus)
    partial = dict(result.parameters, vocal={k: v for k, v in result.parameters["vocal"].items() if k != "pan"})
    with pytest.raises(InvalidInput, match="vocal: parameters missing: pan"):
        render(tracks, RATE_HZ, partial)
    with pytest.raises(InvalidInput, match="beat.comp_ratio=0.5 is outside"):
        render(tracks, RATE_HZ, dict(result.parameters, beat=dict(result.parameters["beat"], comp_ratio=0.5)))
    with pytest.raises(InvalidInput, match="unknown track"):
        render(tracks, RATE_HZ, dict(result.parameters, ghost=defaults("track")))


def test_tempo_is_detected_given_or_defaulted(song):
    tracks = [Track("vocal", "lead_vocal", song["vocal"]), Track("beat", "instrumental", song["beat"])]
    detected = mix(tracks, RATE_HZ)
    assert detected.report["bpm_source"] == "detected"
    assert detected.parameters["delay"]["bpm"] == pytest.approx(96.0, abs=1.0)
    given = mix(tracks, RATE_HZ, bpm=100.0)
    assert given.parameters["delay"]["bpm"] == 100.0 and given.report["bpm_source"] == "given"
    with pytest.raises(InvalidInput, match="bpm.bpm=500"):
        mix(tracks, RATE_HZ, bpm=500.0)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"nope": {"gain_db": 1.0}}, "unknown track 'nope'"),
    ({"vocal": {"gain_db": 99.0}}, "vocal.gain_db=99.0 is outside"),
    ({"vocal": {"ratio": 2.0}}, "vocal.ratio"),
    ({"reverb": {"glue_ratio": 2.0}}, "reverb.glue_ratio: unknown parameter for bus 'reverb' .it belongs to bus 'bus'"),
    ({"vocal": {"deess_low_hz": 9000.0, "deess_high_hz": 6000.0}}, "vocal.deess_low_hz=9000 must be below"),
])
def test_bad_overrides_are_rejected_by_name(overrides, message):
    with pytest.raises(InvalidInput, match=message):
        mix([Track("vocal", "lead_vocal", tone(440.0, -20.0))], RATE_HZ, overrides)


def test_unknown_role_preset_and_reserved_names_are_rejected():
    with pytest.raises(InvalidInput, match="unknown role 'tuba'"):
        Track("x", "tuba", tone(440.0, -20.0))
    with pytest.raises(InvalidInput, match="unknown preset 'lofi'"):
        mix([Track("vocal", "lead_vocal", tone(440.0, -20.0))], RATE_HZ, preset="lofi")
    with pytest.raises(InvalidInput, match="track name 'bus' is reserved"):
        mix([Track("bus", "lead_vocal", tone(440.0, -20.0))], RATE_HZ)
