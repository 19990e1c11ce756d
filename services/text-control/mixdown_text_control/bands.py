"""A frequency and its gain told apart: the EQ band they make together.

Artists name a spot of the spectrum and then what to do there, often in the next clause and
with a verb that alone would move the fader: "vers 250 hz sur la voix, enlève 3 dB", "un petit
coup vers 3k sur la voix, +1.5 dB", "la voix a un truc qui résonne à 1k, enlève 3 dB", "snare
top needs more body at 200 hz, +2dB". The gain is the band's at that frequency, never the
track's level nor the master's. And a quality with no frequency of its own named at a
frequency ("more snap around 3k") is a band there, in the quality's sense: the frequency says
where, the quality only which way.

Also "le passe-haut de la voix est trop haut, descends-le à 70 Hz": "it" is the high-pass, the
frequency its cutoff (:func:`filter_pronouns`). Runs on the clauses before targets and
qualities are inherited (:func:`.passes.inherit`).
"""

from __future__ import annotations

from mixdown_text_control import lexicon as lx
from mixdown_text_control.amounts import Amount
from mixdown_text_control.clause_types import Clause, Request

# Descriptors that place themselves in the spectrum (a band, a shelf, the high-pass, the
# de-esser's band): a frequency named with them moves their own frequency.
_EQ_PARAMS = frozenset({lx.BAND, "high_shelf_gain_db", "low_shelf_gain_db"})
_SPECTRAL_PARAMS = _EQ_PARAMS | {"hpf_cutoff_hz", "deess_reduction_db", "deess_threshold_db"}


def _spectral(descriptor: str | None) -> bool:
    if descriptor is None or descriptor not in lx.DESCRIPTORS:
        return False
    effect = lx.DESCRIPTORS[descriptor]
    return any(e.parameter in _SPECTRAL_PARAMS for e in (*effect.effects, *effect.fallback))


def _equalises(descriptor: str | None) -> bool:
    """Does the descriptor move an EQ band or shelf (whose frequency a named one places)?"""
    if descriptor is None or descriptor not in lx.DESCRIPTORS:
        return False
    effect = lx.DESCRIPTORS[descriptor]
    return any(e.parameter in _EQ_PARAMS for e in (*effect.effects, *effect.fallback))


def _frequency(clause: Clause) -> Amount | None:
    """The one frequency a clause names at a spot (not a cut below or above), if any."""
    found = [a for r in clause.requests for a in r.amounts if a.unit == "hz" and not a.below and not a.above]
    return found[0] if len(found) == 1 else None


def _gains(request: Request) -> list[Amount]:
    return [a for a in request.amounts if a.unit == "db" and not a.absolute]


def _as_band(request: Request, frequency: Amount, gains: list[Amount]) -> None:
    """``request`` becomes the band at ``frequency`` moved by ``gains`` (its sign, else the
    request's direction)."""
    request.descriptor, request.polarity, request.implicit, request.noop = "band", 1, False, False
    request.off = False
    frequency.absolute = True
    request.amounts = [frequency, *gains]
    signed = [a for a in gains if a.signed]
    if signed:
        request.direction, request.cue_source = (1 if signed[0].value > 0 else -1), "explicit"
    for gain in gains:
        gain.absolute, gain.value = False, abs(gain.value) if signed else gain.value
        gain.signed = False


def frequency_gains(clauses: list[Clause]) -> None:
    """Bands made of a frequency and a gain, in one clause or in two that follow each other,
    the spot first or the gain first (changes ``clauses`` in place)."""
    for clause in clauses:
        for request in clause.requests:
            spots = [a for a in request.amounts if a.unit == "hz" and not a.below and not a.above]
            if spots and request.direction and not _spectral(request.descriptor) and \
                    request.descriptor not in (None, "level", "band") and not request.off:
                # "more snap around 3k": a band there, the way the quality asks.
                direction = request.direction * request.polarity
                _as_band(request, spots[0], _gains(request))
                request.direction = request.direction if request.cue_source == "explicit" else direction
    for first, second in zip(clauses, clauses[1:], strict=False):
        frequency = _frequency(first)
        if frequency is None or _frequency(second) is not None or len(second.requests) != 1:
            continue
        request = second.requests[0]
        gains = [a for a in request.amounts if a.unit == "db"]  # "pull 3 dB": an amount, not a value
        own_targets = {t.value for t in second.targets} - {t.value for t in first.targets}
        holder = next(r for r in first.requests if frequency in r.amounts)
        spot = holder.descriptor is None or (holder.descriptor == "band" and not holder.direction)
        if spot and second.pronoun and request.descriptor is None and not own_targets and \
                (request.direction or request.off):
            # "the snare rings at 900 hz, notch it out", "a whistle around 3k, dip it": "it" is
            # the spot named, the verb the band's way; so is "them" for the tracks fighting there
            # ("keys are fighting the vocal around 2k, dip them 2 dB there").
            if request.off:
                request.off, request.direction = False, -1
            first.requests.remove(holder)
            first.content = bool(first.requests)
            _as_band(request, frequency, gains)
            if not second.targets:
                second.targets = list(first.targets)
            continue
        if not gains or own_targets or request.descriptor not in (None, "level") or \
                request.cue_source == "comparative":
            continue  # ("... and should be 2 dB quieter": the level, said by its own word)
        if _gains(holder) or second.pronoun or holder.descriptor == "hpf":
            continue  # the band has its gain, or "turn it up 2 dB" names its own thing
        if _equalises(holder.descriptor) and holder.direction:
            # "snare top needs more body at 200 hz, +2dB", "trop de boue vers 300, enlève 3 dB":
            # the amount of that request.
            for gain in gains:
                gain.absolute, gain.signed, gain.value = False, False, abs(gain.value)
            holder.amounts.extend(gains)
            second.requests.clear()
            second.content = False  # its words are read, with the request before
            continue
        if not _spectral(holder.descriptor):
            # "vers 250 hz sur la voix, enlève 3 dB", "un petit coup vers 3k, +1.5 dB": that
            # band's gain; "la voix a un truc qui résonne à 1k, enlève 3 dB": the spot, not the
            # quality its verb would name.
            first.requests.remove(holder)
            first.content = bool(first.requests)  # its words are read, in the band
        _as_band(request, frequency, gains)
        if not second.targets:
            second.targets = list(first.targets)
    spots_after_gains(clauses)


def spots_after_gains(clauses: list[Clause]) -> None:
    """A gain, then the spot alone in the next clause ("vocal: small dip, like -1.5 dB, at 1.2
    kHz", "cut the snare 2 dB, around 400 hz"): the band there, never the fader (changes
    ``clauses`` in place)."""
    for first, second in zip(clauses, clauses[1:], strict=False):
        frequency = _frequency(second)
        if frequency is None or _frequency(first) is not None or len(first.requests) != 1 or \
                len(second.requests) != 1 or second.targets:
            continue
        spot, request = second.requests[0], first.requests[0]
        gains = [a for a in request.amounts if a.unit == "db" and not a.absolute]
        if spot.descriptor is not None or spot.direction or spot.off or not gains or \
                request.descriptor not in (None, "level") or request.cue_source == "comparative" or request.off:
            continue
        _as_band(request, frequency, gains)
        second.requests.clear()
        second.content = False  # its words are read, in the band


def filter_pronouns(clauses: list[Clause]) -> None:
    """"le passe-haut de la voix est trop haut, descends-le à 70 Hz", "the high-pass, bring it
    up to 150 hz": "it" is the high-pass just named, and the frequency its new cutoff (not a
    band there); the first clause's own step is then left out (changes ``clauses`` in place)."""
    for first, second in zip(clauses, clauses[1:], strict=False):
        filters = [r for r in first.requests if r.descriptor == "hpf" and not r.noop]
        if not filters or not second.pronoun or len(second.requests) != 1:
            continue
        request = second.requests[0]
        spots = [a for a in request.amounts if a.unit == "hz"]
        if request.descriptor != "band" or len(spots) != 1 or [a for a in request.amounts if a.unit == "db"]:
            continue
        request.descriptor, request.polarity = "hpf", 1
        spots[0].absolute = True
        for step in filters:
            if not step.amounts:
                step.noop = True  # the value said next is where it goes
        if all(r.noop for r in first.requests):
            first.content = False  # read: it names what "it" is
        if not second.targets:
            second.targets = list(first.targets)
