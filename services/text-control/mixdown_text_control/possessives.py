"""A third person's voice after that person was named: "mon invité sonne plus loin que moi,
rapproche sa voix", "my guest sounds far, bring his voice closer". "sa voix" / "his voice" is the
voice of the track just named, read as a pronoun on it ("rapproche-l", "bring it"), never the
lead vocal that "voix"/"voice" alone names. Without a track named before ("monte sa voix") the
words stay as they are. The artist's own mic ("mon micro", "my mic") is their voice, the lead
vocal, unless a track is named by that word."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

POSSESSIVES = {"sa": "l", "son": "l", "ses": "les", "leur": "l", "leurs": "les", "his": "it", "her": "it",
               "their": "them"}
# The artist's own microphone ("mon micro un peu plus fort", "turn my mic up"): their voice, the lead vocal.
OWN_MIC = {("mon", "micro"): ("ma", "voix"), ("mon", "mic"): ("ma", "voix"), ("my", "mic"): ("my", "vocal"),
           ("my", "microphone"): ("my", "vocal"), ("mon", "microphone"): ("ma", "voix")}
VOICE_WORDS = frozenset({"voix", "voice", "vocal", "vocals", "mic", "micro", "timbre"})
# Roles that have a voice of their own; "le beat est trop fort, monte sa voix" is the artist's voice.
VOICED_ROLES = frozenset({"lead_vocal", "double", "adlib", "backing_vocal"})


def _instrument(word: str) -> bool:
    """A role word of a track with no voice ("beat", "basse")."""
    roles = {str(e.value) for e in PHRASES.get(word, ()) if e.kind == "target"}
    return bool(roles) and not roles & VOICED_ROLES


def _named_before(tokens: list[Token], names: Mapping[tuple[str, ...], str]) -> bool:
    """Whether a voiced track is named before (a session name or a role word; not the voice itself)."""
    words = [t.text for t in tokens]
    for k, word in enumerate(words):
        if word in VOICE_WORDS:
            continue
        if _instrument(word):
            continue
        if any(e.kind == "target" for e in PHRASES.get(word, ())):
            return True
        if any(words[k:k + len(n)] == list(n) for n in names if n and n[0] == word and not set(n) & VOICE_WORDS):
            return True
    return False


def possessive_voices(tokens: list[Token], names: Mapping[tuple[str, ...], str]) -> list[Token]:
    """``tokens`` with "sa voix"/"his voice" after a named track put as the pronoun on it."""
    for k, token in enumerate(tokens[:-1]):
        own = OWN_MIC.get((token.text, tokens[k + 1].text))
        if own is not None and not any(n[:1] == (tokens[k + 1].text,) for n in names):
            mine = [replace(token, text=own[0]), replace(tokens[k + 1], text=own[1])]
            return possessive_voices([*tokens[:k], *mine, *tokens[k + 2:]], names)
        if token.text in POSSESSIVES and tokens[k + 1].text in VOICE_WORDS and k and _named_before(tokens[:k], names):
            pronoun = replace(token, text=POSSESSIVES[token.text], end=tokens[k + 1].end)
            return possessive_voices([*tokens[:k], pronoun, *tokens[k + 2:]], names)
    return tokens
