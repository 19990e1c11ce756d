"""Instruction text → comparable tokens: case, accents, ligatures, apostrophes, units, typos.

Every step keeps a map from the folded text back to the original, so that what the parser
does not understand is reported in the artist's own words (``Folded.original``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mixdown_text_control.heard import heard_spelling
from mixdown_text_control.name_typos import glued_track, named_in_context

_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}
_APOSTROPHES = "’‘`´ʼ"
_DASHES = "‐‑‒–—―−"
# "3db" → "3 db", "8k" → "8 khz", "1,5" → "1.5" (a decimal comma, not a clause separator)
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_NUMBER_UNIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)(db|hz|khz|k|lufs|lu|ms|%)$")

# A numbered list's markers ("1) kick +2 dB 2) sub -1 dB", "1. voix 2. reverb", "1- ... 2- ..."):
# a number of one or two digits closed by ")", "." or "-" at the head of an item. Read as
# markers only when they count 1, 2, 3... from the first (two at least), so that an amount in
# parentheses ("monte-la (genre 2)") stays a number.
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s,;:(]))(\d{1,2}|[a-hA-H])(?:([.-])(?=\s|$)|(\))(?=\s|$|[^\W\d_]))")
# A number in dB one space after a dash ("- 2 dB", "- 1.5db"): the dash is its sign.
_SPACED_MINUS = re.compile(r" (\d+(?:[.,]\d+)?) ?db\b", re.IGNORECASE)
# Bullets that open a list item.
_BULLETS = "•·▪◦‣●"

MIN_TYPO_CHARS = 4
_REPEATS = re.compile(r"([a-z])\1{2,}")
_DOUBLE = re.compile(r"([a-z])\1")
# Letters that sound alike ("k" for the "h" of "ch"), one typed for the other in a short word
# ("sek": "sec", "ecko": "echo", "beet": "beat", "lowd": "loud", never "low"):
# the only substitutions a word under five letters may carry.
SOUND_ALIKE = {"k": ("c", "h"), "c": ("k",), "y": ("i",), "i": ("y",), "e": ("a",), "w": ("u",)}
# The shortest spelling without a silent "gh" read as the word ("hier" is not "higher").
SILENT_MIN_CHARS = 5
# French sounds written as heard in a short word ("la vwa": "voix").
SPELT_AS_HEARD = (("wa", ("oi", "oix", "ois")),)


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


def list_markers(text: str) -> dict[int, str]:
    """The characters of a numbered list's markers (see ``_LIST_MARKER``; "a)", "b)" too) and of
    bullets → what they fold to: the number a space, its closing mark or the bullet a clause
    separator."""
    counted: list[re.Match[str]] = []
    for match in _LIST_MARKER.finditer(text):
        label = match.group(1)
        rank = int(label) if label.isdigit() else ord(label.lower()) - ord("a") + 1
        if label.isalpha() and not match.group(3):
            continue  # "a." and "b-" are words; only "a)" opens a lettered item
        if rank == len(counted) + 1:
            counted.append(match)
    out: dict[int, str] = {i: ";" for i, char in enumerate(text) if char in _BULLETS}
    if len(counted) < 2:
        return out
    for match in counted:
        out.update({i: " " for i in range(match.start(1), match.end(1))})
        out[match.start(2) if match.group(2) else match.start(3)] = ";"
    return out


def _spaced_minus(text: str, index: int) -> int:
    """The index of the number a dash at ``index`` is the minus sign of across one space ("beat
    - 2 dB", "voix - 3db"), or 0: the dash is a minus when a number in dB follows it and no
    number stands before it ("100 - 200 hz", "1 - 2 dB" are ranges)."""
    match = _SPACED_MINUS.match(text, index + 1)
    if not match:
        return 0
    previous = text[:index].rstrip()
    if previous[-1:].isdigit():
        return 0
    return match.start(1)


def fold(text: str) -> Folded:
    """Lower-case, accents removed, œ → oe; apostrophes and hyphens become spaces (``l'instru``
    → ``l instru``, ``bas-médiums`` → ``bas mediums``) except a minus sign before a number; a
    numbered list's markers become clause separators."""
    chars: list[str] = []
    source: list[int] = []
    markers = list_markers(text)
    glued: set[int] = set()  # spaces between a minus sign and its number ("beat - 2 dB")
    for index, char in enumerate(text):
        folded = markers[index] if index in markers else fold_char(char)
        if index in glued:
            continue
        if index in markers:
            pass  # a list marker's character: already what it folds to
        elif folded == "-":
            following = text[index + 1] if index + 1 < len(text) else ""
            before = chars[-1] if chars else " "
            spaced = _spaced_minus(text, index)
            if spaced:
                glued.update(range(index + 1, spaced))
            folded = "-" if (following.isdigit() or spaced) and not before.isalnum() else " "
        elif folded in ("'", "_", "(", ")", '"', "«", "»", "*", "~"):
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
        return self.text in {",", ";", ".", "!", "?", ":", "/", "\n"}


# A decade ("80s", "1970s"): the era of a sound, one word, neither a number nor a unit.
_DECADE = re.compile(r"(?:19|20)?[1-9]0s")


# Pictographs and dingbats (a run of them is one mark).
_EMOJI = "[\U0001F300-\U0001FAFF\u2600-\u27BF]+"


def tokenise(folded: Folded) -> list[Token]:
    """Words, numbers (a unit glued to a number is split off: ``3db`` → ``3``, ``db``) and
    punctuation, with their spans in the folded text; a dot between two glued words is a file
    name's, not a full stop."""
    tokens: list[Token] = []
    for match in re.finditer(r"[+-]?\d+(?:\.\d+)?[a-z%]*(?::1)?|[a-z]+|[,;.!?%:/\n@]|" + _EMOJI, folded.text):
        word, start, end = match.group(0), match.start(), match.end()
        if re.fullmatch(_EMOJI, word):
            # "on dirait que jsuis a 10 metres 😭 tu pe la rapprocher": an emoji ends a thought.
            tokens.append(Token(",", start, end))
            continue
        if word == "." and 0 < start and end < len(folded.text) and folded.text[start - 1].isalnum() and \
                folded.text[end].isalpha():
            continue  # "Adlib_1.wav": a file name's dot, not the end of a sentence
        glued = _NUMBER_UNIT.match(word)
        if word == "@":
            tokens.append(Token("at", start, end))  # an engineer's note, "-2 @ 300": a gain at a frequency
        elif _DECADE.fullmatch(word):
            tokens.append(Token(word, start, end))  # "an 80s arena", "la reverb 70s": a time, no amount
        elif glued:
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


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insertions, deletions, substitutions, swaps of two
    neighbours), or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def typo_limit(word: str) -> int:
    """How many edits a word of this length may carry and still be read as a known word: none
    under 4 letters, one swap of neighbours or one missing letter at 4 ("voci", "moin"), one edit
    from 5 letters ("dealy",
    "revreb"), two from 9 ("sibilences")."""
    if len(word) < MIN_TYPO_CHARS:
        return 0
    return 1 if len(word) < 9 else 2


# Sessions whose track-name words the speller keeps indexed (a parser serves a few at a time).
MAX_POOLS = 64


class Speller:
    """Typo tolerance: a word that is not in the vocabulary becomes the closest vocabulary word
    within :func:`typo_limit` edits that keeps its first letter (or swaps the first two; ties:
    alphabetical order); short words and numbers are left alone."""

    def __init__(self, vocabulary: Iterable[str], known: Iterable[str] = (),
                 meanings: Mapping[str, object] | None = None) -> None:
        self.vocabulary = sorted({w for w in vocabulary if w.isalpha()})
        self.known = set(self.vocabulary) | set(known)
        # A word alone → what it means: candidates that all mean one thing ("voi": "voie", "vois",
        # "voix", each the lead vocal) are no ambiguity.
        self._meanings = dict(meanings or {})
        self.vocabulary_set = set(self.vocabulary)
        self._by_length: dict[int, list[str]] = {}
        for word in self.vocabulary:
            self._by_length.setdefault(len(word), []).append(word)
        self._cache: dict[str, str] = {}
        # Words written without their silent "gh" ("briter", "britter": "brighter").
        silent: dict[str, set[str]] = {}
        for word in self.vocabulary:
            if "gh" in word and len(word.replace("gh", "")) >= SILENT_MIN_CHARS:
                silent.setdefault(word.replace("gh", ""), set()).add(word)
        self._silent = {key: next(iter(found)) for key, found in silent.items() if len(found) == 1}
        self._pools: dict[frozenset[str], dict[int, list[str]]] = {}  # sessions' name words by length

    def correct(self, word: str, extra_known: frozenset[str] = frozenset()) -> str:
        if word in self.known or word in extra_known or not word.isalpha():
            return word
        if _REPEATS.search(word):
            # "basssss", "moooore": letters held down; two of them, else one.
            for squeezed in (_REPEATS.sub(r"\1\1", word), _REPEATS.sub(r"\1", word)):
                if squeezed in self.known or squeezed in extra_known:
                    return squeezed
            word = _REPEATS.sub(r"\1\1", word)
        for i in range(1, len(word)):
            # "wett", "draay": one letter typed twice.
            if word[i] == word[i - 1] and (word[:i] + word[i + 1:]) in self.known:
                return word[:i] + word[i + 1:]
        if word.endswith("z") and word[:-1] + "s" in self.known:
            return word[:-1] + "s"  # slang plurals with a "z" ("keyz", "drumz", "vocalz")
        if word.endswith("e") and word[:-1] in self.known and len(word) > MIN_TYPO_CHARS - 1:
            return word[:-1]  # a mute "e" added ("mixe", "grave" is known): the word without it
        if len(word) == MIN_TYPO_CHARS - 1:
            return self._lengthened(word)
        if len(word) < MIN_TYPO_CHARS:
            return word
        if word not in self._cache:
            # Four letters spelt by ear ("bais": "baisse") before another word one letter away ("bains").
            heard = heard_spelling(word, self.vocabulary_set, self._one_meaning) if len(word) == MIN_TYPO_CHARS else word
            self._cache[word] = heard if heard != word else self._closest(word)
            if self._cache[word] == word and len(word) == MIN_TYPO_CHARS:
                self._cache[word] = self._sound_alike(word)
            if self._cache[word] == word and len(word) > MIN_TYPO_CHARS:
                self._cache[word] = self._doubled(word)
            if self._cache[word] == word and _DOUBLE.search(word):
                # "berried": a letter typed twice and another wrong; read without the double.
                single = _DOUBLE.sub(r"\1", word)
                self._cache[word] = single if single in self.known else self._closest(single)
                if self._cache[word] == single and single not in self.known:
                    self._cache[word] = word
        if self._cache[word] == word:
            heard = self._silent.get(word) or self._silent.get(_DOUBLE.sub(r"\1", word))
            self._cache[word] = heard or heard_spelling(word, self.vocabulary_set, self._one_meaning)
        if self._cache[word] == word and extra_known:
            # "la trompete", "the strigns": a typo of a word of the session's track names.
            return self._closest(word, pool=extra_known)
        return self._cache[word]

    def elided(self, word: str, extra_known: frozenset[str] = frozenset()) -> str:
        """The word after a French "l'" or "d'" written without its apostrophe ("lair": "air",
        "linstru": "instru"), when the whole is no known word and the rest is one starting with
        a vowel or h; else ""."""
        rest = word[1:]
        if word[:1] not in ("l", "d") or len(rest) < 3 or rest[0] not in "aeiouyh" or word in self.known or \
                word in extra_known or not word.isalpha():
            return ""
        return rest if rest in self.vocabulary_set or rest in extra_known else ""

    def _lengthened(self, word: str) -> str:
        """A three-letter word the vocabulary lacks, read as the one word of four letters that
        it is with one letter left out after its first ("dul": "dull", "voi": "voix"), or as the
        one three-letter word with its last two letters swapped ("teh": "the") or a letter
        that sounds alike ("sek": "sec"); itself when there is none or several that differ in
        meaning."""
        if word in self._cache:
            return self._cache[word]
        found = {c for c in self._by_length.get(len(word) + 1, ()) if c[0] == word[0] and
                 any(c[:i] + c[i + 1:] == word for i in range(1, len(c)))}
        if not found:
            swapped = word[0] + word[2] + word[1]
            found = {swapped} if swapped in self.known else set()
        self._cache[word] = (self._one_meaning(found) or word) if found else self._sound_alike(word)
        return self._cache[word]

    def _doubled(self, word: str) -> str:
        """A word with one or two of its double letters typed once ("resere": "resserre",
        "apuie": "appuie"), when that reads one known word; else ``word``."""
        layer = {word}
        for _ in range(2):
            layer = {w[:i] + w[i - 1] + w[i:] for w in layer for i in range(1, len(w) + 1) if w[i - 1].isalpha()}
            found = {w for w in layer if w in self.vocabulary_set}
            if found:
                return self._one_meaning(found) or word
        return word

    def _one_meaning(self, found: set[str]) -> str | None:
        """The candidate when there is one, or when every candidate means the same thing."""
        if len(found) == 1:
            return next(iter(found))
        meanings = {repr(self._meanings.get(c)) for c in found}
        if len(meanings) == 1 and None not in (self._meanings.get(c) for c in found):
            return min(found)
        return None

    def _sound_alike(self, word: str) -> str:
        """A short word with one letter typed for another that sounds alike (:data:`SOUND_ALIKE`,
        not the first letter), when that reads one known word only; else ``word``."""
        found = {word[:i] + other + word[i + 1:] for i, ch in enumerate(word) if i
                 for other in SOUND_ALIKE.get(ch, ())}
        found |= {word.replace(heard, written) for heard, spellings in SPELT_AS_HEARD if heard in word[1:]
                  for written in spellings}
        found = {c for c in found if c in self.vocabulary_set}
        return (self._one_meaning(found) or word) if found else word

    def alternative(self, word: str) -> str:
        """The closest other word of the vocabulary to a known ``word`` that cannot stand where
        it is ("way too quite": "quiet"); ``word`` itself when none is close."""
        return self._closest(word, exclude=word)

    def _closest(self, word: str, exclude: str = "", pool: Iterable[str] = ()) -> str:
        """The closest vocabulary word (or word of ``pool`` when given) within the typo limit."""
        limit = typo_limit(word)
        best: tuple[int, bool, str] | None = None
        by_length = self._pools.get(frozenset(pool), {}) if pool else self._by_length
        if pool and not by_length:
            for extra in sorted(w for w in pool if w.isalpha()):
                by_length.setdefault(len(extra), []).append(extra)
            if len(self._pools) >= MAX_POOLS:
                self._pools.clear()
            self._pools[frozenset(pool)] = by_length
        for length in range(len(word) - limit, len(word) + limit + 1):
            for candidate in by_length.get(length, ()):
                if candidate == exclude:
                    continue
                distance = edit_distance(word, candidate, limit)
                if distance > limit:
                    continue
                if len(word) == MIN_TYPO_CHARS and (len(candidate) < len(word) or (
                        len(candidate) == len(word) and sorted(word) != sorted(candidate))):
                    continue  # four letters: two swapped letters or one left out ("vocl"), not another word
                if candidate[0] != word[0] and candidate[:2] != word[1::-1]:
                    continue  # a typo keeps the first letter (or swaps the first two)
                # Ties: a letter left out (the word a prefix or a subsequence of the candidate)
                # before a wrong one ("baiss": "baisse", not "bains").
                rank = (distance, len(candidate) <= len(word), candidate)
                if best is None or rank < best:
                    best = rank
        return best[2] if best else word

    def correct_tokens(self, tokens: list[Token], folded: Folded | None = None,
                       extra_known: frozenset[str] = frozenset()) -> list[Token]:
        """Each token corrected (``extra_known``: words to leave alone, such as the session's
        track names); with ``folded``, a Capitalised word inside a sentence (a name: "the
        Beatles") is left as it is."""
        result = []
        for index, token in enumerate(tokens):
            if folded is not None and index and not tokens[index - 1].is_separator:
                original = folded.original_span(token.start, token.end)
                if original[:1].isupper() and original[1:].islower():
                    result.append(token)
                    continue
            elided = self.elided(token.text, extra_known) or glued_track(self, token.text)
            if elided:
                # "de lair", "linstru": the apostrophe left out, "l'" glued to the word.
                cut = token.start + 1
                result += [Token(token.text[0], token.start, cut, token.text), Token(elided, cut, token.end, token.text)]
                continue
            fixed = named_in_context(self, tokens, index, self.correct(token.text, extra_known), extra_known)
            result.append(token if fixed == token.text else Token(fixed, token.start, token.end, token.text))
        return result
