"""A quality taken away too far: "the vocal's sibilance is too tamed", "les esses sont trop
écrasés", "les aigus sont trop coupés", "you de-essed too hard", "you compressed the vocal too
much".

"Too" before a participle of taking away (tamed, squashed, cut, écrasé, réduit…) says there is
too little left of the quality it follows: more of that quality, never less of it (the lexicon
reads "too" + the quality noun as an excess). And "you <verb> too hard" tells an action overdone:
the verb's move undone, never done again (more compression after "you compressed it too hard"
would go the opposite way). A participle that is itself a quality word ("écrasés": squashed)
describes the quality before it, no request of its own.
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

_TOO = frozenset({"too", "trop", "over", "overly", "tellement", "so"})
# Participles of taking away, EN and FR (every gender and number).
_TAKEN = frozenset({"tamed", "squashed", "squished", "crushed", "smashed", "killed", "reduced", "cut", "removed",
                    "choked", "ecrase", "ecrases", "ecrasee", "ecrasees", "reduit", "reduits", "reduite",
                    "reduites", "bride", "brides", "bridee", "bridees", "attenue", "attenues", "attenuee",
                    "attenuees", "coupe", "coupes", "coupee", "coupees", "gomme", "gommes", "gommee", "gommees",
                    "etouffe", "etouffes", "etouffee", "etouffees"})
# The one told about as having done it ("you de-essed it", "t'as trop compressé").
_DOERS = frozenset({"you", "u", "ya", "tu", "t", "ta", "vous", "yall"})
# The way a fader was told moved ("you brought it down", "you pushed it up").
_WAYS = {"down": -1, "lowered": -1, "dropped": -1, "up": 1, "raised": 1, "boosted": 1}
_AFTER_TELLING = frozenset({"on", "there", "now", "here", "again", "lol", "this", "time", "sur", "la"})


def _taken_after_too(words: list[str]) -> str | None:
    for i, word in enumerate(words):
        if word in _TAKEN and _TOO & set(words[max(0, i - 2):i]):
            return word
    return None


def _overdone_action(words: list[str]) -> str:
    """"you de-essed too hard" (``en``), "tu as de-essé trop fort" (``fr``): a doer, then how hard."""
    if not words or words[0] not in _DOERS:
        return ""
    # "too much" ends the telling ("you de-essed it too much"); before a noun ("you filtered too
    # much low end off") it is the lexicon's excess of that thing.
    pairs = {" ".join(words[i:i + 2]) for i in range(len(words) - 1)
             if i + 2 == len(words) or words[i + 2] in _AFTER_TELLING}
    if {"too hard", "too much", "too heavily"} & pairs or "overboard" in words:
        return "en"
    return "fr" if "trop fort" in pairs else ""


def overdone(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Read the qualities taken away too far (module docstring), in place."""
    for clause, part in zip(clauses, parts, strict=True):
        words = [t.corrected_from or t.text for t in part]  # as written: "gommés" is no "goes"
        qualities = [r for r in clause.requests if r.descriptor not in (None, "level", "loudness", "compression")]
        told = _overdone_action(words)
        if _taken_after_too(words) and qualities and not clause.negated:
            # "les esses sont trop écrasés": more esses; "écrasés" describes them.
            clause.requests = qualities
            for request in qualities:
                request.direction = request.polarity
        elif told and clause.requests and not clause.negated:
            for request in clause.requests:
                if request.polarity < 0:
                    # A tool that takes its quality away ("de-ess") overdone: more of the quality.
                    request.direction = -1
                elif told == "en" and request.direction and request.descriptor not in (None, "level", "loudness"):
                    # ("compressé trop fort": the lexicon reads "trop" as the excess already.)
                    request.direction = -request.direction
                elif told == "en" and request.descriptor == "level" and set(_WAYS) & set(words):
                    # "you brought the vocal down too much": the level back up (the lexicon reads
                    # "too much" as an excess of level whatever way the fader went).
                    way = {_WAYS[w] for w in _WAYS if w in words}
                    if len(way) == 1:
                        request.direction = -way.pop()
