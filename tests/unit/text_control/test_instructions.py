"""The rule parser against the instruction set (tests/unit/text_control/data/instructions.jsonl).

Each line: an instruction (French or English) and the edit it must produce: the target (a role,
a bus ``reverb``/``delay``/``bus``, ``master``, or ``all`` for every track), the parameter, and
the direction (``up``, ``down`` or ``off``); ``more`` lists further edits a multi-request
instruction must also produce; ``seed`` marks the examples of the issue, which must all pass.
The set is parsed against one vocal + beat + adlibs + backs session whose values leave room to
move every parameter both ways.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mixdown.events.outputs import TextEdit
from mixdown.mixparams import BUS_NAMES, defaults
from mixdown_text_control.core import parse

DATA = Path(__file__).parent / "data" / "instructions.jsonl"
REQUIRED_ACCURACY = 0.95

ROLES = {"vox_main": "lead_vocal", "beat": "instrumental", "adlibs_l": "adlib", "bvs": "backing_vocal"}
OFF_VALUES = {"reverb_send_db": -60.0, "delay_send_db": -60.0, "sat_mix": 0.0, "comp_ratio": 1.0}


def session() -> dict:
    tracks = {name: defaults(name) for name in ROLES}
    tracks["vox_main"].update({
        "hpf_cutoff_hz": 90, "peak1_hz": 300, "peak1_gain_db": -2, "peak3_gain_db": 2, "high_shelf_gain_db": 2.5,
        "deess_reduction_db": 6, "comp_threshold_db": -24, "comp_ratio": 3, "comp_attack_ms": 5,
        "comp_makeup_db": 2, "sat_drive_db": 3, "sat_mix": 0.1, "reverb_send_db": -18, "delay_send_db": -24,
        "pan": 0.0, "width_percent": 0.0,
    })
    tracks["beat"].update({"comp_ratio": 1.3, "comp_threshold_db": -12, "comp_attack_ms": 20,
                           "reverb_send_db": -30, "low_shelf_gain_db": 1.0, "width_percent": 100})
    tracks["adlibs_l"].update({"reverb_send_db": -12, "delay_send_db": -12, "comp_ratio": 2, "gain_db": -5,
                               "deess_reduction_db": 2, "width_percent": 100})
    tracks["bvs"].update({"reverb_send_db": -16, "delay_send_db": -30, "comp_ratio": 2.5, "gain_db": -8,
                          "deess_reduction_db": 2, "width_percent": 120})
    buses = {bus: defaults(bus) for bus in BUS_NAMES}
    buses["reverb"].update({"reverb_room_size": 0.35, "reverb_width": 0.8, "reverb_predelay_ms": 25})
    buses["delay"].update({"delay_feedback": 0.25})
    return {"tracks": tracks, "buses": buses, "targets": {"target_lufs": -14.0}}


def load() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def _moved(edit: TextEdit, direction: str) -> bool:
    if direction == "up":
        return edit.value > edit.old_value
    if direction == "down":
        return edit.value < edit.old_value
    return edit.value == OFF_VALUES.get(edit.parameter, edit.value - 1)


def satisfied(expected: dict, edits: list[TextEdit]) -> bool:
    target, parameter, direction = expected["target"], expected["parameter"], expected["direction"]
    if target == "all":
        touched = {e.target: e for e in edits if e.parameter == parameter}
        return set(touched) == set(ROLES) and all(
            _moved(e, direction) or (direction != "off" and e.clamped) for e in touched.values())
    for edit in edits:
        where = ROLES.get(edit.target, edit.target)
        if where == target and edit.parameter == parameter and _moved(edit, direction):
            return True
    return False


def check(case: dict) -> tuple[bool, str]:
    result = parse(case["instruction"], session(), ROLES)
    wanted = [case, *case.get("more", [])]
    missing = [w for w in wanted if not satisfied(w, result.edits)]
    got = ", ".join(f"{ROLES.get(e.target, e.target)}.{e.parameter} {e.old_value:g}→{e.value:g}" for e in result.edits)
    detail = (f"{case['instruction']!r}: expected "
              f"{'; '.join(w['target'] + '.' + w['parameter'] + ' ' + w['direction'] for w in missing)}; "
              f"got [{got}]; not understood {result.not_understood}")
    return not missing, detail


def test_the_set_is_large_and_bilingual():
    cases = load()
    assert len(cases) >= 150
    french = [c for c in cases if parse(c["instruction"], session(), ROLES).locale == "fr"]
    assert 60 <= len(french) <= len(cases) - 60
    assert len({c["instruction"] for c in cases}) == len(cases)


def test_accuracy_on_the_instruction_set():
    cases = load()
    failures = [detail for ok, detail in map(check, cases) if not ok]
    accuracy = 1 - len(failures) / len(cases)
    print(f"\ntext-control rules: {len(cases) - len(failures)}/{len(cases)} = {accuracy:.1%}")
    for detail in failures:
        print("  FAIL", detail)
    assert accuracy >= REQUIRED_ACCURACY, "\n".join(failures)


@pytest.mark.parametrize("case", [c for c in load() if c.get("seed")], ids=lambda c: c["instruction"])
def test_every_seed_example_is_right(case):
    ok, detail = check(case)
    assert ok, detail
