"""A discreet amount of an effect asked for: "ajoute un écho discret sur le sax", "une reverb
discrète sur la caisse claire", "add a subtle delay", "some quiet reverb on the keys".

An effect named with an indefinite article is an amount of it to add, and a word of quietness
beside it ("discret", "soft", "quiet", "léger", "subtle") says how much: a little more of the
effect on the track, never the effect's bus turned down. Only the indefinite article reads so:
"make the reverb quiet", "la reverb plus discrète" still ask for a quieter return.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

INDEFINITES = frozenset({"un", "une", "a", "an", "some", "du", "des", "d", "petit", "petite", "little", "small"})
EFFECTS = frozenset({"reverb", "delay"})
# Quietness words that are not in the lexicon as such (or mean something else there: "léger" is thin).
MILD_WORDS = {"subtle": "en", "subtil": "fr", "subtile": "fr", "discreet": "en", "light": "en", "leger": "fr",
              "legere": "fr", "gentle": "en", "faint": "en"}
SLIGHTLY = {"fr": "legerement", "en": "slightly"}


def discreet_amounts(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a quietness word beside an effect named with an indefinite article put as
    an intensity ("un écho discret": "un écho légèrement")."""
    out = list(tokens)
    for k, token in enumerate(tokens):
        if not any(e.kind == "desc" and e.value in EFFECTS for e in PHRASES.get(token.text, [])):
            continue
        before = k - 1
        if before >= 0 and _mild(tokens[before].text):
            before -= 1
        if before < 0 or tokens[before].text not in INDEFINITES:
            continue
        for j in (k - 1, k + 1):
            if before < j < len(tokens) and j != k and _mild(tokens[j].text):
                lang = _mild(tokens[j].text)
                out[j] = replace(tokens[j], text=SLIGHTLY[lang], corrected_from=tokens[j].corrected_from or tokens[j].text)
    return out


def _mild(word: str) -> str:
    """The language of a word of quietness, or ""."""
    if word in MILD_WORDS:
        return MILD_WORDS[word]
    entries = [e for e in PHRASES.get(word, []) if e.kind == "desc"]
    if entries and all(e.value == "level" and e.polarity < 0 and not e.comparative for e in entries):
        return entries[0].lang if entries[0].lang in SLIGHTLY else "en"
    return ""
