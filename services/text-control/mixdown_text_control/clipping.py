"""Clipping said of the whole: "master is too loud, it's clipping", "le son global est trop fort
ça sature, baisse le master", "808 glide is clipping the whole thing, pull it 3dB". Clipping or
saturating there is the symptom of a level too hot, not a request for less saturation on every
track: beside a request that lowers a level or the loudness, it is the reason (no request of its
own); said alone of the master or the mix ("the master is clipping"), it asks for the master's
loudness down. The whole it clips ("the whole thing") is where, not a target. Said of a track
alone ("le beat sature, enlève du crunch"), it stays that track's saturation."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause, Request, Target
from mixdown_text_control.normalise import Token

CLIPPING_WORDS = frozenset({"clipping", "clips", "clip", "clipped", "clippe", "clippent", "clipper", "sature", "saturent",
                            "saturer",
                            "distorts", "distorting", "crackles", "crackling", "craque", "craquent", "crache",
                            "crachent"})
WHOLE = frozenset({"mix", "master"})
# Squashing everything, said of "it" ("ça écrase tout"): a level too hot, like clipping.
SQUASHING_WORDS = frozenset({"ecrase", "ecrasent", "squashes", "smashes", "crushes"})
PRONOUNS = frozenset({"ca", "c", "it", "that", "ce", "il", "elle", "this"})
# Degrees before a participle, whose own cue gives the way ("le 808 plus saturé", "trop saturé").
DEGREES = frozenset({"plus", "moins", "trop", "more", "less", "too", "tres", "very", "peu", "bien", "super", "pas",
                     "assez", "so", "way", "really", "vraiment", "encore", "not", "un", "a", "bit", "little"})
# Words before it that wish for it ("je veux que ça crache") or name it ("plus de sature").
WISHES = frozenset({"veux", "voudrais", "aimerais", "want", "wanna", "que", "qu", "faut", "like"})
NAMING = frozenset({"de", "d", "du", "la", "le", "of", "the", "some", "en"})
# Openings that ask for the clipping ("fais saturer la voix", "make it clip").
CAUSATIVE_OPENINGS = frozenset({"fais", "faites", "faire", "make", "let", "mets", "plus", "more", "un", "une", "a"})


def _lowers(request: Request) -> bool:
    """A level or loudness lowered, or "it" lowered ("pull it 3dB", "baisse-la")."""
    if request.descriptor is None:
        return request.direction < 0 and not request.off  # "pull it 3dB", "baisse-la"
    return request.descriptor in ("level", "loudness") and (request.off or request.direction * request.polarity < 0)


def _squashing_reason(clause: Clause, words: list[str], k: int, clauses: list[Clause]) -> bool:
    """"le master est trop fort, ça écrase tout": squashing everything said by a pronoun after a
    level lowered is why, not a request on the compressors (the clause's requests are dropped)."""
    if not SQUASHING_WORDS & set(words) or not words or words[0] not in PRONOUNS or clause.targets or \
            not clause.requests or not all(r.descriptor in ("compression", "glue") for r in clause.requests):
        return False
    if not any(_lowers(r) for j, other in enumerate(clauses) if j != k for r in other.requests):
        return False
    clause.requests, clause.content = [], False
    return True


def _squashing_complaint(clause: Clause, words: list[str]) -> None:
    """"le master écrase tout", "ça écrase tout": the verb after its subject complains of too much
    compression (never more of it, as the imperative "écrase la voix" asks)."""
    at = next((i for i, w in enumerate(words) if w in SQUASHING_WORDS), None)
    if at is None or at == 0 or words[0] in CAUSATIVE_OPENINGS or words[at - 1] in DEGREES | NAMING or \
            WISHES & set(words[:at]) or not clause.requests or \
            not all(r.descriptor in ("compression", "glue") for r in clause.requests):
        return
    for request in clause.requests:
        request.direction, request.polarity, request.cue_source = -1, 1, "complaint"


def clipping_reasons(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Read each clause that complains of clipping (see the module docstring); changes
    ``clauses`` in place."""
    for k, (clause, part) in enumerate(zip(clauses, parts, strict=True)):
        words = [t.text for t in part]
        if _squashing_reason(clause, words, k, clauses):
            continue
        _squashing_complaint(clause, words)
        at = next((i for i, w in enumerate(words) if w in CLIPPING_WORDS), None)
        if at is None or not clause.requests or not all(r.descriptor == "saturation" for r in clause.requests):
            continue
        if at > 0 and words[0] not in CAUSATIVE_OPENINGS and words[at - 1] not in DEGREES | NAMING and \
                not WISHES & set(words[:at]):
            # "le mix sature", "ça sature": the verb after its subject tells what happens.
            for request in clause.requests:
                request.direction, request.polarity, request.cue_source = -1, 1, "complaint"
        if not all(r.direction * r.polarity < 0 for r in clause.requests):
            continue  # ("sature les keys", "plus saturé", "fais saturer la voix": saturation asked for)
        own = [t for t in clause.targets if t.value not in WHOLE]
        for other in clauses[k + 1:]:
            for request in other.requests if not other.targets else ():
                if request.descriptor is None and request.direction == 0 and request.amounts and \
                        all(a.unit == "db" and not a.signed for a in request.amounts):
                    # "… is clipping, pull it 3dB": a gain in dB after a clipping is taken off.
                    request.direction, request.cue_source = -1, "explicit"
                    for amount in request.amounts:
                        amount.absolute, amount.relative = False, True
        lowering = [other for j, other in enumerate(clauses) if j != k and any(_lowers(r) for r in other.requests)]
        # A track's own clipping is the reason of its own level lowered ("…, pull it 3dB"), not
        # of another track's ("the 808 is too saturated, and the synth too loud").
        lowered = any(not own or not other.targets or {t.value for t in other.targets} & {t.value for t in own}
                      for other in lowering)
        if lowered:
            clause.requests, clause.content, clause.targets = [], False, own
        elif own and len(own) < len(clause.targets):
            # "the 808 is clipping the whole thing": the track is too hot.
            clause.requests = [Request("level", direction=-1, cue_source="complaint")]
            clause.targets = own
        elif not own and any(t.value in WHOLE for t in clause.targets):
            clause.requests = [Request("loudness", direction=-1, cue_source="complaint")]
            clause.targets = [Target("master", False)]
