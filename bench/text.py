"""Text control: how well the rule parser understands artists' requests, and how fast.

Corpora (``tests/data/text_control/``, label schema in ``mixdown_dev.text_eval``): the
development part (``dev.jsonl``, tuned on) and the held-out part, written independently and
never used for tuning; this benchmark is the only code besides its own test that reads it (the
parser's packages must not: a test checks it). A missing held-out file is reported, and dev
alone is measured.

Figures: accuracy on each part (a line is right when every request it makes is met, no edit
goes the opposite way, no edit touches a track or bus it does not name, and a line to refuse
gets no edit and a "not understood" answer), the count of opposite-direction edits, accuracy
by language and by writer (the id's letters before its number); on the held-out part, also the lines whose
wording never occurs in the development part (short common commands — "coupe la voix" — come
back in every independently written part; the rest is what nobody tuned on); the parse latency per instruction (median and 95th percentile over every line,
each parsed 5 times, on this CPU, no network) against a baseline measured in the same run: the
bare normalisation step (folding and tokenising the same instruction, no lexicon); and each line's
first parse by a fresh parser, whose typo cache is empty.

Goals: held-out ≥ 97 %, dev ≥ 99 %, zero opposite edits, median ≤ 20 ms.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

from mixdown_dev.text_eval import Report, evaluate, load, session_of
from mixdown_text_control.core import parse
from mixdown_text_control.edits import Session
from mixdown_text_control.normalise import fold, tokenise
from mixdown_text_control.rules import RuleParser

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "text_control"
HELD_OUT = DATA / "heldout.jsonl"
REPEATS = 5
GOAL_HELD_OUT = 0.97
GOAL_DEV = 0.99
GOAL_MEDIAN_MS = 20.0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _accuracy_lines(name: str, lines: list[dict], report: Report) -> list[str]:
    right = len(lines) - len(report.failures())
    by_language = ", ".join(f"{lang} {ok}/{n} = {ok / n:.1%}"
                            for lang, (ok, n) in sorted(report.accuracy_by_language().items()))
    print(f"   {name}: {right}/{len(lines)} = {report.accuracy:.1%}; opposite-direction edits "
          f"{report.opposite_edits}; by language: {by_language}")
    by_id = {line.get("id"): line for line in lines}
    for verdict in report.failures():
        print(f"     miss {verdict.id} {by_id[verdict.id]['text']!r}: {verdict.detail}")
    summary = [f"{name} accuracy {report.accuracy:.1%} ({right}/{len(lines)}), opposite edits {report.opposite_edits}",
               f"{name} by language: {by_language}"]
    missed = {verdict.id for verdict in report.failures()}
    writers: dict[str, list[int]] = {}
    for line in lines:
        # the writer: the id's letters before its number ("c0012" → c, "oa0012" → oa)
        counts = writers.setdefault(re.match(r"[^\d]*", str(line.get("id", "?"))).group() or "?", [0, 0])
        counts[0] += line.get("id") not in missed
        counts[1] += 1
    if len(writers) > 1:
        by_writer = ", ".join(f"{w}… {ok}/{n} = {ok / n:.1%}" for w, (ok, n) in sorted(writers.items()))
        print(f"   {name} by writer: {by_writer}")
        summary.append(f"{name} by writer: {by_writer}")
    return summary


def _new_wording_line(held: list[dict], report: Report, dev: list[dict]) -> str:
    """Accuracy on the held-out lines whose folded wording is not a development line's."""
    seen = {" ".join(fold(line["text"]).text.split()) for line in dev}
    new = [line for line in held if " ".join(fold(line["text"]).text.split()) not in seen]
    missed = {verdict.id for verdict in report.failures()}
    right = sum(line.get("id") not in missed for line in new)
    share = right / len(new) if new else float("nan")
    line = (f"held-out, wording not in dev: {right}/{len(new)} = {share:.1%} "
            f"({len(held) - len(new)} lines word for word in dev)")
    print(f"   {line}")
    return line


def _latencies_ms(lines: list[dict]) -> tuple[list[float], list[float]]:
    parsed, normalised = [], []
    for line in lines:
        current, roles = session_of(line)
        for _ in range(REPEATS):
            started = time.perf_counter()
            tokenise(fold(line["text"]))
            normalised.append((time.perf_counter() - started) * 1000.0)
            started = time.perf_counter()
            parse(line["text"], current, roles)
            parsed.append((time.perf_counter() - started) * 1000.0)
    return parsed, normalised


def _cold_latencies_ms(lines: list[dict]) -> list[float]:
    """Each line parsed once by a fresh parser: every typo looked up for the first time."""
    fresh, out = RuleParser(), []
    for line in lines:
        current, roles = session_of(line)
        session = Session(current, roles)
        started = time.perf_counter()
        fresh.parse(line["text"], session)
        out.append((time.perf_counter() - started) * 1000.0)
    return out


def run() -> list[str]:
    summary: list[str] = []
    dev = load(DATA / "dev.jsonl")
    dev_report = evaluate(dev)
    summary += _accuracy_lines("dev", dev, dev_report)
    corpora = list(dev)
    held_report: Report | None = None
    if HELD_OUT.exists():
        held = load(HELD_OUT)
        held_report = evaluate(held)
        summary += _accuracy_lines("held-out", held, held_report)
        summary.append(_new_wording_line(held, held_report, dev))
        corpora += held
    else:
        print(f"   held-out corpus missing ({HELD_OUT.name}): dev only")
        summary.append("held-out corpus missing: dev only")
    parse("warm-up", *session_of({}))
    cold = _cold_latencies_ms(corpora)
    parsed, normalised = _latencies_ms(corpora)
    median, p95 = statistics.median(parsed), _percentile(parsed, 0.95)
    base_median, base_p95 = statistics.median(normalised), _percentile(normalised, 0.95)
    print(f"   parse latency: median {median:.2f} ms, p95 {p95:.2f} ms over {len(parsed)} parses; baseline "
          f"(normalisation only) median {base_median:.3f} ms, p95 {base_p95:.3f} ms; ratio of medians "
          f"{median / base_median:.0f}x")
    print(f"   first parse with an empty typo cache: median {statistics.median(cold):.2f} ms, "
          f"p95 {_percentile(cold, 0.95):.2f} ms, max {max(cold):.2f} ms")
    summary.append(f"parse latency median {median:.2f} ms, p95 {p95:.2f} ms "
                   f"(normalisation alone {base_median:.3f} / {base_p95:.3f} ms; cold cache p95 "
                   f"{_percentile(cold, 0.95):.2f} ms)")
    opposite = dev_report.opposite_edits + (held_report.opposite_edits if held_report else 0)
    goals = [f"dev ≥ {GOAL_DEV:.0%}: {'met' if dev_report.accuracy >= GOAL_DEV else 'NOT met'}",
             f"held-out ≥ {GOAL_HELD_OUT:.0%}: " + ("not measured" if held_report is None else
                                                   "met" if held_report.accuracy >= GOAL_HELD_OUT else "NOT met"),
             f"zero opposite edits: {'met' if opposite == 0 else f'NOT met ({opposite})'}",
             f"median ≤ {GOAL_MEDIAN_MS:g} ms: {'met' if median <= GOAL_MEDIAN_MS else 'NOT met'}"]
    print("   goals: " + "; ".join(goals))
    summary.append("goals: " + "; ".join(goals))
    return summary
