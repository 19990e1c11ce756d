"""Direction and structure classes that turned edits the opposite way or lost a request in the
ninth held-out corpus, each checked on sentences of its own (none of them in the corpora): a
bullet's dash (never "less"), a track to leave untouched ("sans toucher à", "without touching",
"leave … alone": left out, the request beside it kept its way). The judge is the corpus's
(:mod:`mixdown_dev.text_eval`): met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right

BAND = [{"name": "Lead_Vox.wav", "role": "lead_vocal"}, {"name": "BV_stack.wav", "role": "backing_vocal"},
        {"name": "Gtr_L.wav", "role": "guitar"}, {"name": "Keys.wav", "role": "keys"},
        {"name": "Kick.wav", "role": "kick"}, {"name": "Snare.wav", "role": "snare"},
        {"name": "Bass_DI.wav", "role": "bass"}, {"name": "Drums_OH.wav", "role": "drums"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("- brighter keys - less delay on the snare", ["keys brightness up", "snare delay down"]),
    ("- moins de reverb\n- monte les claviers\n- basse plus large",
     ["keys level up", "lead_vocal reverb down", "bass width up"]),
    ("-louder kick -more reverb on the keys", ["kick level up", "keys reverb up"]),
    ("– kick plus fort – claviers moins brillants", ["kick level up", "keys brightness down"]),
])
def test_a_dash_opening_a_list_item_is_a_bullet_not_less(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_sign_between_a_track_and_a_quality_in_a_bulleted_list_stays_a_sign():
    assert_right("- keys - bright\n- louder snare", "keys brightness down", "snare level up", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte les claviers de 2 dB sans toucher aux choeurs", ["keys level up"]),
    ("push the snare up 1 dB without touching the drums", ["snare level up"]),
    ("plus de reverb sur la caisse claire sans toucher au kick", ["snare reverb up"]),
    ("widen the keys but don't touch the guitar", ["keys width up"]),
    ("baisse la basse, touche pas au kick", ["bass level down"]),
    ("kick +1 dB, bass -2 dB, leave the keys alone", ["kick level up", "bass level down"]),
    ("laisse la gratte tranquille et monte un peu les claviers", ["keys level up"]),
])
def test_a_track_to_leave_untouched_is_left_out_and_never_turns_the_request(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the keys are way too loud, pull them 3 dB", ["keys level down"]),
    ("pull the bass 1 dB", ["bass level down"]),
    ("pull the keys up 2 dB", ["keys level up"]),
    ("pull the snare forward a bit", ["snare presence up"]),
])
def test_pull_alone_lowers_and_its_particle_keeps_its_own_way(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("rajoute une reverb discrete sur les claviers", ["keys reverb up"]),
    ("add a quiet delay to the snare", ["snare delay up"]),
    ("mets un delay subtil sur la basse", ["bass delay up"]),
])
def test_a_discreet_amount_of_an_effect_added_is_more_of_it_on_the_track(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_bus_said_quieter_is_still_its_return_down():
    assert_right("make the delay quieter", "delay delay down", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("smooth the keys", ["keys harshness down"]),
    ("the keys are too narrow, widen them and mellow the guitar", ["keys width up", "guitar harshness down"]),
    ("the guitar is kinda harsh, smooth it please", ["guitar harshness down"]),
])
def test_a_quality_word_used_as_a_verb_asks_for_more_of_its_quality(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the keys are fizzy", ["keys harshness down"]),
    ("la gratte fait trop fizzy dans les aigus", ["guitar harshness down"]),
])
def test_fizz_is_a_harsh_top_never_less_drive(text, expect):
    assert_right(text, *expect, tracks=BAND)


SIDES = [{"name": "Gtr_L_crunch.wav", "role": "guitar"}, {"name": "Gtr_R_clean.wav", "role": "guitar"},
         {"name": "Lead_Vox.wav", "role": "lead_vocal"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("the guitar on the right is too bright", ["Gtr_R_clean.wav brightness down"]),
    ("la guitare a droite est trop forte", ["Gtr_R_clean.wav level down"]),
    ("the guitar on the left sounds fizzy and quiet", ["Gtr_L_crunch.wav harshness down", "Gtr_L_crunch.wav level up"]),
])
def test_a_track_told_by_its_side_as_a_subject_is_that_track_never_a_pan(text, expect):
    assert_right(text, *expect, tracks=SIDES)


@pytest.mark.parametrize(("text", "expect"), [
    ("la reverb : une piece plus petite", ["reverb room_size down"]),
    ("the reverb, a small room please", ["reverb room_size down"]),
    ("la reverb : une piece plus grande et plus large", ["reverb room_size up", "reverb reverb_width up"]),
])
def test_a_room_noun_with_its_adjective_goes_the_adjectives_way(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("les claviers sont enterres sous la gratte tu peux les faire ressortir", ["keys presence up"]),
    ("the snare is buried could you bring it out", ["snare presence up"]),
    ("la basse est trop forte tu pourrais la baisser", ["bass level down"]),
])
def test_an_asking_phrase_after_a_complaint_opens_its_own_clause(text, expect):
    assert_right(text, *expect, tracks=BAND)


VOICE_OVER = [{"name": "Narration.wav", "role": "lead_vocal"}, {"name": "Music_bed.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("la voix off doit passer devant", ["lead_vocal presence up"]),
    ("monte un peu la voix off", ["lead_vocal level up"]),
])
def test_the_voice_over_is_a_voice_never_a_switch(text, expect):
    assert_right(text, *expect, tracks=VOICE_OVER)


def test_cutting_the_voice_still_mutes_it():
    assert_right("coupe la voix", "lead_vocal mute on", tracks=VOICE_OVER)


@pytest.mark.parametrize(("text", "expect"), [
    ("the keys are louder than my snare, push the snare up", ["snare level up"]),
    ("la gratte bouffe les claviers, monte les claviers", ["keys level up"]),
    ("on m'entend plus derriere la basse, monte ma voix", ["lead_vocal level up"]),
])
def test_a_track_blamed_then_the_fix_on_the_one_it_hurts_moves_only_that_one(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_complaint_that_does_not_name_the_requested_track_stays_a_request():
    assert_right("the keys are too loud, push the snare up", "keys level down", "snare level up", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("les claviers sont trop brillants et trop basses en volume", ["keys brightness down", "keys level up"]),
    ("la caisse claire trop seche et trop faible", ["snare reverb up", "snare level up"]),
    ("the keys are too muddy and too quiet", ["keys low_mids down", "keys level up"]),
])
def test_each_complaint_of_one_track_has_its_own_fix_and_too_low_is_its_level(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_too_much_bass_is_still_the_low_end():
    assert_right("trop de basses sur les claviers", "keys lows down", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("bring me up 2 dB", ["lead_vocal level up"]),
    ("remonte moi un chouia", ["lead_vocal level up"]),
    ("turn me down a bit please", ["lead_vocal level down"]),
])
def test_the_artist_as_the_object_is_the_lead_vocal(text, expect):
    assert_right(text, *expect)


def test_the_artist_the_thing_is_done_for_is_no_target():
    assert_right("baisse moi les claviers de 2 dB", "keys level down", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("mets de la reverb sur les claviers et baisse-les un peu", ["keys reverb up", "keys level down"]),
    ("more delay on the backing vocals, then turn them down 1 dB", ["backing_vocal delay up", "backing_vocal level down"]),
])
def test_a_plural_pronoun_after_an_effect_on_tracks_is_the_tracks_level(text, expect):
    tracks = [*BAND, {"name": "BV_2.wav", "role": "backing_vocal"}, {"name": "Keys_2.wav", "role": "keys"}]
    assert_right(text, *expect, tracks=tracks)


@pytest.mark.parametrize(("text", "expect"), [
    ("less delay, more reverb, and a bit more keys", ["lead_vocal delay down", "lead_vocal reverb up", "keys level up"]),
    ("plus de reverb sur la caisse claire et un peu moins de basse",
     ["snare reverb up", "bass level down"]),
])
def test_a_degree_whose_object_is_a_track_is_that_tracks_level(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_degree_before_a_place_goes_on_with_the_quality_before():
    assert_right("more reverb on the snare and less on the keys", "snare reverb up", "keys reverb down", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("snare - 2 dB", ["snare level down"]),
    ("claviers - 1,5 dB, kick + 1 dB", ["keys level down", "kick level up"]),
    ("- 3 dB on the bass", ["bass level down"]),
])
def test_a_dash_one_space_before_a_gain_is_its_minus_sign(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_range_of_gains_is_no_minus_sign():
    assert_right("monte le kick de 1 - 2 dB", "kick level up", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("pas besoin d'echo sur les claviers", ["keys delay off"]),
    ("pas besoin du delay sur la caisse claire", ["snare delay off"]),
])
def test_no_need_of_an_effect_in_its_elided_form_is_none_of_it(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("- les claviers: + forts\n- la basse: - forte", ["keys level up", "bass level down"]),
    ("so:\n- keys brighter\n- snare quieter\n- more reverb", ["keys brightness up", "snare level down", "lead_vocal reverb up"]),
])
def test_a_bullet_item_keeps_its_sign_after_a_heading_and_borrows_no_track(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_quality_verb_with_its_particle_before_its_object_asks_for_more_of_it():
    assert_right("mellow out the keys", "keys harshness down", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("la basse est en retrait, le kick la couvre, fais la ressortir", ["bass presence up"]),
    ("le kick est trop faible, la gratte le masque, monte le", ["kick level up"]),
])
def test_a_french_pronoun_takes_the_track_of_its_gender(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte les claviers, la basse je veux dire", ["bass level up"]),
    ("more delay on the snare, the kick I mean", ["kick delay up"]),
])
def test_a_correction_with_its_marker_after_it_replaces_the_clause_before(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("turn it down a little, the delay", ["lead_vocal delay down"]),
    ("baisse-la, la caisse claire", ["snare level down"]),
    ("bring them up, the keys", ["keys level up"]),
])
def test_a_pronoun_whose_thing_is_named_after_it_takes_the_requests_way(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("keys: not so bright", ["keys brightness down"]),
    ("la basse, pas si large stp", ["bass width down"]),
    ("make the snare not as loud", ["snare level down"]),
])
def test_a_degree_denied_before_a_quality_in_a_wish_is_less_of_it(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("brighter keys but leave the guitar", ["keys brightness up"]),
    ("kick +1, snare -1, claviers tranquilles", ["kick level up", "snare level down"]),
])
def test_a_track_said_to_be_left_alone_without_a_verb_of_changing_takes_no_request(text, expect):
    assert_right(text, *expect, tracks=BAND)
