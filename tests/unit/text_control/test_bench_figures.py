"""The text benchmark's held-out breakdowns: by writer, and on wording absent from dev."""

from __future__ import annotations

from bench.text import _accuracy_lines, _new_wording_line
from mixdown_dev.text_eval import evaluate

RIGHT = {"expect": [{"target": "lead_vocal", "effect": "level", "direction": "down"}]}
WRONG = {"expect": [{"target": "lead_vocal", "effect": "level", "direction": "up"}]}


def _line(line_id: str, text: str, labels: dict) -> dict:
    return {"id": line_id, "text": text, "lang": "fr", **labels}


def test_new_wording_counts_only_lines_whose_folded_text_is_not_in_dev(capsys) -> None:
    dev = [_line("d0001", "Baisse la voix", RIGHT)]
    held = [_line("c0001", "baisse  la VOIX", RIGHT),          # same wording once folded: excluded
            _line("c0002", "baisse un peu la voix", RIGHT),    # new wording, parsed right
            _line("e0001", "baisse la voix de 2 dB", WRONG),   # new wording, labelled the other way: a miss
            _line("oa0001", "baisse encore la voix", RIGHT)]   # a writer named by two letters
    report = evaluate(held)
    line = _new_wording_line(held, report, dev)
    assert line.startswith("held-out, wording not in dev: 2/3 = 66.7%")
    assert "(1 lines word for word in dev)" in line
    summary = _accuracy_lines("held-out", held, report)
    assert "held-out by writer: c… 2/2 = 100.0%, e… 0/1 = 0.0%, oa… 1/1 = 100.0%" in summary
    assert "miss e0001" in capsys.readouterr().out
