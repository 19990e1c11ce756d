"""Vocabulary, typos, buses and refusals as the eleventh held-out part wrote them: words spelt
by ear, sound words, buses and their switches, the room, filters and what to refuse. Each class
is checked on sentences of its own (not in the corpus) with the corpus's judge
(:mod:`mixdown_dev.text_eval`), and on what it must not change."""

from __future__ import annotations

import pytest

from mixdown_dev.text_eval import judge, session_of
from mixdown_text_control.core import parse
from tests.unit.text_control.phrasing import assert_right

BAND = [{"name": "Voix_lead.wav", "role": "lead_vocal"}, {"name": "Choeurs.wav", "role": "backing_vocal"},
        {"name": "Gtr_rhythm_L.wav", "role": "guitar"}, {"name": "Gtr_rhythm_R.wav", "role": "guitar"},
        {"name": "Bass_DI.wav", "role": "bass"}, {"name": "Kick_in.wav", "role": "kick"},
        {"name": "Snare_top.wav", "role": "snare"}, {"name": "OH.wav", "role": "drums"},
        {"name": "Room_mics.wav", "role": "drums"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("baisse un chouia le bit", ["instrumental level down"]),
    ("le bit est pas assez fort", ["instrumental level up"]),
    ("bese la reverb du beat", ["instrumental reverb down"]),
    ("bais les aigus de la voix", ["lead_vocal brightness down"]),
    ("my vocal is kinda lowd", ["lead_vocal level down"]),
    ("j'entends pas du tout la voix", ["lead_vocal level up"]),
    ("jentends rien du beat", ["instrumental level up"]),
])
def test_words_spelt_by_ear_are_read_as_heard(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("rallume le kick", ["kick mute off"]),
    ("tu peux rallumer la caisse claire", ["snare mute off"]),
])
def test_a_track_switched_back_on_is_unmuted(text, expect):
    target, effect, direction = expect[0].split()
    line = {"id": "t", "text": text, "lang": "fr", "tracks": BAND,
            "expect": [{"target": target, "effect": effect, "direction": direction}]}
    current, roles = session_of(line)  # the track to bring back starts muted
    verdict = judge(line, parse(text, current, roles))
    assert verdict.correct, verdict.detail


@pytest.mark.parametrize(("text", "expect"), [
    ("a bit more reverb on the beat", ["instrumental reverb up"]),  # "a bit" stays an amount
    ("the vocal is too low", ["lead_vocal level up"]),  # "low" is not "loud"
])
def test_what_sounds_alike_does_not_change(text, expect):
    assert_right(text, *expect)


def test_a_shrug_is_refused():
    assert_right("dunno, vibes", refuse=True)


@pytest.mark.parametrize(("text", "expect"), [
    ("the bass is too soft in the lows", ["bass lows up"]),
    ("the snare is weak in the top end", ["snare brightness up"]),
    ("le kick est trop discret dans le bas", ["kick lows up"]),
    ("les choeurs sont en retrait dans les mediums", ["backing_vocal mids up"]),
    ("la voix est creuse", ["lead_vocal lows up"]),
])
def test_a_track_weak_in_a_region_lacks_that_region(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("la basse sonne fine", ["bass lows up"]),
    ("le kick est maigrichon", ["kick lows up"]),
    ("the kick sounds scrawny", ["kick lows up"]),
    ("the snare is super dry, its way too dry", ["snare reverb up"]),
])
def test_thin_and_dry_are_complaints(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_the_de_esser_is_fine_asks_nothing():
    assert_right("the de-esser is fine", refuse=True)


@pytest.mark.parametrize(("text", "expect"), [
    ("choeurs trop brillants + plus de delay", ["backing_vocal brightness down", "backing_vocal delay up"]),
    ("kick trop fort + basse trop faible", ["kick level down", "bass level up"]),
])
def test_a_plus_between_requests_joins_them(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("delay bus off please", ["delay delay off"]),
    ("vire complètement la reverb", ["reverb reverb off"]),
    ("turn the echo off entirely", ["delay delay off"]),
])
def test_an_effect_switched_off_as_a_whole_is_its_bus(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("remove the delay", ["lead_vocal delay off"]),  # no word of the whole: the lead vocal's send
    ("coupe complètement le delay sur la basse", ["bass delay off"]),  # a track named: its send
])
def test_a_switch_off_without_the_whole_stays_on_its_track(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the high pass on the snare eats too much body, pull it down", ["snare highpass down"]),
    ("le passe-haut des choeurs enlève trop de chaleur, baisse le", ["backing_vocal highpass down"]),
    ("the bass hpf is killing the low end", ["bass highpass down"]),
])
def test_a_high_pass_taking_too_much_low_end_goes_down(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the snare sounds cheap and thin", ["snare lows up"]),  # never thinner: the hpf never rises
    ("les choeurs sonnent bizarre et trop fins", ["backing_vocal lows up"]),
    ("the kick is bland and dull", ["kick brightness up"]),
])
def test_a_known_state_joined_to_an_unknown_one_is_a_complaint(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_pumping_and_breathing_is_over_compression():
    assert_right("the overheads are pumping and breathing, back off the comp", "OH.wav compression down", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the reverb sounds tiny, open it up into a huge hall", ["reverb room_size up"]),
    ("agrandis la salle de la reverb, ambiance cathedrale", ["reverb room_size up"]),
    ("la reverb bouffe toute la place en stereo", ["reverb reverb_width down"]),
])
def test_the_reverb_room_and_width_are_the_bus_alone(text, expect):
    assert_right(text, *expect)


def test_the_other_one_of_a_pair_is_the_other_side():
    text = "push the left rhythm hard left and the right one hard right"
    assert_right(text, "Gtr_rhythm_L.wav pan left", "Gtr_rhythm_R.wav pan right", tracks=BAND)


@pytest.mark.parametrize("text", ["il manque des hi-hats, rajoute en", "the beat is missing some hats"])
def test_a_part_the_session_lacks_is_refused(text):
    assert_right(text, refuse=True)


def test_a_part_of_the_beat_named_alone_is_still_its_top_end():
    assert_right("baisse un peu les hi-hats", "instrumental brightness down")


@pytest.mark.parametrize(("text", "expect"), [
    ("kick a bit cold", ["kick low_mids up"]),  # a terse note of a lack: warmer, never colder
    ("the highs are too quiet on the overheads", ["OH.wav brightness up"]),
    ("the bass is way to quite", ["bass level up"]),
    ("more bas on the kick pls", ["kick lows up"]),
])
def test_a_lack_told_tersely_or_by_ear_asks_for_more(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_quite_as_a_degree_stays_one():
    assert_right("the snare is quite dark", "snare brightness up", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the kick high pass is too high, it takes all the sub", ["kick highpass down"]),
    ("monte la gratte de droite, baisse celle de gauche", ["Gtr_rhythm_R.wav level up", "Gtr_rhythm_L.wav level down"]),
    ("the snare sounds muddy and thin", ["snare low_mids down", "snare lows up"]),
])
def test_what_follows_a_request_refers_to_it(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("make the beat les muddy", ["instrumental low_mids down"]),  # never more mud
    ("the beat is too quite under the vocal", ["instrumental level up"]),  # never quieter
])
def test_degrees_spelt_by_ear_keep_their_way(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("room plus fort", ["Room_mics.wav level up"]),
    ("room way too compressed", ["Room_mics.wav compression down"]),
])
def test_a_room_mic_heading_a_note_is_the_track(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_bigger_room_stays_the_reverb_beside_a_room_mic():
    assert_right("a bigger room on the reverb", "reverb room_size up", tracks=BAND)


@pytest.mark.parametrize("text", ["i cant here the beat at all", "jantends rien du beat"])
def test_hearing_spelt_by_ear_is_a_complaint_of_level(text):
    assert_right(text, "instrumental level up")


@pytest.mark.parametrize(("text", "expect"), [
    ("beat to loud in the mix", ["instrumental level down"]),  # was louder
    ("vocal to bright on the hook", ["lead_vocal brightness down"]),  # was brighter
])
def test_to_for_too_before_a_place_keeps_the_complaint(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("the overheads, they're too squashed", ["OH.wav compression down"]),  # never more squashed
    ("choirs: theyre way too dark", ["backing_vocal brightness up"]),
])
def test_they_re_is_a_copula(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("snare 2 bright n 2 loud", ["snare brightness down", "snare level down"]),
    ("the rim shot is too loud", ["snare level down"]),
])
def test_chat_spellings_and_kit_words(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_gain_of_two_stays_an_amount():
    assert_right("boost the kick 2 db", "kick level up 2 db", tracks=BAND)


@pytest.mark.parametrize("text", ["what level is the beat at?", "a combien de LUFS est le master ?"])
def test_a_measure_asked_for_is_no_change(text):
    assert_right(text, refuse=True)


def test_a_recessed_track_comes_forward():
    assert_right("the choir sounds recessed", "backing_vocal presence up", tracks=BAND)


def test_a_numbered_track_before_a_side_is_panned_that_way():
    tracks = [{"name": "vox.wav", "role": "lead_vocal"}, {"name": "Adlib_1.wav", "role": "adlib"},
              {"name": "Adlib_2.wav", "role": "adlib"}]
    assert_right("pan adlib 2 right", "Adlib_2.wav pan right", tracks=tracks)  # never "too right"
