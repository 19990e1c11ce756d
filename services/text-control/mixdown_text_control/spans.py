"""The phrases of one clause: the lexicon's phrases and the session's track names found longest
first (:func:`find_spans`), and the bus qualifiers attached to the reverb or delay they describe
("la largeur de ma reverb", "the reverb room is too small": :func:`qualified`)."""

from __future__ import annotations

from dataclasses import dataclass

from mixdown_text_control import lexicon as lx
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES
from mixdown_text_control.words_grammar import ARTICLES, OVERALL_WORDS, STOPWORDS

MAX_PHRASE_TOKENS = 7
# Object pronouns that split an English phrasal verb ("smooth it out").
SPLIT_PRONOUNS = frozenset({"it", "them"})


@dataclass
class Span:
    start: int
    end: int
    phrase: str
    entries: list[lx.Entry]

    def first(self, kind: str, locale: str = "") -> lx.Entry | None:
        found = [e for e in self.entries if e.kind == kind]
        if not found:
            return None
        preferred = [e for e in found if e.lang == locale]
        return (preferred or found)[0]


@dataclass
class Mention:
    """A descriptor named in a clause, with what decides its direction."""

    descriptor: str
    polarity: int
    comparative: bool
    problem: bool
    start: int
    end: int
    cue_limit: int = -1  # cues before this token count as "before" ("reverb moins longue")
    switch: int = 0  # "mute the reverb return" (+1: off), "unmute the delay" (-1: back on, more of it)
    tool: bool = False  # a word of the opposite sense that is no complaint: the tool that takes it away ("de-esser")


# Articles a track's name may be read after, when its name is longer than what the article starts.
SPAN_ARTICLES = frozenset({"the", "le", "la", "les", "l"})


def _longest(words: list[str], i: int, names: dict[tuple[str, ...], str], phrases=None) -> int:
    """How many words from ``i`` the longest track name (or, with ``phrases``, lexicon phrase) covers."""
    for width in range(min(MAX_PHRASE_TOKENS, len(words) - i), 0, -1):
        key = tuple(words[i:i + width])
        if key in names or (phrases is not None and " ".join(key) in phrases):
            return width
    return 0


# Words that make the word of a track's name beside them a style ("style dub", "full dub style",
# "façon reggae"): the sound wanted, not the track Bass_dub.wav.
STYLE_WORDS = frozenset({"style", "genre", "facon", "vibe", "vibes", "feel"})


def _a_style(words: list[str], i: int, width: int) -> bool:
    return width == 1 and ((i > 0 and words[i - 1] in STYLE_WORDS) or
                           (i + 1 < len(words) and words[i + 1] in STYLE_WORDS))


def find_spans(tokens: list[Token], names: dict[tuple[str, ...], str], language: str) -> list[Span]:
    words = [t.text for t in tokens]
    spans: list[Span] = []
    i = 0
    while i < len(words):
        split = " ".join((words[i], words[i + 2])) if i + 2 < len(words) and words[i + 1] in SPLIT_PRONOUNS else ""
        if split in PHRASES and any(e.kind == "desc" for e in PHRASES[split]) and \
                " ".join(words[i:i + 3]) not in PHRASES:
            # "smooth it out", "thin them out": a phrasal verb split by its object.
            spans.append(Span(i, i + 3, split, [e for e in PHRASES[split] if e.kind == "desc"]))
            i += 3
            continue
        if words[i] in SPAN_ARTICLES and 1 + _longest(words, i + 1, names) > _longest(words, i, names, PHRASES):
            # "the DI bass" (Bass_DI.wav) read after its article, not as "the DI" and "bass" (the lows).
            i += 1
            continue
        for width in range(min(MAX_PHRASE_TOKENS, len(words) - i), 0, -1):
            key = tuple(words[i:i + width])
            phrase = " ".join(key)
            if key in names and not _a_style(words, i, width):
                spans.append(Span(i, i + width, phrase, [lx.Entry("target", f"track:{names[key]}", "")]))
                break
            if phrase in PHRASES:
                entries = list(PHRASES[phrase])
                # "back" is a French target ("le back") but an English cue ("pull it back").
                native = [e for e in entries if e.lang == language]
                if i and words[i - 1] in FRENCH_DEGREES and any(e.lang == "fr" for e in entries):
                    native = [e for e in entries if e.lang == "fr"]  # "make the instru plus large"
                if phrase == "back" and i and words[i - 1] not in ARTICLES:
                    # ... except as a verb's particle after its object ("push la un peu back").
                    native = [e for e in entries if e.kind != "target"]
                if native and len({e.kind for e in entries}) > 1:
                    entries = native
                if not native and phrase in STOPWORDS and all(e.kind == "desc" for e in entries) and \
                        not _placed_track(spans, i, entries):
                    # "the voice is fine": an everyday word here, whatever "fine" means in French.
                    continue
                spans.append(Span(i, i + width, phrase, entries))
                break
        else:
            width = 1
        i += width
    return spans


# French degrees: the word after them is French ("make the instru plus large": wider, not "large").
FRENCH_DEGREES = frozenset({"plus", "moins", "trop", "tres", "assez", "aussi", "si"})


# Kinds of reverb named right before the bus word ("room verb", "hall reverb"): the reverb itself.
REVERB_KINDS = frozenset({"room", "hall", "chamber", "plate", "salle"})


def qualified(spans: list[Span], used: set[int], language: str, words: list[str]) -> list[Mention]:
    """'la largeur de ma reverb', 'more repeats on the delay' → the bus's own parameter."""
    mentions: list[Mention] = []
    # "make the room bigger", "la salle est trop petite", "raccourcis la queue": with no bus word,
    # a room or a tail is the reverb's.
    roomed = not any(s.first("desc") and s.first("desc").value in ("reverb", "delay") for s in spans)
    for b, bus_span in enumerate(spans):
        entry = bus_span.first("desc")
        if entry is None and roomed and bus_span.phrase in ROOM_NOUNS:
            entry = lx.Entry("desc", "reverb", language)
        if entry is None or entry.value not in ("reverb", "delay") or b in used:
            continue
        best: tuple[tuple[int, int], int, lx.Entry] | None = None
        for q, span in enumerate(spans):
            qual = span.first("qual", language)
            if q == b or q in used or qual is None or (str(entry.value), str(qual.value)) not in lx.QUALIFIED:
                continue
            if span.phrase in REVERB_KINDS and span.end == bus_span.start:
                continue  # "more room verb": a kind of reverb, not the size of its room
            if (qual.value in lx.AFTER_ONLY or (qual.value == "size" and (entry.value in lx.SIZE_AFTER_ONLY or
                                                                          span.phrase in lx.SMALL_BEFORE))) \
                    and span.start < bus_span.end:
                continue
            gap = span.start - bus_span.end if span.start >= bus_span.end else bus_span.start - span.end
            lo, hi = sorted((q, b))
            between = range(lo + 1, hi)
            # "la reverb de la voix est trop grande": the owner of the reverb does not block it.
            owners = [k for k in between if spans[k].first("target") and k - 1 >= 0 and
                      _owner(words, spans[k].start)]
            # "la reverb globale est trop longue": the whole reverb, whose size is asked.
            owners += [k for k in between if spans[k].phrase in OVERALL_WORDS and spans[k].start == bus_span.end]
            gap -= sum(spans[k].end - spans[k].start + 2 for k in owners)
            # "la reverb est un peu trop présente": the copula, the intensity and the cue between
            # them do not part a qualifier from its bus.
            gap -= sum(spans[k].end - spans[k].start for k in between
                       if any(spans[k].first(kind) for kind in ("copula", "intensity", "cue")))
            # ("the delay bus is too quiet": "bus" right after the bus word is its noun, no other target.)
            blocked = any((spans[k].first("target") and k not in owners and
                           not (spans[k].first("qual") and spans[k].start == bus_span.end)) or
                          (spans[k].first("desc") and k != q) for k in between)
            if gap <= lx.QUALIFIER_WINDOW_TOKENS and not blocked:
                # A comparative beats an adjective, an adjective a plain noun ("the reverb room is
                # too small", "shorter reverb tail").
                rank = (0 if qual.comparative else 2 if span.phrase in NOUN_QUALIFIERS else 1, max(gap, 0))
                if best is None or rank < best[0]:
                    best = (rank, q, qual)
        if best is None:
            continue
        _, q, qual = best
        if spans[q].phrase in NOUN_QUALIFIERS:
            # "raccourcis la queue de la reverb": the noun names the parameter, the verb or
            # adjective beside it says which way.
            for k, span in enumerate(spans):
                other = span.first("qual", language)
                near = min(abs(span.start - spans[q].end), abs(spans[q].start - span.end))
                lo, hi = sorted((k, q))
                clear = not any(spans[j].first("desc") or spans[j].first("target") for j in range(lo + 1, hi))
                if k not in (q, b) and k not in used and other is not None and other.value == qual.value and \
                        span.phrase not in NOUN_QUALIFIERS and near <= lx.QUALIFIER_WINDOW_TOKENS and clear:
                    qual = other
                    break
        used.update({b, q})
        for k, span in enumerate(spans):  # the other qualifiers of the same bus parameter
            other = span.first("qual")
            if k not in used and other is not None and other.value == qual.value and \
                    abs(span.start - bus_span.start) <= lx.QUALIFIER_WINDOW_TOKENS + 1:
                used.add(k)
        name = lx.QUALIFIED[(str(entry.value), str(qual.value))]
        start, end = min(bus_span.start, spans[q].start), max(bus_span.end, spans[q].end)
        mentions.append(Mention(name, qual.polarity, qual.comparative, False, start, end, spans[q].start))
        for k, span in enumerate(spans):
            # "bigger and wider reverb", "la reverb plus grande et plus large": a second qualifier
            # of another parameter joined to the first.
            other = span.first("qual", language)
            if k in used or other is None or other.value == qual.value or \
                    (str(entry.value), str(other.value)) not in lx.QUALIFIED:
                continue
            lo, hi = sorted((span, spans[q]), key=lambda x: x.start)
            if lo.end <= hi.start and set(words[lo.end:hi.start]) <= COORDINATED and \
                    {"and", "et"} & set(words[lo.end:hi.start]):
                used.add(k)
                mentions.append(Mention(lx.QUALIFIED[(str(entry.value), str(other.value))], other.polarity,
                                        other.comparative, False, span.start, span.end, span.start))
    return mentions


# Words that join two qualifiers of one bus ("plus grande et plus large", "bigger and wider").
COORDINATED = frozenset({"and", "et", "plus", "more", "a", "bit", "un", "peu", "also", "aussi"})


# Nouns of the place a reverb imitates, and of its tail: alone, they name the reverb bus.
ROOM_NOUNS = frozenset({"room", "salle", "hall", "tail", "queue"})
# Qualifiers that name the bus parameter without saying which way ("room", "taille").
NOUN_QUALIFIERS = frozenset({"room", "size", "room size", "taille", "piece", "length", "longueur", "duree", "decay",
                             "tail", "queue", "time", "temps", "width", "largeur", "feedback", "return", "retour", "bus"})


def _owner(words: list[str], start: int) -> bool:
    """Is the target starting at token ``start`` introduced as an owner ("de la voix", "of the
    vocal", "the reverb on the snare")?"""
    i = start - 1
    while i >= 0 and words[i] in ("la", "le", "les", "l", "the", "my", "ma", "mon", "mes", "your", "ta", "ton"):
        i -= 1
    return i >= 0 and words[i] in ("de", "du", "d", "des", "of", "on", "sur", "for", "pour")


def _placed_track(spans: list[Span], i: int, entries: list[lx.Entry]) -> bool:
    """"mets la gratte solo right": a side in the other language right after a track is where
    to pan it, not an everyday word ("right", "ok")."""
    return bool(spans) and spans[-1].end == i and spans[-1].first("target") is not None and \
        all(e.value == "pan" for e in entries)
