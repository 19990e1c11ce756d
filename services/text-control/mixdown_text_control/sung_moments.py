"""A moment of the song told by what the artist (or a part) does then: "c'est strident quand je
monte dans le refrain", "ça sature qd je pousse", "it gets harsh when I go up", "whenever she
belts it distorts". The verb after the subject of a "when" clause is the performance, never an
order to the console: "je monte" is the singer going up in pitch, not "raise"; read as an
order it turned a harsh voice's upper mids up (the opposite of the request).

The subject and its verb (with a particle or pitch word right after it: "go up", "monte haut")
are dropped; so is a part of the song arriving ("when the beat drops", "quand la prod rentre",
"dès que le refrain arrive": "drops" is no lowering); what the clause says of the sound ("strident", "dans les aigus") and the request
around it stay.
"""

from __future__ import annotations

from mixdown_text_control.normalise import Token

# Words that open a time clause ("chaque fois que", "dès que", "every time" end in these).
WHEN = frozenset({"quand", "qd", "lorsque", "lorsqu", "when", "whenever", "wen", "wenever", "que", "time", "once"})
# Openers that need a word before them to be a time clause ("chaque fois que", "every time",
# "dès que"): "que" alone opens other clauses ("je veux que tu montes").
NEEDS_BEFORE = {"que": frozenset({"fois", "des", "moment", "pendant", "alors"}),
                "time": frozenset({"every", "each", "any"}),
                "once": frozenset()}
# ("ça", "it" are no performers: "quand ça monte", "when it drops" are left as they read.)
SUBJECTS = frozenset({"je", "j", "on", "il", "elle", "ils", "elles", "i", "we", "he", "she", "they", "u", "you"})
# After the verb: a particle or pitch word that belongs to the performance ("go up", "monte haut").
PARTICLES = frozenset({"up", "down", "high", "higher", "low", "lower", "haut", "bas", "fort", "loud", "louder",
                       "hard", "harder", "it", "in", "out"})
# Verbs that never tell a performance even after a subject ("quand je baisse le beat, la voix
# ressort" narrates a move of the console: leave it to the clause's own reading).
CONSOLE_VERBS = frozenset({"baisse", "coupe", "mute", "turn", "lower", "cut", "boost", "eq", "compresse",
                           "mets", "put", "add", "ajoute", "enleve", "remove"})

# A part of the song arriving or leaving: the event verb and its subject tell a moment.
EVENTS = frozenset({"drops", "drop", "hits", "kicks", "kick", "comes", "starts", "ends", "rentre", "rentrent", "arrive",
                    "arrivent", "demarre", "demarrent", "tombe", "tombent", "part", "commence", "commencent"})
EVENT_PARTICLES = frozenset({"in", "back", "off"})


def _event_end(words: list[str], tokens: list[Token], k: int) -> int | None:
    """The index of the event verb of a "when" clause opened at ``k`` whose subject is a part of
    the song ("when the beat drops"), within four words and before any separator."""
    for j in range(k + 1, min(k + 6, len(words))):
        if tokens[j].is_separator:
            return None
        if words[j] in EVENTS and j > k + 1 and (words[j] != "kick" or words[j + 1:j + 2] == ["in"]):
            return j
    return None


def _opening(words: list[str], k: int, compound: bool) -> int:
    """The first word of the "when" opened at ``k``: "chaque fois que", "every time", "dès que"."""
    if not compound:
        return k
    return k - 2 if k >= 2 and words[k - 2] in ("chaque", "a", "au") else k - 1


def sung_moments(tokens: list[Token]) -> list[Token]:
    """``tokens`` without the subject and verb of each "when" clause of the performance or of
    a part of the song arriving."""
    # As written: the speller reads some of these closed-class words as others ("rentre" → "rendre").
    words = [t.corrected_from or t.text for t in tokens]
    dropped: set[int] = set()
    for k, word in enumerate(words):
        if word not in WHEN or k + 2 >= len(words):
            continue
        before = NEEDS_BEFORE.get(word)
        if before is not None and (not k or words[k - 1] not in before):
            continue
        opening = _opening(words, k, before is not None)
        event = _event_end(words, tokens, k)
        if event is not None:
            end = event + 1 if event + 1 < len(words) and words[event + 1] in EVENT_PARTICLES else event
            dropped.update(range(opening, end + 1))
            continue
        if words[k + 1] not in SUBJECTS:
            continue
        verb = k + 2
        if words[verb] in ("ne", "n"):  # "quand je ne chante pas": a pause, tell nothing
            continue
        if words[verb] in CONSOLE_VERBS or tokens[verb].is_separator or tokens[verb].is_number:
            continue
        dropped.update((*range(opening, k + 1), k + 1, verb))
        if verb + 1 < len(words) and words[verb + 1] in PARTICLES:
            dropped.add(verb + 1)
    return [t for i, t in enumerate(tokens) if i not in dropped]
