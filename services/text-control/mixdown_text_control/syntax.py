"""Where a word stands in a clause: targets after a preposition, a place ("noyée dans
l'instru"), an exception ("tout sauf la voix") or a comparison ("plus forte que le beat"); French
object pronouns ("rends-la plus brillante"); subjects the lexicon does not know ("the trumpets
are too loud"); requests for new material ("add a drum fill")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mixdown_text_control.new_parts import new_instrument, new_part_before
from mixdown_text_control.phrasebook import PHRASES
from mixdown_text_control.spans import Mention, Span
from mixdown_text_control.words_grammar import (
    ADVERB_CUES,
    ARTICLES,
    COMMON_WORDS,
    COMPARISON_CUES,
    CREATE_CUES,
    DEFINITE,
    DEGREE_WORDS,
    EXCEPT_WORDS,
    MASKING_SUBJECTS,
    MASKING_VERBS,
    NEW_PART_WORDS,
    OTHER_INSTRUMENTS,
    PLACE_WORDS,
    SECTION_WORDS,
    STOPWORDS,
)
from mixdown_text_control.words_targets import PART_WORDS

if TYPE_CHECKING:
    from mixdown_text_control.clause_types import Clause, Target
    from mixdown_text_control.edits import Session


# An indefinite article before a new thing ("add a flanger"), the words that may follow that
# thing (a place, or the end), and units that are amounts, not things.
NEW_THING_ARTICLES = frozenset({"a", "an", "un", "une", "des", "some"})
THING_FOLLOWERS = frozenset({"to", "on", "in", "into", "onto", "at", "for", "sur", "dans", "au", "aux", "a", "en",
                             "pour", "sous", "under", "over", "with", "avec"})
UNIT_WORDS = frozenset({"db", "dbs", "hz", "khz", "lufs", "ms"})
_ONE_NEW = frozenset({"a", "an", "un", "une"})


def creates_material(words: list[str], spans: list[Span], cues: list[tuple[int, int, str, str]]) -> bool:
    if not any(c[3] in CREATE_CUES for c in cues):
        return False
    named = {i for s in spans if str(getattr(s.first("target"), "value", "")).startswith("track:")
             for i in range(s.start, s.end)}
    if {w for i, w in enumerate(words) if i not in named} & SECTION_WORDS:
        return True  # "ajoute un couplet de rap" (not "sur le solo" when a file is named so)
    if any(s.first("target") and s.start and words[s.start - 1] in NEW_PART_WORDS for s in spans):
        return True  # "ajoute une deuxième voix en harmonie", "add another guitar"
    if any(s.first("target") and s.start and words[s.start - 1] in _ONE_NEW and s.start - 1 not in named and
           words[s.start] not in ARTICLES for s in spans):  # (not French "à la voix")
        return True  # "add a choir on the hook", "ajoute un chœur": one more of a kind, a new part
    if new_part_before(words, [s.start for s in spans if s.first("target")]) or new_instrument(words):
        return True  # "ajoute une ligne de basse", "add a trap beat": a new part (new_parts.py)
    if any(w in OTHER_INSTRUMENTS and i not in named for i, w in enumerate(words)):
        return True  # "rajoute un tambourin dans le chorus": an instrument the session lacks
    covered_by = {i for s in spans for i in range(s.start, s.end)}
    for i, word in enumerate(words[:-1]):
        following = words[i + 2] if i + 2 < len(words) else ""
        noun = words[i + 1]
        if word in NEW_THING_ARTICLES and i + 1 not in covered_by and noun.isalpha() and noun not in PHRASES \
                and noun not in STOPWORDS and noun not in COMMON_WORDS and noun not in UNIT_WORDS and \
                (not following or following in THING_FOLLOWERS):
            # "add a flanger to the vocal": a thing the lexicon does not know, not an amount ("a
            # touch of"), nor a word before a known one ("a lil reverb", "a gentle high shelf").
            return True
    covered = {i for s in spans for i in range(s.start, s.end)}
    for span in spans:
        if span.first("target") and span.end < len(words):
            following = words[span.end]
            if span.end not in covered and following not in STOPWORDS and following not in COMMON_WORDS \
                    and following.isalpha():
                return True
    return False


def has_comparison(words: list[str], spans: list[Span], clause: Clause) -> bool:
    """Is there a "que"/"than" after a comparison ("plus forte que le beat", "louder than the
    beat")? The target after it is the reference and leaves the clause's targets."""
    for k, word in enumerate(words):
        if word in ("que", "qu", "than") and any(
                (s.first("cue") and s.phrase in COMPARISON_CUES) or (s.first("desc") and
                                                                    s.first("desc").comparative)
                for s in spans if s.end <= k):
            reference = next((s for s in spans if s.start > k and s.first("target")), None)
            if reference is not None and all(w in ARTICLES or w in SET_PLACES for w in words[k + 1:reference.start]):
                clause.targets = [t for t in clause.targets if not names_same(t, reference)]
            return True
    return False


def names_same(target: Target, span: Span) -> bool:
    entry = span.first("target")
    return entry is not None and target.value == str(entry.value)


def has_unknown_subject(words: list[str], spans: list[Span]) -> bool:
    """Does the clause open on a word the lexicon does not know, followed by a copula?"""
    copula = next((s.start for s in spans if s.first("copula") and not s.first("desc")), None)
    if copula is None:
        return False
    covered = {i for s in spans for i in range(s.start, s.end)}
    return any(i not in covered and w.isalpha() and len(w) > 2 and w not in STOPWORDS and w not in COMMON_WORDS
               for i, w in enumerate(words[:copula]))


def has_unknown_object(words: list[str], spans: list[Span]) -> bool:
    """Does an article introduce a word the lexicon does not know ("baisse la voi de 4 dB",
    "turn the trompet down")? Then the request is about something it cannot place."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    return any(i not in covered and words[i - 1] in ("la", "le", "les", "l", "the", "my", "ma", "mon", "mes")
               and w.isalpha() and len(w) > 2 and w not in STOPWORDS and w not in COMMON_WORDS
               for i, w in enumerate(words) if i)


def is_excepted(words: list[str], start: int) -> bool:
    i = start - 1
    while i >= 0 and words[i] in ARTICLES:
        i -= 1
    return i >= 0 and (words[i] in EXCEPT_WORDS or " ".join(words[max(0, i - 1):i + 1]) in EXCEPT_WORDS)


FOR_WORDS = frozenset({"for", "pour"})
EXCESS_DEGREES = frozenset({"trop", "too"})
STATE_COPULAS = frozenset({"est", "sont", "is", "are", "s", "re", "sonne", "sonnent", "sounds", "sound", "feels"})
AMOUNT_AFTER_DEGREE = frozenset({"much", "many", "de", "d", "du", "des", "little", "peu"})


def _excess_stated(words: list[str]) -> bool:
    """"... est trop fort", "... is (way) too loud": a copula, an excess, then a quality (not an
    amount of a thing: "there's too much reverb for the pad" names the pad's reverb)."""
    return any(w in EXCESS_DEGREES and set(words[max(0, k - 2):k]) & STATE_COPULAS and k + 1 < len(words)
               and words[k + 1] not in AMOUNT_AFTER_DEGREE for k, w in enumerate(words))


def is_placed(words: list[str], start: int) -> bool:
    """Whether the target at ``start`` is where another sits or what it is compared with: after a
    place word ("noyée dans l'instru"), through a noun ("behind the wall of guitars", "sous un
    mur de guitares"), after a reference ("par rapport aux cordes", "face aux chœurs", "devant
    l'instru", "next to the kick"), or a kind named with an indefinite article ("too loud for an
    acoustic track")."""
    i = start - 1
    while i >= 0 and words[i] in ARTICLES:
        i -= 1
    if i >= 0 and words[i] in PLACE_WORDS:
        return True  # "noyée dans l'instru", "sous des guitares"
    if i >= 1 and words[i] in SET_PLACES and words[i - 1] in ("que", "qu", "than"):
        return True  # "plus de reverb sur le double que sur la voix": the reference
    i = start - 1
    while i >= 0 and words[i] in ARTICLES and words[i] not in OF_WORDS:
        i -= 1
    if i >= 1 and words[i] in OF_WORDS and words[i - 1] not in PLACE_WORDS:
        # "the wall of guitars": the noun before "of", then its place word
        j = i - 2
        while j >= 0 and words[j] in ARTICLES:
            j -= 1
        if j >= 0 and ((words[j] in PLACE_WORDS and words[j] not in LOOSE_PLACES) or words[j] in REFERENCE_WORDS):
            return True
    if i >= 0 and words[i] in PLACE_WORDS:
        return True
    if i >= 1 and words[i] in FROM_WORDS and words[i - 1] in DISTANCE_WORDS:
        return True  # "the singer sounds distant from the strings": the strings are where it is measured from
    if i >= 0 and words[i] in OF_WORDS:
        i -= 1  # "face aux", "par rapport au", "compared to"
    if i >= 0 and (words[i] in REFERENCE_WORDS or " ".join(words[max(i - 1, 0):i + 1]) in REFERENCE_WORDS):
        return True
    if i >= 1 and words[i] in ("que", "qu") and set(words[max(i - 3, 0):i]) & COMPARATIVES:
        return True
    if i >= 1 and words[i] == "as" and set(words[max(i - 3, 0):i]) & {"same", "as"}:
        return True  # "at the same level as the host", "as loud as the beat": the reference
    if i >= 2 and words[i] in FOR_WORDS and _excess_stated(words[:i]):
        return True  # "le beat est trop fort pour la voix": the track it is too loud for
    return start >= 2 and words[start - 1] in INDEFINITE_ARTICLES and words[start - 2] in KIND_WORDS


# Words after which a target is the reference of a comparison, not a target.
REFERENCE_WORDS = frozenset({"devant", "face", "rapport", "compared", "comparison", "against", "contre", "versus",
                             "vs", "next", "relative", "beside", "alongside", "cote", "compare", "comparee",
                             "comparees", "compares", "in front", "than", "by", "par"})
# "distant from the strings", "loin des cordes": the track after is where the distance is measured from.
FROM_WORDS = frozenset({"from", "de", "d", "des", "du"})
DISTANCE_WORDS = frozenset({"distant", "distante", "distants", "distantes", "far", "away", "loin", "lointain", "lointaine", "lointains", "lointaines",
                            "eloigne", "eloignee", "eloignes", "eloignees", "detached", "disconnected"})
# A reflexive pronoun before a masking verb makes its subject the masked one.
REFLEXIVES = frozenset({"se", "s"})
# After a masking verb, a place rather than an object: the subject is the one masked ("the vocal
# is drowning in the beat", "drowning under the guitars").
DROWNED_IN = frozenset({"in", "under", "beneath", "underneath", "dans", "sous"})
# Masking verbs that, with nothing after them, say the subject drowns ("vocal drowning").
DROWNING = frozenset({"drowning", "drowns", "drown", "noie", "noient", "suffocating", "etouffe", "etouffent"})
# The place of an effect repeated for the reference ("plus de reverb sur le double que sur la voix").
SET_PLACES = frozenset({"sur", "on", "dans", "in", "pour", "for", "to", "a", "au", "aux", "onto"})
# After a comparative, "que" introduces the reference ("plus fort que le beat").
COMPARATIVES = frozenset({"plus", "moins", "aussi", "autant", "meme", "pareil"})
# Place words too loose to reach through a noun ("more reverb in the tail of the vocal": the vocal's).
LOOSE_PLACES = frozenset({"in", "on", "with", "avec", "into", "over", "above", "within", "inside"})
OF_WORDS = frozenset({"of", "de", "d", "du", "des", "to", "a", "au", "aux", "with"})
INDEFINITE_ARTICLES = frozenset({"a", "an", "un", "une"})
# "For an acoustic track", "comme un morceau acoustique": a kind of song, not the session's track.
KIND_WORDS = frozenset({"for", "pour", "like", "comme"})


def is_prepositional(words: list[str], start: int) -> bool:
    i = start - 1
    while i >= 0 and words[i] in ARTICLES and words[i] not in ("de", "d", "du", "des"):
        i -= 1
    return i >= 0 and any(e.kind == "prep" for e in PHRASES.get(words[i], []))


# Prepositions that introduce an amount after an object pronoun ("descends-le à 70 Hz").
AMOUNT_PREPOSITIONS = frozenset({"a", "vers", "de", "d", "jusqu", "jusque", "sous", "autour", "au"})


# Degree words and adverbs that may follow an object pronoun where no noun would ("baisse-les un
# peux", "monte-les encore", "monte-la plutôt", "baisse-le juste un peu", "monte-la stp").
PRONOUN_DEGREES = frozenset({"un", "encore", "davantage", "legerement", "doucement", "plutot", "juste", "aussi",
                             "bien", "vraiment", "carrement", "franchement", "stp", "svp", "please", "pls",
                             "maintenant", "alors", "donc"})


def has_french_pronoun(words: list[str], spans: list[Span]) -> bool:
    # "rends-la plus brillante", "monte-les", "enlève-en un peu": a verb, then la/le/les/lui/en, then no noun; a quality
    # word opening the clause is then its imperative ("compresse-la", "éclaircis-les").
    verbs = {s.end: s for s in spans if s.first("verb") or (s.first("cue") and s.phrase not in ADVERB_CUES)
             or (s.start == 0 and s.first("desc"))}
    for end in verbs:
        if end < len(words) and words[end] in ("la", "le", "les", "lui", "leur", "en"):
            following = next((s for s in spans if s.start == end + 1), None)
            if end + 1 >= len(words) or words[end + 1] in PRONOUN_DEGREES or (following and not following.first("target")
                                         and (following.first("cue") or following.first("intensity")
                                              or following.first("desc"))) or \
                    words[end + 1] in AMOUNT_PREPOSITIONS:
                return True  # ... or an amount after it: "descends-le vers 40 Hz", "monte-la de 2 dB"
            if end + 1 < len(words) and words[end + 1] in PLACE_WORDS:
                return True  # ... or where it goes: "tuck-la dans le beat"
    if len(words) > 2 and words[1] in ("la", "le", "les") and words[0] not in STOPWORDS and \
            (words[2] in PRONOUN_DEGREES or words[2] in PLACE_WORDS):
        return True  # a verb the lexicon does not know, by its place: "fond-la un peu dans les chœurs"
    return False


# "it's covering the vocal": the "s" of "is" after an English subject, not the French reflexive "s'".
ENGLISH_S_SUBJECTS = frozenset({"it", "that", "he", "she", "what", "this", "there"})
# "it's eating the vocal", "they're stepping on the lead": the auxiliary between subject and verb.
PROGRESSIVE_AUXILIARIES = frozenset({"s", "is", "are", "re", "keeps", "keep"})
# "the pad is in the way of the vocal": in the way, a masking phrase.
IN_THE_WAY = ["in", "the", "way"]
# Masking verbs that say two sounds blur together, not that one covers the other.
MUTUAL_VERBS = frozenset({"melange", "melangent"})
SUBJECT_PRONOUNS_FR = frozenset({"elle", "il", "elles", "ils", "ca", "c"})


def masking(words: list[str], spans: list[Span], mentions: list[Mention], clause: Clause,
             target_spans: list[Span]) -> None:
    """"le beat écrase les backs", "la reverb noie les backs": the subject of a masking verb is
    too loud (a complaint about its level, or about the effect's amount); a track after the verb
    is where it masks, not a target, unless the subject is an effect on it."""
    _pronoun_fights(words, spans, clause, target_spans)
    covered = {i for s in spans for i in range(s.start, s.end)}
    verb = next((i for i, w in enumerate(words) if (w in MASKING_VERBS and i not in covered)
                 or words[max(0, i - 2):i + 1] == IN_THE_WAY), None)
    if verb is None:
        # "le beat écrase les backs": a word that alone is a quality ("écrase": squashed) is the
        # masking verb between two tracks.
        verb = next((s.start for s in spans if s.phrase.split()[0] in MASKING_VERBS and
                     ((any(t.start < s.start for t in target_spans) and any(t.start > s.start for t in target_spans))
                      or (s.start == 1 and words[0] in MASKING_SUBJECTS)
                      or (s.start == 2 and words[0] in MASKING_SUBJECTS and words[1] in PROGRESSIVE_AUXILIARIES))),
                    None)
        mentions[:] = [m for m in mentions if verb is None or m.start != verb]
    if verb is None or any(m.start < verb < m.end for m in mentions):
        return
    reflexive = verb and words[verb - 1] in REFLEXIVES and not (verb > 1 and words[verb - 2] in ENGLISH_S_SUBJECTS)
    drowned = (verb + 1 < len(words) and words[verb + 1] in DROWNED_IN) or \
        (verb + 1 == len(words) and words[verb] in DROWNING)
    if reflexive or drowned:
        if reflexive and words[0] in SUBJECT_PRONOUNS_FR:
            # "elle se noie dans le 808": the pronoun is the one drowned; the track after is where.
            keep = [k for k, s in enumerate(target_spans) if s.start < verb]
            clause.targets[:] = [clause.targets[k] for k in keep]
            target_spans[:] = [target_spans[k] for k in keep]
        if reflexive and words[verb] in MUTUAL_VERBS:
            return  # "elle se mélange au 808": both blur, neither is said too loud or too quiet
        # "la voix se noie dans les guitares", "the vocal is drowning in the beat": the subject
        # is the one drowned (too quiet), not too loud; what it drowns in is only where.
        mentions.append(Mention("level", -1, False, True, verb, verb + 1))
        return
    subject = max((s for s in spans if s.end <= verb and (s.first("target") or s.first("desc"))),
                  key=lambda s: s.start, default=None)
    if subject is None and not (verb and words[0] in MASKING_SUBJECTS):
        return
    mentions.append(Mention("level", 1, False, True, verb, verb + 1))
    clause.masks = True
    if subject is None:
        # "elle gêne la voix": the pronoun is too loud; the track after the verb is where.
        keep = [k for k, s in enumerate(target_spans) if s.start < verb]
        clause.targets[:] = [clause.targets[k] for k in keep]
        target_spans[:] = [target_spans[k] for k in keep]
        return
    if subject.first("target") and any(s.start < verb for s in target_spans):
        keep = [k for k, s in enumerate(target_spans) if s.start < verb]
        clause.targets[:] = [clause.targets[k] for k in keep]
        target_spans[:] = [target_spans[k] for k in keep]


# The end of a complaint of fighting with another track ("se bat avec", "clashes with").
_WITH = frozenset({"avec", "with"})


def _pronoun_fights(words: list[str], spans: list[Span], clause: Clause, target_spans: list[Span]) -> None:
    """"ça se bat avec la voix", "it's clashing with the vocal": the pronoun (the track just
    named) is the one complained of; the track it fights with is where, not a target."""
    fight = next((s for s in spans if s.phrase.split()[-1] in _WITH and s.first("desc")), None)
    if fight is None or not words or words[0] not in SUBJECT_PRONOUNS_FR | ENGLISH_S_SUBJECTS | {"they"} or \
            any(s.start < fight.start for s in target_spans):
        return
    keep = [k for k, s in enumerate(target_spans) if s.start < fight.start]
    clause.targets[:] = [clause.targets[k] for k in keep]
    target_spans[:] = [target_spans[k] for k in keep]


def noun_of_verb(words: list[str], span: Span) -> bool:
    """Is the one-word cue at ``span`` a noun after a definite determiner ("it's smearing the
    drop", "the boost at 3k is too much")?"""
    return span.end - span.start == 1 and span.phrase not in DEGREE_WORDS and span.start > 0 and \
        words[span.start - 1] in DEFINITE and not _infinitive_after_pronoun(words, span)


# French object pronouns that also read as articles, and the endings of the infinitives after
# them ("l'instru faut la baisser", "tu peux le remonter", "faut les réduire").
OBJECT_PRONOUNS_FR = frozenset({"la", "le", "les", "l"})
INFINITIVE_ENDINGS = ("er", "ir", "dre", "uire")


def _infinitive_after_pronoun(words: list[str], span: Span) -> bool:
    """"la baisser", "le monter": an object pronoun and an infinitive, a verb, not a noun."""
    return words[span.start - 1] in OBJECT_PRONOUNS_FR and span.phrase.endswith(INFINITIVE_ENDINGS)


def article_before(words: list[str], start: int, reach: int = 4) -> str:
    """The article nearest before token ``start`` within ``reach`` words ("a quiet acoustic song":
    "a"); "" when there is none."""
    for i in range(start - 1, max(start - 1 - reach, -1), -1):
        if words[i] in ARTICLES:
            return words[i]
    return ""


def after_word(words: list[str], start: int, before: frozenset[str]) -> bool:
    """Does the phrase at ``start`` follow one of ``before`` (articles between them)?"""
    i = start - 1
    while i >= 0 and words[i] in ARTICLES:
        i -= 1
    return i >= 0 and words[i] in before


def owned_roles(clause: Clause, target_spans: list[Span], words: list[str], session: Session) -> None:
    """"the DI on the bass", "le micro de la contrebasse": a role after a preposition, next to a
    track of that role the clause names, is whose part the track is, not a second target."""
    for k in range(len(clause.targets) - 1, 0, -1):
        if target_spans[k - 1].end == target_spans[k].start and target_spans[k].phrase in PART_WORDS and \
                clause.targets[k - 1].value.startswith("track:"):
            # "the ride mic": the microphone of the track just named.
            del clause.targets[k], target_spans[k]
    tracks = {session.role_of(t.value[len("track:"):]) for t in clause.targets if t.value.startswith("track:")}
    keep = [k for k, (t, s) in enumerate(zip(clause.targets, target_spans, strict=True))
            if not (t.prepositional and t.value in tracks and s.start > 0 and
                    not any(w in EXCEPT_WORDS for w in words[max(0, s.start - 2):s.start]))]
    if len(keep) < len(clause.targets):
        clause.targets[:] = [clause.targets[k] for k in keep]
        target_spans[:] = [target_spans[k] for k in keep]


# "pour laisser la place au kick", "to make room for the vocal": a purpose clause opened by an
# infinitive, whose tracks are why, not what to change. English verbs of purpose after "to".
PURPOSE_VERBS_EN = frozenset({"make", "leave", "let", "give", "clear", "free", "avoid", "help", "stop", "open",
                              "unmask", "separate"})
INFINITIVE_OBJECT_VERBS = frozenset({"try", "want", "wanna", "need", "like", "able", "going", "have", "got",
                                     "trying", "wants", "needs", "would", "love", "please", "pls", "plz", "me",
                                     "you", "us", "how"})
_PURPOSE_SKIPPED_FR = frozenset({"de", "d", "mieux", "bien", "ne", "pas", "plus", "le", "la", "les", "lui", "leur",
                                 "y", "en", "l"})


def purpose_infinitive(words: list[str], i: int) -> bool:
    """Does an infinitive purpose open at ``i`` ("pour laisser", "afin de dégager", "to make room")?"""
    if i >= len(words) - 1:
        return False
    if words[i] == "to":
        # ("try to make the vocal brighter": the object of the verb before, not a purpose.)
        return words[i + 1] in PURPOSE_VERBS_EN and not (i and words[i - 1] in INFINITIVE_OBJECT_VERBS)
    if words[i] not in ("pour", "afin"):
        return False
    j = i + 1
    while j < len(words) and words[j] in _PURPOSE_SKIPPED_FR:
        j += 1
    return j < len(words) and len(words[j]) > 3 and words[j].endswith(INFINITIVE_ENDINGS) and \
        not any(e.kind == "target" for e in PHRASES.get(words[j], ()))
