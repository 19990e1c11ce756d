"""One clause of an instruction → the requests it makes and the targets it names (steps 3 and 4
of :mod:`.rules`).

:func:`analyse_clause` reads a clause in named steps, each in a module of its own:

1. the phrases of the lexicon, longest first, with qualifiers attached to the reverb or delay
   they describe ("la largeur de ma reverb") (:mod:`.spans`);
2. the targets and their scope, and the quality words mentioned (:mod:`.clause_targets`);
3. the direction cues, intensity, negation and the frames that turn them (a copula, a
   comparison, a causative verb) (:func:`.clause_cues.read_cues`);
4. which quality words are requests (:mod:`.clause_mentions`);
5. each request's direction (:func:`.clause_cues.direct`);
6. amounts with units and the requests made without a quality word: a frequency makes the
   request an EQ band or, below a cut, the high-pass, never the fader; a verb and a target
   alone are the level (:mod:`.clause_amounts`).

What the clause reads as (:class:`.clause_types.Request`, ``Target``, ``Clause``) is shared with
the passes across clauses (:mod:`.passes`) and the resolver (:mod:`.resolve`).
"""

from __future__ import annotations

from mixdown_text_control.amounts import UNITS, find_amounts
from mixdown_text_control.clause_amounts import read_amounts
from mixdown_text_control.clause_cues import direct, read_cues
from mixdown_text_control.clause_mentions import sift_mentions
from mixdown_text_control.clause_targets import find_targets
from mixdown_text_control.clause_types import Clause
from mixdown_text_control.edits import Session
from mixdown_text_control.imperatives import imperative_mentions
from mixdown_text_control.normalise import Token
from mixdown_text_control.spans import find_spans
from mixdown_text_control.words_grammar import ADVERB_CUES, ARTICLES, STOPWORDS


def analyse_clause(tokens: list[Token], session: Session, names: dict[tuple[str, ...], str], language: str) -> Clause:
    """The requests and targets of one clause (``names``: the session's track names as folded
    word tuples, see :func:`.names.track_phrases`), in named steps: its targets, its cues, the
    mentions that are requests, their direction, then amounts and requests with no quality word."""
    clause = Clause(start=tokens[0].start, end=tokens[-1].end)
    spans = find_spans(tokens, names, language)
    words = [t.text for t in tokens]
    clause.content = any(t.text not in STOPWORDS and not t.is_number and t.text not in UNITS
                         for t in tokens)
    mentions, target_spans, in_mix = find_targets(clause, words, spans, session, names, language)
    reading = read_cues(clause, tokens, spans, mentions)
    amounts = find_amounts(tokens)
    mentions, reading.found = sift_mentions(clause, words, spans, mentions, target_spans, reading)
    direct(clause, words, imperative_mentions(words, mentions), reading)
    cues = reading.found
    clause.headed = bool(target_spans) and not clause.has_verb and \
        all(w in ARTICLES for w in words[:target_spans[0].start]) and target_spans[0].end < len(words)
    clause.adverb_cues_only = bool(cues) and all(c[3] in ADVERB_CUES for c in cues) and \
        not any(s.first("verb") for s in spans)
    clause.negated = reading.negated
    clause.copula = reading.copula
    read_amounts(clause, tokens, spans, mentions, reading, amounts, in_mix)
    return clause
