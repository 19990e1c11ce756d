"""What the artist says they did before asking ("j'ai mis de la reverb partout mais maintenant
tout est trop mouillé, enlève-en sur la voix", "I added a lot of delay, now it's a mess, pull
it back"): a first-person past tells the state the request starts from, it asks for nothing.

Only when another clause of the instruction asks something (the request the story leads to),
so that a whole instruction told in the past is still read ("j'ai trop de reverb" is no past).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

# Openings of a narrated clause: discourse words, then the artist as subject and a perfect.
OPENERS = frozenset({"so", "well", "ok", "okay", "bon", "alors", "donc", "du", "coup", "en", "fait", "bref", "hey",
                     "salut", "yo", "hi", "basically", "en gros"})
SUBJECTS = frozenset({"j", "je", "i", "on", "we", "nous"})
AUXILIARIES = frozenset({"ai", "a", "avons", "avais", "avait", "have", "ve", "had", "d"})
# Participles that tell a move done and are not in the lexicon as verbs ("j'ai mis", "I put").
DONE_FORMS = frozenset({"mis", "fait", "ajoute", "rajoute", "applique", "put", "added", "made", "set", "used",
                        "tried", "essaye", "pousse", "pushed", "cranked", "boosted"})
# Words of wanting or perceiving after "j'ai"/"I have": a request or a complaint, not a story.
NOT_DONE = frozenset({"besoin", "envie", "l", "impression", "peur", "need", "want", "to", "got", "trop", "pas",
                      "no", "too", "un", "une", "a", "the", "de", "du", "des"})


def narrated_actions(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Make nothing of each clause that narrates the artist's own past move, when another clause
    goes on to speak (a request, or a verb with "it"/"en" whose quality is the one told)."""
    told = [k for k, part in enumerate(parts) if _narrates([t.text for t in part],
                                                           [t.corrected_from or t.text for t in part])]
    if not told or not any(c.requests or c.has_verb for k, c in enumerate(clauses) if k > min(told)):
        return
    for k in told:
        # Its track and its quality stay the antecedents of "it", "en" ("j'ai mis du delay sur
        # les chœurs, enlève-en un peu").
        # Their way is what was done, not what is asked: no way for the next clause to go on in.
        for request in clauses[k].requests:
            request.noop, request.direction, request.cue_source = True, 0, "told"
        clauses[k].content = False


def _narrates(words: list[str], written: list[str]) -> bool:
    """"j'ai mis de la reverb partout", "I've added some delay", "we pushed the vocal": a
    first-person perfect (or an English simple past) of a move (``written``: the words before
    typo correction, "boosted" read as "booste")."""
    i = 0
    while i < len(words) and words[i] in OPENERS:
        i += 1
    if i + 1 >= len(words) or words[i] not in SUBJECTS:
        return False
    i += 1
    if words[i] in AUXILIARIES:
        i += 1
    elif not (written[i].endswith("ed") or words[i] in DONE_FORMS):
        return False  # "I want", "je veux": no past
    if i >= len(words) or words[i] in NOT_DONE:
        return False
    verb = words[i]
    return verb in DONE_FORMS or written[i].endswith("ed") or \
        any(e.kind in ("cue", "verb") for e in PHRASES.get(verb, []))


# The artist as the subject of a new sentence run on without punctuation ("coupe l'instru je
# veux vérifier la voix", "mute the beat I just wanna hear the vocal").
RUN_ON_SUBJECTS = frozenset({"je", "j", "i", "jveux", "jvoudrais"})


def artist_speaks_at(part: list[Token], tokens: list[Token], i: int, is_command, is_target) -> bool:
    """Whether the artist opens a sentence of their own at ``tokens[i]``: the clause so far has a
    verb then a track, and a word follows the subject."""
    if tokens[i].text not in RUN_ON_SUBJECTS or i + 1 >= len(tokens) or not tokens[i + 1].text.isalpha():
        return False
    heads = bool(part) and any(e.kind == "desc" for e in PHRASES.get(part[0].text, []))  # "mute the beat"
    verb = 0 if heads else next((k for k, t in enumerate(part) if is_command(t.text)), None)
    return verb is not None and any(is_target(t.text) for t in part[verb + 1:])
