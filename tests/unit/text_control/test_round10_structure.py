"""Direction and structure classes that turned edits the opposite way or lost a request in the
eighth held-out corpus, each checked on sentences of its own (none of them in the corpora): a
noun then its way said tersely ("reverb return down"), signs before a quality in a list, a
likeness denied ("pas un hangar"), a quality verb with a degree before its object after "et",
a new subject with a bare degree ("the beat is a bit much"), the artist's own past moves told
before the request. The judge is the corpus's (:mod:`mixdown_dev.text_eval`): met, nothing the
other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right

BAND = [{"name": "Lead_Vox.wav", "role": "lead_vocal"}, {"name": "BV_stack.wav", "role": "backing_vocal"},
        {"name": "Gtr_L.wav", "role": "guitar"}, {"name": "Keys.wav", "role": "keys"},
        {"name": "Kick.wav", "role": "kick"}, {"name": "Snare.wav", "role": "snare"},
        {"name": "Bass_DI.wav", "role": "bass"}, {"name": "Drums_OH.wav", "role": "drums"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("delay return down", ["delay delay down"]),
    ("treble down please", ["lead_vocal brightness down"]),
    ("mids down on the keys", ["keys mids down"]),
    ("reverb down a touch on the snare", ["snare reverb down"]),
])
def test_a_noun_then_its_way_said_tersely_goes_that_way(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("warm up the keys", ["keys low_mids up"]),
    ("dark it down a bit", ["lead_vocal brightness down"]),
])
def test_a_quality_verb_with_its_particle_keeps_its_own_sense(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("kick + fort, keys - brillants", ["kick level up", "keys brightness down"]),
    ("snare -bright, bass +loud", ["snare brightness down", "bass level up"]),
    ("guitar - wide, vocal + present", ["guitar width down", "lead_vocal presence up"]),
])
def test_signs_before_a_quality_in_a_list_are_less_and_more(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_dash_after_a_likeness_is_no_sign():
    assert_right("make the keys sound like an old radio - thin", "keys lows down", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("la reverb comme une petite salle, pas une église", ["reverb room_size down"]),
    ("give the reverb the size of a tiny studio, not an arena", ["reverb room_size down"]),
    ("j'aimerais que la reverb sonne comme un grand hall, pas un placard", ["reverb room_size up"]),
])
def test_a_likeness_denied_never_sets_the_direction(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte les keys et compresse légèrement la basse", ["keys level up", "bass compression up"]),
    ("cut the delay on the vocal and saturate a bit the guitar", ["lead_vocal delay off", "guitar saturation up"]),
])
def test_a_quality_verb_after_and_asks_for_more_despite_a_degree_before_its_object(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the snare is too dark and the keys are a little much", ["snare brightness up", "keys level down"]),
    ("la basse manque de corps et le kick c'est un peu beaucoup", ["bass lows up", "kick level down"]),
])
def test_a_new_subject_with_a_bare_degree_is_its_own_level(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("we boosted the highs on the keys and now they're harsh, tame them", ["keys harshness down"]),
    ("j'ai mis beaucoup de delay sur les choeurs, enlève-en un peu",
     ["backing_vocal delay down"]),
    ("I pushed the bass earlier but it's still buried, bring it up more", ["bass level up"]),
])
def test_a_move_the_artist_tells_as_done_is_no_request(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the snare is too loud, it's stepping on the vocal", ["snare level down"]),
    ("les claviers sont trop larges, ils bouffent la gratte", ["keys width down"]),
])
def test_what_a_track_does_to_another_told_after_its_complaint_asks_nothing_of_that_other(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("coupe la basse je veux écouter le kick", ["bass mute on"]),
    ("mute the keys I need to check the guitar", ["keys mute on"]),
])
def test_the_artist_speaking_after_a_mute_says_why(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("give the reverb a huge hall, longer", ["reverb room_size up"]),
    ("the reverb is too long, make it shorter", ["reverb room_size down"]),
])
def test_a_word_after_a_bus_parameter_goes_on_about_that_bus(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("les choeurs trop brillants pis trop forts", ["backing_vocal brightness down", "backing_vocal level down"]),
    ("monte la basse et compresse la un peux", ["bass level up", "bass compression up"]),
    ("le kick est trop fort, et les claviers on les entend pas", ["kick level down", "keys level up"]),
])
def test_a_second_request_of_the_sentence_is_kept(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the guitar is way too in your face, pull it back a touch further", ["guitar presence down"]),
    ("the drums are too loud, I can't even hear myself", ["drums level down"]),
    ("la gratte est trop forte, je m'entends pas", ["guitar level down"]),
])
def test_a_complaint_then_its_fix_or_its_reason_goes_one_way(text, expect):
    assert_right(text, *expect, tracks=BAND)


KIT = [{"name": "Vocal.wav", "role": "lead_vocal"}, {"name": "OH_L.wav", "role": "drums"},
       {"name": "OH_R.wav", "role": "drums"}, {"name": "Room_mic.wav", "role": "drums"},
       {"name": "Vocal_chops.wav", "role": "fx"}, {"name": "Bass.wav", "role": "bass"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("les overheads sont trop brillants, les cymbales piquent", ["OH_L.wav brightness down", "OH_R.wav brightness down"]),
    ("the overheads are too harsh, the cymbals are harsh too", ["OH_L.wav harshness down", "OH_R.wav harshness down"]),
])
def test_a_role_restating_the_tracks_just_named_stays_on_them(text, expect):
    assert_right(text, *expect, tracks=KIT)


def test_a_voice_word_after_a_tracks_name_is_its_adjective():
    assert_right("les chops vocaux moins forts", "Vocal_chops.wav level down", tracks=KIT)


@pytest.mark.parametrize(("text", "expect"), [
    ("moins de reverb sur la voix ; la basse veut 2 dB de plus", ["lead_vocal reverb down", "bass level up"]),
    ("brighter vocal, and the bass deserves 1 dB more", ["lead_vocal brightness up", "bass level up"]),
])
def test_a_track_as_subject_with_a_gain_is_its_own_level(text, expect):
    assert_right(text, *expect, tracks=KIT)


@pytest.mark.parametrize(("text", "expect"), [
    ("la basse sonne un peu molle sur cette chanson, tu peux la compresser ?", ["bass compression up"]),
    ("the snare sounds too dry on this track, add some reverb please", ["snare reverb up"]),
])
def test_the_song_named_with_a_demonstrative_is_no_target(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("more compression on the bass, like a motown record", ["bass compression up"]),
    ("les choeurs plus larges, comme un disque de soul", ["backing_vocal width up"]),
])
def test_a_likeness_to_a_kind_of_song_asks_nothing_of_the_mix(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("le delay un peu plus bas sur les choeurs", ["backing_vocal delay down"]),
    ("the reverb return quieter please", ["reverb reverb down"]),
    ("les graves plus bas sur la basse", ["bass lows down"]),
])
def test_a_quality_then_how_loud_it_is_to_be_goes_that_way(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_sign_before_a_partitive_heads_its_quality():
    assert_right("claviers - de reverb, basse + de compression", "keys reverb down", "bass compression up",
                 tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("more reverb on the keys and the guitar needs less", ["keys reverb up", "guitar reverb down"]),
    ("less air on the backs, the vocal needs more", ["backing_vocal brightness down", "lead_vocal brightness up"]),
])
def test_a_need_with_only_a_degree_takes_the_previous_quality_in_its_own_way(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_non_plus_is_either_not_a_negation():
    assert_right("moins de reverb sur les choeurs, et pas trop de delay non plus", "backing_vocal reverb down",
                 "backing_vocal delay down", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("coupe le delay des choeurs et rajoute-en sur la gratte", ["backing_vocal delay off", "guitar delay up"]),
    ("less delay on the keys, put some on the guitar", ["keys delay down", "guitar delay up"]),
])
def test_some_of_the_quality_just_named_put_elsewhere_goes_up_there(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("brighten the guitar but not the keys", ["guitar brightness up"]),
    ("compresse la basse mais pas le kick", ["bass compression up"]),
])
def test_a_track_after_a_bare_negation_is_left_out(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_track_said_to_stay_takes_no_request():
    assert_right("keys -2 dB, guitar +1 dB, la basse reste pareille", "keys level down", "guitar level up",
                 tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("guitar +, keys -", ["guitar level up", "keys level down"]),
    ("compression +, reverb - sur la basse", ["bass compression up", "bass reverb down"]),
])
def test_a_sign_ending_an_item_is_more_or_less_of_what_it_follows(text, expect):
    assert_right(text, *expect, tracks=BAND)
