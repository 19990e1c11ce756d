"""Judge the text-control parser against a labelled corpus (the label schema of
``tests/data/text_control/``: one JSON object per line, requests labelled by effect and target,
not by parameter values).

Reads top to bottom:

1. :func:`load` reads a corpus file; :func:`session_of` builds the line's session (its tracks,
   or ``vocal.wav`` lead vocal + ``beat.wav`` instrumental) at mid-mix values that leave room
   to move every parameter both ways (:func:`mid_mix`);
2. the parser answers (any ``parse(text, current, roles)``, by default
   :func:`mixdown_text_control.core.parse`);
3. :func:`judge` compares its edits with the expectations: each expectation is *met* when at
   least one edit on its target makes one of the effect's moves (:data:`MOVES`); an edit is
   *opposite* when it is on an expected target, its parameter belongs to the expected effect's
   moves and it goes the other way; an edit is *stray* when it touches a track or bus that no
   expectation names; an ``understood: false`` line is right only with no edit and a "not
   understood" answer;
4. :func:`evaluate` sums a corpus: accuracy, opposite edits, accuracy by language.

An edit that leaves its value where it was moves nothing and is not judged, a ``mute`` switch
included: a line asking to unmute a track gets a session where that track is muted. The
acceptance table is the schema's (v3, with its clarifications: relative amounts as magnitudes,
an absolute LUFS value met within 0.5 LU, ``level`` on ``master`` read as ``loudness`` and on
``mix`` as the bus trim or every track's fader, ``off`` on a bus, ``highpass`` ``down``, a mix
in progress to start from (a track to unmute muted, a track to centre off centre, a master
asked for the loudness it has on the side it comes from, a high-pass asked at the cutoff it
has an octave on the side it comes from), a band's signed ``gain_db``, width amounts judged by direction only,
a role with one track and that track's file name as one target, width on ``master`` as on
``mix``: the master's width limit or every track), written here once,
independent of the parser's own vocabulary.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mixdown.mixparams import BUS_NAMES, defaults, table_for

DEFAULT_TRACKS = ({"name": "vocal.wav", "role": "lead_vocal"}, {"name": "beat.wav", "role": "instrumental"})
PEAK_BANDS = ("peak1", "peak2", "peak3")
SHELVES = ("low_shelf", "high_shelf")
OFF_SEND_DB = -60.0
# A frequency named by the sentence, and how far the edit's frequency may be from it (octaves).
BAND_TOLERANCE_OCTAVES = 0.5
HIGHPASS_TOLERANCE_OCTAVES = 0.25
# An absolute loudness value is met within this many LU of it (schema v2, clarification 2).
LUFS_TOLERANCE = 0.5
# Where a track a line asks to centre starts when the mix has it centred already, and the words
# that put it on the left.
OFF_CENTRE_PAN = 0.4
LEFT_WORDS = frozenset({"left", "gauche"})
# Where the master starts when a line asks for the loudness it would otherwise already have
# ("baisse le master à -14 LUFS" on a master at -14): this many LU on the side it comes from.
MASTER_OFF_TARGET_LU = 2.0

Parser = Callable[[str, Mapping[str, Any], Mapping[str, str]], Any]


@dataclass(frozen=True)
class Move:
    """One way to satisfy an effect going ``up``: ``parameter`` moving by ``sign``.

    ``band``: (low, high) Hz for a peak band's gain whose frequency after the edits lies
    there (the parameter is then a band's ``_gain_db``); ``where``: ``target`` (the
    expectation's target), ``bus``/``reverb``/``delay`` (that bus whatever the target),
    ``master``. ``down_only``: a move that counts only for ``down`` (with the sign as given
    for ``down``).
    """

    parameter: str
    sign: int
    band: tuple[float, float] | None = None
    where: str = "target"
    down_only: bool = False


def _band(low_hz: float, high_hz: float, sign: int = 1) -> Move:
    return Move("band", sign, (low_hz, high_hz))


# The schema's table: effect → the moves that satisfy it going ``up`` (negated for ``down``).
MOVES: dict[str, tuple[Move, ...]] = {
    # (``level`` on ``master`` is judged as ``loudness``, see :func:`reading`: the master's target
    # is no move of a track's level, nor the opposite of one.)
    "level": (Move("gain_db", 1),),
    "brightness": (Move("high_shelf_gain_db", 1), _band(2500, 16000)),
    "presence": (_band(1500, 6000), Move("high_shelf_gain_db", 1), Move("gain_db", 1)),
    "closeness": (Move("gain_db", 1), Move("reverb_send_db", -1), _band(1500, 6000)),
    "lows": (Move("low_shelf_gain_db", 1), _band(20, 300), Move("hpf_cutoff_hz", 1, down_only=True)),
    "low_mids": (_band(150, 800), Move("low_shelf_gain_db", 1)),
    "mids": (_band(500, 2500),),
    "harshness": (_band(2000, 8000), Move("high_shelf_gain_db", 1),
                  Move("deess_reduction_db", 1, down_only=True)),
    "sibilance": (Move("deess_reduction_db", -1), Move("deess_threshold_db", 1), _band(5000, 10000)),
    "band": (),  # judged by frequency (see _band_moves)
    "highpass": (Move("hpf_cutoff_hz", 1),),
    "width": (Move("width_percent", 1),),
    "pan": (),  # judged by side (see _pan_met)
    "reverb": (Move("reverb_send_db", 1), Move("reverb_return_db", 1, where="reverb")),
    "delay": (Move("delay_send_db", 1), Move("delay_return_db", 1, where="delay")),
    "room_size": (Move("reverb_room_size", 1, where="reverb"),),
    "reverb_width": (Move("reverb_width", 1, where="reverb"),),
    "compression": (Move("comp_ratio", 1), Move("comp_threshold_db", -1),
                    Move("glue_ratio", 1, where="bus"), Move("glue_threshold_db", -1, where="bus")),
    "saturation": (Move("sat_drive_db", 1), Move("sat_mix", 1)),
    "loudness": (Move("target_lufs", 1, where="master"),),
    "mute": (Move("mute", 1),),
}
# A track's expectation of these effects may also edit that bus.
BUS_ALLOWED = {"reverb": "reverb", "delay": "delay", "room_size": "reverb", "reverb_width": "reverb"}


@dataclass(frozen=True)
class Change:
    """One edit as the judge sees it: where, what, from, to."""

    target: str
    parameter: str
    old: float
    new: float

    @property
    def sign(self) -> int:
        return (self.new > self.old) - (self.new < self.old)


@dataclass
class Verdict:
    """How one line went: each expectation met or not, the opposite and stray edits."""

    id: str
    lang: str
    correct: bool
    met: list[bool] = field(default_factory=list)
    opposite: list[Change] = field(default_factory=list)
    stray: list[Change] = field(default_factory=list)
    refused: bool = False
    detail: str = ""


@dataclass
class Report:
    verdicts: list[Verdict]

    @property
    def accuracy(self) -> float:
        return sum(v.correct for v in self.verdicts) / len(self.verdicts) if self.verdicts else 0.0

    @property
    def opposite_edits(self) -> int:
        return sum(len(v.opposite) for v in self.verdicts)

    def accuracy_by_language(self) -> dict[str, tuple[int, int]]:
        """language → (correct lines, lines)."""
        out: dict[str, tuple[int, int]] = {}
        for v in self.verdicts:
            right, total = out.get(v.lang, (0, 0))
            out[v.lang] = (right + v.correct, total + 1)
        return out

    def failures(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.correct]


# --- 1. the corpus and its sessions -----------------------------------------------------------


def load(path: Path) -> list[dict]:
    """The lines of a corpus file (blank lines skipped)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


_PANNED = {"double": -0.4, "backing_vocal": 0.4, "guitar": 0.3, "keys": -0.3, "synth": 0.2, "pad": -0.2}


def mid_mix(role: str) -> dict[str, float]:
    """A track's parameters in the middle of a mix: every parameter a request may move has room
    both ways (sends at −18/−24 dB, a compressor, some de-essing and saturation, a high-pass);
    the lead vocal mono and centred, a few roles panned off centre."""
    values = defaults(role)
    values.update({"gain_db": -2.0, "hpf_cutoff_hz": 80.0 if role in ("lead_vocal", "double", "adlib",
                                                                    "backing_vocal") else 30.0,
                   "comp_ratio": 2.0, "comp_threshold_db": -18.0, "deess_reduction_db": 3.0,
                   "sat_drive_db": 2.0, "sat_mix": 0.1, "reverb_send_db": -18.0, "delay_send_db": -24.0,
                   "width_percent": 0.0 if role == "lead_vocal" else 100.0, "pan": _PANNED.get(role, 0.0)})
    return values


def session_of(line: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(current parameters, roles) for a corpus line."""
    tracks = line.get("tracks") or DEFAULT_TRACKS
    roles = {t["name"]: t["role"] for t in tracks}
    buses = {bus: defaults(bus) for bus in BUS_NAMES}
    buses["reverb"].update({"reverb_room_size": 0.5, "reverb_width": 0.7})
    current = {"tracks": {name: mid_mix(role) for name, role in roles.items()}, "buses": buses,
               "targets": {"target_lufs": -14.0}}
    for expect in line.get("expect") or ():
        if expect.get("effect") == "mute" and expect.get("direction") == "off":
            # "unmute the adlibs" makes sense on muted adlibs, and unmuting them then moves something.
            for name in covered(str(expect["target"]), roles) & set(roles):
                current["tracks"][name]["mute"] = 1.0
        if expect.get("effect") in ("loudness", "level") and expect.get("target") == "master" and \
                expect.get("unit") == "lufs" and \
                abs(float(expect["value"]) - current["targets"]["target_lufs"]) <= LUFS_TOLERANCE:
            # "baisse le master à -14 LUFS" makes sense on a louder master (clarification 14):
            # above the value for "down", below it for "up", else above.
            side = -1.0 if expect.get("direction") == "up" else 1.0
            current["targets"]["target_lufs"] = float(expect["value"]) + side * MASTER_OFF_TARGET_LU
        if expect.get("effect") == "pan" and expect.get("direction") == "center":
            # "the hats are too far right, recentre them" makes sense off centre (clarification 14):
            # on the side the line names, else right.
            words = set(re.findall(r"[a-z]+", str(line.get("text", "")).lower()))
            side = -OFF_CENTRE_PAN if words & LEFT_WORDS else OFF_CENTRE_PAN
            for name in covered(str(expect["target"]), roles) & set(roles):
                if current["tracks"][name]["pan"] == 0.0:
                    current["tracks"][name]["pan"] = side
        cutoff = _hz(expect) if expect.get("effect") == "highpass" else None
        if cutoff is not None:
            # "coupe sous 30 Hz sur le kick" makes sense on a kick not yet cut there (the same
            # clarification): a track already within tolerance of the cutoff starts an octave
            # below it for "up", above it for "down".
            spec = table_for("track")["hpf_cutoff_hz"]
            start = min(max(cutoff * (2.0 if expect.get("direction") == "down" else 0.5), spec.min), spec.max)
            for name in covered(str(expect["target"]), roles) & set(roles):
                if _octaves(current["tracks"][name]["hpf_cutoff_hz"], cutoff) <= HIGHPASS_TOLERANCE_OCTAVES:
                    current["tracks"][name]["hpf_cutoff_hz"] = start
    return current, roles


# --- 3. judging one line ------------------------------------------------------------------------


def changes_of(edits: Iterable[Any]) -> list[Change]:
    """The edits that move something (``target``, ``parameter``, ``old_value``, ``value``); an
    edit that sets a parameter to the value it has is not judged (schema v2, clarification 13)."""
    out = []
    for e in edits:
        old, new = float(e.old_value), float(e.value)
        if not math.isclose(old, new, abs_tol=1e-9):
            out.append(Change(str(e.target), str(e.parameter), old, new))
    return out


def covered(target: str, roles: Mapping[str, str]) -> set[str]:
    """The edit targets (track names, buses, ``master``) an expectation's target names."""
    if target == "mix":
        return set(roles) | {"bus", "master"}
    if target in ("master", *BUS_NAMES):
        return {target}
    if target in roles:
        return {target}
    return {name for name, role in roles.items() if role == target}


def _after(current: Mapping[str, Any], changes: list[Change], target: str, parameter: str) -> float | None:
    for c in changes:
        if (c.target, c.parameter) == (target, parameter):
            return c.new
    return (current.get("tracks", {}).get(target) or {}).get(parameter)


def _hz(expect: Mapping[str, Any]) -> float | None:
    """The frequency an expectation names: its ``value`` when the unit is Hz (or not given)."""
    if "value" not in expect or expect.get("unit", "hz") != "hz":
        return None
    return float(expect["value"])


def reading(expect: Mapping[str, Any]) -> dict[str, Any]:
    """The expectation as judged: ``level`` on ``master`` is the master's ``loudness``
    (clarification 3); a ``band`` whose label gives a signed ``gain_db`` and no direction goes
    the way of that sign (clarification 15: negative for a cut)."""
    if expect["effect"] == "level" and expect["target"] == "master":
        return {**expect, "effect": "loudness"}
    if expect["effect"] == "width" and expect["target"] == "master":
        # The schema's width row: on ``master`` or ``mix``, the master's width limit or every track.
        return {**expect, "target": "mix"}
    if expect["effect"] == "band" and "direction" not in expect and expect.get("gain_db"):
        return {**expect, "direction": "up" if float(expect["gain_db"]) > 0 else "down"}
    return dict(expect)


def _octaves(a_hz: float, b_hz: float) -> float:
    return abs(math.log2(max(a_hz, 1e-6) / max(b_hz, 1e-6)))


def _signed_moves(expect: Mapping[str, Any], current: Mapping[str, Any], changes: list[Change],
                  targets: set[str]) -> list[tuple[Change, int]]:
    """Every (change, wanted sign) among ``changes`` whose parameter belongs to the effect's
    moves on ``targets``: the change satisfies the expectation when its sign is the wanted one,
    and is opposite when it is the other."""
    effect, direction = expect["effect"], expect.get("direction", "up")
    polarity = -1 if direction == "down" else 1
    out: list[tuple[Change, int]] = []
    if effect == "band":
        value = _hz(expect)
        if value is None:
            return out
        for c in changes:
            if c.target in targets and c.parameter.endswith("_gain_db") and \
                    c.parameter.removesuffix("_gain_db") in (*PEAK_BANDS, *SHELVES):
                hz = _after(current, changes, c.target, c.parameter.removesuffix("_gain_db") + "_hz")
                if hz is not None and _octaves(hz, value) <= BAND_TOLERANCE_OCTAVES:
                    out.append((c, polarity))
        return out
    for move in MOVES[effect]:
        if move.down_only and direction != "down":
            continue
        sign = move.sign if move.down_only else move.sign * polarity
        where = targets if move.where == "target" else {move.where}
        if effect == "compression" and move.where == "bus" and "bus" not in targets:
            continue  # the glue compressor answers for the mix only
        for c in changes:
            if c.target not in where:
                continue
            if move.band is not None:
                band = c.parameter.removesuffix("_gain_db")
                if band not in PEAK_BANDS or not c.parameter.endswith("_gain_db"):
                    continue
                hz = _after(current, changes, c.target, f"{band}_hz")
                if hz is None or not move.band[0] <= hz <= move.band[1]:
                    continue
            elif c.parameter != move.parameter:
                continue
            out.append((c, sign))
    return out


def _met(expect: Mapping[str, Any], current: Mapping[str, Any], changes: list[Change], targets: set[str],
         roles: Mapping[str, str]) -> tuple[bool, list[Change]]:
    """(met, opposite changes) for one expectation."""
    effect, direction = expect["effect"], expect.get("direction", "up")
    if effect == "pan":
        pans = [c for c in changes if c.target in targets and c.parameter == "pan"]
        wanted = {"left": lambda c: c.new < c.old, "right": lambda c: c.new > c.old,
                  "center": lambda c: abs(c.new) < abs(c.old)}[direction]
        return any(wanted(c) for c in pans), [c for c in pans if not wanted(c)]
    if effect == "mute":
        value = 1.0 if direction == "on" else 0.0
        mutes = [c for c in changes if c.target in targets and c.parameter == "mute"]
        return any(c.new == value for c in mutes), [c for c in mutes if c.new != value]
    if effect in ("reverb", "delay") and direction == "off":
        parameter = f"{effect}_send_db"
        if expect["target"] == effect:
            # The bus off: its return at its minimum, or every track's send at −60 (clarification 5).
            floor = table_for(effect)[f"{effect}_return_db"].min
            returns = [c for c in changes if c.target == effect and c.parameter == f"{effect}_return_db"]
            sends = {c.target: c for c in changes if c.target in roles and c.parameter == parameter}
            every = bool(roles) and all(name in sends and sends[name].new <= OFF_SEND_DB for name in roles)
            up = [c for c in (*returns, *sends.values()) if c.new > c.old]
            return any(c.new <= floor for c in returns) or every, up
        sends = [c for c in changes if c.target in targets and c.parameter == parameter]
        return any(c.new <= OFF_SEND_DB for c in sends), [c for c in sends if c.new > c.old]
    if effect == "highpass" and _hz(expect) is not None:
        # Within a quarter octave of the cutoff asked for, whichever way it moved; elsewhere
        # the other way than asked is opposite (clarification 8 for ``down``).
        wanted = -1 if direction == "down" else 1
        cuts = [c for c in changes if c.target in targets and c.parameter == "hpf_cutoff_hz"]
        near = [c for c in cuts if _octaves(c.new, _hz(expect) or 1.0) <= HIGHPASS_TOLERANCE_OCTAVES]
        return bool(near), [c for c in cuts if c not in near and c.sign == -wanted]
    if effect == "level" and expect["target"] == "mix":
        # The bus trim, or every track's fader, that way (clarification 3).
        wanted = -1 if direction == "down" else 1
        trims = [c for c in changes if c.target == "bus" and c.parameter == "trim_db"]
        gains = {c.target: c for c in changes if c.target in roles and c.parameter == "gain_db"}
        every = bool(roles) and all(name in gains and gains[name].sign == wanted for name in roles)
        opposite = [c for c in (*trims, *gains.values()) if c.sign == -wanted]
        return any(c.sign == wanted for c in trims) or every, opposite
    if effect == "loudness" and expect.get("unit") == "lufs":
        # An absolute target (clarification 2); "1 dB louder" is a relative amount, judged by sign.
        lufs = [c for c in changes if c.target == "master" and c.parameter == "target_lufs"]
        return any(abs(c.new - float(expect["value"])) <= LUFS_TOLERANCE for c in lufs), []
    moves = _signed_moves(expect, current, changes, targets)
    opposite = [c for c, sign in moves if c.sign == -sign]
    right = [c for c, sign in moves if c.sign == sign]
    if expect["target"] == "mix" and effect == "width":
        # The whole mix wider: its limit, or every track that may move.
        wanted = -1 if direction == "down" else 1
        limits = [c for c in changes if c.target == "master" and c.parameter == "max_width_percent"]
        tracks = {t for t in targets if t in roles and roles[t] != "lead_vocal"}
        wide = {c.target for c in right if c.parameter == "width_percent"}
        opposite += [c for c in limits if c.sign == -wanted]
        return any(c.sign == wanted for c in limits) or (bool(tracks) and tracks <= wide), opposite
    return bool(right), opposite


def judge(line: Mapping[str, Any], result: Any) -> Verdict:
    """The verdict on one line given the parser's ``result`` (``edits``, ``not_understood``)."""
    current, roles = session_of(line)
    changes = changes_of(result.edits)
    verdict = Verdict(str(line.get("id", "")), str(line.get("lang", "")), False)
    if line.get("understood", True) is False or not line.get("expect"):
        verdict.refused = not changes and bool(result.not_understood)
        verdict.correct = verdict.refused
        verdict.stray = changes
        verdict.detail = "" if verdict.correct else "should have been refused"
        return verdict
    allowed: set[str] = set()
    for expect in map(reading, line["expect"]):
        targets = covered(str(expect["target"]), roles)
        allowed |= targets
        if expect["effect"] in BUS_ALLOWED or expect["target"] in ("reverb", "delay"):
            allowed.add(BUS_ALLOWED.get(expect["effect"], str(expect["target"])))
        if expect["effect"] in ("reverb", "delay") and expect["target"] == expect["effect"] and \
                expect.get("direction") == "off":
            allowed |= set(roles)  # the bus off may be every track's send off
        met, opposite = _met(expect, current, changes, targets, roles)
        verdict.met.append(met)
        verdict.opposite.extend(c for c in opposite if c not in verdict.opposite)
    verdict.stray = [c for c in changes if c.target not in allowed]
    verdict.correct = all(verdict.met) and not verdict.opposite and not verdict.stray
    if not verdict.correct:
        got = ", ".join(f"{c.target}.{c.parameter} {c.old:g}→{c.new:g}" for c in changes) or "no edit"
        missing = [f"{e['target']}/{e['effect']}/{e.get('direction', 'up')}"
                   for e, ok in zip(line["expect"], verdict.met, strict=True) if not ok]
        verdict.detail = (f"missing {missing} " if missing else "") + \
            (f"opposite {len(verdict.opposite)} " if verdict.opposite else "") + \
            (f"stray {len(verdict.stray)} " if verdict.stray else "") + f"got [{got}]"
        if result.not_understood:
            verdict.detail += f" not understood {result.not_understood}"
    return verdict


# --- 4. a corpus --------------------------------------------------------------------------------


def evaluate(lines: list[dict], parse: Parser | None = None) -> Report:
    """Run ``parse`` (default: the rule parser) on each line with its session and judge it."""
    if parse is None:
        from mixdown_text_control.core import parse as rules_parse

        parse = rules_parse
    verdicts = []
    for line in lines:
        current, roles = session_of(line)
        verdicts.append(judge(line, parse(line["text"], current, roles)))
    return Report(verdicts)


def main(argv: list[str] | None = None) -> int:
    """``python -m mixdown_dev.text_eval FILE``: the accuracy and every failure."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    lines = load(Path(args[0]))
    report = evaluate(lines)
    by_id = {line.get("id"): line for line in lines}
    for v in report.failures():
        print(f"FAIL {v.id} {by_id[v.id]['text']!r}: {v.detail}")
    print(f"{len(lines) - len(report.failures())}/{len(lines)} = {report.accuracy:.1%}, "
          f"opposite edits {report.opposite_edits}, by language {report.accuracy_by_language()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
