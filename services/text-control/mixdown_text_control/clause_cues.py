"""Reading a clause's cues and their direction (the second and third steps of
:func:`.clauses.analyse_clause`).

Decides which way each quality mention asks: the nearest cue before it, else its own
comparative ("brighter"), else the nearest cue after it ("turn the beat down"); with none, a
complaint ("la voix est boueuse", "the vocal sounds dull") asks for less of it, a wish ("dry
vocal") for more; "pas de", "no", "enlève" switch an effect off, but a switch read from a
corrected typo only asks for less; "ne baisse pas" asks for nothing and "ne ... plus" is "no
longer"; a comparison states a problem ("plus forte que le beat": less) and one with the past
("qu'avant") asks for nothing; after a causative verb a problem word is wished ("make the adlibs
sound far away"). Direction is read here, once, from the words around each mention, so that
no later step has to guess it.
"""

from __future__ import annotations

from dataclasses import dataclass

from mixdown_text_control import lexicon as lx
from mixdown_text_control.clause_types import Clause, Request, Target
from mixdown_text_control.idioms import passive_losses, placed_over, restored
from mixdown_text_control.normalise import Token, edit_distance
from mixdown_text_control.spans import Mention, Span
from mixdown_text_control.syntax import has_comparison, has_french_pronoun, noun_of_verb
from mixdown_text_control.words_grammar import (
    ADVERB_CUES,
    ARTICLES,
    CAUSATIVE_VERBS,
    COMMAND_CAUSATIVES,
    COMMAND_LEADS,
    CUE_WORDS,
    LOSS_CUES,
    OUT_PARTICLES,
    OUT_VERBS,
    PLACE_WORDS,
    REAL_NEGATIONS,
    STATED_WAYS,
    STOPWORDS,
)

# "Not too much": less of it, or, with a small amount said to do, a little of it.
MODERATION_CUES = frozenset({"pas trop", "pas trop de", "pas trop d", "not too much", "not too much of", "no too much"})
# What a comparison with the past names ("qu'avant", "than before"): a change stated, not a request.
PAST_REFERENCES = frozenset({"avant", "before", "earlier", "previously", "hier", "yesterday", "precedente",
                             "precedent", "previous", "last", "derniere", "dernier", "ancienne", "ancien", "old"})
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
# Cues of absence: after a verb of having or being ("the vocal has no body", "la voix n'a aucun
# corps", "there's no air on it", "elle est sans corps") they say the quality is missing, so more
# of it is wanted; only as commands ("no reverb", "sans delay") do they switch it off.
ABSENCE_CUES = frozenset({"no", "zero", "none", "without", "pas de", "pas d", "aucun", "aucune", "sans"})
HAVING_WORDS = frozenset({"has", "have", "got", "there s", "s", "is", "are", "sounds", "feels", "a", "ont", "y a",
                          "est", "sont", "sonne", "sonnent"})
# Words that may stand between the verb and the absence ("has got no", "n'a vraiment aucun").
_HAVING_FILLERS = frozenset({"got", "really", "basically", "literally", "like", "almost", "vraiment", "quasiment",
                             "presque", "carrement", "absolument", "strictement", "toujours", "encore", "n"})
# One-word verbs that lower or take away, of five letters at least ("baisse", "reduce", "enlève").
LOWERING_VERBS = frozenset(p for w in CUE_WORDS if w.entry.value in ("down", "off") for p in w.phrases.split("|")
                           if " " not in p and len(p) >= 5 and p not in ADVERB_CUES)
# "Tout" alone after a verb: everything, the whole mix ("baisse tout").
EVERYTHING_FR = "tout"


@dataclass
class Cues:
    """What a clause says of direction: its cues as (first word, end, ``up``/``down``/``off``,
    phrase), its intensity, and the frames that turn them (negation, "enough", a causative verb,
    a copula, a comparison)."""

    found: list[tuple[int, int, str, str]]
    intensity: float
    negated: bool
    enough: bool
    causative: bool
    copula: bool
    compared: bool
    unknown_lead: bool = False  # the clause opens on a word nothing reads ("bese un peu les aigus")


def _guessed(cue: str, tokens: list[Token]) -> str:
    """A switch-off read from a corrected typo ("loose" → "lose") only asks for less: a guess
    never mutes a track nor kills an effect. A word missing one letter of it ("rmove", "enlve")
    is that word, no guess: it keeps its switch."""
    return "down" if cue == "off" and any(t.corrected_from and not _dropped_letter(t.corrected_from, t.text)
                                          for t in tokens) else cue


def _dropped_letter(written: str, word: str) -> bool:
    """Whether ``written`` is ``word`` with one letter left out."""
    return len(word) == len(written) + 1 and any(word[:i] + word[i + 1:] == written for i in range(len(word)))


OBJECT_ARTICLES = frozenset({"la", "le", "les", "l", "the", "my", "ma", "mon", "mes"})


# "would like" / "'d like" spoken as two words: a wish like "want".
WOULD_LIKE = frozenset({("would", "like"), ("d", "like"), ("would", "love"), ("d", "love"), ("would", "prefer"),
                        ("d", "prefer")})


def read_cues(clause: Clause, tokens: list[Token], spans: list[Span], mentions: list[Mention]) -> Cues:
    """The clause's cues and the frames around them; sets its ``lowered``, ``intensity``,
    ``has_verb`` and ``pronoun`` (and "tout" after a level verb as the mix)."""
    words = [t.text for t in tokens]
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
    causative = any(s.phrase in CAUSATIVE_VERBS and not (s.phrase in STATED_WAYS and any(
        c.first("copula") for c in spans if c.start < s.start)) for s in spans) or any(
        s.phrase in COMMAND_CAUSATIVES and (s.start == 0 or words[s.start - 1] in COMMAND_LEADS) for s in spans) or any(
        # "I'd like the reverb to sound like a bigger hall": a wish, whose "sound like" is no complaint
        # ("less bright than I'd like" compares instead: no wish)
        tuple(words[i:i + 2]) in WOULD_LIKE and "than" not in words[max(0, i - 2):i] for i in range(len(words) - 1))
    copula = any(s.first("copula") for s in spans if not s.first("desc")) and not causative
    # "la voix est plus forte que le beat": a comparison states a problem, it asks for the reverse.
    compared = copula and has_comparison(words, spans, clause)
    # "et compresse la voix": a quality word heading its clause before its object's article is
    # the verb of its own request, not a word the previous verb's sense goes on to.
    # "et compresse un peu le beat": a degree may stand between the verb and its object.
    object_at = spans[0].end if spans else 0
    while any(s.start == object_at and s.first("intensity") and not s.first("desc") for s in spans):
        object_at = next(s.end for s in spans if s.start == object_at)
    headed_verb = bool(spans) and spans[0].start == 0 and spans[0].first("desc") is not None and \
        object_at < len(words) and words[object_at] in OBJECT_ARTICLES
    clause.has_verb = any(s.first("verb") for s in spans) or any(c[3] not in ADVERB_CUES for c in cues) or headed_verb
    clause.pronoun = any(s.first("pronoun") for s in spans) or has_french_pronoun(words, spans) or \
        any(set(c[3].split()) & {"it", "them"} for c in cues) or _possessive(words, clause)
    covered = {i for s in spans for i in range(s.start, s.end)}
    # A clause that opens on a word nothing reads, a few letters from a verb that lowers or takes
    # away ("bese", "baise" for "baisse"), opens on that verb misspelt beyond correction: its
    # direction is unknown, so a quality after it is no wish.
    unknown_lead = bool(words) and 0 not in covered and words[0].isalpha() and len(words[0]) >= 3 and \
        words[0] not in STOPWORDS and any(
            verb[0] == words[0][0] and edit_distance(_sounded(words[0]), _sounded(verb), 1) <= 1
            for verb in LOWERING_VERBS)
    return Cues(cues, intensity, negated, enough, causative, copula, compared, unknown_lead)


def direct(clause: Clause, words: list[str], mentions: list[Mention], reading: Cues) -> None:
    """One request per quality mention, in the direction its cue, its own comparative or its
    frame (complaint, wish, negation, comparison) gives (appended to ``clause.requests``)."""
    cues, intensity, negated, enough = reading.found, reading.intensity, reading.negated, reading.enough
    causative, copula, compared = reading.causative, reading.copula, reading.compared
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
        if mention.problem and not mention.comparative:
            # "la voix est trop faible on l'entend plus": a degree with its own adjective ("trop
            # faible", "too weak") is a complaint of its own, not the sense of the one after it.
            before = [c for c in before if not _stated_lack(c)]
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
        if cue is not None and _denied_more(before, cue):
            # "don't add more reverb", "don't use more delay": no more of it, never more nor none.
            cue, request.direction, request.cue_source, request.noop = None, 1, "explicit", True
        if cue is not None:
            apply_cue(request, cue[2], cue[3])
            if request.off and (_lacking(words, cue, mention) or _unswitchable_lack(cues, cue, mention)):
                request.off, request.direction, request.cue_source = False, 1, "complaint"
                # ("elle a pas de corps": the verb of having states it; no earlier verb's sense.)
                clause.has_verb = clause.has_verb or _lacking(words, cue, mention)
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
            elif negated and _contrast(words, mention, clause):
                # "comme une petite pièce, pas un hangar", "a small room, not a stadium": what it
                # should not be is a likeness turned away, never the way to go.
                request.direction, request.cue_source, request.noop = 1, "complaint", True
            elif negated and _negated_imperative(words, mention):
                # "ne compresse pas le beat", "don't saturate the 808": an order not to, nothing asked.
                request.direction, request.cue_source, request.noop = 1, "complaint", True
            elif negated:
                # "ça respire pas", "the vocal isn't present": it lacks the quality.
                request.direction, request.cue_source = 1, "complaint"
            elif (mention.problem and not causative) or copula:
                request.direction, request.cue_source = -1, "complaint"
            elif reading.unknown_lead and mention.start > 0 and not mention.problem:
                # "bese un peu les aigus": the unread verb says which way; guessing "more" could
                # turn it the wrong way, so nothing is asked and the clause is reported.
                request.direction, request.cue_source, request.noop = 1, "wish", True
            else:
                request.direction, request.cue_source = 1, "wish"
                request.terse = terse_complaint(clause, mention)  # "808 thin": see terse_notes
        if negated and not enough and request.cue_source in ("explicit", "comparative") and not request.off:
            request.noop = True
        if compared and PAST_REFERENCES & set(words):
            # "la voix est moins terne qu'avant": how it changed, no request (reversing it would
            # undo what the artist liked).
            request.noop = True
        clause.requests.append(request)


def _denied_more(before: list, cue: tuple[int, int, str, str]) -> bool:
    """A "more" right after a denied adding ("don't add more", "do not put more")."""
    k = before.index(cue) if cue in before else -1
    return k > 0 and cue[2] == "up" and before[k - 1][2] == "off" and before[k - 1][1] == cue[0] and \
        bool({"t", "not", "dont"} & set(before[k - 1][3].split()))


# Negations that open an order ("ne compresse pas", "don't compress"), no subject before them.
IMPERATIVE_NEGATIONS = (("ne",), ("n",), ("don", "t"), ("dont",), ("do", "not"), ("never",))


def _negated_imperative(words: list[str], mention: Mention) -> bool:
    """Whether the quality word is the verb of a negated order opening the clause."""
    return any(tuple(words[:len(n)]) == n and mention.start == len(n) for n in IMPERATIVE_NEGATIONS)


# Tone qualities whose words for a lack ("thin", "dark", "dull", "fine") said of a named track with
# no verb state a complaint; spatial words ("dry", "mono") may be a wish in a terse note.
TERSE_TONES = frozenset({"lows", "brightness", "low_mids", "presence", "mids", "warmth", "air", "body"})
# Descriptors that name a lack themselves ("thin": less low end), whatever their polarity.
TERSE_LACKS = frozenset({"thin"})


def terse_complaint(clause: Clause, mention: Mention) -> bool:
    """"808 thin", "808 un peu thin", "vocal kinda dark": a track named, then a tone word for a
    lack, with no verb nor cue: a state told, whose fix is more of the quality, never "make it thin"."""
    lack = (mention.polarity < 0 and mention.descriptor in TERSE_TONES) or mention.descriptor in TERSE_LACKS
    return bool(clause.targets) and not clause.has_verb and mention.start > 0 and lack and not mention.comparative


def apply_cue(request: Request, cue: str, phrase: str) -> None:
    """``cue`` (``up``, ``down`` or ``off``) decides the request's direction."""
    request.cue_source = "explicit"
    request.moderated = phrase in MODERATION_CUES
    if cue == "off":
        request.off, request.direction = True, -1
    else:
        request.direction = 1 if cue == "up" else -1


# A negation then an indefinite article ("pas un hangar", "not a stadium"): a likeness denied.
CONTRAST_NEGATIONS = frozenset({"pas", "not", "non", "jamais", "never"})
CONTRAST_ARTICLES = frozenset({"un", "une", "a", "an", "some", "des"})


def _contrast(words: list[str], mention: Mention, clause: Clause) -> bool:
    """Is the mention in a verbless "not a …" phrase ("pas un hangar", "not a cathedral")?"""
    return not clause.has_verb and any(
        words[i] in CONTRAST_NEGATIONS and words[i + 1] in CONTRAST_ARTICLES for i in range(min(mention.start, len(words) - 1)))


def _possessive(words: list[str], clause: Clause) -> bool:
    """"réduis sa largeur", "baisse son retour": a French possessive in a clause that names no
    target refers, as "its" does, to what was named before ("le son" is a noun, not this)."""
    return not clause.targets and any(
        w in ("sa", "son", "ses", "leur", "leurs") and i + 1 < len(words) and
        (not i or words[i - 1] not in ("le", "un", "du", "au", "ce", "mon", "ton", "de", "d"))
        for i, w in enumerate(words))


def _stated_lack(cue: tuple[int, int, str, str]) -> bool:
    """A cue that is a whole complaint of too little ("trop faible", "too weak", "way too low")."""
    words = cue[3].split()
    return cue[2] == "up" and len(words) >= 2 and words[0] in ("trop", "too", "way", "far", "bien")


def _lacking(words: list[str], cue: tuple[int, int, str, str], mention: Mention) -> bool:
    """Does the absence cue ``cue`` say that a wanted quality is missing (after a verb of having
    or being: "the vocal has no body", "la voix n'a aucun corps")? A defect is never wanted."""
    if cue[3] not in ABSENCE_CUES or mention.problem or mention.polarity < 0:
        return False
    i = cue[0]
    while i > 0 and words[i - 1] in _HAVING_FILLERS:
        i -= 1
    return i > 0 and (words[i - 1] in HAVING_WORDS or " ".join(words[max(i - 2, 0):i]) in HAVING_WORDS)


def _unswitchable_lack(cues: list[tuple[int, int, str, str]], cue: tuple[int, int, str, str], mention: Mention) -> bool:
    """"sans chaleur la voix", "without any body": a wanted quality that no switch turns off,
    said to be absent with no verb before, is missing (more of it), not a request to remove it."""
    descriptor = lx.DESCRIPTORS.get(str(mention.descriptor))
    return cue[3] in ("sans", "without", "aucun", "aucune") and descriptor is not None and descriptor.off is None and \
        not mention.problem and mention.polarity > 0 and \
        not any(c[0] < cue[0] and c[3] not in ABSENCE_CUES for c in cues)


def _sounded(word: str) -> str:
    """A word as it sounds, roughly: the spellings a writer mixes up by ear made one ("baisse",
    "besse", "bese"; "reduce", "reduse")."""
    for written, heard in (("ai", "e"), ("ei", "e"), ("ss", "s"), ("ph", "f"), ("qu", "k"), ("ck", "k"), ("c", "s")):
        word = word.replace(written, heard)
    return word


def _next_word(words: list[str], i: int) -> int:
    """The index of the first word from ``i`` that is not an article."""
    while i < len(words) and words[i] in ARTICLES:
        i += 1
    return i
