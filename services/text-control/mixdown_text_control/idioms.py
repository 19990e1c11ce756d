"""Turns of phrase that change what a quality word asks for: "back" after a restoring verb
("bring the mids back up"), an unmute word before a quality ("remets des aigus"), a tool's
strength ("the de-esser is too heavy"), a quality verb with its particle ("dark it down"), a place
word before a track ("tuck it behind my voice"), "back" as a particle rather than the backing
vocals, a bus parameter beside the track quality of its kind ("rétrécis la largeur de la
réverb"), slang degrees ("grave fort"), and too much wetness said of the delay ("swimming in
delay"). Each function takes a clause's words, mentions (:class:`.spans.Mention`) and cues
(start, end, direction, phrase) and returns them as they should be read."""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.spans import Span
from mixdown_text_control.words_grammar import ARTICLES, PLACE_WORDS

# Verbs that, with "back", restore what was lost ("bring the mids back", "put some air back").
RESTORE_VERBS = frozenset({"bring", "brings", "put", "puts", "add", "adds", "give", "gives", "get"})
# Qualities that "back" after a restoring verb brings back; a track's level may go back (lower)
# instead ("bring the vocal back a bit").
_NOT_RESTORED = frozenset({"level", "closeness", "presence"})


def restored(words: list[str], cues: list[tuple[int, int, str, str]],
             qualities: list[str]) -> list[tuple[int, int, str, str]]:
    """"bring the mids back up", "put some air back": "back" after a restoring verb, or before
    "up", asks for more of the quality named (restoring it), not for less; ``cues`` are
    (start, end, direction, phrase)."""
    out = []
    for start, end, direction, phrase in cues:
        if phrase == "back" and (words[end:end + 1] == ["up"] or
                                 (RESTORE_VERBS & set(words[:start]) and qualities and
                                  not set(qualities) & _NOT_RESTORED)):
            direction, phrase = "up", "back up"
        out.append((start, end, direction, phrase))
    return out


def restoring(mentions: list, cues: list[tuple[int, int, str, str]]) -> tuple[list, list[tuple[int, int, str, str]]]:
    """"remets des aigus", "bring back some air": a word that alone unmutes ("remets", "bring
    back") before a quality asks for more of that quality; the track is not muted, so it is a
    cue, not a switch. ``mentions`` are :class:`.spans.Mention`."""
    switches = [m for m in mentions if m.descriptor == "mute" and m.polarity < 0]
    for switch in switches:
        if any(m.start >= switch.end and m.descriptor not in ("mute", "level") for m in mentions):
            mentions = [m for m in mentions if m is not switch]
            cues = sorted([*cues, (switch.start, switch.end, "up", "restore")])
    return mentions, cues


# Verbs that want a thing back ("I want the dynamics back", "give me my low end back").
WANTING_VERBS = frozenset({"want", "wants", "need", "needs", "give", "get", "gimme", "veux", "voudrais"})


def wanted_back(words: list[str], mentions: list,
                cues: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """"I want the dynamics back", "get the air back": "back" right after a quality wanted is
    that quality restored (more of it), not pushed back."""
    out = []
    for cue in cues:
        if words[cue[0]:cue[1]] == ["back"] and any(m.end == cue[0] and m.descriptor not in ("level", "mute")
                                                     for m in mentions) and WANTING_VERBS & set(words[:cue[0]]):
            cue = (cue[0], cue[1], "up", "restore")
        out.append(cue)
    return out


# Devices that pass only the middle of the spectrum ("ça fait téléphone", "sounds like a radio").
BAND_LIMITED_DEVICES = frozenset({"telephone", "phone", "radio", "megaphone", "walkie", "talkie", "transistor"})


def band_limited(words: list[str], mentions: list) -> list:
    """"ma voix fait trop téléphone": a complaint of the mids said by a band-limited device is
    also a complaint of thinness (lows up), as an engineer fixes it; ``mentions`` gain a thin
    complaint beside each such mids complaint."""
    out = list(mentions)
    for m in mentions:
        if m.descriptor == "mids" and m.problem and m.polarity > 0 and \
                BAND_LIMITED_DEVICES & set(words[m.start:m.end]) and \
                not any(o.descriptor in ("thin", "body") for o in mentions):
            out.append(replace(m, descriptor="thin", polarity=1, comparative=False, problem=True))
    return out


# How strongly a tool works ("the de-esser is too heavy", "le de-esser est trop violent"): said of
# a tool, these words are its strength, not a quality of their own (heavy low end, aggressive highs).
TOOL_STRENGTH = frozenset({"heavy", "hard", "aggressive", "agressif", "violent", "brutal", "strong", "fort",
                           "heavier", "harder", "intense", "much", "severe", "extreme", "raide", "puissant"})


def tool_strength(words: list[str], mentions: list) -> list:
    """Mentions with each strength word after a tool ("de-esser ... too heavy") read as that
    tool's level, which :mod:`.clauses` then folds into the tool (how strong it is)."""
    tool_at = min((m.end for m in mentions if m.tool), default=None)
    if tool_at is None:
        return mentions
    return [replace(m, descriptor="level", polarity=1, comparative=False, problem=False)
            if m.start >= tool_at and not m.tool and " ".join(words[m.start:m.end]) in TOOL_STRENGTH else m
            for m in mentions]


# Particles that make a verb of a quality word ("dark it down", "warm it up", "thin it out").
VERB_PARTICLES = frozenset({"down", "up", "out"})
_PARTICLE_OBJECTS = frozenset({"it", "them", "that", "this", "the", "a", "bit", "little", "my", "le", "la", "les"})
# Words that open a particle verb's object after it ("warm up the vocal"), unlike a degree or a
# place ("reverb down a bit", "highs down on the beat").
_OBJECT_HEADS = frozenset({"it", "them", "that", "this", "the", "my", "your", "our", "le", "la", "les", "l", "ma",
                           "mon", "mes", "everything", "all"})


def particle_verbs(words: list[str], mentions: list,
                   cues: list[tuple[int, int, str, str]]) -> tuple[list, list[tuple[int, int, str, str]]]:
    """"dark it down", "warm the vocal up": a quality word opening the clause, with a particle
    after its object, is a verb asking for more of what the word says (darker), whatever way
    the particle alone would point; the particle is no cue of its own."""
    for m in mentions:
        if m.start != 0 or m.comparative or m.problem:
            continue
        particle = next((c for c in cues if c[3] in VERB_PARTICLES and m.end <= c[0] <= m.end + 3), None)
        if particle is None or not all(w in _PARTICLE_OBJECTS or w.isalpha() and len(w) > 1
                                       for w in words[m.end:particle[0]]):
            continue
        if particle[0] == m.end and words[particle[1]:particle[1] + 1] and \
                words[particle[1]] not in _OBJECT_HEADS or particle[0] == m.end == particle[1] - 1 == len(words) - 1:
            # "reverb down", "highs down a bit", "treble up on the beat": a noun and the way it
            # goes, said tersely; only an object around the particle makes the word a verb
            # ("warm it up", "warm up the vocal").
            continue
        mentions = [replace(x, comparative=True) if x is m else x for x in mentions]
        cues = [c for c in cues if c is not particle]
    return mentions, cues



def placed_behind(words: list[str], mentions: list, target_spans: list[Span],
                  cues: list[tuple[int, int, str, str]]) -> list:
    """"tuck the backs behind my voice", "mets la guitare derrière la voix": a place word that
    alone is a quality ("behind": quieter) names where a track goes when a track follows it;
    the clause's verb says which way, the word asks for nothing of its own."""
    starts = {s.start for s in target_spans}
    lowered = any(c[2] == "down" for c in cues)  # "tuck it", "push it back": the verb says it already
    out = []
    for m in mentions:
        i = m.end
        while i < len(words) and words[i] in ARTICLES:
            i += 1
        if m.end - m.start == 1 and words[m.start] in PLACE_WORDS and i < len(words) and \
                (i in starts or (i > m.end and not any(x.start == i for x in mentions))):
            # The track after it may be placed already ("behind my voice"); "push it behind": the
            # place says which way, whatever the verb alone would.
            if m.polarity < 0 and not lowered and len(mentions) == 1:
                out.append(replace(m, comparative=True))
            continue
        out.append(m)
    return out


# Track words that are also a verb's particle ("tuck it back", "pull them back"): a track only
# after a determiner ("les back", "the back vocals").
PARTICLE_TRACK_WORDS = frozenset({"back"})


def is_particle(words: list[str], span: Span) -> bool:
    """Is the track word at ``span`` a verb's particle rather than a track ("tuck it back un peu")?"""
    return span.phrase in PARTICLE_TRACK_WORDS and (span.start == 0 or words[span.start - 1] not in ARTICLES)


# A bus's own parameter and the track quality of the same name ("rétrécis la largeur de la réverb":
# the verb's width is the reverb's).
BUS_KIN = {"reverb_width": "width", "reverb_size": "reverb_size"}


def bus_objects(mentions: list, has_track: bool) -> list:
    """Without a track named, a track quality that a bus's own parameter of the same kind
    follows or precedes is that parameter ("rétrécis la largeur de la réverb", "narrow the
    reverb's width"): one request on the bus, not a second one on a default track."""
    if has_track:
        return mentions
    kin = {BUS_KIN[m.descriptor] for m in mentions if m.descriptor in BUS_KIN}
    return [m for m in mentions if m.descriptor not in kin or m.descriptor in BUS_KIN]


# A bus named bare after a quality of its kind ("resserre le pad, la reverb aussi"): that quality of the bus.
BUS_OF_KIN = {("reverb", "width"): "reverb_width"}


def shares_verb(previous, request) -> bool:
    """Does a bare noun ``request`` ("and the reverb width", "la reverb aussi") take the sense
    of the quality verb or complaint of ``previous`` ("narrow the pad", "the pad is too wide")?
    Only for the bus parameter of that quality's kind; a bare bus becomes that parameter ("un peu
    de reverb", an amount of it, stays the reverb)."""
    kin = BUS_OF_KIN.get((str(request.descriptor), str(previous.descriptor)))
    if kin is not None and not request.partitive and \
            previous.cue_source in ("comparative", "wish", "complaint", "explicit"):
        request.descriptor, request.polarity = kin, 1
        return True
    return previous.cue_source in ("comparative", "wish") and BUS_KIN.get(str(request.descriptor)) == previous.descriptor


# Slang degree words that are also qualities ("le beat est grave fort": very loud, Québec and
# French slang), read as a degree when a quality follows them directly.
SLANG_DEGREES = frozenset({"grave", "trop grave"})
_BEFORE_NOUN = frozenset({"trop", "plus", "moins", "en", "pas", "assez", "manque", "y"})


def slang_degrees(words: list[str], mentions: list) -> list:
    """Drop a slang degree word's own quality ("grave": low end) when another quality follows
    it directly and no article or amount makes it a noun ("du grave", "trop de grave")."""
    starts = {m.start for m in mentions}
    return [m for m in mentions
            if not (words[m.start] == "grave" and m.end - m.start == 1 and
                    (m.end in starts or (words[m.end:m.end + 1] == ["trop"] and m.end + 1 in starts)) and
                    (m.start == 0 or words[m.start - 1] not in ARTICLES | _BEFORE_NOUN))]



def wet_in(mentions: list) -> list:
    """"swimming in delay", "la voix nage dans le delay": a word of too much wetness (read as
    the reverb by default) with the delay named right after it is too much delay."""
    for m in mentions:
        after = next((n for n in mentions if n.descriptor == "delay" and m.end <= n.start <= m.end + 2), None)
        if m.descriptor == "reverb" and m.problem and m.polarity > 0 and after is not None:
            return [replace(n, problem=True, polarity=1, comparative=False) if n is after else n
                    for n in mentions if n is not m]
    return mentions


# "over" before a track is where a track sits ("sit over the keys"); before these it stays "too much".
_OVER_IDIOMS = frozenset({"top", "board", "kill", "done", "cooked"})
_DETERMINERS = frozenset({"the", "my", "our", "your", "this", "that", "these", "those", "all"})


def placed_over(words: list[str], cues: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Drop "over" as a cue of excess when an article and a noun follow it ("the vocal should sit
    over the keys": a place; "over the top" stays too much)."""
    out = []
    for c in cues:
        i = c[1]
        while i < len(words) and words[i] in ARTICLES:
            i += 1
        if c[3] == "over" and i > c[1] and i < len(words) and words[i] not in _OVER_IDIOMS and \
                words[c[1]] in _DETERMINERS:
            continue
        out.append(c)
    return out


# Auxiliaries of a passive: "got sucked out", "has been cut out", "was scooped out".
PASSIVE_AUXILIARIES = frozenset({"got", "gets", "get", "is", "was", "been", "are", "were", "s", "feels", "sounds"})
_PARTICIPLES = frozenset({"cut", "taken", "scooped", "sucked", "pulled", "filtered", "carved", "dipped"})


def passive_losses(words: list[str], cues: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """"the midrange got sucked out", "the lows were cut out": a removal told in the passive is a
    loss, too little of what was removed (more), not a request to remove it."""
    out = []
    for start, end, direction, phrase in cues:
        if phrase in ("out", "out of") and start >= 2 and words[start - 1] in _PARTICIPLES and \
                words[start - 2] in PASSIVE_AUXILIARIES:
            direction = "up"
        elif phrase.endswith(" out") and phrase.split()[0] in _PARTICIPLES and start >= 1 and \
                words[start - 1] in PASSIVE_AUXILIARIES:
            direction = "up"  # "the lows were cut out"
        out.append((start, end, direction, phrase))
    return out
