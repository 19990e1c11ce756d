"""What artists actually say (issue 15): each failure class of the issue, numbers with units
anywhere, targets by any name, the vocabulary of sound, typos, several requests, and direction:
no edit moves a parameter against any request of its instruction."""

from __future__ import annotations

import pytest

from mixdown_dev.text_eval import session_of
from mixdown_text_control.rules import RuleParser
from mixdown_text_control.semantics import SENSES, Wish, opposes
from tests.unit.text_control.phrasing import assert_right, run

RICH = [{"name": "Lead_Vox_final.wav", "role": "lead_vocal"}, {"name": "bv_harmonies.wav", "role": "backing_vocal"},
        {"name": "808.wav", "role": "bass"}, {"name": "kick.wav", "role": "kick"},
        {"name": "feat_marco.wav", "role": "other"}, {"name": "fx_risers.wav", "role": "fx"},
        {"name": "prod_rest.wav", "role": "instrumental"},
        {"name": "adlibs.wav", "role": "adlib"}]


def moved(result) -> dict[tuple[str, str], tuple[float, float]]:
    return {(e.target, e.parameter): (e.old_value, e.value) for e in result.edits if e.value != e.old_value}


# --- the failures at the top of the issue ------------------------------------------------------


def test_cutting_the_lows_under_a_frequency_on_the_voice_sets_the_high_pass_and_never_mutes():
    for text in ("coupe les basses sous 100 Hz sur la voix", "coupe sous 100 sur la voix",
                 "coupe tout ce qui est en dessous de 100hz sur la voix"):
        edits = moved(run(text))
        assert edits == {("vocal.wav", "hpf_cutoff_hz"): (80.0, 100.0)}, (text, edits)


@pytest.mark.parametrize(("text", "hz", "sign"), [
    ("+3 dB vers 400 Hz sur la voix", 400, 1), ("enlève 2 dB à 3 kHz sur la voix", 3000, -1),
    ("boost 4k on the vocal by 3 dB", 4000, 1), ("cut 2 dB at 250 Hz on the vocal", 250, -1),
    ("1 dB de plus vers 6 kHz sur la voix", 6000, 1)])
def test_a_gain_at_a_frequency_shapes_an_eq_band_not_the_fader_nor_the_high_pass(text, hz, sign):
    edits = moved(run(text))
    assert ("vocal.wav", "gain_db") not in edits and ("vocal.wav", "hpf_cutoff_hz") not in edits
    (band,) = {p.removesuffix("_gain_db") for _, p in edits if p.endswith("_gain_db")}
    placed = edits.get(("vocal.wav", f"{band}_hz"), (None, None))[1] or session_of({})[0]["tracks"]["vocal.wav"][
        f"{band}_hz"]
    old, new = edits[("vocal.wav", f"{band}_gain_db")]
    assert placed == hz and (new - old) * sign > 0


def test_a_narrower_stereo_image_in_french_narrows_every_track():
    result = run("rends l'image stéréo plus étroite", RICH)
    widths = {t: v for (t, p), v in moved(result).items() if p == "width_percent"}
    assert widths and all(new < old for old, new in widths.values())


@pytest.mark.parametrize("text", ["la voix sonne distante", "la voix est trop loin", "the vocal feels distant",
                                  "the vocal sits too far back in the mix"])
def test_a_distant_voice_comes_closer_and_is_never_turned_down(text):
    edits = moved(run(text))
    old, new = edits[("vocal.wav", "gain_db")]
    assert new > old
    assert edits.get(("vocal.wav", "reverb_send_db"), (0, -1))[1] <= edits.get(("vocal.wav", "reverb_send_db"),
                                                                               (0, -1))[0]
    assert all(t == "vocal.wav" for t, _ in edits)


def test_kilohertz_shorthand_is_a_frequency_on_the_named_track():
    edits = moved(run("rajoute 2db vers 2.5k sur la voix"))
    assert edits[("vocal.wav", "peak3_hz")][1] == 2500 and edits[("vocal.wav", "peak3_gain_db")] == (0.0, 2.0)
    assert all(t == "vocal.wav" for t, _ in edits)


@pytest.mark.parametrize(("text", "sign"), [("make the reverb room bigger", 1), ("the reverb room is too small", 1),
                                            ("the reverb room is way too big", -1), ("smaller room on the vocal reverb", -1)])
def test_the_size_of_the_reverb_room(text, sign):
    (key, (old, new)), = moved(run(text)).items()
    assert key == ("reverb", "reverb_room_size") and (new - old) * sign > 0


def test_less_bright_and_quieter_is_the_vocals_level_not_the_masters():
    for text in ("la voix moins brillante et moins forte", "make the vocal less bright and quieter"):
        edits = moved(run(text))
        assert edits[("vocal.wav", "gain_db")][1] < edits[("vocal.wav", "gain_db")][0]
        assert edits[("vocal.wav", "high_shelf_gain_db")][1] < 0 and ("master", "target_lufs") not in edits


# --- understanding --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expect"), [
    ("master à -9 LUFS", ["master loudness up -9"]),
    ("widen the backs by 20%", ["backing_vocal width up"]),
    ("cut everything below 90 on the lead vocal", ["lead_vocal highpass up 90"]),
    ("more air above 12k on the vocal", ["lead_vocal brightness up"]),
    ("boost 60 hz on the kick", ["kick band up 60"]),
    ("-1.5dB à 350 Hz sur le 808", ["bass band down 350"]),
])
def test_numbers_with_units_anywhere(text, expect):
    assert_right(text, *expect, tracks=RICH)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte le feat", ["feat_marco.wav level up"]),
    ("les risers sont trop forts", ["fx level down"]),
    ("baisse Lead_Vox_final de 1 dB", ["lead_vocal level down"]),
    ("turn up the 808", ["bass level up"]),
    ("less bass on the backing vocals", ["backing_vocal lows down"]),
    ("baisse les backs et les adlibs", ["backing_vocal level down", "adlib level down"]),
    ("plus de basses sur le kick et moins sur le 808", ["kick lows up", "bass lows down"]),
    ("the vocal is lost in the mix", ["lead_vocal presence up"]),
    ("la voix est noyée dans l'instru", ["lead_vocal presence up"]),
    ("rends le mix plus large", ["mix width up"]),
])
def test_targets_by_any_name_and_places_that_are_not_targets(text, expect):
    assert_right(text, *expect, tracks=RICH)


@pytest.mark.parametrize(("text", "expect"), [
    ("la voix sonne carton", "lead_vocal low_mids down"), ("the vocal is honky", "lead_vocal mids down"),
    ("the vocal is brittle", "lead_vocal harshness down"), ("trop de s dans la voix", "lead_vocal sibilance down"),
    ("la voix est froide", "lead_vocal low_mids up"), ("the vocal sounds thin", "lead_vocal lows up"),
    ("y'a du rumble dans la voix", "lead_vocal highpass up"), ("la voix est trop compressée", "lead_vocal compression down"),
    ("le mix est trop compressé, ça respire pas", "mix compression down"),
    ("add some grit to the vocal", "lead_vocal saturation up"), ("recentre la voix des backs", "backing_vocal pan center"),
    ("big room sound on the kick please", "kick room_size up"),
])
def test_the_vocabulary_of_sound(text, expect):
    assert_right(text, expect, tracks=RICH)


@pytest.mark.parametrize(("text", "expect"), [
    ("enleve le dealy", "lead_vocal delay off"), ("more revreb on the vocals", "lead_vocal reverb up"),
    ("turn the vocla up", "lead_vocal level up"), ("la voie est trop forte", "lead_vocal level down"),
    ("les sibilence sont trop fortes", "lead_vocal sibilance down"),
])
def test_typos_within_a_small_edit_distance(text, expect):
    assert_right(text, expect)


def test_common_words_one_letter_from_the_lexicon_are_left_alone():
    # "around" is not "round" (body), "love" is not "lose" (off).
    assert_right("remove 2 db around 1k on the vocal", "lead_vocal band down 1000")
    speller = RuleParser().speller
    assert [speller.correct(w) for w in ("around", "love", "dessous")] == ["around", "love", "dessous"]


# --- direction -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expect"), [
    ("less bright vocal but more present", ["lead_vocal brightness down", "lead_vocal presence up"]),
    ("smoother but brighter vocal", ["lead_vocal harshness down", "lead_vocal brightness up"]),
    ("warmer but less boomy vocal", ["lead_vocal low_mids up", "lead_vocal lows down"]),
])
def test_requests_pulling_one_track_both_ways_get_no_opposite_edit(text, expect):
    assert_right(text, *expect)


def test_an_edit_that_would_go_against_another_request_is_dropped_and_the_space_comes_from_the_bus():
    # The send stays where it is (nearer wants it down, drier wants it up); the reverb asked for
    # comes from the bus's return, so neither request is left half done.
    result = run("la voix est sèche et trop loin")
    edits = moved(result)
    assert ("vocal.wav", "reverb_send_db") not in edits and edits[("vocal.wav", "gain_db")][1] > -2.0
    assert edits[("reverb", "reverb_return_db")][1] > edits[("reverb", "reverb_return_db")][0]
    assert result.not_understood == []


def test_the_semantics_table_negates_for_less():
    wish = Wish("vocal.wav", "brightness", -1, 0)
    assert opposes("high_shelf_gain_db", 1, None, wish) and not opposes("high_shelf_gain_db", -1, None, wish)
    assert opposes("peak3_gain_db", 1, 4000.0, wish) and not opposes("peak3_gain_db", 1, 1000.0, wish)
    assert opposes("hpf_cutoff_hz", -1, None, Wish("v", "body", -1, 0))
    assert not opposes("hpf_cutoff_hz", 1, None, Wish("v", "body", 1, 0))
    assert set(SENSES) >= {"level", "brightness", "presence", "closeness", "mud", "warmth", "width", "reverb"}


def test_numbers_spelled_out_and_signs():
    edits = moved(run("monte la voix de deux dB"))
    assert edits[("vocal.wav", "gain_db")] == (-2.0, 0.0)
    assert moved(run("reverb -3 db on the vocal"))[("vocal.wav", "reverb_send_db")] == (-18.0, -21.0)
    assert moved(run("vocal: +2db"))[("vocal.wav", "gain_db")] == (-2.0, 0.0)


@pytest.mark.parametrize(("text", "expect"), [
    ("everything except the vocal is too loud", ["instrumental level down"]),
    ("the backs and the adlibs need more reverb", ["backing_vocal reverb up", "adlib reverb up"]),
    ("la voix est plus forte que le beat, baisse la un peu", ["lead_vocal level down"]),
    ("make the adlibs sound far away", ["adlib closeness down"]),
    ("I don't like the delay on the vocal, remove it", ["lead_vocal delay off"]),
    ("the beat slaps too hard, turn it down", ["instrumental level down"]),
])
def test_sentences_that_say_it_another_way(text, expect):
    assert_right(text, *expect, tracks=RICH if "adlib" in " ".join(expect) or "backing" in " ".join(expect)
                 else None)  # the default session (vocal + beat) for the others


@pytest.mark.parametrize("text", ["add a drum fill before the chorus", "ajoute un couplet de rap",
                                  "the trumpets are too loud", "more sax", "write me a chorus", "make it better",
                                  "rends la voix plus belle", "solo the vocal"])
def test_requests_outside_the_mix_are_refused(text):
    result = run(text, RICH)
    assert not moved(result) and result.not_understood


def test_a_resonance_at_a_frequency_is_cut_there():
    assert_right("the vocal has a resonance around 800 hz, cut it", "lead_vocal band down 800")
    assert_right("il y a une résonance vers 400 sur la voix", "lead_vocal band down 400")


def test_a_switch_off_read_from_a_typo_never_mutes():
    # "loose" is one letter from "lose" (a switch-off cue): a guess only asks for less.
    result = run("the snare is loose", RICH + [{"name": "snare.wav", "role": "snare"}])
    assert all(e.parameter != "mute" for e in result.edits)
    assert not any(e.parameter == "mute" for e in run("the vocal is loose").edits)


@pytest.mark.parametrize(("text", "expect"), [
    ("le volume des backs est trop bas", "backing_vocal level up"),
    ("the level of the kick is too high", "kick level down"),
    ("la largeur des backs est trop faible", "backing_vocal width up"),
    ("the compression on the vocal is too light", "lead_vocal compression up"),
])
def test_too_low_and_too_high_say_which_way_the_named_amount_goes(text, expect):
    assert_right(text, expect, tracks=RICH)


def test_an_adjective_after_an_effect_describes_it():
    edits = moved(run("the compression is too heavy on the vocal"))
    assert set(edits) == {("vocal.wav", "comp_ratio"), ("vocal.wav", "comp_threshold_db")}
    assert edits[("vocal.wav", "comp_ratio")][1] < edits[("vocal.wav", "comp_ratio")][0]
