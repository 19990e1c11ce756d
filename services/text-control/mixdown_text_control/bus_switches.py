"""The reverb or the delay switched off as a whole (a token rewrite before the clauses are split,
run by :mod:`.structure`).

- "delay bus off", "reverb return off": the bus named, then "off" ending the request: the bus
  switched off ("kill the delay bus"), never "a little less" of it.
- "turn off the reverb entirely", "enlève complètement le delay", "kill the delay altogether":
  a switch-off said of the whole effect, with no track named, is the bus's return at its minimum
  (text-labels clarification 5), and the lead vocal's send off as well, not that send alone. Without such a word ("enlève le
  delay") the lead vocal's send goes off, as the parser's defaults say; with a track named
  ("coupe complètement la reverb des chœurs") that track's send. "Tout le delay", "all the
  reverb" with a switch-off ("coupe tout le delay", "coupe le delay, tout le delay") say the same.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

_EFFECTS = frozenset({"reverb", "verb", "reverbe", "delay", "delai", "echo", "echos", "dly", "rvb"})
_BUS_WORDS = frozenset({"bus", "return", "retour", "returns"})
_WHOLLY = frozenset({"entirely", "completely", "totally", "altogether", "fully", "completement", "totalement",
                     "entierement", "completly", "completley", "complety"})
_SWITCHES = frozenset({"off", "kill", "coupe", "couper", "coupes", "enleve", "enlever", "enleves", "remove", "vire",
                       "virer", "supprime", "supprimer", "cut", "mute", "retire", "retirer", "zappe", "drop", "lose",
                       "ditch", "eteins", "eteint", "ferme", "fermer", "shut"})
_POLITE = frozenset({"please", "pls", "plz", "stp", "svp", "thanks", "thx", "merci", "now", "entirely", "completely"})
# A state told ("le delay est complètement off"), not a switch asked for.
_COPULAS = frozenset({"is", "s", "are", "est", "sont", "was", "etait"})
_ARTICLES = frozenset({"the", "le", "la", "l", "my", "ma", "mon", "ze", "da"})
_JOINS = frozenset({"and", "et", "but", "mais", "then", "puis", "also", "aussi"})
# "tout le delay", "all the reverb", "all of the delay": the whole effect.
_ALL = frozenset({"tout", "toute", "all"})
# Words after the effect that name its track ("du sax", "on the keys").
_OWNERS = frozenset({"du", "de", "des", "d", "of", "on", "sur", "from", "in", "dans", "au", "aux", "for", "pour"})


def _clause_bounds(tokens: list[Token], k: int) -> tuple[int, int]:
    """The span [start, end) of the request around ``tokens[k]`` (separators and conjunctions)."""
    start = k
    while start and not tokens[start - 1].is_separator and tokens[start - 1].text not in _JOINS:
        start -= 1
    end = k + 1
    while end < len(tokens) and not tokens[end].is_separator and tokens[end].text not in _JOINS:
        end += 1
    return start, end


def _names_a_track(words: list[str]) -> bool:
    """Whether a word of a request names a track, the mix or the bus (not the effect itself)."""
    return any(any(e.kind == "target" for e in PHRASES.get(w, ())) for w in words if w not in _EFFECTS)


def _all_of(tokens: list[Token], k: int) -> int | None:
    """The effect's index after "tout le" / "all (of) the" at ``k``, or None."""
    j = k + 1
    while j < len(tokens) and j - k <= 3 and tokens[j].text in _ARTICLES | {"of"}:
        j += 1
    return j if tokens[k].text in _ALL and j < len(tokens) and tokens[j].text in _EFFECTS else None


def _all_switched(tokens: list[Token], k: int) -> list[Token] | None:
    """"coupe tout le delay", "coupe le delay, tout le delay", "kill all the reverb": the bus off and
    the lead vocal's send off (as "entirely"); None when ``k`` opens no such whole effect."""
    at = _all_of(tokens, k)
    if at is None or (at + 1 < len(tokens) and tokens[at + 1].text in _OWNERS):
        return None  # "enlève tout l'écho du sax": that track's send
    start, end = _clause_bounds(tokens, k)
    words = {t.text for t in tokens[start:end]}
    if not words & _SWITCHES and start >= 2 and tokens[start - 1].is_separator:
        # "coupe le delay, tout le delay": the whole said again after its switch.
        before, _ = _clause_bounds(tokens, start - 2)
        said = {t.text for t in tokens[before:start - 1]}
        if said & _SWITCHES and tokens[at].text in said and not _names_a_track(list(said)):
            start, words = before, words | said
    if not words & _SWITCHES or words & (_BUS_WORDS | _COPULAS) or _names_a_track(list(words)):
        return None
    effect = tokens[at]
    kill = replace(effect, text="kill")
    return [*tokens[:start], kill, effect, replace(effect, text="bus"), replace(effect, text=";"), kill, effect,
            *tokens[end:]]


def bus_switches(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a bus switched off put as "kill the <effect> bus" (module docstring)."""
    for k, token in enumerate(tokens):
        whole = _all_switched(tokens, k)
        if whole is not None:
            return whole
        if token.text == "off" and k >= 2 and tokens[k - 1].text in _BUS_WORDS and tokens[k - 2].text in _EFFECTS and \
                (k + 1 == len(tokens) or tokens[k + 1].is_separator or tokens[k + 1].text in _JOINS | _WHOLLY | _POLITE):
            # "delay bus off": "kill delay bus" (a verb before it, "turn the delay bus off", says it).
            effect = k - 2
            start, _ = _clause_bounds(tokens, effect)
            if any(t.text not in _ARTICLES for t in tokens[start:effect]):
                continue
            return [*tokens[:start], replace(token, text="kill"), *tokens[start:k], *tokens[k + 1:]]
        if token.text not in _WHOLLY:
            continue
        start, end = _clause_bounds(tokens, k)
        words = [t.text for t in tokens[start:end]]
        effects = [i for i in range(start, end) if tokens[i].text in _EFFECTS]
        if not effects or not set(words) & _SWITCHES or set(words) & (_BUS_WORDS | _COPULAS) or _names_a_track(words):
            continue
        # The bus off, and the lead vocal's send too, where the default puts a switch-off.
        at = effects[0]
        bus = replace(tokens[at], text="bus")
        again = [replace(tokens[end - 1], text=";"), replace(tokens[at], text="kill"), tokens[at]]
        rest = [t for i, t in enumerate(tokens[:end]) if i != k]
        at -= at > k
        return [*rest[:at + 1], bus, *rest[at + 1:], *again, *tokens[end:]]
    return tokens
