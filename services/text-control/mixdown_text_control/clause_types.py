"""What one clause of an instruction reads as: the requests it makes (:class:`Request`), the
targets it names (:class:`Target`), and what the passes across clauses need to know of it
(:class:`Clause`: its verb, pronoun, negation, copula, intensity…). Read by :mod:`.clauses`,
changed by :mod:`.passes` and :mod:`.asides`, turned into edits by :mod:`.resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mixdown_text_control import lexicon as lx
from mixdown_text_control.amounts import Amount


@dataclass
class Request:
    descriptor: str | None
    polarity: int = 1
    direction: int = 0  # +1 more of the named quality, -1 less, 0 undecided
    off: bool = False
    cue_source: str = ""  # explicit | comparative | complaint | wish | inherited
    intensity: float = 1.0
    amounts: list[Amount] = field(default_factory=list)
    noop: bool = False
    position: int = 0
    implicit: bool = False  # a level request read from a verb and a target alone ("monte la voix")
    removes: bool = False  # "clean it up": less of the thing named before (its polarity too)
    shelf: bool = False  # "shelf the lows below 150": a shelf there, not the high-pass
    moderated: bool = False  # "pas trop de delay": less, unless a small amount is said to do
    partitive: bool = False  # "un peu de reverb", "some delay": an amount of a thing, not an adjective
    restates: bool = False  # a bare amount after a request ("…, genre 1 dB", "actually no, 3 dB"): its amount
    terse: bool = False  # a track and a word for a lack, no verb ("808 thin"): see terse_notes
    tool: bool = False  # named by the tool that takes the quality away ("the de-esser"): "it" is that tool


@dataclass
class Target:
    value: str  # a role, "master", "bus", "all", or "track:<name>"
    prepositional: bool
    excluded: bool = False  # "everything except the vocal"


@dataclass
class Clause:
    start: int  # folded-text span
    end: int
    requests: list[Request] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    has_verb: bool = False
    pronoun: bool = False
    content: bool = False
    problems: list[str] = field(default_factory=list)
    adverb_cues_only: bool = False  # "... et moins sur le 808": the cue of an elided request
    bare_targets: bool = False  # only names: "the backs" in "the backs and the adlibs need more reverb"
    negated: bool = False
    copula: bool = False  # "la voix est boueuse": a state described, not a bare noun phrase
    headed: bool = False  # a list item naming its track first, with no verb: "vocal -2dB"
    masks: bool = False  # a masking verb's complaint: "the 808 is fighting the kick"
    unplaced: bool = False  # about something the mix cannot change: "monte le saxo" (no sax), "tune the sax"
    intensity: float = 1.0  # its intensity words ("juste un peu": 0.5), requests or not
    loose_qualifiers: list[lx.Entry] = field(default_factory=list)  # "cut it shorter": no bus word of its own
    item: bool = False  # opens an item of a bulleted or numbered list: lends no target to the items before
    lowered: bool = False  # a "less" cue in the clause ("moins longue"), whatever it applies to
