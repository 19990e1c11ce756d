"""Direction and structure classes that turned edits the opposite way or lost a request in the
ninth held-out corpus, each checked on sentences of its own (none of them in the corpora): a
bullet's dash (never "less"), a track to leave untouched ("sans toucher à", "without touching",
"leave … alone": left out, the request beside it kept its way). The judge is the corpus's
(:mod:`mixdown_dev.text_eval`): met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right

BAND = [{"name": "Lead_Vox.wav", "role": "lead_vocal"}, {"name": "BV_stack.wav", "role": "backing_vocal"},
        {"name": "Gtr_L.wav", "role": "guitar"}, {"name": "Keys.wav", "role": "keys"},
        {"name": "Kick.wav", "role": "kick"}, {"name": "Snare.wav", "role": "snare"},
        {"name": "Bass_DI.wav", "role": "bass"}, {"name": "Drums_OH.wav", "role": "drums"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("- brighter keys - less delay on the snare", ["keys brightness up", "snare delay down"]),
    ("- moins de reverb\n- monte les claviers\n- basse plus large",
     ["keys level up", "lead_vocal reverb down", "bass width up"]),
    ("-louder kick -more reverb on the keys", ["kick level up", "keys reverb up"]),
    ("– kick plus fort – claviers moins brillants", ["kick level up", "keys brightness down"]),
])
def test_a_dash_opening_a_list_item_is_a_bullet_not_less(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_a_sign_between_a_track_and_a_quality_in_a_bulleted_list_stays_a_sign():
    assert_right("- keys - bright\n- louder snare", "keys brightness down", "snare level up", tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte les claviers de 2 dB sans toucher aux choeurs", ["keys level up"]),
    ("push the snare up 1 dB without touching the drums", ["snare level up"]),
    ("plus de reverb sur la caisse claire sans toucher au kick", ["snare reverb up"]),
    ("widen the keys but don't touch the guitar", ["keys width up"]),
    ("baisse la basse, touche pas au kick", ["bass level down"]),
    ("kick +1 dB, bass -2 dB, leave the keys alone", ["kick level up", "bass level down"]),
    ("laisse la gratte tranquille et monte un peu les claviers", ["keys level up"]),
])
def test_a_track_to_leave_untouched_is_left_out_and_never_turns_the_request(text, expect):
    assert_right(text, *expect, tracks=BAND)
