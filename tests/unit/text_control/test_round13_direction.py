"""Direction and sentence-structure classes of the eleventh held-out part, each checked on
sentences of its own (none of them in the corpora), with the corpus judge
(:mod:`mixdown_dev.text_eval`): met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right, run

DRUMS = [{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "kick.wav", "role": "kick"},
         {"name": "snare.wav", "role": "snare"}, {"name": "808.wav", "role": "bass"},
         {"name": "beat.wav", "role": "instrumental"}]
GUITARS = [{"name": "voix_chant.wav", "role": "lead_vocal"}, {"name": "choeurs.wav", "role": "backing_vocal"},
           {"name": "gratte_solo.wav", "role": "guitar"}, {"name": "gtr_rythm_L.wav", "role": "guitar"},
           {"name": "batterie.wav", "role": "drums"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("monte le 808... non en fait baisse le plutot", ["bass level down"]),
    ("turn the snare up, no wait, down. take it down", ["snare level down"]),
    ("baisse le kick, non attends, monte le juste un peu", ["kick level up"]),
    ("the kick too boomy? no, it's the 808 that needs less low end", ["bass lows down"]),
    ("la voix trop forte ? non, c'est le beat qui doit descendre", ["instrumental level down"]),
])
def test_a_self_correction_keeps_only_the_corrected_request(text, expect):
    assert_right(text, *expect, tracks=DRUMS)


@pytest.mark.parametrize("text", [
    "the vocal sounds like it's coming from across the hall",
    "la voix on dirait qu'elle est dans une autre piece",
    "vocal sounds like its in a different building lol",
    "la voix sonne comme depuis le couloir d a cote, trop loin",
])
def test_a_far_place_brings_the_voice_nearer_never_more_reverb(text):
    assert_right(text, "lead_vocal closeness up")
    assert not [e for e in run(text).edits if e.parameter == "reverb_send_db" and e.value > e.old_value]


@pytest.mark.parametrize("text", [
    "vocal too far back and too dry",
    "la voix est distante et beaucoup trop seche",
])
def test_far_and_dry_brings_it_nearer_and_adds_space(text):
    assert_right(text, "lead_vocal closeness up", "lead_vocal reverb up")


SAX = [{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "sax.wav", "role": "other"},
       {"name": "beat.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("le sax est trop in your face, push le back un peu", "sax.wav closeness down"),
    ("the sax is too in your face, push it back un peu", "sax.wav closeness down"),
    ("le sax est trop upfront, tuck le dans le beat", "sax.wav presence down"),
])
def test_too_close_pushed_back_moves_only_that_track_away(text, expect):
    assert_right(text, expect, tracks=SAX)
    assert not [e for e in run(text, SAX).edits if e.target == "beat.wav"]


@pytest.mark.parametrize(("text", "expect"), [
    ("la caisse claire tape trop fort, descends la de 2 db", ["snare level down"]),
    ("le kick manque de pêche, remonte le", ["kick level up"]),
    ("sature un peu la snare et baisse la d'1 db", ["snare saturation up", "snare level down"]),
    ("ne compresse pas la voix, monte la un peu", ["lead_vocal level up"]),
    ("don't add more reverb, just turn the kick up", ["kick level up"]),
])
def test_a_pronoun_after_a_tracks_dynamics_is_the_track(text, expect):
    assert_right(text, *expect, tracks=DRUMS)


@pytest.mark.parametrize("text", ["ne compresse pas le beat", "don't add more reverb on the vocal"])
def test_a_negated_order_moves_nothing(text):
    result = run(text)
    assert not result.edits and result.not_understood


@pytest.mark.parametrize(("text", "expect"), [
    ("turn my vocal up, its lost under the beat", ["lead_vocal level up"]),
    ("master a -9 lufs, c'est du rap faut que ça tape", ["master loudness up -9 lufs"]),
    ("enlève l'écho sur la voix, je deteste ça", ["lead_vocal delay off"]),
    ("darker vocal, more delay, and master at -12 LUFS", ["lead_vocal brightness down", "lead_vocal delay up",
                                                          "master loudness up -12 lufs"]),
])
def test_a_track_or_the_master_named_as_context_does_not_move(text, expect):
    assert_right(text, *expect)


BAND = [{"name": "chant_lead.wav", "role": "lead_vocal"}, {"name": "gratte_solo.wav", "role": "guitar"},
        {"name": "gratte_rythmique.wav", "role": "guitar"}, {"name": "kick_hard.wav", "role": "kick"},
        {"name": "808.wav", "role": "bass"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("lead guitar a bit quieter please", ["gratte_solo.wav level down"]),
    ("mets plus de delay sur la guitare lead", ["gratte_solo.wav delay up"]),
    ("less crunch on the rhythm guitar", ["gratte_rythmique.wav saturation down"]),
    ("the 808 is way too hard, bring it down", ["bass level down"]),
])
def test_the_lead_guitar_is_the_solo_and_a_files_word_after_a_degree_is_an_adjective(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("trop de delay et pas assez de voix", ["lead_vocal delay down", "lead_vocal level up"]),
    ("too much reverb, not enough vocal", ["lead_vocal reverb down", "lead_vocal level up"]),
    ("donc voila: - voix un peu plus forte - beat moins large", ["lead_vocal level up", "instrumental width down"]),
    ("de-ess the vocal and the mud as well", ["lead_vocal sibilance down", "lead_vocal low_mids down"]),
])
def test_several_requests_keep_each_its_own_object_and_way(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("more reverb on the vocal. wait no, less", "lead_vocal reverb down"),
    ("un peu plus de delay sur la voix, non attends, moins", "lead_vocal delay down"),
    ("baisse le beat, enfin non, monte le un peu", "instrumental level up"),
])
def test_a_correction_that_only_says_which_way_turns_the_thing_asked(text, expect):
    assert_right(text, expect)


@pytest.mark.parametrize("text", ["the vocal sounds like it's out in the street", "la voix sonne comme depuis le jardin"])
def test_a_place_outside_is_far(text):
    assert_right(text, "lead_vocal closeness up")


@pytest.mark.parametrize(("text", "expect"), [
    ("the vocal is too far and drowned in the reverb", ["lead_vocal closeness up", "lead_vocal reverb down"]),
    ("ne compresse plus la voix, monte la juste", ["lead_vocal level up"]),
    ("turn up the vocal, the beat is perfect", ["lead_vocal level up"]),
    ("monte un peu la voix, le beat est parfait", ["lead_vocal level up"]),
])
def test_a_complaint_joined_to_another_and_a_track_said_fine_keep_their_way(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte les aigus du beat... oh non, baisse les", ["instrumental brightness down"]),
    ("beat louder? nah, vocal louder", ["lead_vocal level up"]),
    ("more delay, no, the reverb", ["lead_vocal reverb up"]),
    ("vocal: louder, less delay, a bit of reverb", ["lead_vocal level up", "lead_vocal delay down",
                                                    "lead_vocal reverb up"]),
])
def test_a_no_before_a_verb_or_a_thing_replaces_and_an_amount_after_less_is_more(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("bring the vocal down, wait actually bring it up", "lead_vocal level up"),
    ("more delay on the vocal... never mind, less", "lead_vocal delay down"),
    ("baisse la reverb de la voix... laisse tomber, monte la", "lead_vocal reverb up"),
])
def test_wait_actually_and_never_mind_correct_the_request_before(text, expect):
    assert_right(text, expect)


def test_a_verbless_request_keeps_the_track_before_not_the_object_of_a_later_command():
    assert_right("give the vocal less delay and more reverb, and turn the beat up 1 dB",
                 "lead_vocal delay down", "lead_vocal reverb up", "instrumental level up")


@pytest.mark.parametrize(("text", "expect"), [
    ("the vocal is way too far, its like in a church", ["lead_vocal closeness up"]),
    ("la voix sonne loin, comme dans une cathedrale", ["lead_vocal closeness up"]),
    ("the keys are too dark and a little boomy", ["keys brightness up", "keys lows down"]),
])
def test_a_likeness_or_a_second_complaint_after_a_complaint_adds_no_move(text, expect):
    assert_right(text, *expect, tracks=[{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "keys.wav", "role": "keys"}])


@pytest.mark.parametrize(("text", "expect"), [
    ("less delay on the vocal, i mean more", "lead_vocal delay up"),
    ("monte le beat, pardon, je veux dire baisse le", "instrumental level down"),
    ("brighter beat... or actually darker", "instrumental brightness down"),
])
def test_a_correction_marker_then_only_a_way_turns_the_thing_asked(text, expect):
    assert_right(text, expect)


KIT = [{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "Kick_hard.wav", "role": "kick"},
       {"name": "Keys_soft.wav", "role": "keys"}, {"name": "Sax_lead.wav", "role": "other"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("keys pan left hard", ["keys pan left"]),
    ("lead sax a bit louder", ["Sax_lead.wav level up"]),
])
def test_a_files_words_name_it_in_either_order_and_not_beside_a_side(text, expect):
    assert_right(text, *expect, tracks=KIT)
