"""A moment of the song told by what the singer does then ("quand je monte", "when I go up")
is the performance, never an order: the request around it keeps its own way (checked with the
corpus judge on sentences in no corpus)."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right, run


@pytest.mark.parametrize(("text", "expect"), [
    ("ça pique les oreilles quand je monte, calme la voix dans les aigus", ["lead_vocal harshness down"]),
    ("lorsque je monte sur le pont la voix devient criarde, adoucis la", ["lead_vocal harshness down"]),
    ("it sounds so harsh when i go up in the chorus, smooth out the vocal", ["lead_vocal harshness down"]),
    ("whenever he pushes the vocal gets too bright, make it darker", ["lead_vocal brightness down"]),
    ("qd je monte ca sature trop, moins de saturation sur ma voix", ["lead_vocal saturation down"]),
])
def test_a_performance_in_a_when_clause_is_no_order(text, expect):
    assert_right(text, *expect)


def test_the_singer_going_up_never_raises_a_parameter_of_a_harsh_voice():
    result = run("c'est trop agressif quand je monte haut, tu peux arranger la voix ?")
    moved_up = [e for e in result.edits if e.value > e.old_value and e.parameter.endswith("gain_db")]
    assert result.edits and not moved_up


@pytest.mark.parametrize(("text", "expect"), [
    ("monte la voix quand tu peux", ["lead_vocal level up"]),           # "tu": an order, kept
    ("je veux que tu montes la voix", ["lead_vocal level up"]),         # "que" opens no time clause here
    ("when the beat drops, turn the vocal up", ["lead_vocal level up"]),  # no artist as subject
])
def test_orders_beside_a_when_or_a_que_still_count(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("quand la prod démarre on entend plus la voix, monte-la", ["lead_vocal level up"]),
    ("when the drums come in my vocal gets lost, turn me up", ["lead_vocal level up"]),
    ("au moment où le refrain tombe le beat est trop fort, baisse le beat", ["instrumental level down"]),
])
def test_a_part_of_the_song_arriving_tells_a_moment_not_a_move(text, expect):
    assert_right(text, *expect)
