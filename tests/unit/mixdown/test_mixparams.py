"""The console's parameter tables: declared once, validated by name, exported for the API."""

from __future__ import annotations

import json
import math

import pytest

from mixdown.errors import InvalidInput
from mixdown.mixparams import (
    BUS_NAMES,
    BUS_OF,
    BUS_PARAMS,
    TRACK_PARAMS,
    TRACK_PROCESSORS,
    check_full_set,
    check_values,
    defaults,
    export,
    parse_job_overrides,
    split_bus_overrides,
)

UNITS = ("_db", "_dbfs", "_dbtp", "_hz", "_ms", "_percent", "_q")


def test_every_parameter_is_declared_once_with_a_sane_range():
    names = list(TRACK_PARAMS) + [n for table in BUS_PARAMS.values() for n in table]
    assert len(names) == len(set(names))
    for table in (TRACK_PARAMS, *BUS_PARAMS.values()):
        for name, spec in table.items():
            assert spec.name == name
            assert spec.min < spec.max and spec.min <= spec.default <= spec.max, name
            assert spec.description
            if spec.unit in ("dB", "dBFS", "dBTP", "Hz", "ms", "%"):
                assert name.endswith(UNITS), f"{name} has unit {spec.unit} but no unit suffix"


def test_the_issue_names_are_all_there():
    for name in ("hpf_cutoff_hz", "low_shelf_gain_db", "low_shelf_hz", "peak1_hz", "peak1_gain_db", "peak1_q",
                 "peak3_q", "high_shelf_hz", "deess_threshold_db", "deess_reduction_db", "deess_low_hz",
                 "deess_high_hz", "comp_threshold_db", "comp_ratio", "comp_attack_ms", "comp_release_ms",
                 "comp_makeup_db", "sat_drive_db", "sat_mix", "pan", "width_percent", "reverb_send_db",
                 "delay_send_db", "gain_db", "mute"):
        assert name in TRACK_PARAMS, name
    expected = {
        "reverb": ("reverb_room_size", "reverb_width", "reverb_damping", "reverb_predelay_ms"),
        "delay": ("delay_note", "delay_feedback", "delay_highcut_hz", "delay_lowcut_hz", "bpm"),
        "bus": ("duck_depth_db", "duck_low_hz", "duck_high_hz", "glue_threshold_db", "glue_ratio", "ceiling_dbtp"),
    }
    for bus, names in expected.items():
        for name in names:
            assert BUS_OF[name] == bus


def test_values_are_checked_by_name():
    assert check_values("vocal", {"comp_ratio": 4}) == {"comp_ratio": 4.0}
    with pytest.raises(InvalidInput, match=r"vocal.comp_ratio=40 is outside \[1, 20\]"):
        check_values("vocal", {"comp_ratio": 40})
    with pytest.raises(InvalidInput, match="vocal.gain_db must be a finite number"):
        check_values("vocal", {"gain_db": math.nan})
    with pytest.raises(InvalidInput, match="vocal.gain_db must be a finite number, got True"):
        check_values("vocal", {"gain_db": True})
    with pytest.raises(InvalidInput, match="bus.reverb_room_size: unknown parameter for bus 'bus'"):
        check_values("bus", {"reverb_room_size": 0.5})
    with pytest.raises(InvalidInput, match="the lead vocal stays mono and centred"):
        check_values("vocal", {"width_percent": 100.0}, role="lead_vocal")


def test_clamping_derives_from_the_table():
    spec = TRACK_PARAMS["gain_db"]
    assert spec.clamp(100.0) == spec.max and spec.clamp(-100.0) == spec.min and spec.clamp(1.5) == 1.5
    assert spec.clamp(math.nan) == spec.default


def test_job_overrides_are_parsed_and_checked():
    tracks = {"vocal.wav": "lead_vocal", "beat.wav": "instrumental"}
    overrides = {"tracks": {"beat.wav": {"gain_db": -3}}, "buses": {"delay": {"delay_note": 0.75}}, "bpm": 140}
    assert parse_job_overrides(overrides, tracks) == (
        {"beat.wav": {"gain_db": -3.0}, "delay": {"delay_note": 0.75}}, 140.0)
    for bad, message in [
        ({"reverb_mix": 1}, "unknown key"),
        ({"tracks": {"drums.wav": {"gain_db": 1}}}, "unknown track 'drums.wav'"),
        ({"tracks": {"beat.wav": {"ratio": 2}}}, "beat.wav.ratio: unknown parameter"),
        ({"tracks": {"beat.wav": {"gain_db": 99}}}, "beat.wav.gain_db=99 is outside"),
        ({"buses": {"master": {"glue_ratio": 2}}}, "unknown bus 'master'"),
        ({"buses": {"bus": {"glue_ratio": 20}}}, "bus.glue_ratio=20 is outside"),
        ({"bpm": 10}, "overrides.bpm=10 is outside"),
        ({"tracks": {"vocal.wav": {"pan": -0.5}}}, "the lead vocal stays mono and centred"),
    ]:
        with pytest.raises(InvalidInput, match=message):
            parse_job_overrides(bad, tracks)


def test_flat_bus_overrides_are_routed_by_name():
    assert split_bus_overrides({"glue_ratio": 2, "reverb_room_size": 0.3, "bpm": 90}) == {
        "bus": {"glue_ratio": 2.0}, "reverb": {"reverb_room_size": 0.3}, "delay": {"bpm": 90.0}}
    with pytest.raises(InvalidInput, match="bus override 'gain_db': unknown parameter"):
        split_bus_overrides({"gain_db": 1})


def test_full_sets_must_be_complete():
    full = {"vocal": defaults("vocal"), **{bus: defaults(bus) for bus in BUS_NAMES}}
    assert check_full_set(full, {"vocal": "other"}) == full
    with pytest.raises(InvalidInput, match="parameters missing for: reverb"):
        check_full_set({k: v for k, v in full.items() if k != "reverb"}, {"vocal": "other"})
    with pytest.raises(InvalidInput, match="vocal.deess_low_hz=9000 must be below vocal.deess_high_hz=6000"):
        check_full_set({**full, "vocal": {**full["vocal"], "deess_low_hz": 9000.0, "deess_high_hz": 6000.0}},
                       {"vocal": "other"})


def test_export_is_json_and_grouped_by_processor():
    data = json.loads(json.dumps(export()))
    assert [group["processor"] for group in data["track"]] == list(TRACK_PROCESSORS)
    assert [group["group"] for group in data["track"]] == [f"mixing.track.{name}" for name in TRACK_PROCESSORS]
    first = data["track"][0]["parameters"][0]
    assert set(first) == {"name", "min", "max", "default", "unit", "description", "step", "scale", "group"}
    assert first["group"] == "mixing.track.input" and first["scale"] == "linear"
    eq = next(group for group in data["track"] if group["processor"] == "eq")["parameters"]
    assert {p["name"]: p["scale"] for p in eq}["peak1_hz"] == "log"
    assert set(data["buses"]) == set(BUS_NAMES)
    assert data["lead_vocal_fixed"] == {"pan": 0.0, "width_percent": 0.0}
