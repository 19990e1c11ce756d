"""Vocabulary classes of the fourteenth held-out part (rooms, widths, sound words, typos,
refusals), each checked on sentences of its own (none of them in the corpora), with the corpus
judge (:mod:`mixdown_dev.text_eval`): met, nothing the other way, nothing stray."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right, run


@pytest.mark.parametrize(("text", "expect"), [
    ("agrandis la reverb, comme dans une cathedrale", "reverb room_size up"),
    ("reverb room smaller, more like a little booth", "reverb room_size down"),
    ("la reverb plus large, style gospel", "reverb reverb_width up"),
    ("make the verb longer, huge concert hall vibe", "reverb room_size up"),
    ("the overall reverb is way too long", "reverb room_size down"),
    ("la reverb generale est trop courte", "reverb room_size up"),
])
def test_a_place_or_a_style_pictures_the_reverb_shape_and_moves_no_send(text, expect):
    assert_right(text, expect)
    assert not [e for e in run(text).edits if e.parameter.endswith("_send_db") or e.parameter.startswith("peak")]


def test_a_pronoun_fixing_a_stated_reverb_shape_keeps_that_shape():
    assert_right("la taille de la reverb est trop petite, augmente la", "reverb room_size up")
    # "less of it" after a shape is still the reverb itself.
    assert_right("shorter reverb and less of it", "reverb room_size down", "lead_vocal reverb down")
