"""Pan sides said in chat style (a token rewrite run by :mod:`.structure`):

- an English side after French words ("pan-le un peu right", "mets les backs plus left"): the
  French side ("à droite", "à gauche"), so the French clause reads its place;
- "full" beside a side ("a gauche full", "full left", "full droite"): all the way to that side
  ("à fond à gauche", "hard left"), never "full" as more low end.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

_ENGLISH_SIDES = {"right": "droite", "left": "gauche"}
_FRENCH_SIDES = frozenset({"gauche", "droite"})
# French words after which an English side is the French one.
_FRENCH_BEFORE = frozenset({"peu", "plus", "le", "la", "les", "lui", "tout", "completement", "bien", "chouia", "poil",
                            "vers", "a", "au", "mets", "met", "mettre", "pan", "panne", "encore", "trop", "full"})
_FRENCH_CLAUSE = frozenset({"le", "la", "les", "lui", "un", "peu", "mets", "plus", "tout", "vers"})
_FULL = frozenset({"full", "fully"})


def _french(tokens: list[Token], i: int) -> bool:
    """Whether the English side at ``i`` stands in a French clause, after a French word."""
    if i == 0 or tokens[i - 1].text not in _FRENCH_BEFORE:
        return False
    k = i - 1
    while k >= 0 and not tokens[k].is_separator:
        if tokens[k].text in _FRENCH_CLAUSE:
            return True
        k -= 1
    return False


def pan_words(tokens: list[Token]) -> list[Token]:
    """``tokens`` with chat-style pan sides put as the lexicon reads them (module docstring)."""
    out: list[Token] = []
    n = len(tokens)
    for i, token in enumerate(tokens):
        text = token.text
        after = tokens[i + 1].text if i + 1 < n else ""
        before = tokens[i - 1].text if i else ""
        if text in _ENGLISH_SIDES and _french(tokens, i) and before not in _FULL:
            if before not in ("a", "vers", "au"):
                out.append(replace(token, text="a"))
            out.append(replace(token, text=_ENGLISH_SIDES[text]))
        elif text in _FULL and (after in _ENGLISH_SIDES or after in _FRENCH_SIDES or
                                (after == "a" and i + 2 < n and tokens[i + 2].text in _FRENCH_SIDES)):
            side = tokens[i + 2].text if after == "a" else after
            if side in _ENGLISH_SIDES and not _french(tokens, i + 1 if after != "a" else i + 2):
                out.append(replace(token, text="hard"))
            else:
                out += [replace(token, text="a"), replace(token, text="fond")]
                if after in _FRENCH_SIDES:
                    out.append(replace(token, text="a"))
        elif text in _FULL and before in _FRENCH_SIDES | set(_ENGLISH_SIDES):
            at = len(out) - 1
            while at > 0 and out[at - 1].text in ("a", "to", "the"):
                at -= 1
            if before in _ENGLISH_SIDES and not _french(tokens, i - 1):
                out.insert(at, replace(token, text="hard"))
            else:
                out[at:at] = [replace(token, text="a"), replace(token, text="fond")]
        else:
            out.append(token)
    return out
