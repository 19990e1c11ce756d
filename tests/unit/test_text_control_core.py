"""Text-control rules: level edits in French and English, amounts, clamping, what is not understood."""

from __future__ import annotations

import pytest

from mixdown_text_control.core import parse


@pytest.mark.parametrize(("instruction", "target", "delta_db", "locale"), [
    ("turn the beat down 3 dB", "instrumental", -3.0, "en"),
    ("monte la voix de 2 dB", "lead_vocal", 2.0, "fr"),
    ("baisse l'instru de 1,5 dB", "instrumental", -1.5, "fr"),
    ("louder vocals", "lead_vocal", 2.0, "en"),
    ("baisse les chœurs", "backing_vocal", -2.0, "fr"),
])
def test_level_edits(instruction, target, delta_db, locale):
    result = parse(instruction, {target: {"gain_db": 1.0}})
    assert result.locale == locale
    assert len(result.edits) == 1
    edit = result.edits[0]
    assert (edit.target, edit.parameter) == (target, "gain_db")
    assert edit.old_value == 1.0 and edit.value == pytest.approx(1.0 + delta_db)
    assert not result.not_understood


def test_several_requests_and_unknown_parts():
    result = parse("turn the beat down 3 dB and make it sparkle", {})
    assert [(e.target, e.value) for e in result.edits] == [("instrumental", -3.0)]
    assert result.not_understood == ["make it sparkle"]


def test_values_are_clamped_and_say_so():
    edit = parse("vocal up 10 dB", {"lead_vocal": {"gain_db": 20.0}}).edits[0]
    assert edit.value == 24.0 and edit.clamped and "clamped" in edit.explanation
