"""Which language an instruction, or one clause of it, is in: French or English, by the words
only one of the two uses (the word lists of :mod:`.phrasebook` and the hints of
:mod:`.words_grammar`). A mixed instruction is read clause by clause in each clause's own
language; the whole's language says in which one the edits are explained.
"""

from __future__ import annotations

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import LANG_WORDS
from mixdown_text_control.words_grammar import LANG_HINTS


def language_of(locale: str) -> str:
    """'fr-FR' → 'fr'; '' or an unsupported language → ''."""
    base = locale.strip().lower().replace("_", "-").split("-")[0]
    return base if base in ("fr", "en") else ""


_FR_ONLY = (LANG_WORDS["fr"] - LANG_WORDS["en"]) | LANG_HINTS["fr"]
_EN_ONLY = (LANG_WORDS["en"] - LANG_WORDS["fr"]) | LANG_HINTS["en"]


def _votes(tokens: list[Token]) -> tuple[int, int]:
    words = [t.text for t in tokens if not t.is_number]
    return sum(w in _FR_ONLY for w in words), sum(w in _EN_ONLY for w in words)


def detect_language(tokens: list[Token]) -> str:
    french, english = _votes(tokens)
    return "fr" if french > english else "en"


def clause_language(tokens: list[Token], default: str) -> str:
    """The clause's language when its own words tell (two more of one than of the other),
    else ``default``."""
    french, english = _votes(tokens)
    if french >= english + 2:
        return "fr"
    if english >= french + 2:
        return "en"
    return default
