"""A fault that grew, told with a comparative after a verb of state or change ("the lead got
harsher", "the vocal sounds muddier now", "la voix est devenue plus dure", "le kick sonne plus
boueux"): a complaint, so less of the fault, never a request for more of it. The comparative is
put as "too" + its base word (a token rewrite run by :mod:`.structure`).

Only words that name a fault are read so; a neutral comparative ("sounds brighter now") may be
praise and stays as the lexicon reads it. A wish ("make it harsher", "I want it muddier") has no
verb of state before its comparative and is left alone.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

# English comparatives of faults → their base word.
_ENGLISH = {"harsher": "harsh", "muddier": "muddy", "boomier": "boomy", "boxier": "boxy", "thinner": "thin",
            "duller": "dull", "nastier": "nasty", "hissier": "hissy", "tinnier": "tinny", "honkier": "honky",
            "fizzier": "fizzy", "mushier": "mushy", "messier": "messy", "woollier": "woolly", "shriller": "shrill",
            "brasher": "harsh", "sharper": "sharp", "quieter": "quiet"}
# French fault adjectives, said after "plus".
_FRENCH = frozenset({"dure", "dur", "durs", "dures", "agressive", "agressif", "agressifs", "agressives", "boueuse",
                     "boueux", "boueuses", "sourde", "sourd", "sourds", "sourdes", "fine", "fin", "fines", "fins",
                     "nasillarde", "nasillard", "nasillards", "nasillardes", "criarde", "criard", "stridente",
                     "strident", "sifflante", "sifflantes", "sifflant", "sifflants", "terne", "ternes",
                     "etouffee", "etouffe", "etouffees", "etouffes"})
_ENGLISH_STATES = frozenset({"got", "gotten", "became", "become", "went", "gone", "sounds", "sound", "is", "are",
                             "s", "getting", "feels", "feel"})
_FRENCH_STATES = frozenset({"devenue", "devenu", "devenus", "devenues", "devient", "deviennent", "sonne",
                            "sonnent", "est", "sont"})
_DEGREES = frozenset({"a", "bit", "way", "much", "so", "even", "kinda", "little", "lot", "all", "really", "un", "peu",
                      "beaucoup", "encore", "vraiment", "bien", "carrement"})


def _state_before(tokens: list[Token], k: int, states: frozenset[str]) -> bool:
    j = k - 1
    while j >= 0 and tokens[j].text in _DEGREES:
        j -= 1
    return j >= 0 and tokens[j].text in states


def _compared(tokens: list[Token], k: int) -> bool:
    """Whether "than"/"que" follows the comparative at ``k`` (a comparison between tracks, read elsewhere)."""
    return any(t.text in ("than", "que", "qu") for t in tokens[k + 1:k + 4])


def worse_states(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a fault that grew put as "too" + the fault (module docstring)."""
    out: list[Token] = []
    for k, token in enumerate(tokens):
        text = token.text
        if _compared(tokens, k):
            out.append(token)
        elif text in _ENGLISH and _state_before(tokens, k, _ENGLISH_STATES):
            out += [replace(token, text="too"), replace(token, text=_ENGLISH[text])]
        elif text == "plus" and k + 1 < len(tokens) and tokens[k + 1].text in _FRENCH and \
                _state_before(tokens, k, _FRENCH_STATES):
            out.append(replace(token, text="trop"))
        else:
            out.append(token)
    return out
