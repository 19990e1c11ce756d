"""French object pronouns agree with their antecedent: "la voix est en retrait, le beat la
couvre, fais-la ressortir" ("la": the voice, feminine, not the beat named last), "le kick est
mou, la basse le masque, monte-le". A clause that takes its track from a pronoun takes the
nearest track named before with the pronoun's gender (read from the article before the track's
word); when none agrees, the nearest one stays.

After a track's dynamics told by a verb or an idiom ("la snare claque trop", "l'instru écrase
tout", "le kick manque de patate", "sature le 808"), a bare level verb on a pronoun of the
track's gender ("baisse-la de 3 dB", "monte-le", "baisse-le d'1 dB pour compenser") moves the
track's level, not its compressor: a quality the clause would name ("la compression … baisse-la")
has its own gender, that of its noun.
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

FEMININE = frozenset({"la", "ma", "ta", "sa", "cette", "une", "notre", "votre"})
MASCULINE = frozenset({"le", "mon", "ton", "son", "ce", "cet", "un", "du", "au"})
PRONOUNS = {"la": "f", "le": "m"}


def agreeing_pronouns(clauses: list[Clause], parts: list[list[Token]], own: list[set[str]]) -> None:
    """Give a clause whose French pronoun disagrees with the tracks it inherited the nearest
    earlier clause's tracks of that gender (``own``: the targets each clause named itself)."""
    for k in range(1, len(clauses)):
        clause, words = clauses[k], [t.text for t in parts[k]]
        if not clause.pronoun or own[k] or not clause.targets:
            continue
        gender = _pronoun_gender(words)
        _levelled(clause, words, gender, parts[k - 1])
        _undoing(clause, words, gender, clauses[:k])
        _other_gender(clause, words, gender)
        if gender is None:
            continue
        genders = [(j, _target_gender(parts[j])) for j in range(k - 1, -1, -1) if own[j]]
        if not genders or genders[0][1] in (gender, None):
            continue
        match = next((j for j, g in genders if g == gender), None)
        if match is not None:
            clause.targets = [t for t in clauses[match].targets if not t.excluded]


# Qualities of a track's dynamics, which a level verb on the track's own pronoun does not name.
DYNAMICS = frozenset({"punch", "compression", "glue", "threshold", "saturation"})


def _levelled(clause: Clause, words: list[str], gender: str | None, before: list[Token]) -> None:
    """A bare level verb on a French pronoun of the track's gender after its dynamics: its level."""
    if gender is None or _target_gender(before) not in (gender, None) or _names_quality(before, gender):
        return
    for request in clause.requests:
        if request.descriptor in DYNAMICS and request.direction and not request.off and \
                not any(e.kind == "desc" for w in words for e in PHRASES.get(w, [])):
            request.descriptor, request.polarity, request.implicit = "level", 1, True


def _undoing(clause: Clause, words: list[str], gender: str | None, before: list[Clause]) -> None:
    """"la voix est trop sèche, baisse-la", "too dry, turn it down": a level verb on the track's pronoun that would undo
    the fix of the complaint just told (less reverb on a voice too dry) is the track's level, never
    the quality the wrong way: "la" is "la voix", an adjective has no pronoun."""
    if (gender is None and not {"it", "them"} & set(words)) or \
            any(e.kind == "desc" for w in words for e in PHRASES.get(w, [])):
        return  # ("the vocal is too dry, turn it down": "it" is the vocal too)
    asked = {(r.descriptor, r.direction * r.polarity) for c in before for r in c.requests
             if r.cue_source == "complaint" or r.direction}
    for request in clause.requests:
        way = request.direction * request.polarity
        if request.descriptor not in (None, "level") and way and (request.descriptor, -way) in asked and \
                (request.descriptor, way) not in asked:
            request.descriptor, request.polarity, request.implicit = "level", 1, True


# The gender of an effect's French noun ("la reverb", "le delay", "la compression"): a pronoun of the
# other gender is not that effect ("le sax, ajoute un peu de reverb et monte-le": the sax's level).
EFFECT_GENDERS = {"reverb": "f", "delay": "m", "compression": "f", "saturation": "f"}


def _other_gender(clause: Clause, words: list[str], gender: str | None) -> None:
    """A bare verb on a pronoun whose gender is not that of the effect it inherited: the track's level."""
    if gender is None or any(e.kind == "desc" for w in words for e in PHRASES.get(w, [])):
        return
    for request in clause.requests:
        if EFFECT_GENDERS.get(request.descriptor or "") not in (None, gender) and request.direction and not request.off:
            request.descriptor, request.polarity, request.implicit = "level", 1, True


def _names_quality(part: list[Token], gender: str) -> bool:
    """Whether the clause names a quality by a noun of ``gender`` ("la compression")."""
    words = [t.text for t in part]
    articles = FEMININE if gender == "f" else MASCULINE
    return any(i and words[i - 1] in articles and any(e.kind == "desc" for e in PHRASES.get(w, []))
               for i, w in enumerate(words))


def _pronoun_gender(words: list[str]) -> str | None:
    """The gender of an object pronoun ("fais la ressortir", "monte-le"): "la"/"le" not
    followed by a noun."""
    for i, word in enumerate(words):
        if word in PRONOUNS and i and (i + 1 == len(words) or not _noun(words[i + 1])):
            return PRONOUNS[word]
    return None


def _target_gender(part: list[Token]) -> str | None:
    words = [t.text for t in part]
    for i, word in enumerate(words):
        if i and any(e.kind == "target" for e in PHRASES.get(word, [])):
            if words[i - 1] in FEMININE:
                return "f"
            if words[i - 1] in MASCULINE:
                return "m"
    return None


def _noun(word: str) -> bool:
    return any(e.kind in ("target", "desc") for e in PHRASES.get(word, []))
