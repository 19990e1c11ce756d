"""Classes of phrasing that turned an edit the opposite way in the seventh held-out corpus, each
checked on sentences of its own: a degree spelt as it sounds ("to loud" for too loud, "les
bright" for less bright). The judge is the corpus's (:mod:`mixdown_dev.text_eval`)."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right

BAND = [{"name": "Voc.wav", "role": "lead_vocal"}, {"name": "Keys.wav", "role": "keys"},
        {"name": "Kick.wav", "role": "kick"}, {"name": "Bass.wav", "role": "bass"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("the bass is to loud", ["bass level down"]),
    ("keys way to dark", ["keys brightness up"]),
    ("les wet on the keys", ["keys reverb down"]),
    ("les boomy on the kick please", ["kick lows down"]),
    ("set the keys reverb to wet", ["keys reverb up"]),
])
def test_a_degree_spelt_as_it_sounds_keeps_its_sense(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("coupe un peu le kick et compresse la basse", ["kick level down", "bass compression up"]),
    ("pull the keys down and compress the kick", ["keys level down", "kick compression up"]),
    ("la basse est trop compressee", ["bass compression down"]),
])
def test_a_verb_of_a_quality_after_and_keeps_its_own_sense(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte les keys baisse la basse", ["keys level up", "bass level down"]),
    ("reduis le kick augmente la voix", ["kick level down", "lead_vocal level up"]),
    ("bring up the bass turn down the keys", ["bass level up", "keys level down"]),
    ("monte un peu la basse baisse un peu le piano", ["bass level up", "keys level down"]),
    ("baisse la voix de 2 db monte le kick et un peu de reverb sur les keys",
     ["lead_vocal level down 2 db", "kick level up", "keys reverb up"]),
])
def test_each_verb_of_a_run_on_request_has_its_own_object_and_sense(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the keys brighter and the bass with a little saturation", ["keys brightness up", "bass saturation up"]),
    ("coupe les aigus du kick et la basse avec un peu de disto", ["kick brightness down", "bass saturation up"]),
    ("less reverb on the keys and the kick with some compression", ["keys reverb down", "kick compression up"]),
])
def test_an_amount_of_a_thing_for_a_named_track_is_asked_for(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("la basse trop forte les keys pas assez", ["bass level down", "keys level up"]),
    ("the keys too bright the kick way too quiet", ["keys brightness down", "kick level up"]),
    ("le kick vraiment trop sourd la voix trop forte", ["kick brightness up", "lead_vocal level down"]),
])
def test_each_track_of_a_run_on_complaint_has_its_own_sense(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("le piano sans aucune chaleur", ["keys low_mids up"]),
    ("sans chaleur la basse, c'est tout froid", ["bass low_mids up"]),
    ("la voix trop loin derriere le piano", ["lead_vocal closeness up"]),
    ("the kick is too quiet overall", ["kick level up"]),
])
def test_a_missing_quality_no_switch_turns_off_is_wanted(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("le piano est trop loin rapproche le", ["keys closeness up"]),
    ("the bass is way too far back bring it closer", ["bass closeness up"]),
    ("les keys sont trop sombres eclaircis les", ["keys brightness up"]),
])
def test_a_fix_after_a_complaint_with_no_punctuation_keeps_its_sense(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the piano drifted way off to the left, bring it back toward the middle", ["keys pan center"]),
    ("move the keys towards the middle", ["keys pan center"]),
])
def test_a_way_toward_the_middle_centres_and_never_crosses_over(text, expect):
    assert_right(text, *expect, tracks=BAND)
