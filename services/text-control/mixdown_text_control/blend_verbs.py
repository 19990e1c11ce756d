"""Verbs that sink a track into the others ("sit it in the band a bit more", "blend the vocal
into the beat", "fonds-la un peu plus dans les chœurs", "tuck the lead into the guitars"): the
track less forward, its level down. The degree beside them ("more", "plus") is how much further
in, never "louder": read as it stood, "sit the vocal in the beat more" raised the vocal.

Read before the split (:func:`.structure.rewritten`): the verb is put as a plain lowering verb
("lower", "baisse") and its "more"/"plus" left out; only when the verb opens its clause (an order)
and a place of sinking follows it ("in", "into", "dans", "avec"), so "the vocal sits nicely in
the mix" (a state) and "fond" as a noun ("au fond") stay as they are.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

BLEND_VERBS = {"sit": "lower", "blend": "lower", "tuck": "lower", "bury": "lower", "melt": "lower", "nestle": "lower", "sink": "lower",
               "settle": "lower", "embed": "lower", "fond": "baisse", "fonds": "baisse", "fonde": "baisse",
               "integre": "baisse", "integres": "baisse", "noie": "baisse", "enfonce": "baisse", "enfonces": "baisse"}
SINK_PLACES = frozenset({"in", "into", "inside", "within", "dans", "avec", "with", "among", "parmi"})
MORE_WORDS = frozenset({"more", "plus", "further", "davantage"})
# Words that may come before an order at a clause's head ("please sit it in", "can you blend it").
_OPENERS = frozenset({"please", "pls", "just", "juste", "can", "could", "you", "u", "tu", "peux", "pourrais", "stp",
                      "svp", "and", "et", "then", "puis", "now", "maintenant", "also", "aussi"})
_REACH = 6  # words between the verb and its place


def _opens_clause(tokens: list[Token], k: int) -> bool:
    i = k - 1
    while i >= 0 and tokens[i].text in _OPENERS:
        i -= 1
    return i < 0 or tokens[i].is_separator


def sunk_tracks(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a sinking order put as a lowering one (module docstring)."""
    out = list(tokens)
    drop: set[int] = set()
    for k, token in enumerate(tokens):
        if token.text not in BLEND_VERBS or not _opens_clause(tokens, k):
            continue
        end = next((i for i in range(k + 1, len(tokens)) if tokens[i].is_separator), len(tokens))
        if not any(t.text in SINK_PLACES for t in tokens[k + 1:min(end, k + 1 + _REACH)]):
            continue
        out[k] = replace(token, text=BLEND_VERBS[token.text], corrected_from=token.corrected_from or token.text)
        drop |= {i for i in range(k + 1, end) if tokens[i].text in MORE_WORDS}
    return [t for i, t in enumerate(out) if i not in drop]
