"""Finding a clause's targets and their scope (the first step of :func:`.clauses.analyse_clause`).

Decides which phrases name what moves and which only say where something sits or what it is
compared with: an instrument name that is also a sound word is the sound when the session has
no such track or names the track after it ("more bass on the backing vocals"); a second target
after "dans"/"in"/"under" or after a pronoun is a place, not a target ("la voix est noyée dans
l'instru"); a role word beside a track's own name is that track ("the vocal chop"); a kind of
voice followed by a generic voice word is that kind only ("l'harmonie vocale"); "in the mix" and
"du mix" place or take out, and "overall" is an adverb, never the whole mix. A word of the
lexicon is either a target or a quality mention, never both, so the quality mentions are sorted
out here too. Where each target stands (place, exception, comparison) is read by :mod:`.syntax`.
"""

from __future__ import annotations

from mixdown_text_control import lexicon as lx
from mixdown_text_control.clause_types import Clause, Target
from mixdown_text_control.edits import Session
from mixdown_text_control.idioms import is_particle
from mixdown_text_control.placed_lists import coordinated_places, lost_places, measured_against, pronoun_subject
from mixdown_text_control.spans import Mention, Span, qualified
from mixdown_text_control.syntax import (
    after_word,
    has_french_pronoun,
    is_excepted,
    is_placed,
    is_prepositional,
    masking,
    owned_roles,
)
from mixdown_text_control.words_grammar import (
    AMOUNT_WORDS,
    ARTICLES,
    CREATE_CUES,
    OVERALL_WORDS,
    OVERFLOW_CUES,
    SECTION_WORDS,
    SPILL_WORDS,
    SUBJECT_PRONOUNS,
)
from mixdown_text_control.words_targets import AMBIGUOUS_TARGETS

# A voice named by its kind, then a generic word for a voice ("the harmony vocal").
DEMONSTRATIVES = frozenset({"ce", "cet", "cette", "this", "that"})
GENERIC_VOCAL_WORDS = frozenset({"vocal", "vocals", "vocale", "vocales", "vox", "voice", "voices", "voix", "vocaux"})
SUPPORT_VOCAL_ROLES = frozenset({"double", "adlib", "backing_vocal"})
GENITIVE_WORDS = frozenset({"de", "d", "du", "des", "of", "the", "la", "le", "l", "my", "ma"})
# Words before "the mix" that make it where a track leaves ("vire le riser du mix").
SOURCE_WORDS = frozenset({"du", "from", "of"})


# Degrees before an adjective ("too hard", "trop dur", "so clean").
DEGREE_ADVERBS = frozenset({"too", "trop", "so", "very", "tres", "super", "si", "really", "way", "bien"})
# Sides beside a file's word make it the pan's degree ("pan left hard" beside Kick_hard.wav).
PAN_SIDES = frozenset({"left", "right", "gauche", "droite"})


def _word_before(words: list[str], start: int) -> str:
    """The word before ``start`` past any articles ("out of the mix": "of"), "" at the start."""
    i = start - 1
    while i >= 0 and words[i] in ARTICLES and words[i] not in SOURCE_WORDS:
        i -= 1
    return words[i] if i >= 0 else ""



# Articles of a thing added ("add some hi hats", "rajoute des cymbales").
# "il manque des …", "missing some …": a part that is not there at all.
_ABSENT = frozenset({"manque", "manquent", "missing"})
_NEW_ARTICLES = frozenset({"some", "a", "an", "des", "du", "un", "une", "de"})
# Words before a part of the song that say when ("for the chorus", "pendant le refrain").
_WHEN = frozenset({"for", "in", "during", "pour", "dans", "pendant", "au", "at"})
_WHEN_ARTICLES = frozenset({"the", "le", "la", "les", "l", "each", "every", "chaque", "this", "ce"})


def _section(phrase: str) -> bool:
    """A part of the song, with or without its article ("chorus", "the chorus")."""
    words = phrase.split()
    return words[-1] in SECTION_WORDS and len(words) <= 2 and (len(words) == 1 or words[0] in _WHEN_ARTICLES)


def _when(words: list[str], start: int) -> bool:
    before = start - 1 if start and words[start - 1] in _WHEN_ARTICLES else start
    return before > 0 and words[before - 1] in _WHEN


def find_targets(clause: Clause, words: list[str], spans: list[Span], session: Session,
                 names: dict[tuple[str, ...], str], language: str) -> tuple[list[Mention], list[Span], bool]:
    """Sort the clause's phrases into its targets (set on ``clause``) and the quality words it
    mentions (returned in order, with the targets' spans and whether "in the mix" only placed
    what the instruction is about)."""
    # Instrument names that are also sound words ("plus de basse" with no bass track).
    ambiguous_quality = False
    for k, span in enumerate(spans):
        target = span.first("target")
        later_target = any(o.first("target") and is_prepositional(words, o.start) for o in spans[k + 1:])
        # "le 808 manque de sub", "the kick needs more bass": an amount of it after a track named.
        amount_of = any(o.first("target") for o in spans[:k]) and span.start > 0 and \
            words[span.start - 1] in AMOUNT_WORDS
        # "add some hi hats", "il manque des hi-hats" with no drum track: new material (refused),
        # not the beat's top end.
        added = AMBIGUOUS_TARGETS.get(span.phrase) == "brightness" and span.start > 1 and \
            words[span.start - 1] in _NEW_ARTICLES and words[span.start - 2] in CREATE_CUES | _ABSENT
        if target and span.phrase in AMBIGUOUS_TARGETS and not str(target.value).startswith("track:") \
                and not added and (not session.has_role(str(target.value)) or later_target or amount_of):
            # "more bass on the backing vocals": the low end of the track named after it.
            span.entries = [lx.Entry("desc", AMBIGUOUS_TARGETS[span.phrase], language)]
            ambiguous_quality = True
    refs = [s.end for s in spans if s.first("ref")]
    used: set[int] = {k for k, s in enumerate(spans)
                      if s.first("target") and any(0 <= s.start - end <= 2 for end in refs)}
    # "la voix sonne lointaine sur ce titre", "on this song": the song the request is about, not
    # the master or every track as a target.
    used |= {k for k, s in enumerate(spans) if s.first("target") and str(s.first("target").value) in ("master", "mix")
             and s.start and words[s.start - 1] in DEMONSTRATIVES and not any(o.first("target") for o in spans[k + 1:])
             and any(o.first("target") for o in spans[:k])}
    # "needs more grit for the chorus" (beside Bv_chorus.wav), "plus de reverb au refrain": a
    # part of the song after a word of time, beside another target, is when, not a track.
    used |= {k for k, s in enumerate(spans) if s.first("target") and _section(s.phrase) and
             _when(words, s.start) and (any(o.first("target") for o in spans if o is not s) or
                                        s.end == len(words))}
    # "the 808 is slappin too hard" (beside Kick_hard.wav): a file's word after a degree is an
    # adjective, not that track.
    used |= {k for k, s in enumerate(spans) if s.end - s.start == 1 and str(getattr(s.first("target"), "value", ""))
             .startswith("track:") and s.start and words[s.start - 1] in DEGREE_ADVERBS | PAN_SIDES}
    # "la voix est noyée dans l'instru", "the vocal is lost in the mix": a second target after
    # "dans"/"in"/"under" is where the first one sits, not a target of its own.
    # So is the only one after a pronoun that names what moves ("fonds-la dans la prod", "sink it
    # into the beat").
    targets_at = [k for k, s in enumerate(spans) if s.first("target") and k not in used]
    pronoun_object = has_french_pronoun(words, spans) or bool({"it", "them", "its"} & set(words))
    if words[0] in SUBJECT_PRONOUNS or pronoun_subject(words):
        pronoun_object = True  # "elle est enterrée sous le beat", "il est noyé sous les cordes": the pronoun
    overflow = any(s.first("cue") and s.phrase in OVERFLOW_CUES for s in spans)
    for k in targets_at if pronoun_object or overflow else targets_at[1:]:
        if (is_placed(words, spans[k].start) or (k - 1 in used and spans[k - 1].end == spans[k].start)
                or (overflow and after_word(words, spans[k].start, SPILL_WORDS))):
            # (... and the rest of its name: "derrière la voix lead"; where a sound spills: "ça bave sur le 808")
            used.add(k)
    used |= {k for k in targets_at if measured_against(words, spans[k].start)}
    used |= coordinated_places(words, spans, targets_at, used)
    mentions = qualified(spans, used, language, words)
    clause.loose_qualifiers = [s.first("qual", language) for k, s in enumerate(spans)
                               if k not in used and s.first("qual") and not s.first("target")]
    target_spans: list[Span] = []
    for index, span in enumerate(spans):
        if index in used:
            continue
        entry = span.first("desc", language)
        target = span.first("target", language)
        if entry is not None and target is None:
            descriptor = lx.DESCRIPTORS[str(entry.value)]
            problem = descriptor.problem if entry.problem is None else entry.problem
            mentions.append(Mention(descriptor.name, entry.polarity, entry.comparative, problem,
                                    span.start, span.end,
                                    tool=entry.tool))
        elif target is not None and not is_particle(words, span):
            prepositional = is_prepositional(words, span.start)
            clause.targets.append(Target(str(target.value), prepositional, is_excepted(words, span.start)))
            target_spans.append(span)
    mentions[:] = lost_places(words, spans, mentions)
    masking(words, spans, mentions, clause, target_spans)
    owned_roles(clause, target_spans, words, session)
    for k in range(len(clause.targets) - 1, 0, -1):
        if target_spans[k - 1].end == target_spans[k].start and clause.targets[k].value.startswith("track:"):
            # "the vocal chop" (vox_chop.wav): the role word names the track, it is not a target.
            del clause.targets[k - 1], target_spans[k - 1]
        elif target_spans[k - 1].end == target_spans[k].start and clause.targets[k - 1].value.startswith("track:") \
                and (names.get((target_spans[k - 1].phrase.split()[-1], *target_spans[k].phrase.split())) ==
                     clause.targets[k - 1].value[len("track:"):] or target_spans[k].phrase in GENERIC_VOCAL_WORDS):
            # "the clean guitar", "the hook vocals": the role word after the track's own name;
            # "les chops vocaux": a voice word after it is its adjective.
            del clause.targets[k], target_spans[k]
        elif clause.targets[k].value == "lead_vocal" and clause.targets[k - 1].value in SUPPORT_VOCAL_ROLES and (
                (target_spans[k - 1].end == target_spans[k].start and target_spans[k].phrase in GENERIC_VOCAL_WORDS)
                or set(words[target_spans[k - 1].end:target_spans[k].start]) & {"de", "d", "du", "of"}
                and set(words[target_spans[k - 1].end:target_spans[k].start]) <= GENITIVE_WORDS):
            # "l'harmonie vocale", "the adlib vocals", "le double de la voix": a kind of voice,
            # or the lead's own double, not also the lead.
            del clause.targets[k], target_spans[k]
        elif clause.targets[k - 1].value == "lead_vocal" and clause.targets[k].value in SUPPORT_VOCAL_ROLES and \
                target_spans[k - 1].end == target_spans[k].start and \
                target_spans[k - 1].phrase.split()[-1] in GENERIC_VOCAL_WORDS:
            # "la voix double", "the vocal adlibs": the generic word, then the kind of voice.
            del clause.targets[k - 1], target_spans[k - 1]
    in_mix = bool(clause.targets) and all(t.value in ("master", "mix", "all") and is_placed(words, s.start) and
                              s.phrase.split()[-1] in ("mix", "mixage")
                                          for t, s in zip(clause.targets, target_spans, strict=True))
    if in_mix:
        # "a bit lower in the mix", "plus fort dans le mix": where it sits, not what to move
        # (the level of what the instruction is about).
        clause.targets, target_spans = [], []
    source = [t for t, s in zip(clause.targets, target_spans, strict=True)
              if t.value in ("master", "mix") and s.phrase.split()[-1] in ("mix", "mixage") and
              _word_before(words, s.start) in SOURCE_WORDS]
    if source and len(source) < len(clause.targets):
        # "vire le riser du mix", "take the riser out of the mix": where it leaves, not a target.
        target_spans = [s for t, s in zip(clause.targets, target_spans, strict=True) if t not in source]
        clause.targets = [t for t in clause.targets if t not in source]
    adverbial = [t for t, s in zip(clause.targets, target_spans, strict=True) if s.phrase in OVERALL_WORDS]
    if adverbial and len(adverbial) < len(clause.targets):
        # "the beat is too dark overall": an adverb, not the whole mix.
        clause.targets = [t for t in clause.targets if t not in adverbial]
    if ambiguous_quality and not clause.targets:
        # "drop the hats a bit", "plus de basse": that part of the beat.
        clause.targets.append(Target("instrumental", False))
    mentions.sort(key=lambda m: m.start)
    return mentions, target_spans, in_mix
