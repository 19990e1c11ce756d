"""The corpus judge (tools/mixdown_dev/text_eval.py) on hand-made edit lists: met, opposite,
stray, refused, bands by frequency, buses allowed for a track's reverb, the mix's width."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mixdown_dev.text_eval import Report, covered, evaluate, judge, session_of

TRACKS = [{"name": "Lead_Vox.wav", "role": "lead_vocal"}, {"name": "beat.wav", "role": "instrumental"},
          {"name": "bv_1.wav", "role": "backing_vocal"}, {"name": "bv_2.wav", "role": "backing_vocal"}]


def edit(target: str, parameter: str, old: float, value: float) -> SimpleNamespace:
    return SimpleNamespace(target=target, parameter=parameter, old_value=old, value=value)


def result(*edits: SimpleNamespace, not_understood: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(edits=list(edits), not_understood=list(not_understood))


def line(*expect: dict, tracks=None, **extra) -> dict:
    out = {"id": "d0001", "text": "x", "lang": "fr", "expect": list(expect), **extra}
    if tracks is not None:
        out["tracks"] = tracks
    return out


def test_a_move_of_the_effect_on_the_target_meets_it():
    verdict = judge(line({"target": "lead_vocal", "effect": "closeness", "direction": "up"}),
                    result(edit("vocal.wav", "reverb_send_db", -18, -21)))
    assert verdict.correct and verdict.met == [True]


def test_the_other_way_is_an_opposite_edit_even_with_a_right_one():
    verdict = judge(line({"target": "lead_vocal", "effect": "closeness", "direction": "up"}),
                    result(edit("vocal.wav", "gain_db", -2, 0), edit("vocal.wav", "reverb_send_db", -18, -15)))
    assert verdict.met == [True] and not verdict.correct
    assert [(c.parameter, c.sign) for c in verdict.opposite] == [("reverb_send_db", 1)]


def test_a_track_no_expectation_names_is_stray():
    verdict = judge(line({"target": "backing_vocal", "effect": "width", "direction": "down"}, tracks=TRACKS),
                    result(edit("bv_1.wav", "width_percent", 100, 80), edit("beat.wav", "width_percent", 100, 80)))
    assert verdict.met == [True] and [c.target for c in verdict.stray] == ["beat.wav"] and not verdict.correct


def test_a_parameter_outside_the_effect_on_the_target_is_neither_met_nor_opposite():
    # The first failure: "coupe les basses sous 100 Hz sur la voix" muted the lead vocal.
    verdict = judge(line({"target": "lead_vocal", "effect": "highpass", "direction": "up", "value": 100,
                          "unit": "hz"}), result(edit("vocal.wav", "mute", 0, 1)))
    assert verdict.met == [False] and not verdict.opposite and not verdict.correct


def test_highpass_with_a_value_needs_the_cutoff_within_a_quarter_octave():
    expect = {"target": "lead_vocal", "effect": "highpass", "direction": "up", "value": 150, "unit": "hz"}
    assert judge(line(expect), result(edit("vocal.wav", "hpf_cutoff_hz", 80, 160))).correct
    assert not judge(line(expect), result(edit("vocal.wav", "hpf_cutoff_hz", 80, 120))).correct


def test_a_band_counts_by_its_frequency_after_the_edits():
    expect = {"target": "lead_vocal", "effect": "band", "direction": "up", "value": 400, "unit": "hz", "gain_db": 3}
    # peak1 sits at 250 Hz: moved to 400 Hz and raised, it is the band asked for.
    assert judge(line(expect), result(edit("vocal.wav", "peak1_hz", 250, 400),
                                      edit("vocal.wav", "peak1_gain_db", 0, 3))).correct
    # Raised where it is (250 Hz is within half an octave of 400? no: 0.68 octave).
    assert not judge(line(expect), result(edit("vocal.wav", "peak1_gain_db", 0, 3))).correct
    # Cut at 400 Hz when a boost was asked: opposite.
    verdict = judge(line(expect), result(edit("vocal.wav", "peak1_hz", 250, 400),
                                         edit("vocal.wav", "peak1_gain_db", 0, -3)))
    assert len(verdict.opposite) == 1
    # The whole vocal's fader is not a band.
    assert judge(line(expect), result(edit("vocal.wav", "gain_db", -2, 1))).met == [False]


def test_brightness_band_range_and_shelf():
    expect = {"target": "lead_vocal", "effect": "brightness", "direction": "down"}
    assert judge(line(expect), result(edit("vocal.wav", "high_shelf_gain_db", 0, -2))).correct
    assert judge(line(expect), result(edit("vocal.wav", "peak3_gain_db", 0, -2))).correct  # 3.5 kHz
    assert judge(line(expect), result(edit("vocal.wav", "peak2_gain_db", 0, -2))).met == [False]  # 1 kHz


def test_lows_down_may_raise_the_high_pass_and_lows_up_may_not_lower_it_as_a_move():
    down = {"target": "lead_vocal", "effect": "lows", "direction": "down"}
    assert judge(line(down), result(edit("vocal.wav", "hpf_cutoff_hz", 80, 120))).correct
    assert len(judge(line(down), result(edit("vocal.wav", "hpf_cutoff_hz", 80, 20))).opposite) == 1
    up = {"target": "lead_vocal", "effect": "lows", "direction": "up"}
    assert judge(line(up), result(edit("vocal.wav", "hpf_cutoff_hz", 80, 20))).met == [False]


def test_a_track_reverb_request_may_edit_the_reverb_bus():
    expect = {"target": "lead_vocal", "effect": "room_size", "direction": "down"}
    assert judge(line(expect), result(edit("reverb", "reverb_room_size", 0.5, 0.35))).correct
    opposite = judge(line(expect), result(edit("reverb", "reverb_room_size", 0.5, 0.65)))
    assert opposite.met == [False] and len(opposite.opposite) == 1


@pytest.mark.parametrize(("direction", "value", "ok"), [("off", -60, True), ("off", -24, False),
                                                        ("down", -24, True), ("up", -24, False)])
def test_reverb_off_means_the_send_at_minus_60(direction, value, ok):
    expect = {"target": "lead_vocal", "effect": "reverb", "direction": direction}
    assert judge(line(expect), result(edit("vocal.wav", "reverb_send_db", -18, value))).correct is ok


def test_the_mix_wider_means_every_track_that_may_move():
    expect = {"target": "mix", "effect": "width", "direction": "up"}
    both = result(edit("bv_1.wav", "width_percent", 100, 120), edit("bv_2.wav", "width_percent", 100, 120),
                  edit("beat.wav", "width_percent", 100, 120))
    assert judge(line(expect, tracks=TRACKS), both).correct
    assert not judge(line(expect, tracks=TRACKS), result(edit("beat.wav", "width_percent", 100, 120))).correct


def test_pan_sides_and_master_loudness_value():
    pan = {"target": "backing_vocal", "effect": "pan", "direction": "center"}
    assert judge(line(pan, tracks=TRACKS), result(edit("bv_1.wav", "pan", 0.4, 0.1))).correct
    assert len(judge(line(pan, tracks=TRACKS), result(edit("bv_1.wav", "pan", 0.4, 0.8))).opposite) == 1
    lufs = {"target": "master", "effect": "loudness", "direction": "up", "value": -9, "unit": "lufs"}
    assert judge(line(lufs), result(edit("master", "target_lufs", -14, -9))).correct
    assert not judge(line(lufs), result(edit("master", "target_lufs", -14, -12))).correct


def test_a_line_not_understood_needs_no_edit_and_a_not_understood_answer():
    refuse = line(understood=False)
    assert judge(refuse, result(not_understood=("write me a chorus",))).correct
    assert not judge(refuse, result()).correct  # an empty success is not a refusal
    assert not judge(refuse, result(edit("vocal.wav", "gain_db", -2, 0), not_understood=("x",))).correct


def test_an_edit_that_moves_nothing_is_not_judged():
    verdict = judge(line({"target": "lead_vocal", "effect": "level", "direction": "up"}),
                    result(edit("vocal.wav", "gain_db", -2, 0), edit("beat.wav", "gain_db", -2, -2)))
    assert verdict.correct


def test_targets_by_role_file_name_and_mix():
    _, roles = session_of({"tracks": TRACKS})
    assert covered("backing_vocal", roles) == {"bv_1.wav", "bv_2.wav"}
    assert covered("beat.wav", roles) == {"beat.wav"}
    assert covered("mix", roles) == set(roles) | {"bus", "master"}


def test_the_default_session_has_room_both_ways():
    current, roles = session_of({})
    assert roles == {"vocal.wav": "lead_vocal", "beat.wav": "instrumental"}
    vocal = current["tracks"]["vocal.wav"]
    assert -60 < vocal["reverb_send_db"] < 0 and 20 < vocal["hpf_cutoff_hz"] < 1000 and vocal["comp_ratio"] > 1


def test_evaluate_sums_accuracy_opposite_edits_and_languages():
    lines = [line({"target": "lead_vocal", "effect": "level", "direction": "up"}, id="d1", lang="fr"),
             line({"target": "lead_vocal", "effect": "level", "direction": "up"}, id="d2", lang="en")]
    answers = {"d1": result(edit("vocal.wav", "gain_db", -2, 0)), "d2": result(edit("vocal.wav", "gain_db", -2, -4))}
    texts = iter(["d1", "d2"])
    report = evaluate([dict(x, text=x["id"]) for x in lines], lambda text, current, roles: answers[next(texts)])
    assert isinstance(report, Report) and report.accuracy == 0.5 and report.opposite_edits == 1
    assert report.accuracy_by_language() == {"fr": (1, 1), "en": (0, 1)}


def test_a_switch_the_other_way_is_wrong():
    unmute = line({"target": "lead_vocal", "effect": "mute", "direction": "off"})
    assert not judge(unmute, result(edit("vocal.wav", "mute", 0, 1))).correct
    assert len(judge(unmute, result(edit("vocal.wav", "mute", 0, 1))).opposite) == 1


# --- schema v2 clarifications ------------------------------------------------------------------


def test_an_absolute_loudness_is_met_within_half_an_lu_whatever_the_direction_label():
    lufs = {"target": "master", "effect": "loudness", "direction": "down", "value": -9, "unit": "lufs"}
    assert judge(line(lufs), result(edit("master", "target_lufs", -14, -9.4))).correct
    assert not judge(line(lufs), result(edit("master", "target_lufs", -14, -9.6))).correct
    by_one_db = {"target": "master", "effect": "loudness", "direction": "up", "value": 1, "unit": "db"}
    assert judge(line(by_one_db), result(edit("master", "target_lufs", -14, -13))).correct
    assert len(judge(line(by_one_db), result(edit("master", "target_lufs", -14, -15))).opposite) == 1


def test_a_relative_db_value_is_a_magnitude_not_a_frequency():
    level = {"target": "lead_vocal", "effect": "level", "direction": "down", "value": 2, "unit": "db"}
    assert judge(line(level), result(edit("vocal.wav", "gain_db", -2, -4))).correct
    band_in_db = {"target": "lead_vocal", "effect": "band", "direction": "up", "value": 3, "unit": "db"}
    assert judge(line(band_in_db), result(edit("vocal.wav", "peak1_gain_db", 0, 3))).met == [False]


def test_level_on_master_is_loudness():
    expect = {"target": "master", "effect": "level", "direction": "up"}
    assert judge(line(expect), result(edit("master", "target_lufs", -14, -13))).correct
    assert len(judge(line(expect), result(edit("master", "target_lufs", -14, -15))).opposite) == 1


def test_level_on_the_mix_is_the_bus_trim_or_every_fader():
    expect = {"target": "mix", "effect": "level", "direction": "down"}
    assert judge(line(expect, tracks=TRACKS), result(edit("bus", "trim_db", 0, -2))).correct
    every = [edit(t["name"], "gain_db", -2, -4) for t in TRACKS]
    assert judge(line(expect, tracks=TRACKS), result(*every)).correct
    assert not judge(line(expect, tracks=TRACKS), result(*every[:2])).correct
    assert len(judge(line(expect, tracks=TRACKS), result(edit("bus", "trim_db", 0, 2))).opposite) == 1


def test_a_tone_request_on_the_mix_needs_one_track_and_no_track_the_other_way():
    expect = {"target": "mix", "effect": "brightness", "direction": "up"}
    assert judge(line(expect, tracks=TRACKS), result(edit("beat.wav", "high_shelf_gain_db", 0, 2))).correct
    mixed = judge(line(expect, tracks=TRACKS), result(edit("beat.wav", "high_shelf_gain_db", 0, 2),
                                                      edit("bv_1.wav", "high_shelf_gain_db", 0, -2)))
    assert mixed.met == [True] and len(mixed.opposite) == 1 and not mixed.correct


@pytest.mark.parametrize("effect", ["reverb", "delay"])
def test_a_bus_off_is_its_return_at_the_minimum_or_every_send_off(effect):
    expect = {"target": effect, "effect": effect, "direction": "off"}
    assert judge(line(expect), result(edit(effect, f"{effect}_return_db", 0, -24))).correct
    assert not judge(line(expect), result(edit(effect, f"{effect}_return_db", 0, -6))).correct
    sends = [edit(name, f"{effect}_send_db", -20, -60) for name in ("vocal.wav", "beat.wav")]
    assert judge(line(expect), result(*sends)).correct
    assert not judge(line(expect), result(sends[0])).correct


def test_room_size_on_the_reverb_bus_makes_a_track_send_stray():
    expect = {"target": "reverb", "effect": "room_size", "direction": "up"}
    assert judge(line(expect), result(edit("reverb", "reverb_room_size", 0.5, 0.65))).correct
    verdict = judge(line(expect), result(edit("reverb", "reverb_room_size", 0.5, 0.65),
                                         edit("vocal.wav", "reverb_send_db", -18, -15)))
    assert [c.target for c in verdict.stray] == ["vocal.wav"]


def test_highpass_down_lowers_the_cutoff_and_a_value_is_met_near_it():
    down = {"target": "lead_vocal", "effect": "highpass", "direction": "down"}
    assert judge(line(down), result(edit("vocal.wav", "hpf_cutoff_hz", 80, 50))).correct
    assert len(judge(line(down), result(edit("vocal.wav", "hpf_cutoff_hz", 80, 120))).opposite) == 1
    to_60 = {**down, "value": 60, "unit": "hz"}
    assert judge(line(to_60), result(edit("vocal.wav", "hpf_cutoff_hz", 80, 60))).correct
    far = judge(line(to_60), result(edit("vocal.wav", "hpf_cutoff_hz", 80, 200)))
    assert far.met == [False] and len(far.opposite) == 1
    assert judge(line(to_60), result(edit("vocal.wav", "hpf_cutoff_hz", 80, 30))).opposite == []


def test_cut_above_is_a_band_down_and_a_high_shelf_near_counts():
    expect = {"target": "lead_vocal", "effect": "band", "direction": "down", "value": 12000, "unit": "hz"}
    assert judge(line(expect), result(edit("vocal.wav", "high_shelf_hz", 10000, 12000),
                                      edit("vocal.wav", "high_shelf_gain_db", 0, -3))).correct


def test_setting_a_value_it_already_has_is_not_judged_and_unmute_starts_muted():
    mute = {"target": "lead_vocal", "effect": "mute", "direction": "on"}
    assert judge(line(mute), result(edit("vocal.wav", "mute", 1, 1))).met == [False]
    unmute = line({"target": "backing_vocal", "effect": "mute", "direction": "off"}, tracks=TRACKS)
    current, _ = session_of(unmute)
    assert current["tracks"]["bv_1.wav"]["mute"] == 1 and current["tracks"]["Lead_Vox.wav"]["mute"] == 0
    assert judge(unmute, result(edit("bv_1.wav", "mute", 1, 0), edit("bv_2.wav", "mute", 1, 0))).correct
    assert not judge(unmute, result(edit("bv_1.wav", "mute", 0, 0))).correct


def test_a_band_without_a_direction_goes_the_way_of_its_signed_gain():
    cut = {"target": "lead_vocal", "effect": "band", "value": 400, "unit": "hz", "gain_db": -3}
    down = result(edit("vocal.wav", "peak1_hz", 250, 400), edit("vocal.wav", "peak1_gain_db", 0, -3))
    up = result(edit("vocal.wav", "peak1_hz", 250, 400), edit("vocal.wav", "peak1_gain_db", 0, 3))
    assert judge(line(cut), down).correct
    verdict = judge(line(cut), up)
    assert not verdict.correct and len(verdict.opposite) == 1


def test_a_width_amount_is_judged_by_its_direction_only():
    narrower = {"target": "bv_1.wav", "effect": "width", "direction": "down", "value": 30, "unit": "percent"}
    for new in (70, 30, 0):  # 30 points less, 30 % of it less, or much less: all narrower
        assert judge(line(narrower, tracks=TRACKS), result(edit("bv_1.wav", "width_percent", 100, new))).correct
    assert not judge(line(narrower, tracks=TRACKS), result(edit("bv_1.wav", "width_percent", 100, 130))).correct


def test_a_role_with_one_track_and_its_file_name_are_one_target():
    by_role = {"target": "instrumental", "effect": "level", "direction": "down"}
    by_name = {**by_role, "target": "beat.wav"}
    edits = result(edit("beat.wav", "gain_db", -2, -4))
    assert judge(line(by_role, tracks=TRACKS), edits).correct and judge(line(by_name, tracks=TRACKS), edits).correct
    louder = result(edit("beat.wav", "gain_db", -2, 0))
    assert len(judge(line(by_role, tracks=TRACKS), louder).opposite) == 1
    assert len(judge(line(by_name, tracks=TRACKS), louder).opposite) == 1
    both = line(by_role, {"target": "beat.wav", "effect": "brightness", "direction": "up"}, tracks=TRACKS)
    assert judge(both, result(edit("beat.wav", "gain_db", -2, -4), edit("beat.wav", "high_shelf_gain_db", 0, 2))).correct


def test_a_track_to_centre_starts_off_centre_on_the_side_the_line_names():
    centre = {"target": "beat.wav", "effect": "pan", "direction": "center"}
    current, _ = session_of(line(centre, tracks=TRACKS, text="the beat is too far left, bring it to the middle"))
    assert current["tracks"]["beat.wav"]["pan"] < 0 and current["tracks"]["Lead_Vox.wav"]["pan"] == 0
    current, _ = session_of(line(centre, tracks=TRACKS, text="recentre le beat"))
    assert current["tracks"]["beat.wav"]["pan"] > 0
    right = line(centre, tracks=TRACKS, text="recentre le beat")
    assert judge(right, result(edit("beat.wav", "pan", 0.4, 0.0))).correct
    assert not judge(right, result(edit("beat.wav", "pan", 0.4, 0.8))).correct


def test_width_on_the_master_is_its_limit_or_every_track_as_on_the_mix():
    narrower = line({"target": "master", "effect": "width", "direction": "down"}, tracks=TRACKS)
    assert judge(narrower, result(edit("master", "max_width_percent", 140, 110))).correct
    every = result(edit("beat.wav", "width_percent", 100, 80), edit("bv_1.wav", "width_percent", 100, 80),
                   edit("bv_2.wav", "width_percent", 100, 80))
    assert judge(narrower, every).correct
    assert not judge(narrower, result(edit("beat.wav", "width_percent", 100, 80))).correct
    wider = judge(narrower, result(edit("master", "max_width_percent", 140, 160)))
    assert not wider.correct and len(wider.opposite) == 1


def test_a_master_asked_for_the_loudness_it_has_starts_on_the_side_it_comes_from():
    down = {"target": "master", "effect": "loudness", "direction": "down", "value": -14, "unit": "lufs"}
    current, _ = session_of(line(down))
    assert current["targets"]["target_lufs"] > -14
    assert judge(line(down), result(edit("master", "target_lufs", current["targets"]["target_lufs"], -14))).correct
    up = {**down, "direction": "up"}
    assert session_of(line(up))[0]["targets"]["target_lufs"] < -14
    elsewhere = {**down, "value": -9}
    assert session_of(line(elsewhere))[0]["targets"]["target_lufs"] == -14


def test_a_high_pass_asked_at_the_cutoff_it_has_starts_an_octave_on_the_side_it_comes_from():
    up = {"target": "lead_vocal", "effect": "highpass", "direction": "up", "value": 80, "unit": "hz"}
    current, _ = session_of(line(up))
    assert current["tracks"]["vocal.wav"]["hpf_cutoff_hz"] == 40.0
    assert current["tracks"]["beat.wav"]["hpf_cutoff_hz"] == session_of(line())[0]["tracks"]["beat.wav"]["hpf_cutoff_hz"]
    assert judge(line(up), result(edit("vocal.wav", "hpf_cutoff_hz", 40, 80))).correct
    down = {**up, "direction": "down"}
    assert session_of(line(down))[0]["tracks"]["vocal.wav"]["hpf_cutoff_hz"] == 160.0
    # a cutoff already away from the value is left where the mix has it; the floor bounds the start
    assert session_of(line({**up, "value": 200}))[0]["tracks"]["vocal.wav"]["hpf_cutoff_hz"] == 80.0
    low = {"target": "instrumental", "effect": "highpass", "direction": "up", "value": 30, "unit": "hz"}
    assert session_of(line(low))[0]["tracks"]["beat.wav"]["hpf_cutoff_hz"] == 20.0


def test_the_master_target_is_no_move_of_a_track_level():
    # "monte le master à -10 LUFS et baisse l'instru de 1 dB": the master up is the loudness asked
    # for, not the opposite of the beat going down; a master move for a track's level is stray.
    both = line({"target": "master", "effect": "loudness", "direction": "up", "value": -10, "unit": "lufs"},
                {"target": "instrumental", "effect": "level", "direction": "down", "value": 1, "unit": "db"})
    verdict = judge(both, result(edit("master", "target_lufs", -14, -10), edit("beat.wav", "gain_db", -2, -3)))
    assert verdict.correct and not verdict.opposite
    quieter_beat = line({"target": "instrumental", "effect": "level", "direction": "down"})
    verdict = judge(quieter_beat, result(edit("master", "target_lufs", -14, -15)))
    assert verdict.met == [False] and not verdict.opposite and len(verdict.stray) == 1
    louder_master = line({"target": "master", "effect": "level", "direction": "up"})
    assert judge(louder_master, result(edit("master", "target_lufs", -14, -12))).correct
    assert len(judge(louder_master, result(edit("master", "target_lufs", -14, -16))).opposite) == 1
