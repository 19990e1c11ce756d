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
