"""What a clause says that is not a change the mix can make, set aside (its requests marked
``noop``, so that the clause is listed as not understood): a need denied ("the vocal doesn't need
more bass"), a question for information ("how loud is the master?"), a switch narrated ("je l'avais
muté"), a subject or object the session lacks ("make the trumpet brighter", "baisse la voi de 4 dB"),
the performance or the song ("fais chanter la voix plus juste"), new material ("ajoute un
refrain"), and a number it could not read where only that number could tell the way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mixdown_text_control.amounts import Amount
from mixdown_text_control.normalise import Token
from mixdown_text_control.spans import Span
from mixdown_text_control.syntax import creates_material, has_unknown_object, has_unknown_subject
from mixdown_text_control.words_grammar import DENIED_NEEDS, INFO_QUESTIONS, OTHER_INSTRUMENTS, PAST_AUXILIARIES

if TYPE_CHECKING:
    from mixdown_text_control.clause_types import Clause


def set_aside(clause: Clause, words: list[str], spans: list[Span], cues: list[tuple[int, int, str, str]]) -> None:
    """Mark the clause's requests that ask nothing the mix can do (see the module docstring)."""
    # (An instrument the session has, named as a reference, is not lacking: "trop forte par
    # rapport aux cordes" beside Strings_bus.wav.)
    named = {i for s in spans if s.first("target") for i in range(s.start, s.end)}
    lacking = not clause.targets and any(w in OTHER_INSTRUMENTS and i not in named for i, w in enumerate(words))
    denied = [c for c in cues if c[3] in DENIED_NEEDS]
    if denied and any(c[2] == "up" and c[0] >= denied[0][1] for c in cues):
        # "the vocal doesn't need more bass": nothing to raise, and nothing said to lower.
        for request in clause.requests:
            request.noop = True
    if any(" ".join(words[:n]) in INFO_QUESTIONS for n in (1, 2, 3, 5)):
        # "how loud is the master?": a question about the mix, not a change to it.
        for request in clause.requests:
            request.noop = True
    if PAST_AUXILIARIES & set(words):
        # "je l'avais muté", "they were muted by mistake": what was done, not what to do.
        for request in clause.requests:
            if request.descriptor == "mute":
                request.noop = True
    # An unknown word after an article leaves a bare level unplaced ("baisse la voi de 4 dB" is
    # not the master's loudness); other qualities keep their default track.
    unknown = not clause.targets and (has_unknown_subject(words, spans) or (
        has_unknown_object(words, spans) and clause.requests and
        all(r.descriptor in ("level", None) for r in clause.requests)))
    outside = any(s.first("outside") for s in spans)
    clause.unplaced = lacking or outside or (not clause.targets and not clause.requests and
                                             has_unknown_object(words, spans))
    if unknown or lacking or outside or creates_material(words, spans, cues):
        # "the trumpets are too loud", "make the trumpet brighter" in a mix without trumpets;
        # "fais chanter la voix plus juste", "ajoute un refrain": not a mix request it can place.
        for request in clause.requests:
            request.noop = True


def set_aside_unread(clause: Clause, tokens: list[Token], spans: list[Span], amounts: list[Amount]) -> None:
    """A number it could not read: a request whose way only that number could tell is not
    guessed ("reverb send 130 on the backs")."""
    used = {a.index for a in amounts} | {i for sp in spans for i in range(sp.start, sp.end)}
    if any(t.is_number and i not in used for i, t in enumerate(tokens)):
        for request in clause.requests:
            if request.cue_source == "wish" and not request.amounts:
                request.noop = True
