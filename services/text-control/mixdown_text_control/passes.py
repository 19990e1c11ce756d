"""The passes over an instruction's clauses once each is read (step 5 of :mod:`.rules`): what
one clause says about the others.

Each pass changes the clauses in place, in the order :meth:`.rules.RuleParser.parse` calls them:
:func:`moderate` ("pas trop de delay, juste un peu": a little of it), :func:`loose_qualifiers`
and :func:`bus_headings` (a bus named in one clause, its qualities in the next),
:func:`inherit` (a clause without a quality, a direction or a target takes the one before or
after it, or a pronoun's antecedent; :func:`_amend` folds a bare detail into the request
before), and :func:`settle` (two readings of one instruction that ask opposite ways are both
left out: direction is sacred). They are apart from the clause reading (:mod:`.clauses`)
because they decide from the neighbours what one clause alone leaves open.
"""

from __future__ import annotations

from mixdown_text_control import lexicon as lx
from mixdown_text_control.asides import pronoun_is_track
from mixdown_text_control.clause_types import Clause, Request, Target
from mixdown_text_control.edits import ParseResult
from mixdown_text_control.idioms import shares_verb
from mixdown_text_control.placed_lists import subject_of_own_request
from mixdown_text_control.semantics import kinship

# The generic qualities a clause about a bus means of that bus ("la reverb est trop large,
# resserre-la": its width; "la reverb trop grande et trop forte": its return).
_BUS_QUALITY = {"width": "width", "level": "loud"}
# Qualities of the sound whose direction, once stated, is not what a following bare verb moves
# ("la voix moins brillante and a bit lower": lower is the level).
_TONE = frozenset({"brightness", "air", "presence", "harshness", "sibilance", "mud", "warmth", "mids", "body",
                   "thin", "saturation"})


# Where a track sits: once it is placed, a following bare verb moves its level ("mets les adlibs à
# droite et baisse-les un peu", "pan the adlibs right and turn them down").
_PLACES = frozenset({"pan", "pan_centre"})
# Effects a track is sent to: after one was asked one way, "it" asked the other way is the track.
_EFFECT_AMOUNTS = frozenset({"reverb", "delay", "compression", "width"})
# Effects added in amounts ("un peu de delay", "some grit").
_ADDED = frozenset({"reverb", "delay", "saturation"})


def _bus_of(descriptor: str | None) -> str | None:
    """The bus a descriptor is about ("reverb_width" → "reverb"), None for a track quality."""
    if descriptor in ("reverb", "delay"):
        return descriptor
    scope = lx.DESCRIPTORS[descriptor].scope if descriptor in lx.DESCRIPTORS else "track"
    return scope if scope in ("reverb", "delay") else None


def _on_bus(clause: Clause, bus: str) -> None:
    """A clause that goes on about a bus named before, without a target of its own: its width
    and level are the bus's."""
    for request in clause.requests:
        if request.descriptor in _BUS_QUALITY:
            mapped = lx.QUALIFIED.get((bus, _BUS_QUALITY[request.descriptor]))
            if mapped is not None:
                request.descriptor, request.implicit = mapped, False


def _amend(clause: Clause, previous: Request | None, filtered: bool = False) -> None:
    """A clause that only adds a detail to the request before it: a bare signed gain after an
    EQ move is that move's amount ("boost 100 hz sur le kick, genre +3"), a frequency for "it"
    after the high-pass is its cutoff ("the high-pass is too high, lower it to 60 Hz"; ``filtered``:
    the high-pass was named by an earlier clause, whatever else it said: "the hi-pass on the kick
    is eating the sub, lower it to 30 hz")."""
    if filtered and clause.pronoun:
        for request in clause.requests:
            if request.descriptor == "band" and any(a.unit == "hz" for a in request.amounts) and \
                    not any(a.unit == "db" for a in request.amounts):
                request.descriptor = "hpf"
    if previous is None or clause.targets:
        if previous is not None and previous.descriptor == "hpf" and clause.pronoun:
            for request in clause.requests:
                if request.descriptor == "band" and any(a.unit == "hz" for a in request.amounts):
                    request.descriptor = "hpf"
        return
    for request in clause.requests:
        changed = {a.unit for a in request.amounts}
        if request.restates and request.descriptor is None and previous.descriptor is not None and changed:
            # "baisse la batterie, genre 1 dB", "down 2 dB… actually no, 3 dB": the amount of the
            # move just asked (the one said last), in that move's own way.
            for amount in request.amounts:
                # A bare amount is a change, a level only "à"/"at" it.
                if amount.unit in ("db", "percent"):
                    amount.absolute, amount.relative = False, True
            previous.amounts = [a for a in previous.amounts if a.unit not in changed] + request.amounts
            clause.requests.remove(request)
            clause.content = False  # said, and applied with the move it details
            return
    eq = lx.DESCRIPTORS.get(previous.descriptor or "")
    for request in clause.requests:
        db = [a for a in request.amounts if a.unit == "db" and a.signed]
        if request.descriptor == "level" and request.implicit and not clause.pronoun and db and eq is not None \
                and any(e.parameter == lx.BAND for e in eq.effects) and \
                not any(a.unit == "db" for a in previous.amounts):
            previous.amounts.extend(db)
            clause.requests.remove(request)
            clause.content = False  # said, and applied with the move it details
            return
        elif previous.descriptor == "hpf" and clause.pronoun and request.descriptor == "band" and \
                any(a.unit == "hz" for a in request.amounts):
            request.descriptor = "hpf"


def loose_qualifiers(clauses: list[Clause]) -> None:
    """"the reverb tail is too long, cut it shorter", "the reverb sounds like a church, make it
    smaller": "it" is the bus of the clause before, and the qualifier left without a bus word
    says which of its parameters moves and which way (not the verb: "cut" is no switch here)."""
    for clause, after in zip(clauses, clauses[1:], strict=False):
        buses = [b for b in (_bus_of(r.descriptor) for r in clause.requests) if b is not None]
        # "la reverb : plus longue": a bus named alone heads the qualifiers after it, as "it" does.
        heading = len(clause.requests) == 1 and clause.requests[0].cue_source == "wish" and \
            not clause.has_verb and not clause.copula and not clause.targets
        # "make the reverb a small room, tighter": a verbless word after a bus's own parameter
        # goes on about that bus ("tighter" is its size, not the track's compression).
        # So does "it" after a bus with no track named ("the reverb is too big, make it tighter").
        one_word = not after.copula and len(after.requests) == 1 and \
            after.requests[0].cue_source in ("wish", "comparative")
        elliptic = one_word and any(b != r.descriptor for b, r in zip(buses, clause.requests, strict=False)) and \
            (not after.has_verb or after.pronoun and not clause.targets)
        if not buses or not (after.pronoun or heading or elliptic) or after.targets:
            continue
        found = [(lx.QUALIFIED[(buses[0], str(q.value))], q) for q in after.loose_qualifiers
                 if (buses[0], str(q.value)) in lx.QUALIFIED]
        if not found or (any(r.descriptor is not None for r in after.requests) and not elliptic):
            continue
        # "une pièce plus petite", "a small room": the noun names the parameter ("pièce", "room",
        # always its positive sense), the adjective of the same parameter says which way.
        same = [f for f in found if f[0] == found[0][0]]
        found[0] = min(same, key=lambda f: (not f[1].comparative, f[1].polarity > 0))
        if not after.requests:
            after.requests.append(Request(None))
        for request in after.requests:
            # "moins longue": a stated "less" before a plain adjective turns it; a comparative
            # ("shorter") says the way itself, whatever the verb ("cut it shorter").
            less = (request.cue_source == "explicit" and not request.off and request.direction < 0 or
                    after.lowered) and not found[0][1].comparative
            request.descriptor, request.polarity = found[0][0], found[0][1].polarity
            request.direction, request.cue_source, request.off, request.removes = -1 if less else 1, "comparative", \
                False, False


def bus_headings(clauses: list[Clause]) -> None:
    """"la reverb, make the room bigger", "the reverb sounds like a shoebox, give it a bigger
    room": a bus named, or described with no word of which way, before a request about one of
    its own parameters names what that request is about; it asks for no more or less of it."""
    for clause, after in zip(clauses, clauses[1:], strict=False):
        own = {r.descriptor for r in after.requests if r.descriptor and _bus_of(r.descriptor) != r.descriptor}
        if clause.targets or len(clause.requests) != 1 or clause.has_verb and not clause.copula:
            continue
        request = clause.requests[0]
        if request.descriptor in ("reverb", "delay") and request.cue_source in ("wish", "complaint") and \
                any(_bus_of(d) == request.descriptor for d in own):
            clause.requests, clause.content = [], False


def moderate(clauses: list[Clause]) -> None:
    """"pas trop de delay, juste un peu", "not too much delay, just a touch": a small amount
    said next to "not too much" asks for a little of it; "not too much" alone asks for less."""
    for i, clause in enumerate(clauses):
        moderated = [r for r in clause.requests if r.moderated and r.direction < 0 and not r.off]
        if not moderated:
            continue
        for other in (*clauses[max(i - 1, 0):i], *clauses[i + 1:i + 2]):
            if not other.requests and not other.targets and other.intensity < 1.0:
                for request in moderated:
                    request.direction, request.intensity = 1, other.intensity
                other.content = False  # said, and read as the amount
                break


def _names_on(clauses: list[Clause], i: int) -> bool:
    """Clause ``i`` starts a run of bare names that ends on a clause with targets and a request,
    or heads a request that names none ("Perc / Dbl_R / Adlib_1 : plus de verb")."""
    while i < len(clauses) and clauses[i].bare_targets and clauses[i].targets:
        i += 1
    # A verb with its own object after the names is a new sentence ("the kick and 808 clash, cut
    # the 808 at 60 hz"): the names before are the reason, not its targets.
    return i < len(clauses) and any(r.descriptor for r in clauses[i].requests) and \
        (not clauses[i].targets or not clauses[i].has_verb)


def inherit(clauses: list[Clause]) -> None:
    previous: Request | None = None
    previous_targets: list[Target] = []
    topic: list[Target] = []
    bus: str | None = None
    tool: Request | None = None  # the last request named by its tool ("the de-esser")
    asked: list[Request] = []
    stated_copula = False  # the previous request's clause describes a state ("the mix is too narrow")
    ordered = False  # a verb since ("too narrow, make it huge and wide": "wide" is the order's, not "too")
    for i, clause in enumerate(clauses):
        if bus is not None and not clause.targets and (clause.pronoun or not clause.has_verb):
            _on_bus(clause, bus)
        if clause.bare_targets and i + 1 < len(clauses) and clauses[i + 1].targets and \
                (any(r.descriptor for r in clauses[i + 1].requests) or _names_on(clauses, i + 1)):
            # "the backs and the adlibs need more reverb": both take the request that follows;
            # so does a list of names ("BGV_stack_L / Dbl_L / Adlibs_ad all -2").
            clauses[i + 1].targets = [*clause.targets, *clauses[i + 1].targets]
            clause.requests, clause.content = [], False
            continue
        if (previous is None or topic) and clause.targets and all(r.descriptor is None for r in clause.requests) \
                and i + 1 < len(clauses) and not clauses[i + 1].targets:
            # "adlibs: less reverb, more delay": a heading names the target of what follows (and
            # after one, the next: "voix : -2 db, moins d'air. instru : +1 db").
            topic, clause.requests, clause.content = list(clause.targets), [], False
            continue
        named = bool(clause.targets)  # its own targets, not the heading's
        ordered = ordered or (clause.has_verb and not clause.requests)
        if topic and not clause.targets:
            clause.targets = list(topic)
        _amend(clause, previous, any(r.descriptor == "hpf" for c in clauses[:i] for r in c.requests))
        # "the vocal sounds distant and the beat is a bit much": a new subject stated with a bare
        # degree is its own complaint, of its level, not the quality said before.
        own_subject = named and clause.copula and not clause.pronoun and \
            {t.value for t in clause.targets} != {t.value for t in previous_targets}
        for request in clause.requests:
            # ("la 808 mérite 2 dB de plus": a track as the subject with a gain is its own level.)
            subject_gain = named and not any(t.prepositional for t in clause.targets) and not clause.pronoun and \
                any(a.unit == "db" for a in request.amounts)
            if request.implicit and (clause.adverb_cues_only or (clause.pronoun and named)) and not own_subject and \
                    not subject_gain and previous is not None and previous.descriptor not in (None, "level", "loudness"):
                # "plus de basses sur le kick et moins sur le 808": the quality of the previous
                # request; so is "it" beside a track the clause names ("add more of it on the snare").
                request.descriptor, request.polarity, request.implicit = previous.descriptor, previous.polarity, False
                if _bus_of(previous.descriptor) not in (None, previous.descriptor) and \
                        not previous.descriptor.endswith("_return"):
                    # "shorter reverb and less of it": "it" is the reverb, not its length.
                    request.descriptor, request.polarity = _bus_of(previous.descriptor), 1
            elif request.implicit and request.direction == 0 and previous is not None and previous.direction:
                # "baisse la batterie et la basse de 2 dB": the previous direction.
                request.direction, request.cue_source = previous.direction, "inherited"
            if request.descriptor is None and previous is None and request.cue_source == "explicit" and \
                    request.direction and not request.off and clause.pronoun and previous_targets:
                request.descriptor, request.implicit = "level", True  # "don't compress it, just bring it up"
            if request.descriptor is None and previous is not None and previous.descriptor is not None and \
                    request.cue_source == "explicit":
                # "I don't like the delay on the vocal, remove it": its quality, this clause's cue
                # ("the vocal is buried, bring it up": up is more level, whatever "buried" meant);
                # after a tone already turned one way, a bare verb is the level ("lead vox less
                # bright, also turn it down a little").
                # A gain after the high-pass or a switch is the level ("remets le fx mais baisse-le de 6 dB");
                # so is any way after a switch ("unmute the piano and turn it up": a mute has no "up").
                # "less reverb on the vocal and bring it up": "it" is the vocal, whose effect was
                # just asked the other way (the reverb up again would undo the request).
                undoes = previous.cue_source in ("explicit", "comparative") and previous_targets and \
                    not request.removes and not request.off and request.direction * previous.direction < 0
                stated = previous.descriptor in _TONE | _PLACES and previous.cue_source in ("explicit", "comparative") or \
                    (previous.descriptor in ("hpf", "mute") and any(a.unit == "db" for a in request.amounts)) or \
                    previous.descriptor == "mute" or \
                    (undoes and previous.descriptor in _EFFECT_AMOUNTS)
                if pronoun_is_track(previous, request):
                    stated, request.removes = True, False  # "widen the harmonies and drop them 2 dB"
                if request.partitive:
                    stated = False  # "... and add some on the snare": some of that quality
                of_tool = tool is not None and previous.descriptor == tool.descriptor  # "back it off": the de-esser
                stated = stated or own_subject
                request.descriptor = "level" if stated and not request.removes and not of_tool else previous.descriptor
                if _bus_of(previous.descriptor) not in (None, previous.descriptor) and \
                        not previous.descriptor.endswith("_return") and not (
                            stated_copula and clause.has_verb and request.direction == previous.direction * previous.polarity):
                    # "shorter reverb and less of it": "it" is the reverb, not its length; but "la
                    # salle de la reverb est trop grande, réduis-la" fixes the state just told.
                    request.descriptor, request.polarity = _bus_of(previous.descriptor), 1
                if request.removes or (tool is not None and request.descriptor == tool.descriptor):
                    # "rumble on the vocal, clean it up": less rumble; "the de-esser is overdoing
                    # it, back it off": "it" is the de-esser, less of it is more of the esses.
                    request.polarity = previous.polarity
            elif request.descriptor is None and previous is not None and previous.descriptor is not None:
                request.descriptor, request.polarity = previous.descriptor, previous.polarity
                request.direction, request.off = previous.direction, previous.off
                request.cue_source = "inherited"
                if request.intensity == 1.0:
                    request.intensity = previous.intensity
            elif request.direction == 0 and not request.cue_source and previous is not None and \
                    previous.direction and previous.descriptor == request.descriptor:
                # "cut 2 dB at 500 on the keys and 3 dB at 250 on the pad": the same move again.
                request.direction, request.cue_source = previous.direction, "inherited"
            elif request.cue_source == "complaint" and previous is not None and previous.direction and \
                    previous.cue_source in ("explicit", "comparative") and not previous.off and \
                    not clause.has_verb and not clause.copula and not clause.negated and not clause.pronoun \
                    and not named and request.polarity > 0:
                # "more bite and aggression", "plus de médiums et de boue": a problem word joined
                # to a stated request is one more thing asked that way, not a complaint; after a
                # verb that takes its quality away ("de-ess and clean the low mids"), less of it.
                way = previous.direction * (previous.polarity if previous.cue_source == "comparative" or
                                            previous.descriptor == request.descriptor else 1)
                request.direction, request.cue_source = way, "inherited"
            elif request.partitive and named and request.cue_source == "wish" and not clause.negated and \
                    request.polarity > 0 and not clause.copula:
                # "and the drums with some saturation": an amount of a thing for a track the clause
                # names is asked for, whatever sense the previous verb or quality had.
                request.direction = 1
            elif request.cue_source == "wish" and previous is not None and not clause.has_verb and \
                    not clause.negated and shares_verb(previous, request):
                # "narrow the pad and the reverb width": the verb's sense goes on to its next object.
                request.direction, request.cue_source = previous.direction * previous.polarity, "inherited"
            elif request.cue_source == "wish" and previous is not None and (previous.cue_source == "complaint" or (
                    request.polarity < 0 and previous.cue_source == "explicit" and previous.direction < 0
                    and not previous.off and stated_copula and not kinship(previous.descriptor, request.descriptor))) \
                    and not clause.has_verb and not clause.negated and not clause.pronoun:
                # "the mix is too narrow and a bit dark": the word after "too X and" is a second
                # complaint in its own sense (less dark: brighter), not the first word's move; a
                # word of the same parameters goes on as before ("trop compressé, ça respire").
                # "the vocal feels cold and digital": a second complaint.
                request.direction, request.cue_source = -1, "complaint"
            elif request.cue_source == "wish" and previous is not None and previous.direction and not ordered and \
                    previous.cue_source != "complaint" and not clause.has_verb and not clause.negated and not clause.pronoun \
                    and not (previous.off and (request.intensity < 1.0 or request.partitive)) \
                    and request.polarity > 0:
                # "too dry and upfront": the cue goes on to the next word; an amount of a thing
                # ("le clap est trop sec, un peu de reverb dessus") goes the way the previous
                # quality went, not its word's sign: more reverb, as "trop sec" asked.
                # An amount of the opposite quality goes the other way ("le 808 est trop maigre, un peu
                # de corps": more body).
                # An amount of an unrelated effect is asked for ("moins de reverb, un peu de delay").
                kin = kinship(previous.descriptor, request.descriptor)
                # So is an amount of an unrelated quality after a move that had its own gain
                # ("enlève 2 dB à 250 Hz, et un peu d'air": some air, not less of it).
                added = request.partitive and not kin and (request.descriptor in _ADDED or
                                                           any(a.unit == "db" for a in previous.amounts))
                request.direction = 1 if added else \
                    previous.direction * (previous.polarity * (kin or 1) if request.partitive else 1)
                request.off, request.cue_source = previous.off, "inherited"
                if lx.DESCRIPTORS[request.descriptor].off is None and request.off:
                    request.off = True
            if request.cue_source == "complaint" and not named and any(
                    r.descriptor == request.descriptor and r.cue_source != "complaint" and r.direction and not r.noop and
                    r.direction * r.polarity == request.direction * request.polarity for r in asked):
                # "high-pass la basse à 45, y a du rumble": the complaint is the reason for the
                # request just made, not a second move of the same kind.
                request.noop = True
            if request.descriptor is not None and not (request.noop and clause.negated):
                # (An order not to, "don't compress the vocal, just bring it up", is no antecedent.)
                previous, stated_copula, ordered = request, clause.copula, False
                asked.append(request)
                if request.tool:
                    tool = request
        follow_up = any(r.cue_source == "inherited" for r in clause.requests) and not clause.targets
        if not clause.targets and clause.requests:
            if (clause.pronoun or follow_up) and previous_targets:
                clause.targets = list(previous_targets)
            elif i and clauses[i - 1].headed and previous_targets and not clause.has_verb and not clause.item:
                # "vocal -2dB, less air; beat +1dB": an item of a list goes with the item before,
                # which names its track first.
                clause.targets = list(previous_targets)
            else:
                for later in clauses[i + 1:]:
                    if later.item:
                        break  # "- less reverb - wider beat": an item lends nothing to the one before
                    if later.targets:
                        if previous_targets and (all(t.value == "master" for t in later.targets) or (
                                later.has_verb and not any(t.prepositional for t in later.targets))):
                            # "brighter vocal, less reverb, and master at -10 LUFS", "give the vocal
                            # less reverb and more delay, and bring the beat down": the vocal's.
                            break
                        if (any(t.prepositional for t in later.targets) or not clause.has_verb) and \
                                not subject_of_own_request(later, clause):
                            clause.targets = [Target(t.value, False) for t in later.targets]
                        break
                if not clause.targets and previous_targets and not clause.item and \
                        not any(r.descriptor in ("level", "loudness") and r.implicit for r in clause.requests):
                    # "la voix moins brillante et moins forte": still the voice.
                    clause.targets = list(previous_targets)
        if clause.targets:
            previous_targets = clause.targets
        buses = {_bus_of(r.descriptor) for r in clause.requests if r.descriptor is not None}
        if clause.targets or clause.requests:
            bus = buses.pop() if len(buses) == 1 and not clause.targets else None


def settle(clauses: list[Clause], folded, result: ParseResult) -> None:
    """Direction is sacred, within an instruction too. A side on targets the instruction also
    asks to centre is where they are, the centring the move ("trop à droite, recentre-les"). Two
    requests that ask opposite ways for the same quality on the same targets (at the same
    frequency, if any: "cut 3k, boost 200" is two places) are both left out and listed as not
    understood: neither reading is safe ("le pad prend toute la largeur, resserre-le")."""
    centred = {frozenset(t.value for t in c.targets if not t.excluded) for c in clauses
               if any(r.descriptor == "pan_centre" and r.direction > 0 for r in c.requests)}
    asked: dict[tuple[frozenset[str], str, tuple[float, ...]], list[tuple[int, Request, Clause]]] = {}
    for clause in clauses:
        targets = frozenset(t.value for t in clause.targets if not t.excluded)
        for request in clause.requests:
            if request.descriptor is None or request.noop or request.direction == 0:
                continue
            if request.descriptor == "pan" and targets in centred:
                # "drifting to the right, put it back in the center": where it is, not a move.
                request.noop = True
                continue
            way = -1 if request.off else request.direction * request.polarity
            hz = tuple(sorted(a.value for a in request.amounts if a.unit == "hz"))
            asked.setdefault((targets, request.descriptor, hz), []).append((way, request, clause))
    for readings in asked.values():
        if len({way for way, _, _ in readings}) > 1:
            for _, request, clause in readings:
                request.noop = True
                text = folded.original_span(clause.start, clause.end)
                if text not in result.not_understood:
                    result.not_understood.append(text)
