"""One table of effect semantics: what asking for more of a quality means for each parameter,
and the check that keeps every edit of an instruction on the side its requests ask for.

:data:`SENSES` lists, for each descriptor of :mod:`.lexicon`, the parameter moves that more of
it implies (the sign each parameter takes), including the moves an engineer might make for it
although the rules make others ("presence" is also a brighter high shelf and a louder fader;
"brightness" is also any peak band from 2.5 to 16 kHz). Asking for less negates every sign;
``when`` restricts a move to one side ("less low end" may raise the high-pass; "more low end"
is not judged on it).

An instruction with several requests on one track may pull a parameter both ways ("less bright
but more present": the high shelf and the 3.5 kHz band). :func:`opposes` tells whether an edit
goes against another request of the same instruction on its target; :mod:`.resolve` drops such
an edit, places an EQ band outside the frequencies another request wants the other way, and
falls back on a descriptor's other means when nothing else is left. Direction is sacred: no
edit moves a parameter against any request of its instruction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mixdown_text_control.lexicon import BAND, PEAK_BANDS


@dataclass(frozen=True)
class Sense:
    """More of a quality moves ``parameter`` by ``sign``; :data:`BAND` is a peak band's gain
    whose frequency lies in ``hz``; ``when`` +1/-1: only when asking for more/less."""

    parameter: str
    sign: int
    hz: tuple[float, float] | None = None
    when: int = 0


def _band(low_hz: float, high_hz: float, sign: int = 1) -> Sense:
    return Sense(BAND, sign, (low_hz, high_hz))


_BRIGHT = (Sense("high_shelf_gain_db", 1), _band(2500, 16000))
_LOWS = (Sense("low_shelf_gain_db", 1), _band(20, 300), Sense("hpf_cutoff_hz", -1, when=-1))
_LOW_MIDS = (_band(150, 800), Sense("low_shelf_gain_db", 1))
_COMPRESSION = (Sense("comp_ratio", 1), Sense("comp_threshold_db", -1), Sense("glue_ratio", 1),
                Sense("glue_threshold_db", -1))
SENSES: dict[str, tuple[Sense, ...]] = {
    "level": (Sense("gain_db", 1),),
    "loudness": (Sense("target_lufs", 1),),
    "brightness": _BRIGHT,
    "air": _BRIGHT,
    "presence": (_band(1500, 6000), Sense("high_shelf_gain_db", 1), Sense("gain_db", 1)),
    "closeness": (Sense("gain_db", 1), Sense("reverb_send_db", -1), _band(1500, 6000)),
    "harshness": (_band(2000, 8000), Sense("high_shelf_gain_db", 1), Sense("deess_reduction_db", -1, when=-1)),
    "sibilance": (Sense("deess_reduction_db", -1), Sense("deess_threshold_db", 1), _band(5000, 10000)),
    "mud": _LOW_MIDS,
    "warmth": _LOW_MIDS,
    "mids": (_band(500, 2500),),
    "body": _LOWS,
    "thin": tuple(Sense(s.parameter, -s.sign, s.hz, -s.when) for s in _LOWS),
    "hpf": (Sense("hpf_cutoff_hz", 1),),
    "width": (Sense("width_percent", 1),),
    "pan": (Sense("pan", 1),),
    "reverb": (Sense("reverb_send_db", 1), Sense("reverb_return_db", 1)),
    "delay": (Sense("delay_send_db", 1), Sense("delay_return_db", 1)),
    "reverb_size": (Sense("reverb_room_size", 1),),
    "reverb_width": (Sense("reverb_width", 1),),
    "compression": _COMPRESSION,
    "punch": (Sense("comp_ratio", 1),),
    "threshold": (Sense("comp_threshold_db", 1),),
    "glue": _COMPRESSION[2:],
    "saturation": (Sense("sat_drive_db", 1), Sense("sat_mix", 1)),
}


@dataclass(frozen=True)
class Wish:
    """One request of an instruction on one target: more (+1) or less (-1) of ``descriptor``."""

    target: str
    descriptor: str
    direction: int
    request: int  # id() of the request, so that a request is not checked against itself


def _senses(descriptor: str, direction: int) -> list[tuple[Sense, int]]:
    """(sense, the sign its parameter must take) for asking ``direction`` of ``descriptor``."""
    return [(s, s.sign * direction) for s in SENSES.get(descriptor, ()) if s.when in (0, direction)]


def band_of(parameter: str) -> str | None:
    """'peak2_gain_db' → 'peak2'; None for any other parameter."""
    band = parameter.removesuffix("_gain_db")
    return band if band != parameter and band in PEAK_BANDS else None


def opposes(parameter: str, sign: int, band_hz: float | None, wish: Wish) -> bool:
    """Does moving ``parameter`` by ``sign`` (a peak gain at ``band_hz``) go against ``wish``?"""
    if sign == 0 or wish.direction == 0:
        return False
    for sense, wanted in _senses(wish.descriptor, wish.direction):
        if sense.parameter == BAND:
            if band_hz is None or band_of(parameter) is None or not sense.hz[0] <= band_hz <= sense.hz[1]:
                continue
        elif sense.parameter != parameter:
            continue
        if sign == -wanted:
            return True
    return False


def free_region(region_hz: tuple[float, float, float], sign: int, others: list[Wish]) -> tuple[float, float, float] | None:
    """The part of ``region_hz`` (low, high, centre) where a peak gain moving by ``sign`` goes
    against none of ``others``: the widest free stretch in octaves, its geometric centre (the
    region itself when nothing is in the way; None when nothing is free)."""
    blocked = []
    for wish in others:
        for sense, wanted in _senses(wish.descriptor, wish.direction):
            if sense.parameter == BAND and sign == -wanted:
                blocked.append(sense.hz)
    if not blocked:
        return region_hz
    free = [(region_hz[0], region_hz[1])]
    for low, high in blocked:
        free = [piece for a, b in free for piece in ((a, min(b, low)), (max(a, high), b)) if piece[1] > piece[0]]
    if not free:
        return None
    low, high = max(free, key=lambda p: math.log2(p[1] / p[0]))
    return low, high, math.sqrt(low * high)


def kinship(a: str, b: str) -> int:
    """+1 when more of descriptor ``a`` is more of ``b`` on the parameters they share (the same
    descriptor, "body" and "warmth"), -1 when it is less ("thin" and "body": lightening the low
    end is less of it), 0 when they share none. Moves limited to one side are left out."""
    if a == b:
        return 1
    score = 0
    for sa in SENSES.get(a, ()):
        for sb in SENSES.get(b, ()):
            if sa.parameter != sb.parameter or sa.when or sb.when:
                continue
            if sa.parameter == BAND and (sa.hz[1] <= sb.hz[0] or sb.hz[1] <= sa.hz[0]):
                continue
            score += sa.sign * sb.sign
    return (score > 0) - (score < 0)
