"""Classes of phrasing about how many requests a line makes and what they are aimed at, each
checked on sentences of its own (not the corpus's): a numbered list is one request per item; "it"
with a verb of its own after a switched-off effect or a width move is the track's level, and so
is a French object pronoun before an infinitive ("faut la baisser"); kit pieces, microphones and
noise tracks by the words people use for them; a track named as a purpose or as the one stepped
on is left alone; a number before "sec" is seconds and "elle est mute" is a state told; the tempo,
effects the console lacks, noise removal and new instruments are refused; a value in LUFS is the
master's loudness whatever word asked for it. The judge is the corpus's
(:mod:`mixdown_dev.text_eval`): every request met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from mixdown.mixparams import TRACK_PARAMS
from mixdown_dev.text_eval import judge, session_of
from mixdown_text_control.core import parse
from mixdown_text_control.normalise import fold, tokenise
from tests.unit.text_control.phrasing import assert_right, run

SESSION = [{"name": "Lead_Vox.wav", "role": "lead_vocal"}, {"name": "Dbl_vox.wav", "role": "double"},
           {"name": "beat.wav", "role": "instrumental"}, {"name": "808.wav", "role": "bass"},
           {"name": "Kick.wav", "role": "kick"}, {"name": "Pad_air.wav", "role": "pad"}]
JAZZ = [{"name": "Rhodes.wav", "role": "keys"}, {"name": "Upright_DI.wav", "role": "bass"},
        {"name": "Upright_mic.wav", "role": "bass"}, {"name": "Kit_OH.wav", "role": "drums"},
        {"name": "Crash_spot.wav", "role": "drums"}, {"name": "Voix.wav", "role": "lead_vocal"}]
ROCK = [{"name": "Vox.wav", "role": "lead_vocal"}, {"name": "Gtr_L.wav", "role": "guitar"},
        {"name": "Bass_amp.wav", "role": "bass"}, {"name": "Kick_in.wav", "role": "kick"},
        {"name": "Overheads.wav", "role": "drums"}, {"name": "Room_mics.wav", "role": "drums"},
        {"name": "Toms.wav", "role": "drums"}]
LOFI = [{"name": "vox.wav", "role": "lead_vocal"}, {"name": "loop.wav", "role": "instrumental"},
        {"name": "Tape_hiss.wav", "role": "fx"}, {"name": "Birds_fx.wav", "role": "fx"}]


def test_a_numbered_lists_markers_are_clause_separators_not_amounts():
    words = [t.text for t in tokenise(fold("1) kick +3 dB 2) pad -2 dB"))]
    assert words == [";", "kick", "+3", "db", ";", "pad", "-2", "db"]
    # A number in parentheses that counts nothing stays a number.
    assert "2" in [t.text for t in tokenise(fold("monte la voix (genre 2) stp"))]


@pytest.mark.parametrize(("text", "expect"), [
    ("1) kick +3 dB 2) pad -2 dB", ["kick level up 3 db", "pad level down 2 db"]),
    ("1. 808 plus fort 2. pad moins large", ["bass level up", "pad width down"]),
    ("1- more air on the double\n2- kick down 1 db", ["double brightness up", "kick level down 1 db"]),
    ("1) voix -1 dB 2) plus de delay sur le double 3) master à -8 LUFS",
     ["lead_vocal level down 1 db", "double delay up", "master loudness up -8 lufs"]),
    ("a) 808 +1 dB b) double -3 dB", ["bass level up 1 db", "double level down 3 db"]),
    ("1)pad -2db 2)kick +1db", ["pad level down 2 db", "kick level up 1 db"]),
    ("• double +2 dB • pad -1 dB", ["double level up 2 db", "pad level down 1 db"]),
    ("808 -2 dB kick +3 dB", ["bass level down 2 db", "kick level up 3 db"]),
])
def test_a_numbered_list_is_one_request_per_item(text, expect):
    assert_right(text, *expect, tracks=SESSION)


@pytest.mark.parametrize(("text", "expect"), [
    ("rends le pad plus large et descends-le de 3 dB", ["pad width up", "pad level down 3 db"]),
    ("narrow the 808 and push it up 1 dB", ["bass width down", "bass level up 1 db"]),
    ("vire le delay du double et remonte-le", ["double delay off", "double level up"]),
    ("take the reverb off the pad and pull it down", ["pad reverb off", "pad level down"]),
    ("spread the double out and drop it 3 dB", ["double width up", "double level down 3 db"]),
    ("le kick faut le remonter un peu", ["kick level up"]),
    ("t'inquiète pas pour le 808, mais le pad tu peux le baisser", ["pad level down"]),
    ("the double, can you bring it down", ["double level down"]),
])
def test_it_with_a_verb_of_its_own_is_the_tracks_level(text, expect):
    assert_right(text, *expect, tracks=SESSION)


@pytest.mark.parametrize(("text", "expect", "tracks"), [
    ("baisse un peu la crash", ["Crash_spot.wav level down"], JAZZ),
    ("more reverb on the crash", ["Crash_spot.wav reverb up"], JAZZ),
    ("descends le DI et remonte le micro", ["Upright_DI.wav level down", "Upright_mic.wav level up"], JAZZ),
    ("mute the mic on the upright bass", ["Upright_mic.wav mute on"], JAZZ),
    ("les toms sont trop forts", ["Toms.wav level down"], ROCK),
    ("coupe les room", ["Room_mics.wav mute on"], ROCK),
    ("the cymbals are way too bright", ["drums brightness down"], ROCK),
    ("the brushes need more reverb", ["drums reverb up"], [*ROCK[:4], {"name": "Kit.wav", "role": "drums"}]),
    ("les backs sont trop en avant, baisse-les de 2 dB", ["double level down 2 db"], SESSION),
    ("the tape hiss is too loud", ["Tape_hiss.wav level down"], LOFI),
    ("baisse un peu le souffle", ["Tape_hiss.wav level down"], LOFI),
    ("coupe le DI, garde seulement le micro", ["Upright_DI.wav mute on"], JAZZ),
    ("more reverb on the timbales", ["Timpani_hits.wav reverb up"],
     [*ROCK[:4], {"name": "Timpani_hits.wav", "role": "drums"}, {"name": "Kit.wav", "role": "drums"}]),
])
def test_kit_pieces_mics_and_noise_tracks_by_their_words(text, expect, tracks):
    assert_right(text, *expect, tracks=tracks)


@pytest.mark.parametrize(("text", "expect"), [
    ("coupe sous 150 hz sur le 808 pour laisser respirer le kick", ["bass highpass up 150 hz"]),
    ("low cut the pad at 300 to make space for the 808", ["pad highpass up 300 hz"]),
    ("the double is too loud, it's stepping on the lead", ["double level down"]),
    ("the 808 is way too loud, it's eating the kick", ["bass level down"]),
    ("coupe le bas du pad à 250 hz, il se mélange au 808", ["pad highpass up 250 hz"]),
    ("le pad est bien trop fort pour le double", ["pad level down"]),
    ("the 808 is way too boomy for the kick", ["bass lows down"]),
    ("the pad keeps getting in the way of the double", ["pad level down"]),
    ("monte le double pour qu'on l'entende au-dessus du pad", ["double level up"]),
])
def test_a_track_named_as_a_purpose_or_as_the_one_stepped_on_is_left_alone(text, expect):
    assert_right(text, *expect, tracks=SESSION)


@pytest.mark.parametrize(("text", "expect"), [
    ("turn the 808 down and try to make the pad darker", ["bass level down", "pad brightness down"]),
    ("le pad est beaucoup trop compressé, ça respire partout", ["pad compression down"]),
    ("baisse le kick et mets du delay partout", ["kick level down", "mix delay up"]),
])
def test_an_infinitive_object_and_everywhere_keep_their_requests(text, expect):
    assert_right(text, *expect, tracks=SESSION)


@pytest.mark.parametrize(("text", "expect"), [
    ("mute le pad trois sec", ["pad mute on"]),
    ("coupe le kick 2 sec stp", ["kick mute on"]),
    ("mute the 808 for 3 secs", ["bass mute on"]),
    ("remets le pad, il est mute", ["pad mute off"]),
    ("the double's muted, bring it back", ["double mute off"]),
])
def test_seconds_after_a_number_and_a_mute_state_told(text, expect):
    # The session as the judge starts it: a track the line asks to unmute is muted.
    target, effect, direction = expect[0].split()
    line = {"id": "t", "text": text, "lang": "", "tracks": SESSION,
            "expect": [{"target": target, "effect": effect, "direction": direction}]}
    current, roles = session_of(line)
    verdict = judge(line, parse(text, current, roles))
    assert verdict.correct, verdict.detail


@pytest.mark.parametrize("text", [
    "passe le morceau à 95 bpm",
    "put a phaser on the pad",
    "mets un peu de tremolo sur le pad",
    "remove the background noise from the double",
    "enlève le bruit de fond sur la voix",
    "ajoute un violon au refrain",
    "add a cowbell in the drop",
    "add a vocoder on the lead",
    "fais un fondu de sortie sur le pad",
    "fade the kick in at the start",
])
def test_requests_the_console_cannot_make_are_refused(text):
    assert_right(text, tracks=SESSION, refuse=True)


@pytest.mark.parametrize(("text", "expect"), [
    ("add a lil delay on the double", ["double delay up"]),
    ("add a soft high shelf on the pad", ["pad brightness up"]),
    ("ajoute une pointe de reverb sur le kick", ["kick reverb up"]),
])
def test_a_word_before_a_known_one_or_a_measure_is_no_new_thing(text, expect):
    assert_right(text, *expect, tracks=SESSION)


@pytest.mark.parametrize("text", ["le master il faut qu'il cogne à -9 LUFS", "master punchier at -10 lufs"])
def test_a_value_in_lufs_is_the_masters_loudness_whatever_the_word(text):
    result = run(text, SESSION)
    assert [(e.target, e.parameter) for e in result.edits] == [("master", "target_lufs")]


def test_a_width_move_then_it_in_db_moves_the_fader_not_the_width():
    edits = run("élargis le pad et baisse-le de 2 dB", SESSION).edits
    moved = {e.parameter: e.value - e.old_value for e in edits if e.target == "Pad_air.wav"}
    assert moved["width_percent"] > 0 and moved["gain_db"] == pytest.approx(-2.0)
    assert TRACK_PARAMS["gain_db"].unit == "dB"


ORCHESTRA = [{"name": "chant.wav", "role": "lead_vocal"}, {"name": "Strings_bus.wav", "role": "other"},
             {"name": "Wurli.wav", "role": "keys"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("le wurli est trop sec, envoie-le un peu dans la reverb", ["keys reverb up"]),
    ("the wurli sounds dry, send it to the delay", ["keys delay up"]),
    ("la voix est trop sombre et bien trop forte par rapport aux cordes", ["lead_vocal brightness up", "lead_vocal level down"]),
])
def test_a_send_verb_and_a_present_instrument_named_as_a_reference(text, expect):
    assert_right(text, *expect, tracks=ORCHESTRA)


STUDIO = [{"name": "Vox.wav", "role": "lead_vocal"}, {"name": "OH_L.wav", "role": "drums"},
          {"name": "OH_R.wav", "role": "drums"}, {"name": "Ride.wav", "role": "drums"},
          {"name": "Bass_DI.wav", "role": "bass"}, {"name": "Bass_amp.wav", "role": "bass"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("the overheads are way too harsh", ["OH_L.wav harshness down", "OH_R.wav harshness down"]),
    ("un peu plus d'ampli sur la basse", ["Bass_amp.wav level up"]),
])
def test_a_part_several_files_of_one_role_share_names_them_together(text, expect):
    assert_right(text, *expect, tracks=STUDIO)
