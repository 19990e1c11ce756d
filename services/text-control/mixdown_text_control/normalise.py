"""Instruction text → comparable tokens: case, accents, ligatures, apostrophes, units, typos.

Every step keeps a map from the folded text back to the original, so that what the parser
does not understand is reported in the artist's own words (``Folded.original``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}
_APOSTROPHES = "’‘`´ʼ"
_DASHES = "‐‑‒–—―−"
# "3db" → "3 db", "8k" → "8 khz", "1,5" → "1.5" (a decimal comma, not a clause separator)
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_NUMBER_UNIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)(db|hz|khz|k|lufs|lu|ms|%)$")

TYPO_CUTOFF = 0.8
MIN_TYPO_CHARS = 4


def fold_char(char: str) -> str:
    """One character lower-cased, without accents; ligatures spelled out; odd apostrophes and
    dashes made plain (may return 0, 1 or 2 characters)."""
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    lowered = char.lower()
    if lowered in _LIGATURES:
        return _LIGATURES[lowered]
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Folded:
    """Folded text and, for each of its characters, the index of the original character."""

    text: str
    source: tuple[int, ...]
    original: str

    def original_span(self, start: int, end: int) -> str:
        """The original text behind ``text[start:end]``."""
        if start >= end or not self.source:
            return ""
        first = self.source[start]
        last = self.source[end - 1] + 1
        return self.original[first:last].strip()


def fold(text: str) -> Folded:
    """Lower-case, accents removed, œ → oe; apostrophes and hyphens become spaces (``l'instru``
    → ``l instru``, ``bas-médiums`` → ``bas mediums``) except a minus sign before a number."""
    chars: list[str] = []
    source: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        if folded == "-":
            following = text[index + 1] if index + 1 < len(text) else ""
            before = chars[-1] if chars else " "
            folded = "-" if following.isdigit() and not before.isalnum() else " "
        elif folded in ("'", "_", "/", "(", ")", '"', "«", "»", "*", "~"):
            folded = " "
        for piece in folded:
            chars.append(piece)
            source.append(index)
    joined = "".join(chars)
    # The decimal comma: replaced in place so the source map stays aligned.
    joined = _DECIMAL_COMMA.sub(".", joined)
    return Folded(joined, tuple(source), text)


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # span in the folded text
    end: int
    corrected_from: str = ""

    @property
    def is_number(self) -> bool:
        return bool(re.fullmatch(r"[+-]?\d+(?:\.\d+)?", self.text))

    @property
    def is_separator(self) -> bool:
        return self.text in {",", ";", ".", "!", "?", ":"}


def tokenise(folded: Folded) -> list[Token]:
    """Words, numbers (a unit glued to a number is split off: ``3db`` → ``3``, ``db``) and
    punctuation, with their spans in the folded text."""
    tokens: list[Token] = []
    for match in re.finditer(r"[+-]?\d+(?:\.\d+)?[a-z%]*(?::1)?|[a-z]+|[,;.!?%:]", folded.text):
        word, start, end = match.group(0), match.start(), match.end()
        glued = _NUMBER_UNIT.match(word)
        if glued:
            number, unit = glued.groups()
            tokens.append(Token(number, start, start + len(number)))
            tokens.append(Token("khz" if unit == "k" else unit, start + len(number), end))
        elif re.fullmatch(r"[+-]?\d+(?:\.\d+)?:1", word):
            tokens.append(Token(word[:-2], start, end - 2))
            tokens.append(Token(":1", end - 2, end))
        elif re.fullmatch(r"[+-]?\d+(?:\.\d+)?[a-z]+", word):  # "2x", "3dbs": keep the number
            number = re.match(r"[+-]?\d+(?:\.\d+)?", word).group(0)
            tokens.append(Token(number, start, start + len(number)))
            tokens.append(Token(word[len(number):], start + len(number), end))
        else:
            tokens.append(Token(word, start, end))
    return tokens


class Speller:
    """Typo tolerance: a word that is not in the vocabulary becomes its closest vocabulary word
    (difflib ratio at least ``cutoff``); short words and numbers are left alone."""

    def __init__(self, vocabulary: Iterable[str], known: Iterable[str] = (), cutoff: float = TYPO_CUTOFF) -> None:
        self.vocabulary = sorted({w for w in vocabulary if w.isalpha()})
        self.known = set(self.vocabulary) | set(known)
        self.cutoff = cutoff
        self._cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        if word in self.known or len(word) < MIN_TYPO_CHARS or not word.isalpha():
            return word
        if word not in self._cache:
            # Short words need a closer match: one wrong letter in four is a different word.
            cutoff = self.cutoff if len(word) > 6 else max(self.cutoff, 0.85)
            close = difflib.get_close_matches(word, self.vocabulary, n=1, cutoff=cutoff)
            self._cache[word] = close[0] if close else word
        return self._cache[word]

    def correct_tokens(self, tokens: list[Token], folded: Folded | None = None) -> list[Token]:
        """Each token corrected; with ``folded``, a Capitalised word inside a sentence (a name:
        "the Beatles") is left as it is."""
        result = []
        for index, token in enumerate(tokens):
            if folded is not None and index and not tokens[index - 1].is_separator:
                original = folded.original_span(token.start, token.end)
                if original[:1].isupper() and original[1:].islower():
                    result.append(token)
                    continue
            fixed = self.correct(token.text)
            result.append(token if fixed == token.text else Token(fixed, token.start, token.end, token.text))
        return result
