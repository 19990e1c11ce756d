"""Classes of vocabulary, frequencies, rooms, quality words and refusals missed by the ninth
held-out corpus, each checked on sentences of its own (not in the corpus). The judge is the
corpus's (:mod:`mixdown_dev.text_eval`)."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right, run

FOREIGN = [{"name": "Voz.wav", "role": "lead_vocal"}, {"name": "Flote.wav", "role": "other"},
           {"name": "Tromba.wav", "role": "other"}, {"name": "Harfe.wav", "role": "other"},
           {"name": "Cuerdas.wav", "role": "pad"}, {"name": "Bateria.wav", "role": "drums"}]
FILM = [{"name": "VO_narration.wav", "role": "lead_vocal"}, {"name": "Score.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("la flûte un poil plus forte", ["Flote.wav level up"]),
    ("less delay on the flute", ["Flote.wav delay down"]),
    ("the trumpet is way too loud", ["Tromba.wav level down"]),
    ("la trompette trop en avant, recule-la", ["Tromba.wav closeness down"]),
    ("the harp needs more reverb", ["Harfe.wav reverb up"]),
    ("baisse la harpe de 3 dB", ["Harfe.wav level down 3 db"]),
])
def test_file_names_in_other_languages_answer_to_their_translations(text, expect):
    assert_right(text, *expect, tracks=FOREIGN)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte la voix off", ["lead_vocal level up"]),
    ("turn up the voice over", ["lead_vocal level up"]),
    ("le narrateur est trop fort", ["lead_vocal level down"]),
])
def test_a_voice_over_is_a_voice_never_a_cue(text, expect):
    assert_right(text, *expect, tracks=FILM)
    assert_right(text, *expect)


DRUMS = [{"name": "Vox.wav", "role": "lead_vocal"}, {"name": "Kick.wav", "role": "kick"},
         {"name": "Overheads.wav", "role": "drums"}, {"name": "Piano.wav", "role": "keys"},
         {"name": "Bass.wav", "role": "bass"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("enlève tout sous les 140 sur le piano", ["keys highpass up 140 hz"]),
    ("cut below the 100 on the piano please", ["keys highpass up 100 hz"]),
    ("coup les basses du piano sous 110", ["keys highpass up 110 hz"]),
])
def test_a_bare_number_after_below_is_a_cutoff_never_a_mute(text, expect):
    assert_right(text, *expect, tracks=DRUMS)
    assert not any(e.parameter == "mute" for e in run(text, DRUMS).edits), text


@pytest.mark.parametrize(("text", "expect"), [
    ("give the piano 3 dB at 800 Hz", ["keys band up 800 hz"]),
    ("donne 2 dB vers 6k au piano", ["keys band up 6000 hz"]),
])
def test_a_gain_given_at_a_frequency_is_a_boost_there(text, expect):
    assert_right(text, *expect, tracks=DRUMS)


@pytest.mark.parametrize(("text", "expect"), [
    ("descends le coupe-bas du piano à 40 Hz, il est trop maigre", ["keys highpass down 40 hz"]),
    ("set the piano's low cut to 40 Hz, it got too thin", ["keys highpass down 40 hz"]),
])
def test_a_named_cutoff_is_not_moved_again_by_the_complaint(text, expect):
    assert_right(text, *expect, tracks=DRUMS)
    cutoffs = [e.value for e in run(text, DRUMS).edits if e.parameter == "hpf_cutoff_hz"]
    assert cutoffs == [40.0], text


@pytest.mark.parametrize(("text", "expect"), [
    ("high-pass the overheads at 300, there's a lot of kick bleed", ["drums highpass up 300 hz"]),
    ("creuse le piano vers 500, ça se bat avec la voix", ["keys band down 500 hz"]),
])
def test_a_reason_names_no_request_on_the_other_track(text, expect):
    assert_right(text, *expect, tracks=DRUMS)


def test_a_leak_alone_is_not_understood():
    assert_right("way too much kick bleed", tracks=DRUMS, refuse=True)


STUDIO = [{"name": "Vox.wav", "role": "lead_vocal"}, {"name": "Choir.wav", "role": "backing_vocal"},
          {"name": "Organ.wav", "role": "keys"}, {"name": "Instru.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("the organ feels like it's 15 metres away", ["keys closeness up"]),
    ("la chorale on dirait qu'elle est à 20 mètres 😩 rapproche-la", ["backing_vocal closeness up"]),
    ("the choir sounds like it's at the back of the stadium", ["backing_vocal closeness up"]),
    ("la voix sonne comme au fond du garage", ["lead_vocal closeness up"]),
    ("l'orgue en mode lointain", ["keys closeness down"]),
    ("l'orgue est en mode lointain, rapproche-le", ["keys closeness up"]),
])
def test_distance_said_by_images_and_numbers(text, expect):
    assert_right(text, *expect, tracks=STUDIO)


@pytest.mark.parametrize(("text", "expect"), [
    ("la reverb fait stade, fais une pièce plus petite", ["reverb room_size down"]),
    ("bigger hall on the reverb so the song can breathe", ["reverb room_size up"]),
    ("moins de reverb sur l'orgue, c'est un morceau intime", ["keys reverb down"]),
])
def test_rooms_and_breathing_ask_only_what_they_ask(text, expect):
    assert_right(text, *expect, tracks=STUDIO)


SET = [{"name": "Lead.wav", "role": "lead_vocal"}, {"name": "Guitar_bridge.wav", "role": "guitar"},
       {"name": "Sub.wav", "role": "bass"}, {"name": "Snare.wav", "role": "snare"}, {"name": "Pad.wav", "role": "pad"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("the snare sounds crushed, I want the dynamics back", ["snare compression down"]),
    ("the whole mix is clipping, pull the master down", ["master loudness down"]),
    ("le mix sature", ["master loudness down"]),
    ("the sub is clipping everything", ["bass level down"]),
    ("le lead fait trop téléphone", ["lead_vocal lows up"]),
    ("pad: less harsh, more air", ["pad harshness down", "pad brightness up"]),
    ("the lead needs more grit for the bridge", ["lead_vocal saturation up"]),
])
def test_quality_words_move_what_an_engineer_moves(text, expect):
    assert_right(text, *expect, tracks=SET)


def test_clipping_beside_a_lower_level_is_only_the_reason():
    edits = run("the master is way too loud, it's clipping", SET).edits
    assert [(e.target, e.parameter) for e in edits] == [("master", "target_lufs")]
    assert edits[0].value < edits[0].old_value


@pytest.mark.parametrize("text", [
    "fais-moi un clip pour youtube",
    "add some hats",
    "reverse the pad",
    "louder didgeridoo",
    "the lead's pitch is off",
])
def test_what_no_effect_covers_is_refused(text):
    assert_right(text, tracks=SET if "hats" not in text else None, refuse=True)


@pytest.mark.parametrize("text", ["the pad needs more motion", "le pad a besoin de plus de mouvement"])
def test_a_need_of_an_unknown_thing_is_no_level(text):
    assert_right(text, tracks=SET, refuse=True)


def test_a_lack_told_after_a_complaint_keeps_its_own_sense():
    assert_right("le pad est trop fin, il a pas de corps", "pad lows up", tracks=SET)


@pytest.mark.parametrize("text", ["rajoute des handclaps", "remove the silence at the start", "enlève les respirations"])
def test_editing_and_new_material_are_refused(text):
    assert_right(text, tracks=SET, refuse=True)


def test_a_lowered_pronoun_after_clipping_is_the_level():
    assert_right("le pad clippe, baisse-le un peu", "pad level down", tracks=SET)


@pytest.mark.parametrize(("text", "expect"), [
    ("le master écrase tout", ["mix compression down"]),
    ("le son global est trop fort, ça écrase tout", ["master loudness down"]),
])
def test_squashing_said_of_the_whole_is_never_more_compression(text, expect):
    assert_right(text, *expect, tracks=SET)


def test_a_gain_after_a_clipping_track_takes_it_off():
    edits = run("the sub is clipping the whole mix, pull it 3dB", SET).edits
    assert [(e.target, e.parameter, e.value) for e in edits] == [("Sub.wav", "gain_db", edits[0].old_value - 3.0)]


def test_a_distance_in_metres_is_no_frequency():
    edits = run("l'orgue sonne comme s'il était à 20 mètres de moi", STUDIO).edits
    assert_right("l'orgue sonne comme s'il était à 20 mètres de moi", "keys closeness up", tracks=STUDIO)
    assert not any(e.parameter.endswith("_hz") for e in edits)
