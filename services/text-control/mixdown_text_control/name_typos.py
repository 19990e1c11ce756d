"""Typos of the session's names that the lexicon would read as another word:

- a word one letter from a word of the session's track names, beside another word of those names
  ("the gest mic is too loud" beside guest_mic.wav): the name's word ("guest"), not the
  lexicon's nearest word ("gets"), which would leave "mic" alone and the request on the master;
  so is such a word after an article ("lower the gest a bit");
- a French "l'" glued to a track word with a typo ("mute lintru"): the article and the track word
  ("l", "instru"), never the lead vocal by default.

Called by the speller (:mod:`.normalise`) on each token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the speller imports this module
    from mixdown_text_control.normalise import Speller, Token

# Articles before a name ("lower the gest": the guest).
_ARTICLES = frozenset({"the", "le", "la", "les", "my", "mon", "ma", "mes", "our", "du", "des", "au", "aux"})
# Shortest glued word read as "l'" + a track word with a typo ("lintru").
MIN_GLUED_CHARS = 6


def named_in_context(speller: Speller, tokens: list[Token], index: int, fixed: str, extra_known: frozenset[str]) -> str:
    """The name word that ``tokens[index]`` is a typo of, when a word of the names stands beside it;
    else ``fixed`` (the lexicon's correction)."""
    word = tokens[index].text
    if fixed == word or not extra_known or word in speller.known:
        return fixed
    named = speller._closest(word, pool=extra_known)
    if named == word:
        return fixed
    beside = {tokens[j].text for j in (index - 1, index + 1) if 0 <= j < len(tokens)}
    # After an article, only a word that is no inflection of a known one ("les hauts" stays "haut").
    inflected = any(word[:-len(end)] in speller.known for end in ("s", "x", "e", "es") if word.endswith(end))
    after_article = index > 0 and tokens[index - 1].text in _ARTICLES and not inflected
    return named if after_article or beside & (extra_known - speller.known) or \
        beside & {"mic", "mics", "micro"} & extra_known else fixed


def glued_track(speller: Speller, word: str) -> str:
    """The track word after a glued "l'" with a typo ("lintru": "instru"), or ""."""
    from mixdown_text_control.phrasebook import PHRASES

    rest = word[1:]
    if word[:1] != "l" or len(word) < MIN_GLUED_CHARS or rest[0] not in "aeiouyh" or word in speller.known:
        return ""
    fixed = speller.correct(rest)
    return fixed if fixed != rest and any(e.kind == "target" for e in PHRASES.get(fixed, ())) else ""
