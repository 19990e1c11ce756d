"""Direction, amounts and sentence-structure classes of the fourteenth held-out part, each checked
on sentences of its own (none of them in the corpora), with the corpus judge
(:mod:`mixdown_dev.text_eval`): met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right, run

BAND = [{"name": "Lead_Vox.wav", "role": "lead_vocal"}, {"name": "harmonies.wav", "role": "backing_vocal"},
        {"name": "Gtr_L_crunch.wav", "role": "guitar"}, {"name": "Gtr_R_clean.wav", "role": "guitar"},
        {"name": "keys.wav", "role": "keys"}, {"name": "pad.wav", "role": "pad"},
        {"name": "bass_DI.wav", "role": "bass"}, {"name": "drums.wav", "role": "drums"},
        {"name": "sax.wav", "role": "other"}, {"name": "strings.wav", "role": "other"}]
DRUMS = [{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "kick.wav", "role": "kick"},
         {"name": "snare.wav", "role": "snare"}, {"name": "808.wav", "role": "bass"},
         {"name": "beat.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("make the keys wider, say 30 % de plus", "keys.wav width up"),
    ("le pad plus large, 25 % more", "pad.wav width up"),
    ("les keys moins larges, genre 20 % de moins", "keys.wav width down"),
    ("keys a bit louder, like 2 dB more", "keys.wav level up"),
    ("le pad, deux dB de moins", "pad.wav level down"),
])
def test_an_amount_followed_by_more_or_less_is_a_move_never_a_setting(text, expect):
    assert_right(text, expect, tracks=BAND)


def test_an_amount_after_to_still_sets_the_value():
    edits = [e for e in run("set the pad width to 40 %", BAND).edits if e.parameter == "width_percent"]
    assert [e.value for e in edits] == [40.0]


@pytest.mark.parametrize(("text", "expect", "context"), [
    ("my vocal is lost under the snare and the 808", "lead_vocal presence up", ("snare.wav", "808.wav")),
    ("la voix se noie sous la snare et le kick", "lead_vocal presence up", ("snare.wav", "kick.wav")),
    ("the vocal gets buried behind the kick and the beat", "lead_vocal presence up", ("kick.wav", "beat.wav")),
])
def test_tracks_listed_after_a_place_are_context_and_never_move(text, expect, context):
    assert_right(text, expect, tracks=DRUMS)
    assert not [e for e in run(text, DRUMS).edits if e.target in context]


@pytest.mark.parametrize(("text", "expect"), [
    ("le sax manque d'air, il est noye sous les keys", "sax.wav brightness up"),
    ("la basse, on l'entend pas sous les drums", "bass level up"),
    ("the bass gets lost behind the keys and the pad", "bass level up"),
])
def test_a_pronoun_subject_lost_under_tracks_moves_only_itself(text, expect):
    assert_right(text, expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("high pass the snare at 150, too much sub on it", "snare highpass up 150 hz"),
    ("la snare manque de bas, mets du sub", "snare lows up"),
])
def test_sub_after_a_tracks_low_end_is_its_region_not_the_bass(text, expect):
    assert_right(text, expect, tracks=DRUMS)
    assert not [e for e in run(text, DRUMS).edits if e.target == "808.wav"]


@pytest.mark.parametrize(("text", "expect"), [
    ("la voix est trop derriere les keys", "lead_vocal level up"),
    ("the vocal sits too much behind the pad", "lead_vocal level up"),
    ("la voix est trop devant les grattes", "lead_vocal level down"),
])
def test_too_far_behind_a_track_raises_it_too_far_ahead_lowers_it(text, expect):
    assert_right(text, expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the snare is way too loud, it cuts over everything", ["snare level down"]),
    ("le kick est trop boomy, ça fait trembler tout", ["kick lows down"]),
    ("la snare est trop dure et trop forte, calme tout ça", ["snare harshness down", "snare level down"]),
    ("the kick is too clicky, tone all that down", ["kick brightness down"]),
])
def test_everything_inside_a_tracks_complaint_is_never_the_master(text, expect):
    assert_right(text, *expect, tracks=DRUMS)
    assert not [e for e in run(text, DRUMS).edits if e.target == "master"]


@pytest.mark.parametrize(("text", "expect"), [
    ("la snare est trop seche, baisse la un peu", ["snare reverb up", "snare level down"]),
    ("le kick est trop large, monte le un peu", ["kick width down", "kick level up"]),
    ("la voix est trop forte et trop seche, descends la et mets de la reverb", ["lead_vocal level down",
                                                                               "lead_vocal reverb up"]),
])
def test_a_level_verb_on_the_tracks_pronoun_never_undoes_the_complaints_fix(text, expect):
    assert_right(text, *expect, tracks=DRUMS)


@pytest.mark.parametrize(("text", "expect"), [
    ("the guitars are fighting the vocal around 3k, dip them 2 dB there", "guitar band down 3000 hz"),
    ("le pad gene la voix vers 400 hz, creuse le un peu", "pad.wav band down 400 hz"),
    ("keys: small cut, like -2 dB, at 800 hz", "keys.wav band down 800 hz"),
    ("monte les keys de 2 dB, vers 5k", "keys.wav band up 5000 hz"),
])
def test_a_spot_and_its_gain_in_two_clauses_make_a_band_never_the_fader(text, expect):
    assert_right(text, expect, tracks=BAND)
    assert not [e for e in run(text, BAND).edits if e.parameter == "gain_db"]


@pytest.mark.parametrize(("text", "expect"), [
    ("the snare sounds hollow in the mids, fill them back in", "snare mids up"),
    ("the kick is too in front, sit it in the beat a bit more", "kick level down"),
    ("blend the snare into the beat more", "snare level down"),
    ("la snare est trop devant, fonds la un peu plus dans le beat", "snare level down"),
])
def test_a_phrasal_or_sinking_verb_goes_its_own_way_whatever_degree_follows(text, expect):
    assert_right(text, expect, tracks=DRUMS)
    assert not [e for e in run(text, DRUMS).edits if e.target == "beat.wav"]


@pytest.mark.parametrize(("text", "expect"), [
    ("plus de delay, moins de reverb, et le kick un peu plus fort",
     ["lead_vocal delay up", "lead_vocal reverb down", "kick level up"]),
    ("less delay, more reverb and the snare a touch louder",
     ["lead_vocal delay down", "lead_vocal reverb up", "snare level up"]),
])
def test_a_track_subject_of_its_own_request_lends_itself_to_no_earlier_clause(text, expect):
    assert_right(text, *expect, tracks=DRUMS)


def test_a_track_after_a_preposition_still_serves_the_clauses_before():
    assert_right("plus de reverb et de delay sur la snare", "snare reverb up", "snare delay up", tracks=DRUMS)


@pytest.mark.parametrize("text", [
    "guitars: left one down 1 dB, right one up 2 dB",
    "the guitars, left one quieter, the right one louder",
])
def test_sides_told_with_one_under_a_heading_are_the_two_tracks(text):
    assert_right(text, "Gtr_L_crunch.wav level down", "Gtr_R_clean.wav level up", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the kick high pass 15 hz higher", "kick highpass up"),
    ("raise the snare's high-pass by 30 hz", "snare highpass up"),
    ("monte le passe haut de la snare de 40 hz", "snare highpass up"),
    ("snare width -30%", "snare width down"),
    ("snare reverb: 3 dB less", "snare reverb down"),
    ("delay sur la snare : 2 dB de plus", "snare delay up"),
])
def test_a_change_by_so_much_never_sets_the_value_the_other_way(text, expect):
    assert_right(text, expect, tracks=DRUMS)
    assert not [e for e in run(text, DRUMS).edits if e.parameter == "gain_db"]


def test_a_high_pass_said_at_a_frequency_is_still_set_there():
    edits = [e for e in run("mets un coupe bas a 120 hz sur la snare", DRUMS).edits if e.parameter == "hpf_cutoff_hz"]
    assert [e.value for e in edits] == [120.0]


@pytest.mark.parametrize(("text", "expect"), [
    ("moins de reverb et de delay sur la snare", ["snare reverb down", "snare delay down"]),
    ("enleve un peu de saturation et de compression sur le kick", ["kick saturation down", "kick compression down"]),
    ("un peu moins d'aigus, et de reverb aussi, sur la snare", ["snare brightness down", "snare reverb down"]),
])
def test_a_degree_said_once_for_two_things_joined_by_et_de_goes_for_both(text, expect):
    assert_right(text, *expect, tracks=DRUMS)


def test_et_de_la_is_a_partitive_of_its_own():
    assert_right("moins de reverb et de la compression sur le kick", "kick reverb down", "kick compression up",
                 tracks=DRUMS)


@pytest.mark.parametrize(("text", "context"), [
    ("the vocal is getting drowned out by the kick and the snare", ("kick.wav", "snare.wav")),
    ("the 808 is masking the kick and the snare, lower it", ("kick.wav", "snare.wav")),
])
def test_tracks_listed_after_a_masking_verb_or_by_never_move(text, context):
    assert [e for e in run(text, DRUMS).edits]
    assert not [e for e in run(text, DRUMS).edits if e.target in context]


@pytest.mark.parametrize(("text", "expect", "context"), [
    ("the harmonies sound too far, bring them closer to the lead", ["backing_vocal closeness up"], "Lead_Vox.wav"),
    ("le sax plus proche du lead stp", ["sax.wav closeness up"], "Lead_Vox.wav"),
    ("le pad plus large et plus loin derriere les keys", ["pad.wav width up", "pad.wav closeness down"], "keys.wav"),
])
def test_the_track_a_distance_is_measured_against_never_moves(text, expect, context):
    assert_right(text, *expect, tracks=BAND)
    assert not [e for e in run(text, BAND).edits if e.target == context]


@pytest.mark.parametrize("text", [
    "high pass the snare at 150, the kick is bleeding into it",
    "coupe sous 150 hz sur la snare, le kick bave dedans",
])
def test_a_track_spilling_into_the_one_asked_about_is_the_reason(text):
    assert_right(text, "snare highpass up 150 hz", tracks=DRUMS)
    assert not [e for e in run(text, DRUMS).edits if e.target == "kick.wav"]


@pytest.mark.parametrize("text", [
    "the snare is perfect, make everything else quieter",
    "la snare est bien, tout le reste est trop fort",
])
def test_everything_else_is_every_track_but_the_one_named(text):
    edits = run(text, DRUMS).edits
    assert edits and all(e.target not in ("snare.wav", "master") and e.value < e.old_value for e in edits)


def test_everything_a_track_does_something_to_is_not_a_target():
    assert_right("the kick is so boomy it shakes everything, tame it", "kick lows down", tracks=DRUMS)
    assert not [e for e in run("the kick is so boomy it shakes everything, tame it", DRUMS).edits
                if e.target == "master"]


@pytest.mark.parametrize(("text", "expect"), [
    ("the snare is too dry, turn it down a little", ["snare reverb up", "snare level down"]),
    ("tuck the snare into the beat a bit more", ["snare level down"]),
])
def test_english_pronoun_and_tuck_keep_the_complaints_way(text, expect):
    assert_right(text, *expect, tracks=DRUMS)


def test_a_track_object_of_its_own_verb_lends_itself_to_no_earlier_clause():
    assert_right("more delay, less reverb, and turn the kick down 2 dB", "lead_vocal delay up",
                 "lead_vocal reverb down", "kick level down", tracks=DRUMS)


def test_a_voice_lost_after_a_track_too_wide_is_the_consequence():
    assert_right("the kick is way too wide, the vocal gets lost", "kick width down", tracks=DRUMS)
