"""Amounts with units in an instruction ("de 3 dB", "à 120 Hz", "-14 LUFS", "ratio 4", "50 %")
and which parameter each one sets.

An amount is *absolute* ("à 120 Hz", "-14 LUFS", a ratio: that value) or a *move* ("de 3 dB",
"by 3 dB", "+2 dB": that much in the request's direction, or in the sign's). The 0–1 controls
(:data:`UNIT_INTERVAL`) and the ratios (:data:`RATIOS`) are read from the parameter tables: a
percentage sets a 0–1 control as its fraction ("reverb width 80 %" → 0.8).
"""

from __future__ import annotations

from dataclasses import dataclass

from mixdown.mixparams import BUS_PARAMS, TRACK_PARAMS
from mixdown.params import Param
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

UNITS = {"db": "db", "decibel": "db", "decibels": "db", "dbs": "db", "lu": "db", "hz": "hz", "hertz": "hz",
         "khz": "khz", "kilohertz": "khz", "lufs": "lufs", "%": "percent", "pourcent": "percent", "pourcents": "percent",
         "percent": "percent", "pct": "percent", "ms": "ms", "milliseconde": "ms", "millisecondes": "ms",
         "millisecond": "ms", "milliseconds": "ms", ":1": "ratio"}
_ABSOLUTE_BEFORE = frozenset({"a", "to", "at", "vers", "sous", "ss", "below", "under", "au", "=", "en", "around",
                              "autour", "jusqu", "jusque", "until", "sur", "set", "dessous", "dessus", "above",
                              "over", "beneath", "threshold", "seuil", "ratio", "hpf", "lpf"})
# "sous 100", "en dessous de 120 Hz", "below 90": a cut below; "au-dessus de 12k", "above 12k": above.
_BELOW = ("sous", "ss", "below", "under", "beneath", "en dessous", "en dessous de", "au dessous de", "in dessous de",
          "anything below", "everything below", "tout ce qui est sous", "hpf", "high pass", "highpass", "hi pass",
          "passe haut")
_ABOVE = ("above", "au dessus", "au dessus de", "over", "au dela de", "everything above", "anything above", "lpf",
          "low pass", "lowpass", "passe bas")
_RELATIVE_BEFORE = frozenset({"de", "d", "by", "of"})
# A degree just after an amount's unit makes it a move, never a value ("20 % de plus", "2 dB more",
# "3 dB de moins", "10 % extra", "20 % wider", "2 dB plus fort"): only "à"/"to"/"at" before it sets.
_RELATIVE_AFTER = frozenset({"plus", "moins", "more", "less", "extra", "louder", "quieter", "softer", "wider",
                             "narrower", "brighter", "darker", "lower", "higher", "up", "down", "en"})
# A number without a unit is a frequency after these words ("cut 3 dB at 500", "coupe sous 80",
# "boost 12k", "enlève un peu de 400"), between 20 Hz and 20 kHz...
_FREQUENCY_BEFORE = frozenset({"a", "at", "vers", "around", "autour", "sous", "ss", "below", "under", "above", "over",
                               "beneath", "dessous", "dessus", "to", "of", "de", "d", "boost", "cut", "coupe",
                               "enleve", "creuse", "scoop", "dip", "notch", "remove", "out", "attenue", "environ",
                               "near", "pres", "approx", "approximately", "circa", "less", "more", "plus", "moins",
                               "some", "hpf", "lpf"})
BARE_HZ_RANGE = (20.0, 20000.0)
NUMBER_WORDS = {"un": 1.0, "une": 1.0, "one": 1.0, "deux": 2.0, "two": 2.0, "trois": 3.0, "three": 3.0,
                "quatre": 4.0, "four": 4.0, "cinq": 5.0, "five": 5.0, "six": 6.0, "sept": 7.0, "seven": 7.0,
                "huit": 8.0, "eight": 8.0, "neuf": 9.0, "nine": 9.0, "dix": 10.0, "ten": 10.0, "demi": 0.5,
                "half": 0.5}
# ... and a gain in dB after "by"/"de" or with a sign ("boost 12k by 2", "+3 at 3k"), up to this.
BARE_DB_MAX = 24.0
# ... and a negative number, down to this (a send, a threshold, a level).
BARE_NEGATIVE_DB_MAX = 60.0
_NOT_AMOUNT_AFTER = frozenset({"bpm", "fois", "x", "times", "seconds", "secondes", "sec", "s", "bars", "mesures",
                               "temps", "beats", "eme", "e", "th", "nd", "rd", "st",
                               # a distance ("à 20 mètres de moi", "30 feet away")
                               "metres", "metre", "meters", "meter", "m", "feet", "ft", "km", "kilometres", "yards",
                               "miles", "pieds"})


def _mixing_params() -> list[Param]:
    return [*TRACK_PARAMS.values(), *(p for table in BUS_PARAMS.values() for p in table.values())]


# The 0–1 controls: unitless, continuous, inside [0, 1] (mix, amounts, room size, feedback...).
UNIT_INTERVAL = frozenset(p.name for p in _mixing_params() if p.unit == "" and not p.step and 0.0 <= p.min
                          and p.max <= 1.0)
# The ratios ("ratio 4", "4:1"), named by their unit suffix.
RATIOS = frozenset(p.name for p in _mixing_params() if p.name.endswith("_ratio"))


@dataclass
class Amount:
    value: float
    unit: str  # db | hz | lufs | percent | ms | ratio
    absolute: bool
    signed: bool
    below: bool
    index: int
    relative: bool = False  # "de 3 dB", "by 3 dB"
    above: bool = False
    shift: bool = False  # a frequency said as a move: "by 20 Hz", "20 Hz higher"


# An article between a frequency preposition and its number ("sous les 130", "under the 130", "vers les 200").
_NUMBER_ARTICLES = frozenset({"les", "the", "des", "le"})
_PLACE_BEFORE = frozenset({"sous", "ss", "below", "under", "beneath", "above", "over", "vers", "around", "autour",
                           "dessous", "dessus", "environ"})


def _after_phrase(words: list[str], i: int, phrases: tuple[str, ...]) -> bool:
    if i > 1 and words[i - 1] in _NUMBER_ARTICLES:
        i -= 1
    lead = " ".join(words[max(0, i - 4):i])
    return any(lead == p or lead.endswith(" " + p) for p in phrases)


# A filter named just before a bare number ("passe-haut 200", "high pass 90", "low pass 9k"): its frequency.
_FILTERS = ("high pass", "highpass", "hi pass", "passe haut", "low pass", "lowpass", "passe bas")


def _bare_unit(words: list[str], i: int, value: float, signed: bool) -> str | None:
    """The unit a number written without one carries: Hz after a frequency word, dB after
    "by"/"de" or with a sign; None otherwise ("the 808", "140 bpm")."""
    before = words[i - 1] if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if after in _NOT_AMOUNT_AFTER or words[i] in PHRASES:
        return None  # "the 808" is a track
    if before in _NUMBER_ARTICLES and i > 1 and words[i - 2] in _PLACE_BEFORE:
        before = words[i - 2]  # "sous les 130", "around the 300" (not "boost the 909": a track)
    if not signed and BARE_HZ_RANGE[0] <= value <= BARE_HZ_RANGE[1] and (
            before in _FREQUENCY_BEFORE or _after_phrase(words, i, _FILTERS)):
        return "hz"
    if 0 < abs(value) <= BARE_DB_MAX and (signed or before in ("by", "de", "d")):
        return "db"
    if signed and -BARE_NEGATIVE_DB_MAX <= value < 0:
        return "db"  # "reverb send à -30": no frequency is negative; sends go down to -60 dB
    return None


# The loudness targets a bare negative number after "master" can mean ("master -9", "master: -11"):
# no master is turned down by 6 dB or more in a note, while -6 to -24 LUFS is the span of delivery targets.
_MASTER_LUFS_RANGE = (-24.0, -6.0)


def _master_target(words: list[str], i: int, value: float) -> bool:
    """A negative number with no unit just after "master" (a colon between allowed) is its
    loudness target in LUFS ("master -9": -9 LUFS, louder than -14), never a gain change."""
    k = i - 1
    if k >= 0 and words[k] in (":", "="):
        k -= 1
    return k >= 0 and words[k] == "master" and _MASTER_LUFS_RANGE[0] <= value <= _MASTER_LUFS_RANGE[1]


def _degree_after(words: list[str], i: int, unit: str) -> bool:
    """Whether a degree follows the amount at ``i`` and its unit word ("20 % de plus", "2 dB more",
    "un dB de moins", "15 % wider"): a move by that much. An amount in Hz or LUFS is a place or a
    target whatever follows ("cut 300 hz more"), so only gains and shares read this way."""
    if unit not in ("db", "percent"):
        return False
    after = words[i + 2:i + 4]
    if after[:1] == ["de"] or after[:1] == ["d"]:
        after = after[1:]  # "20 % de plus", "2 dB d'extra"
    return bool(after) and after[0] in _RELATIVE_AFTER and not (after[0] == "en" and after[1:2] != ["plus"])


# A frequency followed by a way of its own is a move of that much ("20 Hz higher", "30 hz plus bas").
_PITCH_AFTER = (("higher",), ("lower",), ("plus", "haut"), ("plus", "bas"), ("up",), ("down",))


def _pitch_after(words: list[str], i: int) -> bool:
    return any(tuple(words[i + 2:i + 2 + len(p)]) == p for p in _PITCH_AFTER)


def find_amounts(tokens: list[Token]) -> list[Amount]:
    """Every number with a unit (or after "ratio", or a bare frequency or gain, see
    :func:`_bare_unit`) in a clause's tokens."""
    words = [t.text for t in tokens]
    found: list[Amount] = []
    for i, token in enumerate(tokens):
        unit = UNITS.get(words[i + 1]) if i + 1 < len(words) else None
        if not token.is_number:
            if token.text in NUMBER_WORDS and unit is not None:
                # "de deux dB", "by three db": a number spelled out, before its unit.
                value = NUMBER_WORDS[token.text]
                before = words[i - 1] if i else ""
                relative = before in _RELATIVE_BEFORE or _degree_after(words, i, unit)
                found.append(Amount(value, unit, before in _ABSOLUTE_BEFORE and unit != "db" and not relative, False,
                                    False, i, relative))
            continue
        before = words[i - 1] if i else ""
        if unit is None and before == "ratio":
            unit = "ratio"
        if unit is None and "ratio" in words[:i] and before in ("de", "of", "a", "to", "at", "=") and \
                float(token.text) >= 1.0:
            unit = "ratio"  # "ratio 4", "le ratio de la voix à 6"
        if unit is None and _master_target(words, i, float(token.text)):
            unit = "lufs"
        if unit is None:
            unit = _bare_unit(words, i, float(token.text), token.text[0] in "+-")
        if unit is None:
            continue
        value = float(token.text)
        if unit == "khz":
            unit, value = "hz", value * 1000.0
        absolute = before in _ABSOLUTE_BEFORE or unit in ("lufs", "ratio")
        relative = unit != "ratio" and (before in _RELATIVE_BEFORE or _degree_after(words, i, unit))
        if relative:
            absolute = False
        signed = token.text[0] in "+-"
        if signed and unit != "lufs" and before not in _ABSOLUTE_BEFORE:
            absolute = False
        below = unit == "hz" and _after_phrase(words, i, _BELOW)
        above = unit == "hz" and _after_phrase(words, i, _ABOVE)
        shift = unit == "hz" and (before == "by" or _pitch_after(words, i))
        found.append(Amount(value, unit, absolute and not shift, signed, below, i, relative or shift, above, shift))
    return found


def matching_amount(amounts: list[Amount], unit: str, parameter: str, primary: bool) -> Amount | None:
    """The first amount that can set ``parameter`` (of table unit ``unit``); a level in dB only
    for the ``primary`` parameter a request moves."""
    for amount in amounts:
        if amount.unit == "db" and unit in ("dB", "dBFS", "LUFS") and primary:
            return amount
        if amount.unit == "lufs" and unit == "LUFS":
            return amount
        if amount.unit == "hz" and ((unit == "Hz" and not amount.below) or
                                    (amount.below and parameter == "hpf_cutoff_hz")):
            return amount
        if amount.unit == "ms" and unit == "ms":
            return amount
        if amount.unit == "percent" and (unit == "%" or (unit == "" and parameter in UNIT_INTERVAL)):
            return amount
        if amount.unit == "ratio" and parameter in RATIOS:
            return amount
    return None


def cutoff_shift(amount: Amount, parameter: str, old: float, sign: int) -> bool:
    """Whether an amount in Hz moves the high-pass cutoff by so much rather than setting it: said
    so ("by 20 Hz", "20 Hz higher", ``amount.shift``), or a relative amount ("de 20 Hz") whose
    value read as the cutoff would go against the request ("monte le coupe-bas de 20 Hz" at 80 Hz)."""
    if amount.unit != "hz" or parameter != "hpf_cutoff_hz" or not amount.relative:
        return False
    return amount.shift or sign * (amount.value - old) < 0


def with_amount(amount: Amount, old: float, sign: int, unit: str) -> float:
    """The value an explicit amount asks for: absolute ("à 120 Hz") or a move in ``sign``'s
    direction ("de 3 dB"; a bare signed amount decided ``sign`` already)."""
    value = amount.value / 100.0 if amount.unit == "percent" and unit != "%" else amount.value
    if amount.absolute:
        return value
    return old + sign * abs(value)
