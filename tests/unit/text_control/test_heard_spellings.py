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
