"""Direction classes that turned edits the opposite way in the tenth held-out corpus, each checked
on sentences of its own (none of them in the corpora): an amount told after a lowering verb keeps
the verb's way, never a fader value. The judge is the corpus's (:mod:`mixdown_dev.text_eval`):
met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right, run


@pytest.mark.parametrize(("text", "expect", "step_db"), [
    ("redescends un poil le beat, genre 2 dB", "instrumental level down", -2.0),
    ("bring the beat down some, like 1 db", "instrumental level down", -1.0),
    ("baisse le beat, disons 1.5 dB", "instrumental level down", -1.5),
    ("take the vocal down, maybe 3 dB", "lead_vocal level down", -3.0),
    ("turn the beat down 1 dB... actually no, make it 2 dB", "instrumental level down", -2.0),
    ("monte un peu la voix, genre 1 dB", "lead_vocal level up", 1.0),
])
def test_an_amount_after_a_verb_is_a_change_in_the_verbs_way(text, expect, step_db):
    assert_right(text, expect)
    edits = [e for e in run(text).edits if e.parameter == "gain_db"]
    assert len(edits) == 1 and edits[0].value - edits[0].old_value == pytest.approx(step_db)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte un peu les aigus du beat, non en fait baisse-les", ["instrumental brightness down"]),
    ("more delay on the vocal. actually no, less delay", ["lead_vocal delay down"]),
    ("more delay on the vocal, actually no, turn it down", ["lead_vocal delay down"]),
    ("widen the beat, no wait, make it narrower", ["instrumental width down"]),
    ("a huge hall on the vocal, no, actually a smaller room than now", ["reverb room_size down"]),
    ("plus de reverb sur la voix, non finalement baisse-la", ["lead_vocal reverb down"]),
])
def test_only_the_corrected_request_counts_with_its_own_way(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("less reverb on the vox, a short delay instead", ["lead_vocal reverb down", "lead_vocal delay up"]),
    ("moins de delay sur la voix, plutôt une petite reverb", ["lead_vocal delay down", "lead_vocal reverb up"]),
    ("cut back the delay, rather some reverb", ["lead_vocal delay down", "lead_vocal reverb up"]),
    ("baisse le beat plutôt que de monter la voix", ["instrumental level down"]),
])
def test_a_thing_preferred_to_the_one_lowered_is_more_of_it(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("make the reverb width smaller", ["reverb reverb_width down"]),
    ("reverb width -30%", ["reverb reverb_width down"]),
    ("reverb width a little smaller, keep it central", ["reverb reverb_width down"]),
    ("reverb size: bigger", ["reverb room_size up"]),
])
def test_a_degree_beside_a_bus_parameter_named_by_its_noun_says_its_way(text, expect):
    assert_right(text, *expect)


SUB = [{"name": "vox.wav", "role": "lead_vocal"}, {"name": "808.wav", "role": "bass"},
       {"name": "Keys.wav", "role": "keys"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("808 kinda thin", ["bass lows up"]),
    ("keys un poil thin", ["keys lows up"]),
    ("vox a bit dark", ["lead_vocal brightness up"]),
    ("808 thin, vox boxy", ["bass lows up", "lead_vocal low_mids down"]),
])
def test_a_terse_note_of_a_lack_is_its_complaint(text, expect):
    assert_right(text, *expect, tracks=SUB)


def test_a_terse_note_that_asks_stays_a_wish():
    assert_right("vox fine stp", "lead_vocal lows down", tracks=SUB)


@pytest.mark.parametrize(("text", "expect"), [
    ("le delay de la voix, enlève-le", ["lead_vocal delay off"]),
    ("the delay on the vocal, turn it down", ["lead_vocal delay down"]),
    ("vocal reverb, kill it", ["lead_vocal reverb off"]),
])
def test_a_thing_named_alone_then_a_verb_on_it_takes_the_verbs_way(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("the delay bus is way too quiet", ["delay delay up"]),
    ("the reverb bus is too quiet, push it up a little", ["reverb reverb up"]),
    ("the reverb bus is too loud", ["reverb reverb down"]),
])
def test_a_bus_said_too_quiet_is_turned_up(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("la voix est trop sombre et trop forte dans le break", ["lead_vocal brightness up", "lead_vocal level down"]),
    ("the vocal is too loud in the break", ["lead_vocal level down"]),
])
def test_a_part_of_the_song_is_when_not_what(text, expect):
    assert_right(text, *expect)
