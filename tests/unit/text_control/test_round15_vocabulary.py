"""Vocabulary classes of the fifteenth held-out part (likenesses of a record or an era, width
words, names typed as one word, sound words and slang, refusals), each checked on sentences of
its own (none of them in the corpora), with the corpus judge (:mod:`mixdown_dev.text_eval`): met,
nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right

BAND = [{"name": "Vox_main.wav", "role": "lead_vocal"}, {"name": "bv_stack.wav", "role": "backing_vocal"},
        {"name": "adlib_yeah.wav", "role": "adlib"}, {"name": "808_sub.wav", "role": "bass"},
        {"name": "Gtr_crunch.wav", "role": "guitar"}, {"name": "Drums_room.wav", "role": "drums"},
        {"name": "SuperSaw_lead.wav", "role": "synth"}, {"name": "PadAtmo.wav", "role": "pad"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("a touch more delay on the adlibs like an early 2000s crunk record", "adlib delay up"),
    ("the guitar needs more grit, like an old punk album", "guitar saturation up"),
    ("mets de la reverb sur les choeurs facon annees 70", "backing_vocal reverb up"),
    ("je veux plus de basses sur le 808 comme sur un morceau de drill uk", "bass lows up"),
    ("make the vocal a bit brighter, kinda like a 2020s pop song", "lead_vocal brightness up"),
    ("less reverb on the drums, they sound like an eighties tune", "drums reverb down"),
])
def test_a_record_or_an_era_pictures_the_request_and_is_no_target(text, expect):
    assert_right(text, expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the pad sounds to spread out, narrow it", "pad width down"),
    ("make the guitar closer to mono", "guitar width down"),
    ("la gratte devrait etre plus proche du mono", "guitar width down"),
    ("rapproche le pad du mono stp", "pad width down"),
])
def test_a_track_too_spread_out_or_closer_to_mono_is_narrower(text, expect):
    assert_right(text, expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("la reverb pollue les cotes", "reverb reverb_width down"),
    ("the reverb clutters both sides", "reverb reverb_width down"),
])
def test_a_reverb_filling_the_sides_is_too_wide(text, expect):
    assert_right(text, expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte un peu le supersaw", "synth level up"),
    ("the padatmo is too loud", "pad level down"),
    ("plus de reverb sur les supersaws", "synth reverb up"),
])
def test_a_camel_case_name_typed_as_one_word_names_its_track(text, expect):
    assert_right(text, expect, tracks=BAND)


DOUBLED = [{"name": "Voc_main.wav", "role": "lead_vocal"}, {"name": "Voc_dub.wav", "role": "double"},
           {"name": "instru.wav", "role": "instrumental"}]


@pytest.mark.parametrize("text", [
    "turn the choir down a bit",
    "plus de reverb sur la chorale",
    "add a drill beat under the vocal",
    "ajoute une petite ligne de basse funky",
    "can you add a reggae bassline",
    "rajoute une basse sur le pont",
    "add an 808 under the instru",
])
def test_a_choir_the_session_lacks_or_a_new_part_is_refused(text):
    assert_right(text, tracks=DOUBLED, refuse=True)


@pytest.mark.parametrize(("text", "expect"), [
    ("the backs a little louder", "double level up"),
    ("add a pinch of low end to the instru", "instrumental lows up"),
    ("la ligne de basse est trop forte", "bass level down"),
])
def test_the_doubles_still_stand_in_for_the_backs_and_amounts_are_no_new_part(text, expect):
    tracks = DOUBLED if "bass" not in expect else [*DOUBLED, {"name": "bass_di.wav", "role": "bass"}]
    assert_right(text, expect, tracks=tracks)


PODCAST = [{"name": "host_mic.wav", "role": "lead_vocal"}, {"name": "guest_mic.wav", "role": "other"},
           {"name": "music_bed.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("turn the gusts mic down a bit", "guest_mic.wav level down"),
    ("the hots mic is too quiet", "lead_vocal level up"),
    ("coupe lintru stp", "instrumental mute on"),
])
def test_a_typo_of_a_name_beside_its_other_word_or_after_a_glued_article_is_that_track(text, expect):
    assert_right(text, expect, tracks=PODCAST)


@pytest.mark.parametrize(("text", "expect"), [
    ("mate the delay on me voice is well too loud", "lead_vocal delay down"),
    ("the vocal has gone all boomy innit", "lead_vocal lows down"),
    ("the beat went thin in the mixdown", "instrumental lows up"),
    ("redonne de l'air a la voix", "lead_vocal brightness up"),
    ("balance-moi un peu de reverb sur la voix", "lead_vocal reverb up"),
    ("the s's on her voice are super harsh", "lead_vocal sibilance down"),
])
def test_slang_and_a_state_reached_read_as_what_they_mean(text, expect):
    assert_right(text, expect)


STAGE = [{"name": "voix_lead.wav", "role": "lead_vocal"}, {"name": "conga_perc.wav", "role": "drums"},
         {"name": "Choir_L.wav", "role": "backing_vocal"}, {"name": "Choir_R.wav", "role": "backing_vocal"},
         {"name": "Sweep_fx.wav", "role": "fx"}, {"name": "instru.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("le sweep est trop fort a la fin du pont", "fx level down"),
    ("au milieu du refrain la voix est trop forte", "lead_vocal level down"),
    ("les congas un peu plus right", "drums pan right"),
    ("mets le choir L full gauche", "Choir_L.wav pan left"),
    ("j'ai record ma voix dans le salon, elle sonne nasillarde", "lead_vocal mids down"),
])
def test_a_time_in_the_song_a_chat_pan_side_and_a_told_recording_are_no_quality(text, expect):
    assert_right(text, expect, tracks=STAGE)


@pytest.mark.parametrize(("text", "expect"), [
    ("enleve tout le delay stp", "delay delay off"),
    ("kill the reverb, all the reverb", "reverb reverb off"),
])
def test_all_of_an_effect_switched_off_is_its_bus(text, expect):
    assert_right(text, expect)


def test_plain_delay_off_stays_the_lead_vocal_send():
    assert_right("coupe le delay", "lead_vocal delay off")


@pytest.mark.parametrize(("text", "expect"), [
    ("the voice got duller", "lead_vocal brightness up"),
    ("the beat sounds boomier now", "instrumental lows down"),
    ("la voix est devenue plus nasillarde", "lead_vocal mids down"),
    ("the vocal went thinner since the last render", "lead_vocal lows up"),
])
def test_a_fault_that_grew_is_a_complaint_never_more_of_it(text, expect):
    assert_right(text, expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("the string bus is a bit quiet", "pad level up"),
    ("remets le rhodes au milieu", "keys pan center"),
])
def test_a_name_in_the_other_number_and_the_middle_as_the_centre(text, expect):
    assert_right(text, expect, tracks=[{"name": "Vox.wav", "role": "lead_vocal"},
                                      {"name": "Strings_bus.wav", "role": "pad"}, {"name": "Rhodes.wav", "role": "keys"}])


AMPS = [{"name": "Vox.wav", "role": "lead_vocal"}, {"name": "Bass_amp.wav", "role": "bass"},
        {"name": "Gtr_fuzz.wav", "role": "guitar"}, {"name": "host_mic.wav", "role": "other"},
        {"name": "guest_mic.wav", "role": "other"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("the fuzz guitar could be a touch cleaner", "guitar saturation down"),
    ("bass amp cleaner please", "bass saturation down"),
    ("make the vocal cleaner", "lead_vocal presence up"),
    ("turn up the gest a little", "guest_mic.wav level up"),
    ("more grit on the guitar, think early 90s grunge album", "guitar saturation up"),
])
def test_clean_after_an_amp_a_name_typo_after_an_article_and_a_thought_likeness(text, expect):
    assert_right(text, expect, tracks=AMPS)


GROUPS = [{"name": "Vox.wav", "role": "lead_vocal"}, {"name": "Choir_sopr.wav", "role": "backing_vocal"},
          {"name": "Choir_alto.wav", "role": "backing_vocal"}, {"name": "Drums_kit.wav", "role": "drums"},
          {"name": "loop_drill.wav", "role": "synth"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("plus de delay sur toute la chorale", "backing_vocal delay up"),
    ("the entire choir is a bit muddy", "backing_vocal low_mids down"),
    ("let a bit of the air back in on the vox", "lead_vocal brightness up"),
    ("the choir sounds far, it's a drill song not a ballad", "backing_vocal closeness up"),
])
def test_a_whole_group_a_quality_let_back_in_and_a_genre_beside_a_name(text, expect):
    assert_right(text, expect, tracks=GROUPS)


@pytest.mark.parametrize(("text", "expect"), [
    ("la voix fait vieux telephone, redonne du bas", "lead_vocal lows up"),
    ("on dirait un vieux poste de radio, la voix manque de bas", "lead_vocal lows up"),
])
def test_vieux_is_old_never_veux(text, expect):
    assert_right(text, expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("juste apres le pont le beat est trop fort", "instrumental level down"),
    ("tu sais quoi, monte un peu la voix", "lead_vocal level up"),
    ("man, the beat is way too loud", "instrumental level down"),
    ("mon pote trouve la voix trop seche", "lead_vocal reverb up"),
    ("making the beat quieter would help", "instrumental level down"),
    ("on entend a peine le mec qui chante", "lead_vocal level up"),
    ("c'est chiant, la voix est trop faible", "lead_vocal level up"),
    ("il y avait trop de delay sur la voix", "lead_vocal delay down"),
])
def test_everyday_words_are_never_spelled_into_mix_words(text, expect):
    assert_right(text, expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("the vocal came out too dark after mastering", "lead_vocal brightness up"),
    ("depuis le mixage le beat est trop fort", "instrumental level down"),
])
def test_a_stage_of_the_work_is_when_never_the_master(text, expect):
    assert_right(text, expect)
