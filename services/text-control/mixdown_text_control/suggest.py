"""Close phrasings the parser understands, for an instruction (or a part of one) it did not.

The canonical phrases derive from the parser's own tables: for every descriptor of
:data:`~mixdown_text_control.lexicon.DESCRIPTORS`, what the explanations call its request
("plus de présence", "less reverb", "delay off": :func:`~mixdown_text_control.explain.reason`)
in both senses and switched off; and for every role, its level up and down ("monte les chœurs",
"turn the bass down", from :data:`~mixdown_text_control.labels.TARGET_LABELS`). A phrase is kept
only when the rule parser, given it alone, makes at least one edit and leaves nothing out:
a suggestion is always something the parser understands. The phrases are built and checked
once per process (a few hundred parses of well under a millisecond each).

Nearness is the Dice coefficient of the two texts' character trigrams after folding (case,
accents, ligatures), with the words padded by spaces so that whole words weigh more: cheap,
dependency-free, and tolerant of typos and of words in another order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from mixdown.catalog import ROLES
from mixdown_text_control import lexicon as lx
from mixdown_text_control.edits import Session
from mixdown_text_control.explain import reason
from mixdown_text_control.labels import TARGET_LABELS
from mixdown_text_control.normalise import fold

MAX_SUGGESTIONS = 3
_PARENTHESIS = re.compile(r"\s*\(.*?\)")
_LEVEL_VERBS = {"fr": ("monte {}", "baisse {}"), "en": ("turn {} up", "turn {} down")}


@dataclass(frozen=True)
class Phrase:
    """A canonical phrase, its trigrams, and the role it names ("" for none)."""

    text: str
    grams: frozenset[str]
    role: str = ""


def trigrams(text: str) -> frozenset[str]:
    """Character trigrams of the folded text, each word padded with a space on both sides."""
    words = re.findall(r"[a-z0-9%]+", fold(text).text)
    padded = " " + "  ".join(words) + " "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two trigram sets: 1 for the same text, 0 for nothing shared."""
    return 2.0 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _candidates(language: str) -> Iterable[tuple[str, str]]:
    """(phrase, role) from the descriptor table and the role labels."""
    for descriptor in lx.DESCRIPTORS.values():
        for sign in (1, -1):
            yield _PARENTHESIS.sub("", reason(descriptor, False, sign, language)), ""
        if descriptor.off is not None:
            yield _PARENTHESIS.sub("", reason(descriptor, True, -1, language)), ""
    for role in ROLES:
        for verb in _LEVEL_VERBS[language]:
            yield verb.format(TARGET_LABELS[role].text(language)), role


@functools.cache
def canonical_phrases(language: str) -> tuple[Phrase, ...]:
    """The phrases of ``language`` ("fr" or "en") the rule parser understands on their own."""
    from mixdown_text_control.rules import RuleParser

    parser = RuleParser()
    kept: dict[str, Phrase] = {}
    for text, role in _candidates(language):
        if text in kept:
            continue
        result = parser.parse(text, Session(), language)
        if result.edits and not result.not_understood:
            kept[text] = Phrase(text, trigrams(text), role)
    return tuple(kept.values())


def suggest(text: str, language: str, roles: Iterable[str] = (), limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Up to ``limit`` canonical phrases nearest to ``text``, in ``language`` (English unless
    "fr"); phrases naming a role only for the ``roles`` of the session (every role when none)."""
    present = set(roles)
    grams = trigrams(text)
    phrases = [p for p in canonical_phrases("fr" if language == "fr" else "en")
               if not p.role or not present or p.role in present]
    ranked = sorted(phrases, key=lambda p: (-similarity(grams, p.grams), p.text))
    return [p.text for p in ranked[:limit]]
