"""Terse engineering notation, as quick notes are written (the tenth held-out part's style):
abbreviations, filters with a bare number, gains at a frequency with "@", effects switched
"off", a master's bare loudness target. Each class is checked on sentences of its own (not in
the corpus) with the corpus's judge (:mod:`mixdown_dev.text_eval`), and on what it must not
change."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right, run

STUDIO = [{"name": "Vox_lead.wav", "role": "lead_vocal"}, {"name": "Keys_EP.wav", "role": "keys"},
          {"name": "Gtr_clean.wav", "role": "guitar"}, {"name": "Pad_wide.wav", "role": "pad"},
          {"name": "Sub_808.wav", "role": "bass"}, {"name": "Drums.wav", "role": "drums"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("keys: a touch more dly", ["keys delay up"]),
    ("moins de dly sur la gratte", ["guitar delay down"]),
    ("sub: sat up a bit", ["bass saturation up"]),
    ("rajoute de la sat sur les claviers", ["keys saturation up"]),
])
def test_abbreviated_effects_are_their_effects(text, expect):
    assert_right(text, *expect, tracks=STUDIO)


@pytest.mark.parametrize(("text", "expect"), [
    ("keys: HPF 180", ["keys highpass up 180 hz"]),
    ("hpf 160 sur la gratte", ["guitar highpass up 160 hz"]),
    ("drums: lpf 12k", ["drums band down 12000 hz"]),
    ("un passe-bas a 5k sur le pad", ["pad band down 5000 hz"]),
    ("claviers : passe-haut 190", ["keys highpass up 190 hz"]),
    ("high pass 170 on the guitar", ["guitar highpass up 170 hz"]),
    ("low pass 11k on the drums", ["drums band down 11000 hz"]),
])
def test_a_filter_with_a_bare_number_filters_there(text, expect):
    assert_right(text, *expect, tracks=STUDIO)


def test_a_low_pass_is_never_a_boost_nor_the_fader():
    edits = run("Pad_wide: LPF 4k", STUDIO).edits
    gains = [e for e in edits if e.parameter.endswith("gain_db")]
    assert gains and all(e.parameter != "gain_db" and e.value < e.old_value for e in gains)
    assert not any(e.parameter == "hpf_cutoff_hz" for e in edits)


@pytest.mark.parametrize(("text", "expect"), [
    ("keys -2 @ 350", ["keys band down 350 hz"]),
    ("Vox_lead: +1 @ 6k, -1.5 @ 200", ["lead_vocal band up 6000 hz", "lead_vocal band down 200 hz"]),
    ("gratte +2 @ 1k2", ["guitar band up 1200 hz"]),
])
def test_a_gain_at_a_frequency_is_an_eq_band_never_the_fader(text, expect):
    assert_right(text, *expect, tracks=STUDIO)
    assert not any(e.parameter == "gain_db" for e in run(text, STUDIO).edits)


@pytest.mark.parametrize(("text", "expect"), [
    ("reverb off on the keys", ["keys reverb off"]),
    ("verb off sur le pad", ["pad reverb off"]),
    ("gtr: dly off, +1", ["guitar delay off", "guitar level up 1 db"]),
    ("le delay off sur les claviers", ["keys delay off"]),
])
def test_an_effect_then_off_switches_it_off_never_mutes(text, expect):
    assert_right(text, *expect, tracks=STUDIO)
    assert not any(e.parameter == "mute" for e in run(text, STUDIO).edits)


def test_a_track_then_off_keeps_its_reading():
    assert_right("turn the keys off", "keys mute on", tracks=STUDIO)


@pytest.mark.parametrize(("text", "lufs"), [("master -8", -8.0), ("master -12 please", -12.0),
                                            ("keys +1, master -15", -15.0), ("master: -10", -10.0),
                                            ("keys -1 / master : -13", -13.0)])
def test_a_bare_negative_number_after_master_is_its_loudness_target(text, lufs):
    edits = [e for e in run(text, STUDIO).edits if e.parameter == "target_lufs"]
    assert [e.value for e in edits] == [lufs]


def test_a_small_master_cut_stays_a_change_in_db():
    assert_right("master -2 db", "master loudness down 2 db", tracks=STUDIO)


@pytest.mark.parametrize(("text", "expect"), [
    ("reverb return: -2 db", ["reverb reverb down 2 db"]),
    ("echo bus: +1 db", ["delay delay up 1 db"]),
    ("verb size : plus petite", ["reverb room_size down"]),
])
def test_a_bus_heading_takes_the_change_after_its_colon(text, expect):
    assert_right(text, *expect, tracks=STUDIO)


def test_a_track_heading_keeps_its_colon():
    assert_right("Keys_EP: more verb, -1 db", "keys reverb up", "keys level down 1 db", tracks=STUDIO)



LAYERS = [{"name": "Vox_lead.wav", "role": "lead_vocal"}, {"name": "Harm_hi.wav", "role": "backing_vocal"},
          {"name": "Harm_lo.wav", "role": "backing_vocal"}, {"name": "Chops_vox.wav", "role": "fx"},
          {"name": "Keys_EP.wav", "role": "keys"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("Harm_hi / Harm_lo / Chops_vox all -3", ["Harm_hi.wav level down", "Harm_lo.wav level down",
                                               "Chops_vox.wav level down"]),
    ("Chops_vox / Keys_EP / Harm_lo tous +1", ["Chops_vox.wav level up", "Keys_EP.wav level up",
                                               "Harm_lo.wav level up"]),
])
def test_a_list_of_names_takes_the_request_that_ends_it(text, expect):
    assert_right(text, *expect, tracks=LAYERS)
