"""The rule parser's vocabulary indexed by phrase: folded words and phrases → what they mean.

:data:`PHRASES` gathers the word lists (:mod:`.words_quality`, :mod:`.words_targets`,
:mod:`.words_grammar`) in that order: a phrase with several meanings ("back": a French target,
an English cue) lists them in it. :data:`LANG_WORDS` holds each language's words, for telling
French from English; :func:`vocabulary` what the speller may correct towards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mixdown_text_control.lexicon import Entry, Words
from mixdown_text_control.words_distance import DISTANCE_WORDS
from mixdown_text_control.words_grammar import (
    COMMON_WORDS,
    CONJUNCTIONS,
    GRAMMAR_WORDS,
    MASKING_VERBS,
    OTHER_INSTRUMENTS,
    STOPWORDS,
)
from mixdown_text_control.words_quality import QUALITY_WORDS
from mixdown_text_control.words_targets import TARGET_WORDS


def _index(groups: tuple[Words, ...]) -> tuple[dict[str, list[Entry]], dict[str, set[str]]]:
    phrases: dict[str, list[Entry]] = {}
    lang_words: dict[str, set[str]] = {"en": set(), "fr": set()}
    for group in groups:
        for phrase in group.phrases.split("|"):
            phrase = " ".join(phrase.split())
            if not phrase:
                continue
            phrases.setdefault(phrase, []).append(group.entry)
            if group.entry.lang in lang_words:
                lang_words[group.entry.lang].update(phrase.split())
    return phrases, lang_words


PHRASES, LANG_WORDS = _index((*QUALITY_WORDS, *DISTANCE_WORDS, *TARGET_WORDS, *GRAMMAR_WORDS))


@dataclass
class Vocabulary:
    """Everything the speller may correct towards, and the words it must leave alone."""

    words: set[str] = field(default_factory=set)
    known: set[str] = field(default_factory=set)
    meanings: dict[str, tuple[Entry, ...]] = field(default_factory=dict)


# Words of amounts a typo may hide ("en dssous de 120", "150 herz"), outside the phrases.
SPELLED_WORDS = frozenset({"sous", "dessous", "hertz", "kilohertz", "decibels"})


def vocabulary() -> Vocabulary:
    words = {word for phrase in PHRASES for word in phrase.split() if len(word) > 1 and word.isalpha()}
    words |= {word for conj in CONJUNCTIONS for word in conj.split()}
    words |= SPELLED_WORDS
    known = set(STOPWORDS) | COMMON_WORDS | OTHER_INSTRUMENTS | MASKING_VERBS | {"db", "hz", "khz", "lufs", "lu", "ms", "dbfs", "dbtp", "pourcent",
                                             "percent", "decibel", "decibels", "hertz", "ratio", "k"}
    meanings = {phrase: tuple(entries) for phrase, entries in PHRASES.items() if phrase in words}
    return Vocabulary(words, known, meanings)
