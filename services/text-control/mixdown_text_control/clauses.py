"""One clause of an instruction → the requests it makes and the targets it names (steps 3 and 4
of :mod:`.rules`).

In each clause, the phrases of the lexicon are found (longest first): targets, descriptors,
direction cues, intensity, negation, amounts with units; qualifiers attach to the reverb or
delay they describe ("la largeur de ma reverb"). Each descriptor then gets its direction: the
nearest cue before it, else its own comparative ("brighter"), else the nearest cue after it
("turn the beat down"); with none, a complaint ("la voix est boueuse", "the vocal sounds dull")
asks for less of it, a wish ("dry vocal") for more; "pas de", "no", "enlève" switch an effect
off; "ne baisse pas" asks for nothing; a comparison states a problem ("plus forte que le beat":
less); after a causative verb a problem word is wished ("make the adlibs sound far away").
A frequency makes the request an EQ band or, below a cut, the high-pass, never the fader.
Where each target stands (place, exception, comparison) is read by :mod:`.syntax`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mixdown_text_control import lexicon as lx
from mixdown_text_control.amounts import UNITS, Amount, find_amounts
from mixdown_text_control.edits import Session
from mixdown_text_control.idioms import (
    bus_objects,
    is_particle,
    particle_verbs,
    passive_losses,
    placed_behind,
    placed_over,
    restored,
    restoring,
    slang_degrees,
    tool_strength,
    wet_in,
)
from mixdown_text_control.normalise import Token
from mixdown_text_control.scope import set_aside, set_aside_unread
from mixdown_text_control.semantics import kinship
from mixdown_text_control.spans import Mention, Span, find_spans, qualified
from mixdown_text_control.syntax import (
    after_word,
    article_before,
    creates_material,
    has_comparison,
    has_french_pronoun,
    is_excepted,
    is_placed,
    is_prepositional,
    masking,
    noun_of_verb,
    owned_roles,
)
from mixdown_text_control.words_grammar import (
    ADVERB_CUES,
    AMOUNT_WORDS,
    ARTICLES,
    CAUSATIVE_VERBS,
    COMMAND_CAUSATIVES,
    COMMAND_LEADS,
    COMPARISON_CUES,
    DEGREE_CUES,
    INDEFINITE_ARTICLES,
    LOSS_CUES,
    NEED_CUES,
    OUT_PARTICLES,
    OUT_VERBS,
    OVERALL_WORDS,
    OVERFLOW_CUES,
    PLACE_WORDS,
    REAL_NEGATIONS,
    REMOVAL_CUES,
    SATISFIED,
    SHELF_WORDS,
    SPILL_WORDS,
    STOPWORDS,
    SUBJECT_PRONOUNS,
)
from mixdown_text_control.words_targets import AMBIGUOUS_TARGETS


@dataclass
class Request:
    descriptor: str | None
    polarity: int = 1
    direction: int = 0  # +1 more of the named quality, -1 less, 0 undecided
    off: bool = False
    cue_source: str = ""  # explicit | comparative | complaint | wish | inherited
    intensity: float = 1.0
    amounts: list[Amount] = field(default_factory=list)
    noop: bool = False
    position: int = 0
    implicit: bool = False  # a level request read from a verb and a target alone ("monte la voix")
    removes: bool = False  # "clean it up": less of the thing named before (its polarity too)
    shelf: bool = False  # "shelf the lows below 150": a shelf there, not the high-pass
    moderated: bool = False  # "pas trop de delay": less, unless a small amount is said to do
    partitive: bool = False  # "un peu de reverb", "some delay": an amount of a thing, not an adjective
    tool: bool = False  # named by the tool that takes the quality away ("the de-esser"): "it" is that tool


@dataclass
class Target:
    value: str  # a role, "master", "bus", "all", or "track:<name>"
    prepositional: bool
    excluded: bool = False  # "everything except the vocal"


@dataclass
class Clause:
    start: int  # folded-text span
    end: int
    requests: list[Request] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    has_verb: bool = False
    pronoun: bool = False
    content: bool = False
    problems: list[str] = field(default_factory=list)
    adverb_cues_only: bool = False  # "... et moins sur le 808": the cue of an elided request
    bare_targets: bool = False  # only names: "the backs" in "the backs and the adlibs need more reverb"
    negated: bool = False
    copula: bool = False  # "la voix est boueuse": a state described, not a bare noun phrase
    headed: bool = False  # a list item naming its track first, with no verb: "vocal -2dB"
    masks: bool = False  # a masking verb's complaint: "the 808 is fighting the kick"
    unplaced: bool = False  # about something the mix cannot change: "monte le saxo" (no sax), "tune the sax"
    intensity: float = 1.0  # its intensity words ("juste un peu": 0.5), requests or not
    loose_qualifiers: list[lx.Entry] = field(default_factory=list)  # "cut it shorter": no bus word of its own
    lowered: bool = False  # a "less" cue in the clause ("moins longue"), whatever it applies to


# "Not too much": less of it, or, with a small amount said to do, a little of it.
MODERATION_CUES = frozenset({"pas trop", "pas trop de", "pas trop d", "not too much", "not too much of", "no too much"})
# What a comparison with the past names ("qu'avant", "than before"): a change stated, not a request.
PAST_REFERENCES = frozenset({"avant", "before", "earlier", "previously", "hier", "yesterday", "precedente",
                             "precedent", "previous", "last", "derniere", "dernier", "ancienne", "ancien", "old"})
# Degree cues between a quality and a word of its loudness ("le de-esser est pas assez fort"): how
# loud that quality is, not a second request.
DEGREE_BEFORE_LEVEL = frozenset({"trop", "too", "way too", "far too", "pas assez", "not enough", "too little",
                                 "trop peu"})
# "plus" after "ne": no longer ("elle ne ressort plus du tout"), not more nor none.
NO_LONGER_CUES = frozenset({"plus", "plus de", "plus d", "plus du tout"})
PARTITIVES = frozenset({"de", "du", "d", "des", "of", "some"})
# An amount before a thing ("un petit delay", "a little reverb", "a touch"): asked for, like a partitive.
AMOUNT_ARTICLES = frozenset({"un", "une", "a", "an", "petit", "petite", "little", "touch", "bit", "peu", "soupcon",
                          "chouia", "tad", "only", "just", "juste", "seulement", "plutot", "instead"})
SEPARABLE_OFF_VERBS = frozenset({"turn", "turns", "turned", "switch", "switches", "switched", "shut", "take", "takes"})
# Degree words that, after a verb naming its quality ("de-ess it less"), say which way it goes.
TRAILING_DEGREE_CUES = frozenset({"less", "more", "moins", "plus", "a bit less", "a bit more", "un peu moins",
                                  "un peu plus", "way less", "way more", "beaucoup moins", "beaucoup plus"})
# A voice named by its kind, then a generic word for a voice ("the harmony vocal").
GENERIC_VOCAL_WORDS = frozenset({"vocal", "vocals", "vocale", "vocales", "vox", "voice", "voices", "voix", "vocaux"})
SUPPORT_VOCAL_ROLES = frozenset({"double", "adlib", "backing_vocal"})
GENITIVE_WORDS = frozenset({"de", "d", "du", "des", "of", "the", "la", "le", "l", "my", "ma"})
# Words before "the mix" that make it where a track leaves ("vire le riser du mix").
SOURCE_WORDS = frozenset({"du", "from", "of"})
# "Tout" alone after a verb: everything, the whole mix ("baisse tout").
EVERYTHING_FR = "tout"
# Effects that an adjective after a copula describes ("la saturation est trop dure").
ATTRIBUTED = frozenset({"compression", "saturation", "reverb", "delay", "width", "glue", "punch"})


def _word_before(words: list[str], start: int) -> str:
    """The word before ``start`` past any articles ("out of the mix": "of"), "" at the start."""
    i = start - 1
    while i >= 0 and words[i] in ARTICLES and words[i] not in SOURCE_WORDS:
        i -= 1
    return words[i] if i >= 0 else ""


def _guessed(cue: str, tokens: list[Token]) -> str:
    """A switch-off read from a corrected typo ("loose" → "lose") only asks for less: a guess
    never mutes a track nor kills an effect."""
    return "down" if cue == "off" and any(t.corrected_from for t in tokens) else cue


def _qualifies_unknown(cue: tuple[int, int, str, str], words: list[str], spans: list[Span]) -> bool:
    """"plus belle", "more professional", "trop propre", "too busy": a comparison or a degree
    of a quality the lexicon does not know, not a level."""
    if (cue[3] not in COMPARISON_CUES and cue[3] not in DEGREE_CUES) or cue[1] >= len(words):
        return False
    following = words[cue[1]]
    targets = {s.start for s in spans if s.first("target")}
    return following not in ARTICLES and cue[1] not in targets and following.isalpha() and \
        not any(s.start == cue[1] for s in spans)


def analyse_clause(tokens: list[Token], session: Session, names: dict[tuple[str, ...], str], language: str) -> Clause:
    """The requests and targets of one clause (``names``: the session's track names as folded
    word tuples, see :func:`.names.track_phrases`)."""
    clause = Clause(start=tokens[0].start, end=tokens[-1].end)
    spans = find_spans(tokens, names, language)
    words = [t.text for t in tokens]
    clause.content = any(t.text not in STOPWORDS and not t.is_number and t.text not in UNITS
                         for t in tokens)
    # Instrument names that are also sound words ("plus de basse" with no bass track).
    ambiguous_quality = False
    for k, span in enumerate(spans):
        target = span.first("target")
        later_target = any(o.first("target") and is_prepositional(words, o.start) for o in spans[k + 1:])
        # "le 808 manque de sub", "the kick needs more bass": an amount of it after a track named.
        amount_of = any(o.first("target") for o in spans[:k]) and span.start > 0 and \
            words[span.start - 1] in AMOUNT_WORDS
        if target and span.phrase in AMBIGUOUS_TARGETS and not str(target.value).startswith("track:") \
                and (not session.has_role(str(target.value)) or later_target or amount_of):
            # "more bass on the backing vocals": the low end of the track named after it.
            span.entries = [lx.Entry("desc", AMBIGUOUS_TARGETS[span.phrase], language)]
            ambiguous_quality = True
    refs = [s.end for s in spans if s.first("ref")]
    used: set[int] = {k for k, s in enumerate(spans)
                      if s.first("target") and any(0 <= s.start - end <= 2 for end in refs)}
    # "la voix est noyée dans l'instru", "the vocal is lost in the mix": a second target after
    # "dans"/"in"/"under" is where the first one sits, not a target of its own.
    # So is the only one after a pronoun that names what moves ("fonds-la dans la prod", "sink it
    # into the beat").
    targets_at = [k for k, s in enumerate(spans) if s.first("target") and k not in used]
    pronoun_object = has_french_pronoun(words, spans) or bool({"it", "them"} & set(words))
    if words[0] in SUBJECT_PRONOUNS:
        pronoun_object = True  # "elle est enterrée sous le beat": the subject is the pronoun
    overflow = any(s.first("cue") and s.phrase in OVERFLOW_CUES for s in spans)
    for k in targets_at if pronoun_object or overflow else targets_at[1:]:
        if (is_placed(words, spans[k].start) or (k - 1 in used and spans[k - 1].end == spans[k].start)
                or (overflow and after_word(words, spans[k].start, SPILL_WORDS))):
            # (... and the rest of its name: "derrière la voix lead"; where a sound spills: "ça bave sur le 808")
            used.add(k)
    mentions = qualified(spans, used, language, words)
    clause.loose_qualifiers = [s.first("qual", language) for k, s in enumerate(spans)
                               if k not in used and s.first("qual") and not s.first("desc") and not s.first("target")]
    target_spans: list[Span] = []
    for index, span in enumerate(spans):
        if index in used:
            continue
        entry = span.first("desc", language)
        target = span.first("target", language)
        if entry is not None and target is None:
            descriptor = lx.DESCRIPTORS[str(entry.value)]
            problem = descriptor.problem if entry.problem is None else entry.problem
            mentions.append(Mention(descriptor.name, entry.polarity, entry.comparative, problem,
                                    span.start, span.end,
                                    tool=entry.tool))
        elif target is not None and not is_particle(words, span):
            prepositional = is_prepositional(words, span.start)
            clause.targets.append(Target(str(target.value), prepositional, is_excepted(words, span.start)))
            target_spans.append(span)
    masking(words, spans, mentions, clause, target_spans)
    owned_roles(clause, target_spans, words, session)
    for k in range(len(clause.targets) - 1, 0, -1):
        if target_spans[k - 1].end == target_spans[k].start and clause.targets[k].value.startswith("track:"):
            # "the vocal chop" (vox_chop.wav): the role word names the track, it is not a target.
            del clause.targets[k - 1], target_spans[k - 1]
        elif target_spans[k - 1].end == target_spans[k].start and clause.targets[k - 1].value.startswith("track:") \
                and names.get((target_spans[k - 1].phrase.split()[-1], *target_spans[k].phrase.split())) == \
                clause.targets[k - 1].value[len("track:"):]:
            # "the clean guitar", "the hook vocals": the role word after the track's own name.
            del clause.targets[k], target_spans[k]
        elif clause.targets[k].value == "lead_vocal" and clause.targets[k - 1].value in SUPPORT_VOCAL_ROLES and (
                (target_spans[k - 1].end == target_spans[k].start and target_spans[k].phrase in GENERIC_VOCAL_WORDS)
                or set(words[target_spans[k - 1].end:target_spans[k].start]) & {"de", "d", "du", "of"}
                and set(words[target_spans[k - 1].end:target_spans[k].start]) <= GENITIVE_WORDS):
            # "l'harmonie vocale", "the adlib vocals", "le double de la voix": a kind of voice,
            # or the lead's own double, not also the lead.
            del clause.targets[k], target_spans[k]
        elif clause.targets[k - 1].value == "lead_vocal" and clause.targets[k].value in SUPPORT_VOCAL_ROLES and \
                target_spans[k - 1].end == target_spans[k].start and \
                target_spans[k - 1].phrase.split()[-1] in GENERIC_VOCAL_WORDS:
            # "la voix double", "the vocal adlibs": the generic word, then the kind of voice.
            del clause.targets[k - 1], target_spans[k - 1]
    in_mix = bool(clause.targets) and all(t.value in ("master", "mix", "all") and is_placed(words, s.start) and
                              s.phrase.split()[-1] in ("mix", "mixage")
                                          for t, s in zip(clause.targets, target_spans, strict=True))
    if in_mix:
        # "a bit lower in the mix", "plus fort dans le mix": where it sits, not what to move
        # (the level of what the instruction is about).
        clause.targets, target_spans = [], []
    source = [t for t, s in zip(clause.targets, target_spans, strict=True)
              if t.value in ("master", "mix") and s.phrase.split()[-1] in ("mix", "mixage") and
              _word_before(words, s.start) in SOURCE_WORDS]
    if source and len(source) < len(clause.targets):
        # "vire le riser du mix", "take the riser out of the mix": where it leaves, not a target.
        target_spans = [s for t, s in zip(clause.targets, target_spans, strict=True) if t not in source]
        clause.targets = [t for t in clause.targets if t not in source]
    adverbial = [t for t, s in zip(clause.targets, target_spans, strict=True) if s.phrase in OVERALL_WORDS]
    if adverbial and len(adverbial) < len(clause.targets):
        # "the beat is too dark overall": an adverb, not the whole mix.
        clause.targets = [t for t in clause.targets if t not in adverbial]
    if ambiguous_quality and not clause.targets:
        # "drop the hats a bit", "plus de basse": that part of the beat.
        clause.targets.append(Target("instrumental", False))
    mentions.sort(key=lambda m: m.start)
    cues = [(s.start, s.end, _guessed(str(s.first("cue").value), tokens[s.start:s.end]), s.phrase)
            for s in spans if s.first("cue") and (s.phrase not in OUT_PARTICLES or OUT_VERBS & set(words[:s.start]))
            and not noun_of_verb(words, s)]
    # "turn the delay off", "switch the reverb bus off": the verb's particle after its object
    # switches it off ("off" alone, "back off", only asks for less).
    cues = [(c[0], c[1], "off", "turn off") if c[3] == "off" and SEPARABLE_OFF_VERBS & set(words[:c[0]]) else c
            for c in cues]
    cues = passive_losses(words, placed_over(words, restored(words, cues, [m.descriptor for m in mentions])))
    clause.lowered = any(c[2] == "down" for c in cues)
    # "la voix se perd dans la reverb": lost in a quality is too much of it, not too little
    # ("se perd dans la prod" is the level).
    quality_at = {s.start for s in spans if s.first("desc") and not s.first("target")}
    cues = [(c[0], c[1], "down", c[3]) if c[3] in LOSS_CUES and words[c[1]:c[1] + 1] and words[c[1]] in PLACE_WORDS
            and _next_word(words, c[1] + 1) in quality_at else c for c in cues]
    at_all = next((i for i in range(len(words) - 1) if words[i:i + 2] == ["du", "tout"]), None)
    if at_all is not None:
        # "plus de delay du tout": "plus ... du tout" is "no more at all", the effect off, not more.
        cues = [(c[0], c[1], "off", c[3]) if c[3].split()[0] == "plus" and c[1] <= at_all else c for c in cues]
    if not clause.targets and any(words[c[1]:c[1] + 1] == [EVERYTHING_FR] and c[2] in ("up", "down") for c in cues):
        # "baisse tout de 2 dB", "monte tout d'un dB": "tout" as the object of a level verb is
        # every track together (the mix), not the master's loudness target.
        clause.targets.append(Target("mix", False))
    intensity = 1.0
    for span in spans:
        entry = span.first("intensity")
        if entry is not None and not span.first("desc") and not span.first("cue"):
            intensity *= float(entry.value)
    intensity = min(max(intensity, 0.25), 4.0)
    clause.intensity = intensity
    negated = any(s.phrase in REAL_NEGATIONS for s in spans if s.first("neg") and not s.first("cue"))
    no_longer = [c for c in cues if c[3] in NO_LONGER_CUES and {"ne", "n"} & set(words[max(0, c[0] - 3):c[0]])]
    if no_longer:
        # "la voix n'est plus lointaine", "elle ne zozote plus": "ne ... plus" is "no longer", not "more".
        cues, negated = [c for c in cues if c not in no_longer], True
    enough = any(s.first("enough") for s in spans)
    # "make the adlibs sound far away": what follows a causative verb is wished, not complained of.
    causative = any(s.phrase in CAUSATIVE_VERBS for s in spans) or any(
        s.phrase in COMMAND_CAUSATIVES and (s.start == 0 or words[s.start - 1] in COMMAND_LEADS) for s in spans)
    copula = any(s.first("copula") for s in spans if not s.first("desc")) and not causative
    # "la voix est plus forte que le beat": a comparison states a problem, it asks for the reverse.
    compared = copula and has_comparison(words, spans, clause)
    clause.has_verb = any(s.first("verb") for s in spans) or any(c[3] not in ADVERB_CUES for c in cues)
    clause.pronoun = any(s.first("pronoun") for s in spans) or has_french_pronoun(words, spans) or \
        any(set(c[3].split()) & {"it", "them"} for c in cues)
    amounts = find_amounts(tokens)

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
    mentions = bus_objects(mentions, any(t.value not in ("reverb", "delay") for t in clause.targets))
    mentions, cues = particle_verbs(words, mentions, cues)
    mentions = _keep_distinct(mentions, cues, marks)
    copula_at = [s.end for s in spans if s.first("copula") and not s.first("desc")]
    if copula_at and not cues and words[copula_at[0]:copula_at[0] + 1] and words[copula_at[0]] in SATISFIED and \
            not any(m.start >= copula_at[0] for m in mentions):
        # "the de-esser is fine", "la reverb est parfaite": nothing to change there.
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
    for k, mention in enumerate(mentions):
        low = mentions[k - 1].end if k else 0
        high = mentions[k + 1].start if k + 1 < len(mentions) else len(words)
        limit = max(mention.start, mention.cue_limit)
        before = [c for c in cues if low <= c[0] and c[1] <= limit]
        after = [c for c in cues if mention.end <= c[0] and c[1] <= high]
        request = Request(mention.descriptor, mention.polarity, intensity=intensity, position=mention.start,
                          partitive=mention.start > 0 and words[mention.start - 1] in PARTITIVES | AMOUNT_ARTICLES or
                          words[max(mention.start - 2, 0):mention.start] in (["de", "la"], ["de", "l"]),
                          tool=mention.tool)
        cue = before[-1] if before else None
        if cue is None and mention.switch:
            cue = (mention.start, mention.start, "off" if mention.switch > 0 else "up", "")
        trailing = [c for c in after if c[3] in TRAILING_DEGREE_CUES]
        if cue is None and mention.comparative and trailing and k + 1 == len(mentions):
            # "de-ess it less", "compresse-la moins": the verb names the quality, the degree
            # word after it which way.
            cue = trailing[0]
        elif cue is None and mention.comparative:
            request.direction, request.cue_source = 1, "comparative"
        else:
            cue = cue or (after[0] if after else None)
        if cue is not None:
            _apply_cue(request, cue[2], cue[3])
            if compared and not request.off:
                request.direction, request.cue_source = -request.direction, "complaint"
        elif compared and request.cue_source == "comparative":
            request.direction, request.cue_source = -1, "complaint"
        elif not request.cue_source:
            if negated and enough:
                request.direction, request.cue_source = 1, "explicit"
            elif negated and causative:
                # "don't make the beat pump", "ne la rends pas dure": a wish taken back asks for
                # nothing (the request, if any, is the positive part beside it).
                request.direction, request.cue_source, request.noop = -1, "complaint", True
            elif negated and mention.problem and mention.polarity < 0:
                # "the vocal doesn't sound far anymore": a complaint denied asks for nothing.
                request.direction, request.cue_source, request.noop = -1, "complaint", True
            elif negated:
                # "ça respire pas", "the vocal isn't present": it lacks the quality.
                request.direction, request.cue_source = 1, "complaint"
            elif (mention.problem and not causative) or copula:
                request.direction, request.cue_source = -1, "complaint"
            else:
                request.direction, request.cue_source = 1, "wish"
        if negated and not enough and request.cue_source in ("explicit", "comparative") and not request.off:
            request.noop = True
        if compared and PAST_REFERENCES & set(words):
            # "la voix est moins terne qu'avant": how it changed, no request (reversing it would
            # undo what the artist liked).
            request.noop = True
        clause.requests.append(request)

    clause.headed = bool(target_spans) and not clause.has_verb and \
        all(w in ARTICLES for w in words[:target_spans[0].start]) and target_spans[0].end < len(words)
    level_amounts = [a for a in amounts if a.unit in ("db", "lufs")]
    clause.adverb_cues_only = bool(cues) and all(c[3] in ADVERB_CUES for c in cues) and \
        not any(s.first("verb") for s in spans)
    clause.negated = negated
    clause.copula = copula
    frequencies = [a for a in amounts if a.unit == "hz"]
    gains = [a for a in amounts if a.unit == "db"]
    # "un petit coup de 3k", "a bit of 3k on the vocal": some of a frequency, a boost there.
    partitive = any(a.index and words[a.index - 1] in PARTITIVES for a in frequencies)
    elided = not cues and not gains and not any(a.below for a in frequencies) and not mentions and not partitive
    # ("... and the piano at 150": the previous request, at this frequency.)
    if frequencies and all(r.descriptor == "level" for r in clause.requests) and not elided:
        # "+3 dB vers 400 Hz sur la voix", "coupe sous 100": an EQ band or the high-pass, never
        # the fader nor the mute.
        below = any(a.below for a in frequencies) and not SHELF_WORDS & set(words)
        shelf_below = any(a.below for a in frequencies) and not below  # "shelf the 808 below 100 down 2 dB"
        request = Request("hpf" if below else "body" if shelf_below else "band", intensity=intensity, position=0)
        if below:
            request.direction, request.cue_source = 1, "explicit"
            for amount in frequencies:
                amount.absolute = True
        elif cues:
            _apply_cue(request, cues[0][2], cues[0][3])
        clause.requests = [request]
        _assign_amounts(clause.requests, amounts)
        for amount in request.amounts:
            # "à 400 Hz" places the band; "a 2 dB dip", "de 3 dB" move its gain.
            amount.absolute = amount.unit == "hz"
        if request.off:
            request.off, request.direction = False, -1
        if request.direction == 0:
            signs = [a for a in request.amounts if a.signed and a.unit == "db"]
            if signs:
                request.direction, request.cue_source = (1 if signs[0].value > 0 else -1), "explicit"
            elif request.descriptor == "band" and partitive:
                request.direction, request.cue_source = 1, "wish"
        return clause
    # "the vocal needs to sit better": a need without a quality is no level request.
    level_cues = [c for c in cues if c[3] not in NEED_CUES and not _qualifies_unknown(c, words, spans)]
    covered = {i for s in spans if s.first("target") for i in range(s.start, s.end)}
    clause.bare_targets = bool(clause.targets) and not mentions and not cues and not amounts and not negated \
        and all(i in covered or w in ARTICLES or w in ("and", "et", "aussi", "also") for i, w in enumerate(words))
    if not mentions and (level_cues or level_amounts) and (clause.targets or in_mix):
        cues = level_cues
        # "monte la voix", "turn the beat down 3 dB", "enlève les backs": the level.
        request = Request("level", intensity=intensity, position=0, implicit=not in_mix)
        if creates_material(words, spans, cues):
            # "add a drum fill", "rajoute un solo de guitare": new material, not a level.
            request.noop = True
        if cues:  # the last cue: "push the adlibs back", "turn the beat down"
            _apply_cue(request, cues[-1][2], cues[-1][3])
        if negated and not enough and not request.off and cues:
            request.noop = True
        clause.requests.append(request)
    elif not mentions and clause.targets:
        clause.requests.append(Request(None, intensity=intensity, cue_source="", position=0))
    elif not mentions and cues and not clause.targets and clause.pronoun:
        # "..., turn it down", "..., remove it": the previous request's quality, this cue.
        request = Request(None, intensity=intensity, position=0)
        _apply_cue(request, cues[-1][2], cues[-1][3])
        request.removes = request.off or cues[-1][3] in REMOVAL_CUES
        clause.requests.append(request)
    elif not mentions and cues and not clause.targets and level_amounts:
        request = Request("level", intensity=intensity)
        _apply_cue(request, cues[0][2], cues[0][3])
        clause.requests.append(request)
    elif not mentions and not clause.targets and any(a.signed and a.unit == "db" for a in amounts):
        # "vocal: +2db": a level, its direction in the sign.
        clause.requests.append(Request("level", intensity=intensity, position=0, implicit=True))
    elif not mentions and not clause.targets and amounts:
        # "..., puis encore de 1 dB": the previous request again, by that amount.
        clause.requests.append(Request(None, intensity=intensity, position=0))
    set_aside(clause, words, spans, cues)
    _assign_amounts(clause.requests, amounts)
    for request in clause.requests:
        for amount in request.amounts:
            # "width 150% on the beat", "reverb send -20 dB": no direction word, a value.
            if request.cue_source in ("wish", "") and not amount.relative and not amount.signed:
                amount.absolute = True
            elif request.cue_source == "wish" and amount.signed and amount.unit == "db" and not amount.absolute:
                # "reverb -3 db on the vocal": the sign says which way.
                request.direction, request.cue_source = (1 if amount.value > 0 else -1), "explicit"
        if request.off and (request.intensity < 1.0 or any(not a.absolute for a in request.amounts)):
            request.off, request.direction = False, -1  # "coupe un peu la reverb", "drop the beat 2 dB"
        if request.direction == 0 and request.descriptor is not None:
            signs = [a for a in request.amounts if a.signed and not a.absolute]
            if signs:
                request.direction, request.cue_source = (1 if signs[0].value > 0 else -1), "explicit"
            elif any(a.absolute for a in request.amounts):
                request.direction, request.cue_source = 1, "explicit"
    if SHELF_WORDS & set(words):
        for request in clause.requests:
            request.shelf = True
    set_aside_unread(clause, tokens, spans, amounts)
    return clause


def _apply_cue(request: Request, cue: str, phrase: str) -> None:
    """``cue`` (``up``, ``down`` or ``off``) decides the request's direction."""
    request.cue_source = "explicit"
    request.moderated = phrase in MODERATION_CUES
    if cue == "off":
        request.off, request.direction = True, -1
    else:
        request.direction = 1 if cue == "up" else -1


def _next_word(words: list[str], i: int) -> int:
    """The index of the first word from ``i`` that is not an article."""
    while i < len(words) and words[i] in ARTICLES:
        i += 1
    return i


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
                    not kept[-1].comparative and not any(c[0] < mention.start for c in cues):
                # "my s sounds like a lisp", "the reverb tail goes on forever": the complaint said
                # of the quality's own noun tells what is wrong with it, not the noun alone.
                kept[-1] = mention
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
            own_cue = mention.comparative or any(previous.end <= c[0] and c[1] <= mention.start for c in cues)
            if not own_cue:
                a, b = lx.DESCRIPTORS[previous.descriptor], lx.DESCRIPTORS[mention.descriptor]
                copula_between = any(c[0] == "copula" and previous.end <= c[1] < mention.start for c in marks)
                if b.priority <= a.priority and mention.problem and mention.polarity < 0 and copula_between and \
                        not mention.comparative and not previous.comparative:
                    # "les s sont étouffés", "the esses are muffled": what is dulled is missing.
                    previous.problem, previous.polarity = True, -previous.polarity
                if b.priority > a.priority:
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


def _assign_amounts(requests: list[Request], amounts: list[Amount]) -> None:
    if not requests:
        return
    for amount in amounts:
        preceding = [r for r in requests if r.position <= amount.index]
        (preceding[-1] if preceding else requests[0]).amounts.append(amount)
