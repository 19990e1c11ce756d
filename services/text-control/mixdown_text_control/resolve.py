"""Requests → edits (step 6 of :mod:`.rules`).

Each request's targets resolve to tracks and buses (the descriptor's default when none is
named: the lead vocal for tone and effects, the beat for low end, every other track for width,
the mix bus for punch, the master's loudness for a bare "louder"); each parameter the
descriptor moves gets its new value from the default step x intensity or the explicit amount,
clamped to the table, with a one-line explanation.
"""

from __future__ import annotations

import math

from mixdown.events.outputs import TextEdit
from mixdown_text_control import lexicon as lx
from mixdown_text_control.amounts import cutoff_shift, matching_amount, with_amount
from mixdown_text_control.clause_types import Clause, Request
from mixdown_text_control.edits import MASTER, ParseResult, Session, merge_edit
from mixdown_text_control.explain import FIXED_NOTE, explain
from mixdown_text_control.names import group_names
from mixdown_text_control.normalise import Folded
from mixdown_text_control.semantics import Wish, band_of, free_region, opposes
from mixdown_text_control.words_targets import ROLE_LABELS, STAND_IN_ROLES, RoleLabel

OFF_WITHOUT_SWITCH_FACTOR = 1.5


def wishes_of(clauses: list[Clause], session: Session, language: str) -> list[Wish]:
    """Every request of an instruction on every target it reaches (see :mod:`.semantics`)."""
    out = []
    for clause in clauses:
        for request in clause.requests:
            if request.descriptor is None or request.noop or request.direction == 0:
                continue
            for target, descriptor, _, _ in _destinations(request, clause, session, language):
                if target is not None:
                    out.append(Wish(target, descriptor.name, request.direction * request.polarity, id(request)))
    return out


def resolve(clause: Clause, folded: Folded, session: Session, language: str,
             result: ParseResult, wishes: list[Wish] | None = None) -> None:
    """Apply the clause's requests to ``session`` and add their edits to ``result``; what
    produced no edit goes to ``result.not_understood`` in the artist's own words. ``wishes``:
    the instruction's requests, which no edit may go against."""
    text = folded.original_span(clause.start, clause.end)
    produced = False
    for request in clause.requests:
        if request.descriptor is None or request.noop or request.direction == 0:
            continue
        for target, descriptor, effects, note in _destinations(request, clause, session, language):
            if target is None:
                result.not_understood.append(f"{text} ({note})" if note else text)
                produced = True
                continue
            others = [w for w in wishes or () if w.target == target and w.request != id(request)
                      and w.descriptor != descriptor.name]
            edits = _edits(request, target, descriptor, effects, note, session, language, others)
            edits = _keep_direction(edits, target, session, others)
            if others and descriptor.fallback and not any(e.parameter == effects[0].parameter for e in edits):
                # (The main move blocked by another request: "less harsh, more air" takes a band
                # above the harsh region, not the shelf's frequency alone.)
                edits = [*edits, *_keep_direction(_edits(request, target, descriptor, descriptor.fallback, note,
                                                         session, language, others), target, session, others)]
            if not edits and others and descriptor.name in ("reverb", "delay") and direction_of(request) > 0 and \
                    request.cue_source != "wish":
                # "trop loin et trop sec": the send held down by the nearer request; more of the
                # space comes from its bus's return instead (not for a likeness, "comme dans un hall").
                bus = lx.DESCRIPTORS[f"{descriptor.name}_return"]
                target, descriptor, edits = descriptor.name, bus, _edits(request, descriptor.name, bus, bus.effects,
                                                                          note, session, language)
            if not edits and effects and session.fixed(target, effects[0].parameter) is not None:
                result.not_understood.append(f"{text} ({FIXED_NOTE[language]})")
                produced = True
            for edit in edits:
                session.apply(edit)
                merge_edit(result.edits, edit)
                produced = True
    if not produced and clause.content:
        result.not_understood.append(text)


def direction_of(request: Request) -> int:
    """+1 when the request asks for more of its descriptor, -1 for less."""
    return request.direction * request.polarity


def _default_target(descriptor: lx.Descriptor, clause: Clause) -> str:
    """Where a request naming no track goes: the descriptor's default, except a level beside a
    track's quality in the same clause ("plus devant et plus secs"), which is that track's, not
    the master's loudness."""
    if descriptor.name == "level":
        for request in clause.requests:
            other = lx.DESCRIPTORS.get(str(request.descriptor))
            if other is not None and other.scope == "track" and other.name != "level" and \
                    other.default not in ("master", "mix"):
                return other.default
    return descriptor.default


def _destinations(request: Request, clause: Clause, session: Session, language: str):
    """(target, descriptor, effects, note) for each map the request changes."""
    descriptor = lx.DESCRIPTORS[str(request.descriptor)]
    if descriptor.name == "glue" and any(t.value not in ("master", "mix", "bus", "all") for t in clause.targets):
        descriptor = lx.DESCRIPTORS["compression"]  # "glue the drums together": their compressor
    if descriptor.scope != "track":
        target = MASTER if descriptor.scope == "master" else descriptor.scope
        return [(target, descriptor, descriptor.effects, "")]
    excluded = {name for t in clause.targets if t.excluded for name in _names_of(t.value, session)}
    targets = [t.value for t in clause.targets if not t.excluded] or [_default_target(descriptor, clause)]
    if excluded:
        # "everything except the vocal is too loud": every other track, each on its own.
        targets = ["all" if v in ("master", "mix", "bus", "all") else v for v in targets]
    out = []
    for value in dict.fromkeys(targets):
        if value == "all" and excluded:
            out.extend((name, descriptor, descriptor.effects, "") for name in session.track_targets()
                       if name not in excluded)
        elif value == "mix" and descriptor.name == "level" and \
                any(a.unit == "db" for a in request.amounts):
            # "baisse tout le mix de 2 dB", "turn everything down by 2 dB": a fader move on the
            # whole mix, the mix bus's trim (the master's loudness target is in LUFS).
            out.append(("bus", descriptor, (lx.Effect("trim_db", 1, 2.0),), ""))
        elif value in ("master", "mix"):
            if descriptor.name == "level":
                loud = lx.DESCRIPTORS["loudness"]
                out.append((MASTER, loud, loud.effects, ""))
            elif descriptor.mix_effects:
                out.append(("bus", descriptor, descriptor.mix_effects, ""))
            else:
                out.extend((name, descriptor, descriptor.effects, "") for name in session.track_targets())
        elif value == "bus":
            if descriptor.mix_effects:
                out.append(("bus", descriptor, descriptor.mix_effects, ""))
            elif descriptor.name == "level":
                out.append(("bus", descriptor, (lx.Effect("trim_db", 1, 2.0),), ""))
            else:
                out.extend((name, descriptor, descriptor.effects, "") for name in session.track_targets())
        elif value == "all":
            out.extend((name, descriptor, descriptor.effects, "") for name in session.track_targets())
        elif value == "others":
            others = [n for n in session.track_targets() if session.role_of(n) != "lead_vocal"]
            out.extend((name, descriptor, descriptor.effects, "") for name in others)
        elif value.startswith("track:"):
            out.extend((name, descriptor, descriptor.effects, "") for name in group_names(value[len("track:"):]))
        else:
            names = _role_tracks(value, session, explicit=bool(clause.targets))
            if not names:
                label = getattr(ROLE_LABELS.get(value, RoleLabel(value, value)), language)
                note = f"pas de piste « {label} » dans ce mix" if language == "fr" else f"no {label} track in this mix"
                out.append((None, descriptor, (), note))
            out.extend((name, descriptor, descriptor.effects, "") for name in names)
    # The lead vocal stays mono and centred: widen its reverb instead.
    named = {n for v in targets if v.startswith("track:") for n in group_names(v[len("track:"):])} | \
        {name for v in targets for name in session.tracks_with_role(v)}
    fixed = []
    for target, desc, effects, note in out:
        if target is not None and desc.name == "width" and session.fixed(target, "width_percent") is not None:
            if target not in named:
                continue  # "make the whole mix wider": every track that may widen
            wide = lx.DESCRIPTORS["reverb_width"]
            note = ("la voix lead reste mono et centrée : c'est sa reverb qui s'élargit" if language == "fr"
                    else "the lead vocal stays mono and centred: its reverb gets wider instead")
            fixed.append(("reverb", wide, wide.effects, note))
        else:
            fixed.append((target, desc, effects, note))
    return fixed


def _names_of(value: str, session: Session) -> list[str]:
    """The tracks a target names ("track:<name>" or a role)."""
    return group_names(value[len("track:"):]) if value.startswith("track:") else session.tracks_with_role(value)


def _role_tracks(role: str, session: Session, explicit: bool) -> list[str]:
    names = session.tracks_with_role(role)
    if not names and explicit:
        # "les backs" in a session whose backing layers are doubles: the role playing that part.
        names = next((session.tracks_with_role(r) for r in STAND_IN_ROLES.get(role, ())
                      if session.tracks_with_role(r)), [])
    if names or explicit:
        return names
    # A default role the mix lacks: the lead vocal, then every track.
    return session.tracks_with_role("lead_vocal") or session.track_targets()


def _keep_direction(edits: list[TextEdit], target: str, session: Session, others: list[Wish]) -> list[TextEdit]:
    """``edits`` without those that go against another request on ``target`` (and without
    the frequency of a band whose gain is dropped, which goes back where it was)."""
    if not others:
        return edits
    kept = []
    for edit in edits:
        band = band_of(edit.parameter)
        band_hz = session.value(target, f"{band}_hz") if band else None
        sign = (edit.value > edit.old_value) - (edit.value < edit.old_value)
        if not any(opposes(edit.parameter, sign, band_hz, wish) for wish in others):
            kept.append(edit)
    gains = {band_of(e.parameter) for e in kept}
    out = []
    for edit in kept:
        placed = edit.parameter.removesuffix("_hz")
        if placed in lx.PEAK_BANDS and placed not in gains:
            session.apply(edit.model_copy(update={"value": edit.old_value}))
            continue
        out.append(edit)
    return out


def _edits(request: Request, target: str, descriptor: lx.Descriptor, effects, note: str,
           session: Session, language: str, others: list[Wish] = ()) -> list[TextEdit]:
    edits: list[TextEdit] = []
    if request.off and descriptor.off is not None:
        parameter, value = descriptor.off
        if session.spec(target, parameter) is not None:
            edits.append(_edit(session, target, parameter, value, descriptor, request, language, note))
        return edits
    factor = request.intensity * (OFF_WITHOUT_SWITCH_FACTOR if request.off else 1.0)
    direction = request.direction * request.polarity
    amounts = list(request.amounts)
    applied_amount = False
    for n, effect in enumerate(effects):
        if effect.parameter == lx.BAND:
            band_edits = _band_edits(request, target, descriptor, effect, amounts, direction * effect.sign, factor,
                                     n == 0 and not applied_amount, session, language, note, others)
            applied_amount = applied_amount or bool(band_edits and n == 0)
            edits.extend(band_edits)
            continue
        spec = session.spec(target, effect.parameter)
        if spec is None or session.fixed(target, effect.parameter) is not None:
            continue
        if (target, effect.parameter) in session.values_given and \
                matching_amount(amounts, spec.unit, effect.parameter, n == 0 and not applied_amount) is None:
            continue  # a value named elsewhere in the instruction stands
        old = session.value(target, effect.parameter)
        sign = direction * effect.sign
        amount = matching_amount(amounts, spec.unit, effect.parameter, n == 0 and not applied_amount)
        if amount is not None:
            amounts.remove(amount)
            applied_amount = True
            # A frequency is a place, never a shift by so many Hz ("filtre sous 200 Hz"), but for a
            # cutoff moved by so much ("20 Hz higher", "by 20 Hz", "monte le coupe-bas de 20 Hz").
            shift = cutoff_shift(amount, effect.parameter, old, sign)
            absolute = amount.absolute or (amount.unit == "hz" and not shift)
            wanted = amount.value if amount.unit == "hz" and not shift else with_amount(amount, old, sign, spec.unit)
            if n == 0 and absolute:
                # A value was given ("ratio 4", "coupe-bas à 120 Hz"): that value only.
                edits.append(_edit(session, target, effect.parameter, wanted, descriptor, request,
                                        language, note))
                session.values_given.add((target, effect.parameter))
                break
        elif effect.mode == "add":
            wanted = old + sign * effect.step * factor
        elif effect.mode == "mul":
            wanted = old * effect.step ** (sign * factor)
        elif effect.mode == "floor":
            if sign <= 0 or old >= effect.step:
                continue
            wanted = effect.step
        elif effect.mode == "centre":
            wanted = old * max(0.0, 1.0 - effect.step * factor)
        else:  # switch
            wanted = 1.0 if sign > 0 else 0.0
        edits.append(_edit(session, target, effect.parameter, wanted, descriptor, request, language, note))
    # An amount in Hz for a gain: the frequency it applies at ("aigus à 8 kHz", "coupe sous 150 Hz").
    for amount in amounts:
        if amount.unit != "hz" or not effects or effects[0].parameter == lx.BAND:
            continue
        parameter = lx.FREQUENCY_OF.get(effects[0].parameter)
        cut_lows = descriptor.name in ("body", "thin") and (direction * effects[0].sign < 0 or amount.below) \
            and not request.shelf
        if cut_lows:
            parameter = "hpf_cutoff_hz"
            edits = [e for e in edits if e.parameter != "low_shelf_gain_db"] if amount.below else edits
        if parameter and session.spec(target, parameter) is not None:
            old = session.value(target, parameter)
            wanted = amount.value  # where it applies, never a shift by so many Hz ("de l'air à 10k")
            edits.append(_edit(session, target, parameter, wanted, descriptor, request, language, note))
            session.values_given.add((target, parameter))
    return edits


def nearest_band(session: Session, target: str, frequency_hz: float) -> str:
    """The peak band of ``target`` whose frequency is nearest ``frequency_hz`` in octaves (the
    lower band on a tie), among those no other request of the instruction has taken."""
    taken = session.bands_taken.setdefault(target, set())
    free = [band for band in lx.PEAK_BANDS if band not in taken] or list(lx.PEAK_BANDS)
    band = min(free, key=lambda b: abs(math.log2(session.value(target, f"{b}_hz") / frequency_hz)))
    taken.add(band)
    return band


def _band_edits(request: Request, target: str, descriptor: lx.Descriptor, effect: lx.Effect, amounts: list,
                sign: int, factor: float, primary: bool, session: Session, language: str,
                note: str, others: list[Wish] = ()) -> list[TextEdit]:
    """A peak band's gain (and frequency) for a request on a region or at a named frequency:
    the band nearest the frequency the instruction names ("+3 dB at 400 Hz") or, without one,
    nearest the region's centre; its frequency moves to the named one, or to the centre when it
    lies outside the region; its gain moves by the amount in dB or the default step. A region
    shrinks to the part where the move goes against no other request (``others``)."""
    if session.spec(target, "peak1_gain_db") is None:
        return []
    where = next((a for a in amounts if a.unit == "hz" and not a.below), None)
    if where is None and effect.region_hz is None:
        return []
    region = effect.region_hz
    if where is not None:
        amounts.remove(where)
        frequency_hz = where.value
    else:
        region = free_region(region, sign, list(others))
        if region is None:
            return []
        frequency_hz = region[2]
    band = nearest_band(session, target, frequency_hz)
    edits = []
    current_hz = session.value(target, f"{band}_hz")
    if where is not None or (region is not None and not region[0] <= current_hz <= region[1]):
        if abs(current_hz - frequency_hz) >= 1.0:
            placed = _edit(session, target, f"{band}_hz", frequency_hz, descriptor, request, language, note)
            session.apply(placed)
            edits.append(placed)
    gain = f"{band}_gain_db"
    old = session.value(target, gain)
    amount = matching_amount(amounts, "dB", gain, primary)
    if amount is not None:
        amounts.remove(amount)
        wanted = with_amount(amount, old, sign, "dB")
    else:
        wanted = old + sign * effect.step * factor
    edits.append(_edit(session, target, gain, wanted, descriptor, request, language, note))
    return edits


def _edit(session: Session, target: str, parameter: str, wanted: float, descriptor: lx.Descriptor,
          request: Request, language: str, note: str) -> TextEdit:
    old = session.value(target, parameter)
    proposal = session.propose(target, parameter, wanted)
    spec = session.spec(target, parameter)
    explanation = explain(session, target, parameter, old, proposal.value, descriptor,
                          request.direction * request.polarity, request.off and descriptor.off is not None,
                          language, proposal.note if proposal.clamped else "", note, spec.unit if spec else "")
    return TextEdit(target=target, parameter=parameter, old_value=old, value=proposal.value,
                    explanation=explanation, clamped=proposal.clamped)
