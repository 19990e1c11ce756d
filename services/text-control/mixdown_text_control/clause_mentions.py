"""Which of a clause's quality words are requests (between reading its cues and giving each
request its direction in :func:`.clauses.analyse_clause`).

Decides what is said about a quality rather than asked of it: the tool that takes a quality
away is what the clause is about, the quality its object ("le de-esser mange trop les s"); two
words sharing one cue are one request, the more specific kept ("the esses are too harsh": the
sibilance); how loud a named quality is describes it ("les s sont trop fortes"); "the de-esser
is fine" asks for nothing; "an intimate song" is a reason; the bus word in "make the reverb
sound like a bigger room" names whose room; an adjective after an effect and a copula ("the
compression is too heavy") says how the effect is. Idioms (:mod:`.idioms`) rewrite mentions and
cues first ("wet in", particle verbs, slang degrees).
"""

from __future__ import annotations

from mixdown_text_control import lexicon as lx
from mixdown_text_control.clause_cues import Cues
from mixdown_text_control.clause_types import Clause
from mixdown_text_control.idioms import (
    band_limited,
    bus_objects,
    particle_verbs,
    placed_behind,
    restoring,
    slang_degrees,
    tool_strength,
    wanted_back,
    wet_in,
)
from mixdown_text_control.semantics import kinship
from mixdown_text_control.spans import Mention, Span
from mixdown_text_control.syntax import article_before
from mixdown_text_control.words_grammar import INDEFINITE_ARTICLES, PLACE_WORDS, SATISFIED

# Degree cues between a quality and a word of its loudness ("le de-esser est pas assez fort"): how
# loud that quality is, not a second request.
DEGREE_BEFORE_LEVEL = frozenset({"trop", "too", "way too", "far too", "pas assez", "not enough", "too little",
                                 "trop peu"})
# Effects that an adjective after a copula describes ("la saturation est trop dure").
ATTRIBUTED = frozenset({"compression", "saturation", "reverb", "delay", "width", "glue", "punch"})


def sift_mentions(clause: Clause, words: list[str], spans: list[Span], mentions: list[Mention],
                  target_spans: list[Span], reading: Cues) -> tuple[list[Mention], list[tuple[int, int, str, str]]]:
    """The mentions that are requests, and the cues as the idioms leave them."""
    cues, copula = reading.found, reading.copula
    # "le de-esser mange trop les s", "the de-esser is killing the esses": the tool that takes a
    # quality away (an entry marked ``tool``) is what the clause is about; the quality it acts on
    # is its object, not a second request.
    mentions = tool_strength(words, mentions)
    if cues:
        mentions = placed_behind(words, mentions, target_spans, cues)
    tools = {m.descriptor for m in mentions if m.tool}
    mentions = [m for m in mentions if not (m.descriptor in tools and m.polarity > 0 and not m.comparative)]
    marks = [("copula", s.start) for s in spans if s.first("copula") and not s.first("desc")]
    marks += [("place", i) for i, w in enumerate(words) if w in PLACE_WORDS]
    mentions = wet_in(slang_degrees(words, mentions))
    mentions, cues = restoring(mentions, cues)
    cues = wanted_back(words, mentions, cues)
    mentions = bus_objects(mentions, any(t.value not in ("reverb", "delay") for t in clause.targets))
    mentions, cues = particle_verbs(words, mentions, cues)
    # "at the back of the stadium", "au fond de la cathédrale": the place after a far position
    # says where, not the reverb's size.
    mentions = [m for m in mentions if not (m.descriptor == "reverb_size" and any(
        p.descriptor == "closeness" and p.polarity < 0 and p.end == m.start for p in mentions))]
    mentions = _keep_distinct(mentions, cues, marks)
    mentions = band_limited(words, mentions)
    copula_at = [s.end for s in spans if s.first("copula") and not s.first("desc")]
    french = any(s.first("copula").lang == "fr" for s in spans if s.first("copula") and not s.first("desc"))
    if copula_at and not cues and words[copula_at[0]:copula_at[0] + 1] and words[copula_at[0]] in SATISFIED and \
            not (french and words[copula_at[0]] == "fine") and \
            not any(m.start >= copula_at[0] and ((m.start, m.end) != (copula_at[0], copula_at[0] + 1) or
                                                 m.end < len(words)) for m in mentions):
        # ("merci c'est top": the praise word ends the clause, it is no quality of the sound.)
        # "the de-esser is fine", "la reverb est parfaite": nothing to change there ("la basse
        # sonne fine" is thin).
        mentions = []
    if copula and any(s.first("target") and str(s.first("target").value) in ("master", "mix") and
                      article_before(words, s.start) in INDEFINITE_ARTICLES and not any(c[0] < s.start for c in cues)
                      for s in spans):
        # "it's an intimate song", "c'est un morceau intimiste" (or "calme"): what kind of song it
        # is, the reason for a request, not one.
        mentions, clause.targets = [], []
    buses = {lx.DESCRIPTORS[m.descriptor].scope for m in mentions}
    if any(m.descriptor in buses for m in mentions):
        # "make the reverb sound like a bigger room": the bus word names whose room it is, not
        # a request for more of it.
        mentions = [m for m in mentions if m.descriptor not in buses]
    for k in range(len(mentions) - 1, 0, -1):
        a, b = mentions[k - 1], mentions[k]
        if a.descriptor in ATTRIBUTED and b.descriptor != a.descriptor and b.start - a.end <= 3 and \
                any(s.first("copula") and a.end <= s.start < b.start for s in spans):
            # "the compression is too heavy": how the effect is, not a second request.
            del mentions[k]
    return mentions, cues


def _region_of(previous: Mention, mention: Mention, marks: list[tuple[str, int]]) -> bool:
    """"more punch in the low end", "manque de patate dans le bas", "hit harder up top": a
    region of the spectrum placed after a dynamics word is where more is wanted, the tone there."""
    return previous.descriptor == "punch" and mention.descriptor in ("body", "brightness") and \
        not mention.comparative and any(kind == "place" and previous.end <= at <= mention.start for kind, at in marks)


def _imperative(first: Mention, mention: Mention, marks: list[tuple[str, int]]) -> bool:
    """Does the clause open on ``first`` as a verb ("spread the pad across the whole stereo
    field"), no copula before ``mention``? Then the later words say where, not what is wrong."""
    return first.start == 0 and not first.problem and \
        not any(kind == "copula" and at < mention.start for kind, at in marks)


def _dulled(previous: Mention, mention: Mention, marks: list[tuple[str, int]]) -> bool:
    """Is ``mention`` a dulling complaint said of the quality ``previous`` names, after a copula
    ("les s sont étouffés": the esses are missing)?"""
    a, b = lx.DESCRIPTORS[previous.descriptor], lx.DESCRIPTORS[mention.descriptor]
    return b.priority <= a.priority and mention.problem and mention.polarity < 0 and not mention.comparative \
        and not previous.comparative and any(c[0] == "copula" and previous.end <= c[1] < mention.start
                                             for c in marks)


def _keep_distinct(mentions: list[Mention], cues: list[tuple[int, int, str, str]],
                   marks: list[tuple[str, int]] = ()) -> list[Mention]:
    """Two descriptors sharing one cue are one request: keep the more specific
    ("the esses are too harsh" is about sibilance); repeated names count once. ``marks``: (kind,
    token) of the clause's copulas."""
    kept: list[Mention] = []
    for mention in mentions:
        if kept and kept[-1].descriptor == mention.descriptor:
            cued = any(c[1] == mention.start for c in cues)
            if (mention.comparative and not kept[-1].comparative) or \
                    (mention.polarity != kept[-1].polarity and cued):
                # "plus étroite" after "l'image stéréo": the cued adjective says the direction.
                kept[-1] = mention
            elif mention.problem and (mention.polarity < 0 < kept[-1].polarity or not kept[-1].problem) and \
                    not kept[-1].comparative and not any(c[0] < mention.start for c in cues) and \
                    not _imperative(kept[-1], mention, marks):
                # "my s sounds like a lisp", "the reverb tail goes on forever": the complaint said
                # of the quality's own noun tells what is wrong with it, not the noun alone.
                kept[-1] = mention
            continue
        if kept and mention.descriptor == "level" and mention.comparative and not mention.problem and \
                kept[-1].descriptor != "level" and not kept[-1].comparative and not kept[-1].problem and \
                0 <= mention.start - kept[-1].end <= 3 and \
                not any(kept[-1].end <= c[0] <= mention.start for c in cues):  # ("un peu", "de la voix" between)
            # "le retour de la reverb plus bas", "les aigus plus bas", "delay quieter": how loud
            # the quality named just before is to be, more of it or less as the loudness word says.
            kept[-1].polarity *= mention.polarity
            kept[-1].comparative = True
            continue
        if kept and mention.descriptor == "level" and not mention.comparative and \
                not any(kept[-1].end <= c[0] and c[1] <= mention.start and c[3] not in DEGREE_BEFORE_LEVEL
                        for c in cues):
            # "les s sont trop fortes", "the esses are too loud": how loud the named quality is;
            # a complaint about its loudness is about it ("la reverb noie la voix": less reverb).
            if mention.problem and not kept[-1].comparative:
                kept[-1].problem = True
                if mention.polarity < 0:  # "the delay gets lost": more delay
                    kept[-1].polarity = -kept[-1].polarity
            continue
        if kept:
            previous = kept[-1]
            between = [c for c in cues if previous.end <= c[0] and c[1] <= mention.start]
            own_cue = mention.comparative or bool(between)
            if between and all(c[3] in ("trop", "too", "way too", "far too") for c in between) and \
                    _dulled(previous, mention, marks):
                # "les s sont trop étouffés", "the esses are too muffled": what is dulled too much
                # is missing; the degree grades the complaint.
                previous.problem, previous.polarity = True, -previous.polarity
                continue
            if not own_cue:
                a, b = lx.DESCRIPTORS[previous.descriptor], lx.DESCRIPTORS[mention.descriptor]
                copula_between = any(c[0] == "copula" and previous.end <= c[1] < mention.start for c in marks)
                if b.priority <= a.priority and mention.problem and mention.polarity < 0 and copula_between and \
                        not mention.comparative and not previous.comparative:
                    # "les s sont étouffés", "the esses are muffled": what is dulled is missing.
                    previous.problem, previous.polarity = True, -previous.polarity
                if b.priority > a.priority or _region_of(previous, mention, marks):
                    if not previous.comparative and kinship(previous.descriptor, mention.descriptor) < 0:
                        # "vide en bas", "thin in the low end": the region named lacks what the
                        # word says; less of its opposite is more of it.
                        mention.polarity, mention.problem = -mention.polarity, mention.problem or previous.problem
                    if previous.descriptor == "level" and previous.problem and previous.polarity < 0 and \
                            not previous.comparative and not any(c[0] == previous.start for c in cues) and \
                            not any(m[0] == "place" and previous.end <= m[1] < mention.start for m in marks):
                        # "on entend plus les s", "can't hear the delay": what is not heard is missing
                        # ("noyée dans la reverb", "lost in the reverb": where it is lost is too much).
                        mention.polarity = -mention.polarity
                    mention.comparative = mention.comparative or previous.comparative
                    if previous.comparative or previous.problem:
                        mention.problem = mention.problem or previous.problem
                    if previous.descriptor == "mute" and lx.DESCRIPTORS[mention.descriptor].off is not None:
                        # "mute the reverb return", "coupe le son du delay": that effect off.
                        mention.switch = previous.polarity
                    if previous.comparative and previous.descriptor != "mute":
                        # "adoucis les sibilances", "soften the esses": the verb's own way, on
                        # the more specific quality it names (softer esses are fewer esses); a
                        # switch ("remets de la reverb") is no amount.
                        # "allège le bas": a verb of the opposite quality takes some away.
                        mention.polarity *= previous.polarity * (kinship(previous.descriptor, mention.descriptor) or 1)
                    kept[-1] = mention
                continue
        kept.append(mention)
    return kept
