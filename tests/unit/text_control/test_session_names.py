"""Naming one track among a multi-track session's files, each class checked on sentences of its
own (not the corpus's): an instrument word translated from the file name's language (Spanish,
French, English), a numbered part by its rank ("le premier violon" for Violin_I.wav), a kit piece
by its place ("la caisse claire du dessous", "the floor tom", never the bass for "le tom basse"),
a person of a podcast ("l'invité"), a description of a part ("le tapis musical", "la voix
saturée", "l'arpège"), and role words of choirs and soloists. The judge is the corpus's
(:mod:`mixdown_dev.text_eval`): every request met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right

LATIN = [{"name": "Voz_lead.wav", "role": "lead_vocal"}, {"name": "Coros.wav", "role": "backing_vocal"},
         {"name": "Acordeon.wav", "role": "keys"}, {"name": "Bajo.wav", "role": "bass"},
         {"name": "Guitarra.wav", "role": "guitar"}, {"name": "Congas.wav", "role": "drums"}]
STRINGS = [{"name": "Vocal.wav", "role": "lead_vocal"}, {"name": "Violin_I.wav", "role": "other"},
           {"name": "Violin_II.wav", "role": "other"}, {"name": "Viola.wav", "role": "other"},
           {"name": "Cello.wav", "role": "other"}]
KIT = [{"name": "Vox.wav", "role": "lead_vocal"}, {"name": "Snare_top.wav", "role": "snare"},
       {"name": "Snare_bottom.wav", "role": "snare"}, {"name": "Tom1.wav", "role": "drums"},
       {"name": "Tom_floor.wav", "role": "drums"}, {"name": "Bass_DI.wav", "role": "bass"},
       {"name": "Bass_amp.wav", "role": "bass"}]
PODCAST = [{"name": "Host_voice.wav", "role": "lead_vocal"}, {"name": "Guest_voice.wav", "role": "other"},
           {"name": "Music_bed.wav", "role": "instrumental"}, {"name": "Stinger_sfx.wav", "role": "fx"}]
CHURCH = [{"name": "Solo_vox.wav", "role": "lead_vocal"}, {"name": "Choir_sop.wav", "role": "backing_vocal"},
          {"name": "Choir_ten.wav", "role": "backing_vocal"}, {"name": "Hammond_organ.wav", "role": "keys"},
          {"name": "Pno_grand.wav", "role": "keys"}, {"name": "Drums.wav", "role": "drums"}]
ELECTRO = [{"name": "Vox.wav", "role": "lead_vocal"}, {"name": "Synth_arp.wav", "role": "synth"},
           {"name": "Synth_pluck.wav", "role": "synth"}, {"name": "Perc_loop.wav", "role": "drums"},
           {"name": "Hats.wav", "role": "drums"}, {"name": "Scream_vox.wav", "role": "other"}]


@pytest.mark.parametrize(("text", "expect", "tracks"), [
    ("l'accordeon est un peu trop fort", "Acordeon.wav level down", LATIN),
    ("more delay on the accordion", "Acordeon.wav delay up", LATIN),
    ("the chorus voices need more air", "backing_vocal brightness up", LATIN),
    ("the fiddle is harsh", "Fiddle.wav harshness down",
     [{"name": "Vox.wav", "role": "lead_vocal"}, {"name": "Fiddle.wav", "role": "other"},
      {"name": "Banjo.wav", "role": "guitar"}]),
    ("l'alto manque de chaleur", "Viola.wav low_mids up", STRINGS),
])
def test_an_instrument_word_translated_names_the_file(text, expect, tracks):
    assert_right(text, expect, tracks=tracks)


@pytest.mark.parametrize(("text", "expect"), [
    ("les premiers violons un peu moins forts", "Violin_I.wav level down"),
    ("second violins a touch to the right", "Violin_II.wav pan right"),
    ("violon 2 plus de reverb", "Violin_II.wav reverb up"),
    ("the 1st violin sounds too dry", "Violin_I.wav reverb up"),
])
def test_a_numbered_part_by_its_rank(text, expect):
    assert_right(text, expect, tracks=STRINGS)


@pytest.mark.parametrize(("text", "expect"), [
    ("le tom basse manque de punch, compresse-le un peu", "Tom_floor.wav compression up"),
    ("floor tom a bit louder", "Tom_floor.wav level up"),
    ("le petit tom est trop brillant", "Tom1.wav brightness down"),
    ("the bottom snare needs less level", "Snare_bottom.wav level down"),
    ("la caisse claire du dessus plus brillante", "Snare_top.wav brightness up"),
])
def test_a_kit_piece_by_its_place(text, expect):
    assert_right(text, expect, tracks=KIT)


@pytest.mark.parametrize(("text", "expect", "tracks"), [
    ("l'invitée est un peu trop forte", "Guest_voice.wav level down", PODCAST),
    ("le tapis est trop fort sous les voix", "instrumental level down", PODCAST),
    ("the grand piano needs more reverb", "Pno_grand.wav reverb up", CHURCH),
    ("le piano un peu plus fort", "Pno_grand.wav level up", CHURCH),
    ("la chorale est trop forte", "backing_vocal level down", CHURCH),
    ("la soliste manque de presence", "lead_vocal presence up", CHURCH),
    ("l'arpege plus a gauche", "Synth_arp.wav pan left", ELECTRO),
    ("la boucle de percus plus large", "Perc_loop.wav width up", ELECTRO),
    ("la voix saturee est trop forte", "Scream_vox.wav level down", ELECTRO),
])
def test_a_person_or_a_description_names_the_file(text, expect, tracks):
    assert_right(text, expect, tracks=tracks)


@pytest.mark.parametrize(("text", "expect"), [
    ("the trumpet needs more reverb", "Trompeta.wav reverb up"),
    ("le trombone est trop dur", "Trombon.wav harshness down"),
    ("the cellos could be warmer", "Celli.wav low_mids up"),
    ("the bottom snare is a bit loud", "Snare_btm.wav level down"),
    ("la guitare disto un peu moins forte", "Gtr_dist.wav level down"),
    ("the clean guitar a touch wider", "Gtr_clean.wav width up"),
])
def test_a_file_name_abbreviation_or_foreign_word(text, expect):
    assert_right(text, expect, tracks=[
        {"name": "Voz.wav", "role": "lead_vocal"}, {"name": "Trompeta.wav", "role": "other"},
        {"name": "Trombon.wav", "role": "other"}, {"name": "Celli.wav", "role": "other"},
        {"name": "Snare_top.wav", "role": "snare"}, {"name": "Snare_btm.wav", "role": "snare"},
        {"name": "Gtr_dist.wav", "role": "guitar"}, {"name": "Gtr_clean.wav", "role": "guitar"}])


@pytest.mark.parametrize(("text", "expect"), [
    ("the electric is too harsh", "ElGtr_solo.wav harshness down"),
    ("la guitare electrique plus a droite", "ElGtr_solo.wav pan right"),
    ("the voice needs more air", "lead_vocal brightness up"),
    ("moins de reverb sur les chops", "fx reverb down"),
    ("le synthe basse manque de graves", "bass lows up"),
])
def test_camel_case_names_vocal_chops_and_synth_words(text, expect):
    assert_right(text, expect, tracks=[
        {"name": "MC_vox.wav", "role": "lead_vocal"}, {"name": "Voice_chops.wav", "role": "fx"},
        {"name": "ElGtr_solo.wav", "role": "guitar"}, {"name": "Gtr_rhythm.wav", "role": "guitar"},
        {"name": "Bass_synth.wav", "role": "bass"}, {"name": "Synth_pad.wav", "role": "synth"}])


@pytest.mark.parametrize(("text", "expect"), [
    ("a bit more reverb on the organ, gospel style", "keys reverb up"),
    ("plus de delay sur les cuivres facon reggae", "Horns.wav delay up"),
])
def test_a_name_word_beside_a_style_word_is_the_style(text, expect):
    assert_right(text, expect, tracks=[
        {"name": "Vox.wav", "role": "lead_vocal"}, {"name": "Organ.wav", "role": "keys"},
        {"name": "Bass_gospel.wav", "role": "bass"}, {"name": "Horns.wav", "role": "other"},
        {"name": "Drums_reggae.wav", "role": "drums"}])
