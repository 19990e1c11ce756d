"""Vocabulary classes of the fourteenth held-out part (rooms, widths, sound words, typos,
refusals), each checked on sentences of its own (none of them in the corpora), with the corpus
judge (:mod:`mixdown_dev.text_eval`): met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right, run


@pytest.mark.parametrize(("text", "expect"), [
    ("agrandis la reverb, comme dans une cathedrale", "reverb room_size up"),
    ("reverb room smaller, more like a little booth", "reverb room_size down"),
    ("la reverb plus large, style gospel", "reverb reverb_width up"),
    ("make the verb longer, huge concert hall vibe", "reverb room_size up"),
    ("the overall reverb is way too long", "reverb room_size down"),
    ("la reverb generale est trop courte", "reverb room_size up"),
])
def test_a_place_or_a_style_pictures_the_reverb_shape_and_moves_no_send(text, expect):
    assert_right(text, expect)
    assert not [e for e in run(text).edits if e.parameter.endswith("_send_db") or e.parameter.startswith("peak")]


def test_a_pronoun_fixing_a_stated_reverb_shape_keeps_that_shape():
    assert_right("la taille de la reverb est trop petite, augmente la", "reverb room_size up")
    # "less of it" after a shape is still the reverb itself.
    assert_right("shorter reverb and less of it", "reverb room_size down", "lead_vocal reverb down")


@pytest.mark.parametrize(("text", "expect"), [
    ("the highs on the vocal are too tamed now", "lead_vocal brightness up"),
    ("les esses sont trop gommés, remets un peu de sifflantes", "lead_vocal sibilance up"),
    ("you de-essed it too much, she sounds lispy", "lead_vocal sibilance up"),
    ("you compressed the vocal way too hard", "lead_vocal compression down"),
    ("t'as compressé la voix trop fort", "lead_vocal compression down"),
    ("les aigus de la voix sont trop coupés", "lead_vocal brightness up"),
])
def test_a_quality_taken_away_too_far_comes_back(text, expect):
    assert_right(text, expect)


@pytest.mark.parametrize("text", ["dé-esse un peu plus la voix, ça siffle", "deess the vocal harder, the s's hiss"])
def test_the_de_ess_verb_with_a_sibilance_complaint_lowers_the_esses(text):
    assert_right(text, "lead_vocal sibilance down")


SYNTHS = [{"name": "vox.wav", "role": "lead_vocal"}, {"name": "lead_saw.wav", "role": "synth"},
          {"name": "pad_wide.wav", "role": "pad"}, {"name": "Keys_EP.wav", "role": "keys"},
          {"name": "beat.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("make the keys moins large stp", "keys width down"),
    ("the pad plus large please", "pad width up"),
    ("make le beat un peu plus large", "instrumental width up"),
    ("the pad is too wide, rends le plus étroit", "pad width down"),
    ("les claviers sont trop écartés, rends les plus étroits", "keys width down"),
    ("the saw lead is too narrow, make it massive and wide", "synth width up"),
])
def test_width_in_french_and_franglais_goes_the_way_said(text, expect):
    assert_right(text, expect, tracks=SYNTHS)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte lavoix d'un dB", "lead_vocal level up 1 db"),
    ("lebeat est trop fort", "instrumental level down"),
    ("turn thevocal down a bit", "lead_vocal level down"),
    ("baisse mavoix de 2 db", "lead_vocal level down 2 db"),
])
def test_an_article_glued_to_a_name_is_that_track_never_the_master(text, expect):
    assert_right(text, expect)
    assert not [e for e in run(text).edits if e.target == "master"]


@pytest.mark.parametrize(("text", "expect"), [
    ("remve the delay on the vocal", "lead_vocal delay off"),
    ("enlve la reverb de la voix", "lead_vocal reverb off"),
])
def test_a_switch_verb_missing_a_letter_still_switches_off(text, expect):
    assert_right(text, expect)


def test_a_real_word_corrected_to_a_switch_only_lowers():
    assert [e.value for e in run("loose the reverb").edits if e.parameter == "reverb_send_db"] == [-21.0]


@pytest.mark.parametrize(("text", "expect"), [
    ("beaucoup trop de delay, on comprend plus rien aux paroles, coupe le", "lead_vocal delay down"),
    ("trop de reverb sur la voix, on distingue plus les mots", "lead_vocal reverb down"),
])
def test_no_longer_hearing_is_no_more_of_the_quality_before(text, expect):
    assert_right(text, expect)
    assert not [e for e in run(text).edits if e.parameter.endswith("_send_db") and e.value > e.old_value]


EDM = [{"name": "vox.wav", "role": "lead_vocal"}, {"name": "sub.wav", "role": "bass"},
       {"name": "kick.wav", "role": "kick"}, {"name": "riser_fx.wav", "role": "fx"},
       {"name": "pad_air.wav", "role": "pad"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("kick louder, pad muted", ["kick level up", "pad mute on"]),
    ("fx muted stp, sub a bit brighter", ["fx mute on", "bass brightness up"]),
])
def test_a_muted_state_in_a_note_mutes_the_track(text, expect):
    assert_right(text, *expect, tracks=EDM)


def test_a_mute_told_as_a_story_is_no_order():
    assert_right("the pad is muted, bring it back", "pad mute off", tracks=EDM)


BAND = [{"name": "voix.wav", "role": "lead_vocal"}, {"name": "gtr_fuzz.wav", "role": "guitar"},
        {"name": "clap.wav", "role": "snare"}, {"name": "toms.wav", "role": "drums"},
        {"name": "beat.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("the clap could use more snap on top", "snare brightness up"),
    ("plus de patate dans les aigus sur le clap", "snare brightness up"),
    ("les toms grondent beaucoup trop", "drums lows down"),
    ("la gratte fuzz est trop boueuse", "guitar low_mids down"),
    ("the distortion guitar sounds muddy", "guitar low_mids down"),
])
def test_sound_words_placed_by_their_neighbours(text, expect):
    assert_right(text, expect, tracks=BAND)
    assert not [e for e in run(text, BAND).edits if e.parameter.startswith(("sat_", "comp_"))]


@pytest.mark.parametrize(("text", "expect"), [
    ("a bit more room on the toms", "drums reverb up"),
    ("moins de room sur le clap stp", "snare reverb down"),
])
def test_more_room_on_a_track_is_its_reverb_never_its_level(text, expect):
    assert_right(text, expect, tracks=BAND)
    assert not [e for e in run(text, BAND).edits if e.parameter == "gain_db"]


@pytest.mark.parametrize("text", [
    "just make it bang",
    "yo this mix is mid, make it slap",
    "sidechain the toms to the clap",
    "mets un sidechain sur la gratte avec le clap",
])
def test_vague_slang_and_track_to_track_sidechains_are_refused(text):
    assert_right(text, tracks=BAND, refuse=True)


def test_ducking_under_the_vocal_stays_the_console_ducking():
    assert [e.parameter for e in run("a bit more ducking under the vocal").edits] == ["duck_depth_db"]


@pytest.mark.parametrize("text", ["add a tom fill before the drop", "ajoute une gratte sur le pont",
                                  "add a snare on the last chorus"])
def test_one_new_part_of_a_kind_the_session_has_is_refused(text):
    assert_right(text, tracks=BAND, refuse=True)


def test_more_of_a_part_the_session_has_is_its_level():
    assert_right("add a bit more clap", "snare level up", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [("rajoute de la chaleur a la gratte", "guitar low_mids up"),
                                              ("ajoute du corps à la voix stp", "lead_vocal lows up")])
def test_french_a_before_a_track_is_no_new_part(text, expect):
    assert_right(text, expect, tracks=BAND)


@pytest.mark.parametrize(("text", "said"), [("filtre la voix sous 80 hz", "déjà là"),
                                            ("put the vocal high-pass at 80 Hz", "already there")])
def test_a_value_already_where_asked_says_so_not_a_limit(text, said):
    edits = [e for e in run(text).edits if e.parameter == "hpf_cutoff_hz"]
    assert edits and all(said in e.explanation and "limit" not in e.explanation for e in edits)


CHOIR = [{"name": "lead.wav", "role": "lead_vocal"}, {"name": "bv_L.wav", "role": "backing_vocal"},
         {"name": "bv_R.wav", "role": "backing_vocal"}, {"name": "pads.wav", "role": "pad"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("make the backs wider so they hug the lead", "backing_vocal width up"),
    ("élargis les pads, je veux qu'ils enveloppent la voix", "pad width up"),
])
def test_what_the_named_tracks_should_do_to_another_moves_only_them(text, expect):
    assert_right(text, expect, tracks=CHOIR)


@pytest.mark.parametrize("text", ["make the lyrics darker and more meaningful", "des paroles plus profondes stp",
                                  "make the vocal sound more expensive"])
def test_the_writing_and_vague_praise_are_refused(text):
    assert_right(text, refuse=True)


@pytest.mark.parametrize(("text", "expect"), [("the lyrics are hard to hear, make them clearer", "lead_vocal presence up"),
                                              ("les paroles un peu plus fortes", "lead_vocal level up")])
def test_lyrics_heard_better_is_a_mix_request(text, expect):
    assert_right(text, expect)


@pytest.mark.parametrize(("text", "expect"), [("you brought the clap down too much", "snare level up"),
                                              ("you turned the toms up way too much", "drums level down")])
def test_a_fader_move_told_overdone_is_undone(text, expect):
    assert_right(text, expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [("the toms need more punch in the low end", "drums lows up"),
                                              ("le clap manque de patate dans le bas", "snare lows up")])
def test_a_punch_word_in_the_bottom_is_the_lows(text, expect):
    assert_right(text, expect, tracks=BAND)
    assert not [e for e in run(text, BAND).edits if e.parameter.startswith("comp_")]
