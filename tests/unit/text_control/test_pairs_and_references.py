"""Two classes of phrasing about which tracks a sentence moves, each checked on sentences of its
own (not the corpus's): two tracks of a pair placed apart ("une à gauche, l'autre à droite": each
its own side, the file marked L going left), and a second track named only as a reference
("compared to the amp", "distant from the strings", "the choir drowns her", "que moi"), which is
not edited; a track's name is read after its article before the article's shorter phrase
("the DI bass" is Bass_DI.wav, not "the DI" and the lows). The judge is the corpus's
(:mod:`mixdown_dev.text_eval`): every request met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right

BAND = [{"name": "Voc.wav", "role": "lead_vocal"}, {"name": "Keys_L.wav", "role": "keys"},
        {"name": "Keys_R.wav", "role": "keys"}, {"name": "Gtr_crunch_L.wav", "role": "guitar"},
        {"name": "Gtr_crunch_R.wav", "role": "guitar"}, {"name": "Gtr_lead.wav", "role": "guitar"},
        {"name": "Bass_DI.wav", "role": "bass"}, {"name": "Bass_mic.wav", "role": "bass"},
        {"name": "Strings.wav", "role": "other"}, {"name": "Choir.wav", "role": "backing_vocal"}]
TALK = [{"name": "Host_mic.wav", "role": "lead_vocal"}, {"name": "Guest_mic.wav", "role": "other"},
        {"name": "Bed.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("les claviers : un tout a gauche et l'autre tout a droite",
     ("Keys_L.wav pan left", "Keys_R.wav pan right")),
    ("the crunch guitars, one to the right, the other one to the left",
     ("Gtr_crunch_R.wav pan right", "Gtr_crunch_L.wav pan left")),
    ("keys: one left, the other right please", ("Keys_L.wav pan left", "Keys_R.wav pan right")),
])
def test_two_tracks_of_a_pair_placed_apart(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect", "tracks"), [
    ("the DI bass feels too loud next to the mic", "Bass_DI.wav level down", BAND),
    ("the DI bass needs more low end", "Bass_DI.wav lows up", BAND),
    ("la voix sonne trop distante des cordes", "lead_vocal closeness up", BAND),
    ("the vocal feels far from the strings", "lead_vocal closeness up", BAND),
    ("the vocal is a bit far, the choir covers it", "lead_vocal closeness up", BAND),
    ("l'invité est moins fort que moi", "Guest_mic.wav level up", TALK),
])
def test_a_track_named_as_a_reference_is_not_edited(text, expect, tracks):
    assert_right(text, expect, tracks=tracks)


@pytest.mark.parametrize(("text", "expect"), [
    ("put the keys left and bring them down 2 dB", ("keys pan left", "keys level down")),
    ("mets le choeur a gauche puis monte-le un peu", ("backing_vocal pan left", "backing_vocal level up")),
    ("the strings: less comp, more air", ("Strings.wav compression down", "Strings.wav brightness up")),
    ("un peu moins de comp sur la basse DI", ("Bass_DI.wav compression down",)),
])
def test_a_list_or_a_pronoun_after_a_placement_keeps_its_own_request(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("les claviers, un a droite l'autre a gauche", ("Keys_R.wav pan right", "Keys_L.wav pan left")),
    ("crunch guitars one left the other right", ("Gtr_crunch_L.wav pan left", "Gtr_crunch_R.wav pan right")),
])
def test_the_other_of_a_pair_in_the_same_clause(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the strings are too loud, and the choir could use 3 more dB", ("Strings.wav level down", "backing_vocal level up")),
    ("give the choir 1 more dB", ("backing_vocal level up",)),
    ("the choir needs 2 less dB", ("backing_vocal level down",)),
])
def test_an_amount_with_more_or_less_before_its_unit_keeps_its_sense(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("mets la DI au meme niveau que l'ampli", "Bass_DI.wav level up"),
    ("the choir at the same level as the strings please", "backing_vocal level up"),
])
def test_a_track_named_as_the_level_to_match_is_not_edited(text, expect):
    assert_right(text, expect, tracks=[*BAND[:6], {"name": "Bass_DI.wav", "role": "bass"},
                                       {"name": "Bass_ampli.wav", "role": "bass"}, *BAND[8:]])


@pytest.mark.parametrize(("text", "expect"), [
    ("les cordes sont trop fortes. le choeur, lui, est trop loin", ("Strings.wav level down",
                                                                   "backing_vocal closeness up")),
    ("l'orgue est trop sourd, les claviers, eux, trop secs", ("keys brightness up", "keys reverb up")),
])
def test_a_stressed_pronoun_between_commas_keeps_its_track_in_its_clause(text, expect):
    assert_right(text, *expect, tracks=BAND)
