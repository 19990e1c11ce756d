"""Classes of phrasing about what a request is aimed at, each checked on sentences of its own
(not the corpus's): "tout"/"everything" with a fader amount is the whole mix, a master set to a
loudness in LUFS is set once (what follows about the mix says why), a second track named in a
comparison or a complaint is left alone, a file name's qualifier picks one track of a role, a
mute or unmute told after the fact or with a purpose, several requests listed with colons and
semicolons or split across a pronoun, and requests no effect covers refused. The judge is the
corpus's (:mod:`mixdown_dev.text_eval`): met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from mixdown_dev.text_eval import judge, session_of
from mixdown_text_control.core import parse
from tests.unit.text_control.phrasing import assert_right


@pytest.mark.parametrize(("text", "expect"), [
    ("baisse tout de 4 db", ["mix level down 4 db"]),
    ("remonte tout d'un demi dB", ["mix level up"]),
    ("monte tout de 2 dB, c'est trop faible", ["mix level up 2 db"]),
    ("turn everything up by 3 dB", ["mix level up 3 db"]),
])
def test_everything_by_a_fader_amount_is_the_whole_mix_not_the_master_target(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("le master à -6 LUFS, ça doit envoyer", ["master loudness up -6 lufs"]),
    ("master à -12 lufs, trop fort pour spotify", ["master loudness up -12 lufs"]),
    ("master at -8 LUFS, it sounds too quiet next to the refs", ["master loudness up -8 lufs"]),
    ("master at -11 LUFS, full and punchy", ["master loudness up -11 lufs"]),
    ("master to -9 lufs and the vocal 2 dB quieter", ["master loudness up -9 lufs", "lead_vocal level down 2 db"]),
    ("monte le master à -9 LUFS et baisse l'instru de 2 dB",
     ["master loudness up -9 lufs", "instrumental level down 2 db"]),
])
def test_a_master_set_in_lufs_is_set_once_and_the_reason_moves_nothing(text, expect):
    assert_right(text, *expect)


SESSION = [{"name": "Vox_lead.wav", "role": "lead_vocal"}, {"name": "Beat_v3.wav", "role": "instrumental"},
           {"name": "Sweep_fx.wav", "role": "fx"}, {"name": "Harmonies.wav", "role": "backing_vocal"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("remets les harmonies, je les avais mutées par erreur", ["backing_vocal mute off"]),
    ("bring the sweep back, i muted it by accident", ["fx mute off"]),
    ("unmute the sweep pls i muted it by accident", ["fx mute off"]),
    ("réactive le beat que j'ai muté avant", ["instrumental mute off"]),
    ("i had muted the harmonies, put them back", ["backing_vocal mute off"]),
    ("mute le beat que j'écoute les harmonies seules", ["instrumental mute on"]),
    ("mute the harmonies, i need to hear the lead alone", ["backing_vocal mute on"]),
    ("coupe le son du beat, je veux entendre la voix seule", ["instrumental mute on"]),
    ("mute the harmonies so i can hear the lead alone", ["backing_vocal mute on"]),
    ("coupe les harmonies, je veux écouter la prod", ["backing_vocal mute on"]),
    ("mute the beat, i only want the harmonies", ["instrumental mute on"]),
    ("vire le sweep du mix", ["fx mute on"]),
])
def test_a_mute_told_after_the_fact_or_for_a_track_heard_alone(text, expect):
    # The session as the judge starts it: a track the line asks to unmute is muted.
    target, effect, direction = expect[0].split()
    line = {"id": "t", "text": text, "lang": "", "tracks": SESSION,
            "expect": [{"target": target, "effect": effect, "direction": direction}]}
    current, roles = session_of(line)
    verdict = judge(line, parse(text, current, roles))
    assert verdict.correct, f"{text!r}: {verdict.detail}"


@pytest.mark.parametrize(("text", "expect"), [
    ("mute the sweep... i mean the harmonies", ["backing_vocal mute on"]),
    ("solo the lead, no wait, mute the lead for a sec", ["lead_vocal mute on"]),
    ("monte le beat, enfin je veux dire les harmonies", ["backing_vocal level up"]),
    ("more delay on the harmonies, sorry, on the lead", ["lead_vocal delay up"]),
])
def test_a_correction_replaces_what_came_before_it(text, expect):
    assert_right(text, *expect, tracks=SESSION)


@pytest.mark.parametrize(("text", "expect"), [
    ("remonte les harmonies que j'ai baissées tout à l'heure", ["backing_vocal level up"]),
    ("more reverb on the sweep that i turned down", ["fx reverb up"]),
    ("the lead that i recorded yesterday needs more air", ["lead_vocal brightness up"]),
])
def test_a_relative_clause_telling_what_the_artist_did_asks_nothing(text, expect):
    assert_right(text, *expect, tracks=SESSION)


ENSEMBLE = [{"name": "Vocal_take2.wav", "role": "lead_vocal"}, {"name": "Horns.wav", "role": "other"},
            {"name": "Kick_in.wav", "role": "kick"}, {"name": "Bass_di.wav", "role": "bass"},
            {"name": "Choir.wav", "role": "backing_vocal"}, {"name": "Piano.wav", "role": "keys"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("le piano est trop fort par rapport à la voix", ["keys level down"]),
    ("the choir lacks air compared to the vocal", ["backing_vocal brightness up"]),
    ("the vocal should be louder next to the piano", ["lead_vocal level up"]),
    ("la voix ressort trop devant le piano", ["lead_vocal presence down"]),
    ("le choeur est perdu derrière le mur de piano", ["backing_vocal presence up"]),
    ("elle est enterrée sous le piano, la voix", ["lead_vocal presence up"]),
    ("la voix est noyée sous des cuivres", ["lead_vocal presence up"]),
    ("le piano est beaucoup trop fort, la voix est noyée", ["keys level down"]),
    ("the horns are too loud, the choir gets buried", ["other level down"]),
    ("le piano est trop fort, on n'entend plus la voix", ["keys level down"]),
    ("le piano est trop fort, il masque la voix", ["keys level down"]),
    ("the horns are too loud, they bother the vocal", ["other level down"]),
    ("the bass is fighting the kick, cut 2 dB at 70 Hz on the bass", ["bass band down 70 hz"]),
    ("the master is too loud for a folk song, turn it down", ["master loudness down"]),
    ("the vocal is drowned by the piano", ["lead_vocal presence up"]),
    ("la voix se noie dans le piano", ["lead_vocal presence up"]),
    ("the vocal needs to be louder than the piano", ["lead_vocal level up"]),
    ("mets la voix plus fort que le piano", ["lead_vocal level up"]),
])
def test_a_second_track_named_in_a_comparison_or_a_complaint_is_left_alone(text, expect):
    assert_right(text, *expect, tracks=ENSEMBLE)


@pytest.mark.parametrize(("text", "expect"), [
    ("the vocal is buried and the piano is too loud", ["lead_vocal presence up", "keys level down"]),
    ("the piano is too loud and the vocal is buried", ["keys level down", "lead_vocal presence up"]),
    ("the vocal is buried, more reverb on the vocal", ["lead_vocal presence up", "lead_vocal reverb up"]),
    ("il manque des aigus dans le piano", ["keys brightness up"]),
    ("more delay in the outro of the choir", ["backing_vocal delay up"]),
])
def test_two_complaints_joined_are_both_fixed_and_an_impersonal_il_names_no_subject(text, expect):
    assert_right(text, *expect, tracks=ENSEMBLE)


STUDIO = [{"name": "Lead.wav", "role": "lead_vocal"}, {"name": "Lead_dbl.wav", "role": "double"},
          {"name": "Choir_high.wav", "role": "backing_vocal"}, {"name": "Choir_low.wav", "role": "backing_vocal"},
          {"name": "Gtr_elec.wav", "role": "guitar"}, {"name": "Gtr_ac.wav", "role": "guitar"},
          {"name": "Gtr_rhy_L.wav", "role": "guitar"}, {"name": "Gtr_rhy_R.wav", "role": "guitar"},
          {"name": "Gtr_solo.wav", "role": "guitar"}, {"name": "Piano_EP.wav", "role": "keys"},
          {"name": "Piano_grand.wav", "role": "keys"}, {"name": "Kick_707.wav", "role": "kick"},
          {"name": "Bass_DI.wav", "role": "bass"}, {"name": "Bass_mic.wav", "role": "bass"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("turn the acoustic guitar up a bit", ["Gtr_ac.wav level up"]),
    ("la guitare électrique est trop brillante", ["Gtr_elec.wav brightness down"]),
    ("les choeurs aigus sont trop forts", ["Choir_high.wav level down"]),
    ("warm up the low choir", ["Choir_low.wav low_mids up"]),
    ("la rythmique droite un peu plus à droite", ["Gtr_rhy_R.wav pan right"]),
    ("pan the left rhythm guitar further left", ["Gtr_rhy_L.wav pan left"]),
    ("the EP needs more air", ["Piano_EP.wav brightness up"]),
    ("the 707 needs more low end", ["kick lows up"]),
    ("un peu de disto sur la basse DI", ["Bass_DI.wav saturation up"]),
    ("ajoute de la reverb sur le solo", ["Gtr_solo.wav reverb up"]),
    ("mets de la reverb sur la voix double", ["double reverb up"]),
    ("pan the double left a little", ["double pan left"]),
    ("make the acoustic guitar darker and the electric one brighter",
     ["Gtr_ac.wav brightness down", "Gtr_elec.wav brightness up"]),
])
def test_a_file_name_qualifier_picks_one_track_of_a_role(text, expect):
    assert_right(text, *expect, tracks=STUDIO)


DUO = [{"name": "Voice_take4.wav", "role": "lead_vocal"}, {"name": "Prod.wav", "role": "instrumental"},
       {"name": "Harmony.wav", "role": "backing_vocal"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("harmonies : -2 db, moins de delay. voix : +2 db",
     ["backing_vocal level down 2 db", "backing_vocal delay down", "lead_vocal level up 2 db"]),
    ("voice +1dB, less reverb; harmony -1dB",
     ["lead_vocal level up 1 db", "lead_vocal reverb down", "backing_vocal level down 1 db"]),
    ("on entend plus que les harmonies, baisse-les un peu", ["backing_vocal level down"]),
    ("i only hear the harmonies", ["backing_vocal level down"]),
    ("la prod est trop forte, elle écrase tout, descends-la", ["instrumental level down"]),
    ("the harmonies are way too loud, it sounds like they're the lead", ["backing_vocal level down"]),
])
def test_requests_listed_with_colons_and_semicolons_or_split_across_a_pronoun(text, expect):
    assert_right(text, *expect, tracks=DUO)


@pytest.mark.parametrize("text", [
    "this needs to sound more pro",
    "pitch the beat down a semitone",
    "baisse la voix d'un demi ton",
    "make the bridge more emotional",
    "tune the sax please, it's a bit flat",
    "monte le violon, il est trop timide",
    "rappelle-moi de boire de l'eau",
])
def test_requests_no_effect_covers_get_no_edit(text):
    assert_right(text, tracks=[*DUO, {"name": "Sax_take1.wav", "role": "other"}], refuse=True)


@pytest.mark.parametrize(("text", "expect"), [
    ("make it sound more pro and the harmony 2 dB quieter", ["backing_vocal level down 2 db"]),
    ("ça sonne pas assez pro, mets un peu plus de reverb sur la voix", ["lead_vocal reverb up"]),
])
def test_a_vague_wish_beside_real_requests_applies_only_the_real_ones(text, expect):
    assert_right(text, *expect, tracks=DUO)


@pytest.mark.parametrize(("text", "expect"), [
    ("plus de reverb du tout sur les harmonies", ["backing_vocal reverb off"]),
    ("je veux plus de delay du tout sur la voix", ["lead_vocal delay off"]),
])
def test_no_more_at_all_switches_the_effect_off_never_up(text, expect):
    assert_right(text, *expect, tracks=DUO)
