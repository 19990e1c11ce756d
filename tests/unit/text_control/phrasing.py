"""Helpers of the phrasing tests: parse an instruction in a corpus-style session and judge it as
the corpus judge (:mod:`mixdown_dev.text_eval`) judges a labelled line."""

from __future__ import annotations

from mixdown_dev.text_eval import judge, session_of
from mixdown_text_control.core import parse


def run(text: str, tracks=None):
    """The parser's result for ``text`` in the session of ``tracks`` (the default one when None)."""
    current, roles = session_of({"tracks": tracks} if tracks else {})
    return parse(text, current, roles)


def verdict(text: str, *expect: str, tracks=None, refuse: bool = False):
    """The judge's verdict; ``expect``: "target effect direction [value [unit]]" as in the corpus."""
    parsed = []
    for item in expect:
        target, effect, direction, *value = item.split()
        entry = {"target": target, "effect": effect, "direction": direction}
        if value:
            entry["value"] = float(value[0])
        if len(value) > 1:
            entry["unit"] = value[1]
        parsed.append(entry)
    line = {"id": "t", "text": text, "lang": "", "expect": parsed, **({"tracks": tracks} if tracks else {})}
    if refuse:
        line["understood"] = False
    current, roles = session_of(line)  # as the corpus: a track to unmute starts muted
    return judge(line, parse(text, current, roles))


def assert_right(text: str, *expect: str, tracks=None, refuse: bool = False) -> None:
    result = verdict(text, *expect, tracks=tracks, refuse=refuse)
    assert result.correct, f"{text!r}: {result.detail}"
