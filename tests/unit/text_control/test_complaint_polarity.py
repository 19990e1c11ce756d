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


@pytest.mark.parametrize(("text", "expect"), [
    ("i want the keys right in front of me", ["keys closeness up"]),
    ("make the guitar sound like it's right next to me", ["guitar closeness up"]),
    ("les claviers sont dans le fond, ramene les", ["keys closeness up"]),
    ("the keys sound like they're in a different room", ["keys closeness up"]),
    ("bring the gtr more near", ["guitar closeness up"]),
])
def test_closeness_said_with_places_and_bodies(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("reverb on the drums like a stadium", ["drums reverb up", "reverb room_size up"]),
    ("une reverb de hangar sur les claviers", ["keys reverb up", "reverb room_size up"]),
])
def test_vast_places_are_a_big_room(text, expect):
    result = verdict(text, *expect, tracks=BAND)
    assert result.met[-1] and not result.opposite, f"{text!r}: {result.detail}"


@pytest.mark.parametrize(("text", "expect"), [
    ("the drums are screechy up top", ["drums harshness down"]),
    ("the guitar is way too clicky", ["guitar harshness down"]),
    ("low rumble on the keys, filter it out", ["keys highpass up"]),
    ("the guitar sounds scooped, fill in the mids", ["guitar mids up"]),
])
def test_sound_words(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize("text", ["merci, c'est top", "thx the mix is great", "bof je sais pas, a toi de voir",
                                  "do it as you see fit", "enleve les euh du chanteur",
                                  "cut the silences between the phrases"])
def test_thanks_shrugs_and_editing_are_refused(text):
    assert_right(text, tracks=BAND, refuse=True)


@pytest.mark.parametrize(("text", "expect"), [
    ("bring the keys closer, like they're playing right next to me", ["keys closeness up"]),
    ("the reverb is too narrow, like it's mono", ["reverb reverb_width up"]),
    ("la gratte est trop loin, comme si elle jouait dans une autre piece", ["guitar closeness up"]),
])
def test_a_likeness_illustrates_the_request_before(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_for_this_song_is_no_target():
    assert_right("the keys are too bright for this song, tone them down a bit", "keys brightness down", tracks=BAND)


def test_a_likeness_to_a_thing_asks_nothing_of_its_own():
    assert_right("the guitar sounds muffled, like a pillow on top of it", "guitar brightness up", tracks=BAND)


def test_an_absence_joined_to_a_missing_quality_is_missing_too():
    assert_right("the keys have no air and no low end", "keys brightness up", "keys lows up", tracks=BAND)


@pytest.mark.parametrize("text", ["j'aimerais que la reverb s'etale davantage", "spread the reverb out a bit more"])
def test_a_reverb_spreading_out_is_its_width(text):
    assert_right(text, "reverb reverb_width up", tracks=BAND)
