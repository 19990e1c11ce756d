"""Tracks listed after a place or a reference ("ma voix est noyée sous le 808 et le beat", "the
lead vox is buried behind the guitar and the keys", "plus loin derrière le lead et les doubles"):
every track of the list is where the subject sits, none of them a target of its own.

:func:`.syntax.is_placed` reads the preposition before one target; a list joined by "et"/"and",
a comma or "ou"/"or" carries that reading to each of its items, so the tracks named as context
never move (the judge of the corpus counts such an edit as stray, and raising the 808 under
which the voice drowns goes against the request).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES
from mixdown_text_control.spans import Mention, Span
from mixdown_text_control.words_grammar import ARTICLES, COMMON_WORDS, MASKING_VERBS, STOPWORDS

# The words that join the items of a list of tracks.
LIST_JOINS = frozenset({"et", "and", ",", "&", "ou", "or", "puis", "plus", "+", "n"})


def coordinated_places(words: list[str], spans: list[Span], targets_at: list[int], placed: set[int]) -> set[int]:
    """The indices (into ``spans``) of targets joined by a list word to a target already
    ``placed``: "sous le 808 et le beat" places the beat as it places the 808."""
    found: set[int] = set()
    for before, after in zip(targets_at, targets_at[1:], strict=False):
        if before not in placed and before not in found:
            continue
        between = words[spans[before].end:spans[after].start]
        if between and between[0] in LIST_JOINS and all(w in LIST_JOINS or w in ARTICLES for w in between):
            found.add(after)
    return found


# The places a list of tracks stands after as a whole ("noyée sous le 808 et le beat", "buried
# behind the guitar and the keys"): not "in"/"dans"/"with", after which a list may be the targets
# ("more reverb in the vocal and the backs"), unless a masking word says the subject is lost there.
LIST_PLACES = frozenset({"sous", "ss", "under", "underneath", "beneath", "behind", "derriere", "parmi", "among"})
LOST_IN = frozenset({"dans", "in", "into"})
LOST_WORDS = frozenset({"perd", "perdent", "lose", "losing", "gets", "noye", "noyee", "noyes", "noyees", "noie", "noient", "perdu", "perdue", "perdus", "perdues",
                        "buried", "drowning", "drowned", "drowns", "lost", "enterre", "enterree", "enterres",
                        "enterrees", "ensevelie", "sinks", "sinking", "swallowed", "avalee", "avale", "cachee",
                        "cache", "hidden", "masquee", "masque", "masked", "etouffee", "etouffe", "out"})
_LIST_AND = frozenset({"et", "and", "&"})
# What a track is lost because of ("drowned out by the beat and the 808", "à cause du kick et de la
# snare", "because of the keys and the pad"), or masked by ("the pad is masking the keys and the guitars").
AGENTS = frozenset({"by", "par"})
CAUSES = frozenset({"cause", "because"})


def _names_only(words: list[str]) -> bool:
    """Articles and track words only, at least one: a role word ("le 808", "the lead vocal") or a
    word of a file's name the vocabulary does not hold ("le sax" beside sax.wav)."""
    kinds = [{e.kind for e in PHRASES.get(w, [])} for w in words]
    named = [w for w, k in zip(words, kinds, strict=True) if "target" in k or
             (not k and w.isalpha() and w not in STOPWORDS and w not in COMMON_WORDS and w not in ARTICLES)]
    return bool(named) and all(w in ARTICLES or "target" in k or not k for w, k in zip(words, kinds, strict=True))


def placed_list_at(part: list[Token], tokens: list[Token], i: int) -> bool:
    """Whether the "et"/"and" at ``tokens[i]`` joins a second track to one standing after a
    place ("ma voix est noyée sous le 808 et le beat"): one clause, both tracks the place, so
    the list is not split into a second request on the beat."""
    if tokens[i].text not in _LIST_AND or not part:
        return False
    words = [t.text for t in part]
    place = max((k for k, w in enumerate(words) if w in LIST_PLACES or w in MASKING_VERBS or w in CAUSES or
                 (w in LOST_IN | AGENTS and LOST_WORDS & set(words[:k]))), default=None)
    if place is None or not _names_only(words[place + 1:]):
        return False
    end = next((k for k in range(i + 1, len(tokens)) if tokens[k].is_separator), len(tokens))
    return _names_only([t.text for t in tokens[i + 1:end]])


def _only_qualifier(word: str) -> bool:
    """Is ``word`` only ever a bus qualifier ("bigger", "longer"), never a quality or a target?"""
    entries = PHRASES.get(word, [])
    return bool(entries) and all(e.kind == "qual" for e in entries)


def unsplit_join(part: list[Token], tokens: list[Token], i: int) -> bool:
    """Whether the conjunction at ``tokens[i]`` joins two words of one thing rather than two
    requests: two qualifiers of the bus named after them ("bigger and wider reverb"), or two
    tracks after one place (:func:`placed_list_at`)."""
    return (len(part) == 1 and _only_qualifier(part[0].text)) or placed_list_at(part, tokens, i)


# "il" is a subject only before a copula ("il est noyé", "il sonne loin", "il se perd"), never in
# "il y a", "il faut", "il manque".
_IL_COPULAS = frozenset({"est", "sonne", "se", "s", "reste", "parait", "semble", "etait"})


# Subjects before a French object pronoun put before its verb ("on l'entend pas", "je la perds").
_PRONOUN_SUBJECTS = frozenset({"on", "je", "j", "tu", "ne", "n"})


def pronoun_subject(words: list[str]) -> bool:
    """Whether the track the clause is about is a pronoun: "il" as the subject of a state ("il
    est noyé sous les cordes"), or an object before its verb ("on l'entend pas sous les drums"):
    the tracks after a place are then where it is, not targets."""
    if len(words) > 1 and words[0] == "il" and words[1] in _IL_COPULAS:
        return True
    return any(w in ("l", "la", "le", "les") and k and words[k - 1] in _PRONOUN_SUBJECTS and k + 1 < len(words)
               and not PHRASES.get(words[k + 1]) for k, w in enumerate(words))


def lost_places(words: list[str], spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """``mentions`` without a place word that follows a loss and leads to a track ("la basse se
    perd derrière les drums", "the bass gets lost behind the keys"): where the track is lost,
    not the quality "behind" (too far back), which would turn it down."""
    starts = {s.start for s in spans if s.first("target")}

    def to_track(i: int) -> bool:
        while i < len(words) and words[i] in ARTICLES:
            i += 1
        return i in starts

    return [m for m in mentions if not (words[m.start] in LIST_PLACES and m.start and
                                        words[m.start - 1] in LOST_WORDS and to_track(m.end))]


# A track said to be too far on one side of another ("la voix est trop derrière le beat", "the vocal
# is too much behind the keys", "trop devant les guitares"): its level, the way back from there.
_BEHIND = frozenset({"derriere", "behind", "sous", "under", "underneath", "beneath", "dessous"})
_AHEAD = frozenset({"devant", "over", "above", "dessus", "ahead"})
_EXCESS = frozenset({"trop", "too", "much", "far", "way", "en", "au", "a", "the", "in", "on", "top", "front", "of"})


def excess_place_direction(words: list[str], cue_end: int, phrase: str) -> int:
    """The level's way when an excess ("trop", "too", "too much") leads to a place before a
    track: +1 after "behind"/"derrière"/"sous" (it is too far under: up), -1 after "devant"/
    "over"/"in front of"; 0 when no place follows the excess."""
    if phrase.split()[0] not in ("trop", "too", "way"):
        return 0
    i = cue_end
    while i < len(words) and words[i] in _EXCESS and words[i] not in ("front", "top"):
        i += 1
    if i < len(words) and words[i] in _BEHIND:
        return 1
    if i < len(words) and (words[i] in _AHEAD or words[i] in ("front", "top")):
        return -1
    return 0


def subject_of_own_request(later: Clause, clause: Clause) -> bool:
    """Whether the track a later clause names is the subject or object of its own, other request
    ("moins de reverb, plus de delay, et le beat un peu plus loud", "more delay, less reverb, and turn
    the beat down 2 dB"): it lends itself to no earlier clause,
    which keeps the default track; a track after a preposition ("plus de reverb et de delay sur
    le beat") or one that only restates the same quality still does."""
    asked = {r.descriptor for r in clause.requests if r.descriptor is not None and not r.noop and not r.off and
             r.cue_source == "explicit"}
    if any(t.prepositional for t in later.targets) or clause.negated or not asked:
        return False  # ("don't touch the volume, just make the vocal less boxy": the vocal's)
    own = {r.descriptor for r in later.requests if r.descriptor is not None and not r.noop}
    return bool(own) and not own & asked


# Distance and level words: a track named after them and a preposition is what they are measured
# against ("bring it closer to the lead", "plus proche du lead", "plus loin derrière le lead").
NEAR_WORDS = frozenset({"closer", "nearer", "close", "near", "proche", "proches", "pres"})
DISTANCE_WORDS = NEAR_WORDS | {"loin", "far", "further", "farther", "back", "arriere", "avant", "louder", "quieter",
                               "fort", "forte", "forts", "fortes", "upfront", "forward"}
_TO_WORDS = frozenset({"to", "au", "a", "du", "de", "d", "des", "aux", "of", "from"})


def measured_against(words: list[str], start: int) -> bool:
    """Whether the track at ``start`` is what a distance or a level is measured against: after
    "closer to"/"plus proche du", or after a place that follows a distance word ("plus loin
    derrière le lead", "further back behind the keys"); then it never moves, even named alone."""
    i = start - 1
    while i >= 0 and words[i] in ARTICLES and words[i] not in _TO_WORDS:
        i -= 1
    if i >= 1 and words[i] in _TO_WORDS and words[i - 1] in NEAR_WORDS:
        return True  # "closer to the lead", "plus proche du lead" ("loin de": syntax.is_placed)
    return i >= 1 and words[i] in LIST_PLACES and words[i - 1] in DISTANCE_WORDS
