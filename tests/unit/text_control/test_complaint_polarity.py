"""Complaint polarity, checked on sentences of its own (none of them in the corpora): a wanted
quality said to be missing ("has no body", "n'a aucun corps") asks for more of it, never less;
an adjective after "too X and" is a second complaint in its own sense ("too narrow and a bit
dark": brighter); "too timid" is not enough level; a clause opening on a misspelt verb never
guesses a boost. The judge is the corpus's (:mod:`mixdown_dev.text_eval`)."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right, verdict

BAND = [{"name": "Vox_lead.wav", "role": "lead_vocal"}, {"name": "Keys.wav", "role": "keys"},
        {"name": "Gtr.wav", "role": "guitar"}, {"name": "Drums.wav", "role": "drums"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("the keys have no body whatsoever", ["keys lows up"]),
    ("the guitar has got no low end", ["guitar lows up"]),
    ("la gratte n'a vraiment aucun corps", ["guitar lows up"]),
    ("les claviers ont pas de corps", ["keys lows up"]),
    ("there's zero presence on the vox", ["lead_vocal presence up"]),
    ("the drums have no air at all", ["drums brightness up"]),
])
def test_a_missing_quality_asks_for_more(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("no reverb on the keys", ["keys reverb off"]),
    ("sans delay sur la gratte", ["guitar delay off"]),
])
def test_an_absence_as_a_command_still_switches_off(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the keys are too narrow and kinda dull", ["keys width up", "keys brightness up"]),
    ("la gratte est trop etroite et un peu sombre", ["guitar width up", "guitar brightness up"]),
])
def test_the_second_adjective_keeps_its_own_sense(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the guitar is way too shy", ["guitar level up"]),
    ("les claviers sont trop timides", ["keys level up"]),
])
def test_too_timid_is_not_enough_level(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize("text", ["besse un peu les aigus des claviers", "baise un peu les aigus de la gratte"])
def test_a_misspelt_verb_never_reads_as_a_boost(text):
    result = verdict(text, "keys brightness down", tracks=BAND)
    assert not result.opposite, f"{text!r}: {result.detail}"
    assert not any(c.parameter == "high_shelf_gain_db" and c.new > c.old for c in result.stray), text


@pytest.mark.parametrize(("text", "expect"), [
    ("the reverb overall is a bit much", ["reverb reverb down"]),
    ("un peu moins d'echo global", ["delay delay down"]),
    ("a bit more delay in general", ["delay delay up"]),
])
def test_an_effect_said_overall_is_its_bus(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_an_effect_on_every_track_keeps_the_sends():
    result = verdict("less reverb on everything", "mix reverb down", tracks=BAND)
    assert result.correct, result.detail
