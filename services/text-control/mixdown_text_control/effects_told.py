"""What a track does to the rest, told after the request or complaint about it: "the guitars are
too wide, they swallow the vocal", "the room mic is too loud, it's washing everything out", "le
pad est trop fort, il bouffe la voix". A clause whose subject is a pronoun standing for the
track just named, with no word of a quality or a way of its own, says why; the track it names
after its verb is what suffers, not a second target of the request before. And the artist who cannot hear
themself ("I can't hear myself", "je m'entends plus") speaks of their own voice, the lead vocal.
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause, Request, Target
from mixdown_text_control.normalise import Token
from mixdown_text_control.semantics import kinship

# Subject pronouns for the track just named, and the words that may open the clause before them.
SUBJECTS = frozenset({"it", "they", "this", "that", "he", "she", "il", "elle", "ils", "elles", "ca", "sa", "c", "ce",
                      "cela"})
OPENERS = frozenset({"and", "now", "because", "cause", "cuz", "coz", "so", "like", "et", "car", "parce", "que",
                     "qu", "du", "coup", "maintenant", "genre"})


def told_effects(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Make nothing of a clause that tells what the track asked about before does to another."""
    for k in range(1, len(clauses)):
        clause, before = clauses[k], clauses[k - 1]
        words = [t.text for t in parts[k]]
        i = 0
        while i < len(words) and words[i] in OPENERS:
            i += 1
        if i >= len(words) or words[i] not in SUBJECTS or not clause.requests or not before.requests:
            continue
        if all(r.descriptor is None and not r.cue_source and not r.direction for r in clause.requests) and \
                not {t.value for t in clause.targets} & {t.value for t in before.targets}:
            clause.requests, clause.content = [], False


HEARING = frozenset({"hear", "hearing", "entends", "entend", "entendre"})
SELF_AFTER = frozenset({"myself", "me"})  # "I can't hear myself"
SELF_BEFORE = frozenset({"m", "me"})  # "je m'entends pas"


def artist_as_voice(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """A clause where the artist cannot hear themself, naming no track, is about the lead vocal."""
    for clause, part in zip(clauses, parts, strict=True):
        words = [t.text for t in part]
        if clause.targets or not clause.requests:
            continue
        if any(w in HEARING and (words[i + 1:i + 2] and words[i + 1] in SELF_AFTER or
                                 i and words[i - 1] in SELF_BEFORE) for i, w in enumerate(words)):
            clause.targets = [Target("lead_vocal", False)]


def restated_tracks(clauses: list[Clause], roles: dict[str, str]) -> None:
    """"les overheads sont agressifs, les cymbales font mal", "the overheads are harsh, the cymbals
    are piercing": a role named right after a track of that role, going on with the same quality
    (or the same complaint again), says it again of that track, not of every track of the role.
    ``roles``: track name → role."""
    for before, clause in zip(clauses, clauses[1:], strict=False):
        named = [name for t in before.targets if t.value.startswith("track:")  # ("track:OH_L.wav\nOH_R.wav")
                 for name in t.value.removeprefix("track:").split("\n")]
        role = {t.value for t in clause.targets}
        if not named or len(role) != 1 or not clause.requests or \
                any(r.cue_source != "inherited" and not _says_again(r, before.requests) for r in clause.requests):
            continue
        if all(roles.get(name) in role for name in named) and all(t.value.startswith("track:") for t in before.targets):
            clause.targets = list(before.targets)


def _says_again(request: Request, said: list[Request]) -> bool:
    """Whether ``request`` asks the way one of ``said`` asked, of the same or a kindred quality
    ("trop brillants" then "les cymbales piquent": less of the highs both times)."""
    return request.descriptor is not None and any(
        r.descriptor is not None and r.direction * r.polarity * kinship(r.descriptor, request.descriptor) ==
        request.direction * request.polarity != 0 for r in said)


DENIALS = frozenset({"not", "pas", "non", "never", "jamais"})


def denied_targets(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """"widen the backs but not the keys", "élargis les chœurs mais pas les claviers": a track
    named after a bare negation is left out of the request before, not asked the same."""
    for k in range(1, len(clauses)):
        clause = clauses[k]
        if parts[k][0].text in DENIALS and clause.targets and not clause.has_verb and \
                all(r.descriptor is None and not r.cue_source for r in clause.requests):
            clause.requests, clause.content = [], False


# Words that keep a track as it is ("snare stays", "la voix reste pareille", "leave the keys as is").
AS_IS = frozenset({"stays", "stay", "unchanged", "untouched", "reste", "restent", "pareil", "pareille", "pareils",
                   "intact", "inchange", "inchangee", "tel"})


# A track said to be right as it is, after a copula ("the beat's fine", "le beat est nickel"), in
# each language's words ("la voix est fine" is French for thin).
APPROVALS = {"en": (frozenset({"fine", "perfect", "good", "great", "ok", "okay", "solid"}),
                    frozenset({"s", "is", "are", "sounds", "looks"})),
             "fr": (frozenset({"nickel", "parfait", "parfaite", "parfaits", "impeccable", "ok", "bien", "top"}),
                    frozenset({"est", "sont", "sonne", "sonnent"}))}


def _approved(part: list[Token]) -> bool:
    """The part ends on a copula and a word of approval ("the beat's fine", "le kick est ok")."""
    words = [t.text for t in part]
    return len(words) >= 3 and any(words[-1] in good and words[-2] in copulas for good, copulas in APPROVALS.values())


def kept_as_is(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """"bass +2db, kick -1db, snare stays": a track said to stay as it is takes no request, not
    even the one of the item before."""
    for clause, part in zip(clauses, parts, strict=True):
        if clause.targets and (AS_IS & {t.corrected_from or t.text for t in part} or _approved(part)) and \
                all(r.descriptor is None or r.implicit and not r.amounts for r in clause.requests):
            clause.requests, clause.content = [], False
