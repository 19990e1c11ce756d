"""The rule parser: an instruction in French or English → edits on the current parameters.

Reads top to bottom:

1. fold and tokenise the text, correct typos against the lexicon (:mod:`.normalise`); tell
   the language (:mod:`.language`);
2. split it into clauses at punctuation and conjunctions ("et", "and", "mais", "then");
3. in each clause (:mod:`.clauses`), find the phrases of the lexicon (:mod:`.phrasebook`,
   longest first): targets, descriptors, direction cues, intensity, negation, amounts with units
   (:mod:`.amounts`); attach qualifiers to the reverb or delay they describe ("la largeur de ma
   reverb");
4. give each descriptor its direction: the nearest cue before it, else its own comparative
   ("brighter"), else the nearest cue after it ("turn the beat down"); with none, a complaint
   ("la voix est boueuse", "the vocal sounds dull") asks for less of it, a wish ("dry vocal")
   for more; "pas de", "no", "enlève" switch an effect off; "ne baisse pas" asks for nothing;
5. (:mod:`.passes`, :mod:`.asides`) across clauses, a clause without a descriptor takes the previous one's ("monte la voix et
   les chœurs"), one without a direction the previous direction ("baisse la reverb et le
   delay"), one without a target the target named after it in a prepositional phrase or by a
   clause without a verb ("less reverb and more delay on the adlibs"), or a pronoun's
   antecedent ("turn the beat down and make it punchier");
6. (:mod:`.resolve`) resolve targets to tracks and buses (the descriptor's default when none is named: the lead
   vocal for tone and effects, the beat for low end, every other track for width, the mix bus
   for punch, the master's loudness for a bare "louder"), compute each parameter's new value
   from the default step x intensity or the explicit amount, and clamp it to the table.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown.mixparams import BUS_OF, TRACK_PARAMS
from mixdown_text_control import lexicon as lx
from mixdown_text_control.amounts import NUMBER_WORDS
from mixdown_text_control.asides import (
    amount_boundary,
    consequences,
    corrections,
    dominating,
    everywhere_adverbs,
    headed_pronouns,
    list_items,
    lufs_loudness,
    master_reasons,
    opened_tops,
    overflow_reasons,
    relative_at,
    similes,
    told_switches,
    unplaced_followers,
)
from mixdown_text_control.bands import filter_pronouns, frequency_gains
from mixdown_text_control.blamed import blamed_reasons
from mixdown_text_control.breathing import breathing_space
from mixdown_text_control.bus_degrees import bus_degrees
from mixdown_text_control.bus_followers import bus_parts
from mixdown_text_control.buses import whole_effects
from mixdown_text_control.clauses import analyse_clause
from mixdown_text_control.clipping import clipping_reasons
from mixdown_text_control.complaints import (
    absences_found,
    for_this_song,
    left_to_us,
    likenesses_illustrate,
    opened_images,
)
from mixdown_text_control.edits import MASTER_PARAMS, ParseResult, Session
from mixdown_text_control.effects_told import artist_as_voice, denied_targets, kept_as_is, restated_tracks, told_effects
from mixdown_text_control.language import clause_language, detect_language, language_of
from mixdown_text_control.leaks import leak_reasons
from mixdown_text_control.names import track_phrases
from mixdown_text_control.narration import artist_speaks_at, narrated_actions
from mixdown_text_control.normalise import Speller, Token, fold, tokenise
from mixdown_text_control.numerals import spelled_numbers
from mixdown_text_control.pairs import other_of_pair, split_pairs
from mixdown_text_control.passes import bus_headings, inherit, loose_qualifiers, moderate, settle
from mixdown_text_control.phrasebook import PHRASES, vocabulary
from mixdown_text_control.placed_lists import unsplit_join
from mixdown_text_control.preferences import preferred_things
from mixdown_text_control.pronoun_gender import agreeing_pronouns
from mixdown_text_control.repairs import repairs
from mixdown_text_control.resolve import wishes_of
from mixdown_text_control.run_on import reason_opens_at, request_opens_at
from mixdown_text_control.self_corrections import denial_at
from mixdown_text_control.signs import bullet_heads, signed_degrees
from mixdown_text_control.song_kinds import song_kinds
from mixdown_text_control.structure import elisions, rewritten, told_resolve
from mixdown_text_control.syntax import purpose_infinitive
from mixdown_text_control.terse_notes import terse_notes
from mixdown_text_control.topics import named_topics
from mixdown_text_control.untouched import left_alone
from mixdown_text_control.words_grammar import CONJUNCTIONS, DISCOURSE_MARKERS, PURPOSE_CONJUNCTIONS

EVERYTHING = frozenset({"everything", "all", "tout", "anything", "everyone"})
# Degree adverbs that must modify a word after them: one ending a clause after "too"/"trop" is
# a typo of the quality it stands for ("way too quite": "quiet").
DANGLING_DEGREE = frozenset({"quite", "very", "really", "tres", "vraiment"})
EXCESS_WORDS = frozenset({"too", "trop", "so", "si"})
# ("too far back" keeps its "far": back and far ask for the same, closer.)
FAR_DEGREES = frozenset({"far", "further", "farther"})  # "pan it further right": the degree of the place
FAR_PLACES = frozenset({"forward", "forwards", "front", "left", "right", "upfront", "ahead", "in"})
# "For a sec", "one sec": a moment, not "sec" (dry).
ONE_WORDS = frozenset({"a", "one", "1"})
# "loving it so far", "so far so good": a time, not a distance, unless a state verb comes just
# before ("the vocal sounds so far") or a distance word after ("so far away").
TIME_FAR = frozenset({"so", "thus"})
STATE_VERBS = frozenset({"is", "are", "s", "sounds", "sound", "seems", "feels", "was", "were", "gets", "too", "way"})
DISTANCE_AFTER = frozenset({"away", "back", "off", "from", "behind", "out"})
# A return verb before a pan place puts the track there ("put it back in the center", "remets-la
# au centre"): neither an unmute nor "back" as less; the verb it stands for, or nothing.
# Pronouns that stress the track just named, between commas ("le saxo, lui, est trop loin").
STRESSED_PRONOUNS = frozenset({"lui", "elle", "eux", "elles"})
RETURN_WORDS = {"back": "", "remets": "mets", "remettre": "mettre", "remettez": "mettez"}
PAN_PLACES = frozenset({"center", "centre", "middle", "milieu", "axe", "left", "right", "gauche", "droite"})
SOUNDS_LIKE_DEGREE = {"les": "less", "to": "too"}  # spelt as heard, before a quality word
# Particles and degree words that are cues without opening a request of their own.
PARTICLES = frozenset({"up", "down", "off", "out", "back", "in", "on", "more", "less", "plus", "moins", "trop",
                       "too", "pas", "sans", "no", "not", "encore", "again", "un", "une", "a", "de", "du"})
OBJECT_ARTICLES = frozenset({"la", "le", "les", "l", "the", "my", "ma", "mon", "mes", "sa", "son", "ses"})
# Qualities that relate to another track, named next ("trop devant le piano"): no new statement.
RELATIONAL = frozenset({"devant", "derriere", "behind", "ahead", "forward", "over", "above", "under", "sous",
                        "dessus", "dessous", "beyond", "past", "than", "que", "in", "into", "dans", "en", "of",
                        "de", "a", "au", "with", "avec", "to", "on", "sur", "for", "pour", "par"})
TOWARD = frozenset({"toward", "towards"})
STATED_DEGREES = frozenset({"trop", "too", "pas", "not", "so", "way", "vraiment", "really", "tres", "very", "super"})
ENGLISH_PREPOSITIONS = frozenset({"on", "in", "of", "for", "at"})
ENGLISH_DETERMINERS = frozenset({"the", "my", "this", "that", "these", "those", "it", "them", "our", "your"})


class RuleParser:
    """The rule parser; build once (it indexes the lexicon) and call :meth:`parse`."""

    def __init__(self) -> None:
        vocab = vocabulary()
        self._vocabulary = vocab
        self.speller = Speller(vocab.words, vocab.known, vocab.meanings)
        self._conjunctions = {tuple(c.split()) for c in CONJUNCTIONS}
        self._purposes = {tuple(c.split()) for c in PURPOSE_CONJUNCTIONS}
        self._markers = {tuple(c.split()) for c in DISCOURSE_MARKERS}

    # --- entry point -------------------------------------------------------------------------

    def parse(self, instruction: str, session: Session, locale: str = "") -> ParseResult:
        folded = fold(instruction)
        names = track_phrases(session)
        extra = frozenset(w for p in names for w in p)
        tokens = self._undangled(self.speller.correct_tokens(spelled_numbers(tokenise(folded), folded), folded, extra))
        language = language_of(locale) or detect_language(tokens)
        tokens = rewritten(tokens, names)  # "sans toucher à la basse", "pull it 2 dB", "turn me up" (structure.py)
        bullets = {tokens[k].start for k in bullet_heads(tokens, folded)}  # "- louder vocal - less reverb"
        tokens = signed_degrees(tokens, folded, language)  # "beat - large": less wide
        result = ParseResult(locale=locale or language)
        # A mixed instruction is read clause by clause in each clause's own language ("mets le
        # hook plus large and pull the adlibs back"); a clause that does not tell keeps the whole's.
        parts = self._split(tokens)
        clauses = [analyse_clause(part, session, names, clause_language(part, language)) for part in parts]
        purposes = [self._purpose_at(part, 0) > 0 for part in parts]
        if any(c.requests for c, why in zip(clauses, purposes, strict=True) if not why):
            # "de la saturation sur le 808 pour qu'il s'entende sur les petites enceintes": the
            # request is before; the purpose says why, its words ask for nothing.
            parts = [p for p, why in zip(parts, purposes, strict=True) if not why]
            clauses = [c for c, why in zip(clauses, purposes, strict=True) if not why]
        moderate(clauses)
        frequency_gains(clauses)
        filter_pronouns(clauses)
        repairs(clauses, parts)
        loose_qualifiers(clauses)
        bus_parts(clauses)
        bus_headings(clauses)
        master_reasons(clauses)
        corrections(clauses, parts)
        dominating(clauses, parts)
        similes(clauses, parts)
        unplaced_followers(clauses, parts)
        overflow_reasons(clauses, parts)
        leak_reasons(clauses, parts)
        song_kinds(clauses, parts)
        breathing_space(clauses, parts)
        clipping_reasons(clauses, parts)
        opened_tops(clauses, parts)
        opened_images(clauses, parts)
        whole_effects(clauses, parts)
        absences_found(clauses, parts)
        left_to_us(clauses, parts)
        likenesses_illustrate(clauses, parts)
        for_this_song(clauses, parts)
        told_switches(clauses, parts)
        narrated_actions(clauses, parts)
        told_effects(clauses, parts)
        artist_as_voice(clauses, parts)
        denied_targets(clauses, parts)
        kept_as_is(clauses, parts)
        left_alone(clauses, parts)
        headed_pronouns(clauses)
        lufs_loudness(clauses)
        everywhere_adverbs(clauses)
        list_items(clauses, parts, folded, bullets)
        elisions(clauses, parts, session.roles)  # "et trop faible", "baisse-les", "and a bit more vocal"
        preferred_things(clauses, parts)  # "moins de reverb, plutôt un petit delay"
        terse_notes(clauses, parts)  # "808 thin"
        named_topics(clauses)  # "la reverb de la voix, coupe-la"
        bus_degrees(clauses, parts)  # "reverb width smaller please, keep it more central"
        own = [{t.value for t in c.targets if not t.excluded} for c in clauses]
        inherit(clauses)
        restated_tracks(clauses, session.roles)
        split_pairs(clauses, parts, session)
        agreeing_pronouns(clauses, parts, own)
        consequences(clauses, own, folded.text)
        blamed_reasons(clauses, parts, session)
        settle(clauses, folded, result)
        wishes = wishes_of(clauses, session, language)
        for clause, part in zip(clauses, parts, strict=True):  # never against the clause's own words
            told_resolve(clause, part, folded, session, language, result, wishes)
        if not result.edits and not result.not_understood:
            # "make it better": nothing to do is said, never an empty success.
            result.not_understood.append(instruction.strip())
        return result

    def _undangled(self, tokens: list[Token]) -> list[Token]:
        """A degree adverb ending a clause after "too" is read as the word it is a typo of (the
        clause ends at punctuation, a conjunction or the end: "le snare trop quite et le kick");
        "les" before an English preposition and article is "less" ("les on the lead")."""
        if any(t.text in TOWARD for t in tokens):
            # "bring it back toward the middle": a way towards a place is the way to it.
            return self._undangled([replace(t, text="to") if t.text in TOWARD else t for t in tokens])
        out = list(tokens)
        # "too far forward", "way too far left": "far" is the degree of the place that follows,
        # not the distance ("too far": closeness).
        out = [t for i, t in enumerate(tokens) if not (t.text in FAR_DEGREES and i + 1 < len(tokens) and
                                                     tokens[i + 1].text in FAR_PLACES)]
        # "et pas trop de reverb non plus": "non plus" is "either", neither a negation nor "more".
        either = {j for i in range(len(out) - 1) if [t.text for t in out[i:i + 2]] == ["non", "plus"] and
                  (i + 2 == len(out) or out[i + 2].is_separator) for j in (i, i + 1)}
        out = [t for j, t in enumerate(out) if j not in either]
        # "push it back a bit further": the degree of "back", not a second, farther quality.
        out = [t for i, t in enumerate(out) if not (t.text in FAR_DEGREES and "back" in
                                                    [u.text for u in out[max(i - 3, 0):i]])]
        if len(out) != len(tokens):
            return self._undangled(out)
        moment = next((i for i, t in enumerate(tokens) if t.text in ("sec", "secs") and i and (
            tokens[i - 1].text in ONE_WORDS or tokens[i - 1].text in NUMBER_WORDS or tokens[i - 1].is_number)), None)
        if moment is not None:
            # "mute the vocal for a sec": a second, not "dry".
            return self._undangled([*tokens[:moment - 1], *tokens[moment + 1:]])
        for i, token in enumerate(tokens[:-2]):
            if i and token.is_separator and tokens[i + 1].text in STRESSED_PRONOUNS and tokens[i + 2].is_separator:
                # "le saxo, lui, est trop loin": the pronoun stresses the track named before; one clause.
                return self._undangled([*tokens[:i], *tokens[i + 3:]])
            if token.is_number and tokens[i + 1].text in ("more", "less", "extra") and tokens[i + 2].text == "db":
                # "2 more dB", "1 less dB": the amount then its sense, as "2 dB more" reads.
                return [*tokens[:i + 1], replace(tokens[i + 2], start=tokens[i + 1].start, end=tokens[i + 1].end),
                        replace(tokens[i + 1], start=tokens[i + 2].start, end=tokens[i + 2].end), *tokens[i + 3:]]
        for i, token in enumerate(tokens[:-1]):
            if token.text in TIME_FAR and tokens[i + 1].text == "far" and \
                    not (i and tokens[i - 1].text in STATE_VERBS) and \
                    not (i + 2 < len(tokens) and tokens[i + 2].text in DISTANCE_AFTER):
                return self._undangled([*tokens[:i], *tokens[i + 2:]])
        for i, token in enumerate(tokens):
            if token.text in RETURN_WORDS and self._placed_after(tokens, i + 1):
                word = RETURN_WORDS[token.text]
                return self._undangled([*tokens[:i], *([replace(token, text=word)] if word else []), *tokens[i + 1:]])
        for i, token in enumerate(tokens):
            if token.text == "les" and [t.text for t in tokens[i + 1:i + 2]] in (["on"], ["of"], ["in"]) and \
                    i + 2 < len(tokens) and tokens[i + 2].text in ENGLISH_DETERMINERS:
                out[i] = replace(token, text="less")
                continue
            if token.text in SOUNDS_LIKE_DEGREE and self._heads_quality(tokens, i):
                # "les bright on the beat", "vocal to loud": a degree written as it sounds, before
                # an English quality word that ends its clause or meets an English preposition.
                out[i] = replace(token, text=SOUNDS_LIKE_DEGREE[token.text])
                continue
            ends = i + 1 == len(tokens) or tokens[i + 1].is_separator or bool(self._conjunction_at(tokens, i + 1))
            if token.text in DANGLING_DEGREE and ends and i and tokens[i - 1].text in EXCESS_WORDS:
                fixed = self.speller.alternative(token.text)
                if fixed != token.text:
                    out[i] = replace(token, text=fixed)
        return out

    def _heads_quality(self, tokens: list[Token], i: int) -> bool:
        """Whether ``tokens[i]`` ("les", "to") stands where only a degree can: before an English
        quality word (never a target) that ends the clause or meets an English preposition;
        "les" also at its clause's head ("monte les echos" keeps its article)."""
        if i + 1 >= len(tokens):
            return False
        entries = PHRASES.get(tokens[i + 1].text, [])
        if not any(e.kind == "desc" and e.lang == "en" and not e.comparative for e in entries) or \
                any(e.kind == "target" for e in entries):
            return False
        after = i + 2
        ends = after >= len(tokens) or tokens[after].is_separator or bool(self._conjunction_at(tokens, after))
        if tokens[i].text == "les":
            head = i == 0 or tokens[i - 1].is_separator or bool(self._conjunction_at(tokens, i - 1))
            return head and (ends or tokens[after].text in ENGLISH_PREPOSITIONS)
        before = tokens[i - 1].text if i else ""
        # "to" only after a state or a track ("the vocal is to loud", "vocal to loud in the mix"), never
        # after a verb ("set the reverb to wet").
        return (ends or tokens[after].text in ENGLISH_PREPOSITIONS) and (before in STATE_VERBS or before in ("bit", "little", "kinda", "much") or
                         any(e.kind == "target" for e in PHRASES.get(before, [])))

    def _placed_after(self, tokens: list[Token], i: int) -> bool:
        """Whether a pan place follows in the same clause (up to punctuation or a conjunction)."""
        while i < len(tokens) and not tokens[i].is_separator and not self._conjunction_at(tokens, i):
            if tokens[i].text in PAN_PLACES:
                return True
            i += 1
        return False

    # --- 2. clauses --------------------------------------------------------------------------

    def _split(self, tokens: list[Token]) -> list[list[Token]]:
        parts: list[list[Token]] = [[]]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            width = self._conjunction_at(tokens, i)
            if width and i and tokens[i].text == "but" and tokens[i - 1].text in EVERYTHING:
                width = 0  # "everything but the kick": an exception, not a second request
            if width and unsplit_join(parts[-1], tokens, i):
                width = 0  # "bigger and wider reverb", "noyée sous le 808 et le beat": one thing, two words
            if not parts[-1] and not width:
                width = self._marker_at(tokens, i)
            denial = 0 if parts[-1] or width else denial_at(tokens, i)
            if denial:
                # "non en fait monte les aigus": the denial a clause of its own, the request after it.
                parts.extend([list(tokens[i:i + denial]), []])
                i += denial
                continue
            if token.is_separator or width:
                if parts[-1]:
                    parts.append([])
                i += max(width, 1)
                continue
            if other_of_pair(parts[-1], tokens, i):
                parts.append([])  # "une à gauche l'autre à droite": the other of the pair, its own clause
            if amount_boundary(tokens, i) and parts[-1]:
                parts.append([])  # "kick +2 dB 808 -1 dB": each track its own amount
            if relative_at(tokens, i) and parts[-1] and not (i and self._purpose_at(tokens, i - 1)):
                parts.append([])  # "... que j'avais mutée": the artist's own clause
            if self._second_command(parts[-1], tokens, i) or _second_subject(parts[-1], tokens, i) or \
                    _fix_after_complaint(parts[-1], tokens, i) or \
                    artist_speaks_at(parts[-1], tokens, i, _is_command, _is_target) or \
                    request_opens_at(parts[-1], tokens, i) or reason_opens_at(parts[-1], tokens, i, _is_command):
                parts.append([])  # "monte la voix baisse le beat": each verb its own request
            if i and self._purpose_at(tokens, i) and parts[-1]:
                parts.append([])  # the purpose is a clause of its own, its marker kept at its head
            parts[-1].append(token)
            i += 1
        return [p for p in parts if p]

    @staticmethod
    def _second_command(part: list[Token], tokens: list[Token], i: int) -> bool:
        """Whether a verb at ``tokens[i]`` opens a second request with no punctuation before it:
        the clause so far has a verb then its object, and this verb (not a particle, not after
        an article: "une baisse") is followed by an article or a target of its own."""
        if not part or i + 1 >= len(tokens) or tokens[i].text in PARTICLES or \
                part[-1].text in OBJECT_ARTICLES or not _is_command(tokens[i].text):
            return False
        k = i + 1
        while k + 1 < len(tokens) and (tokens[k].text in ("up", "down", "off", "back", "un", "peu", "a", "bit", "little") or
                                        any(e.kind == "intensity" for e in PHRASES.get(tokens[k].text, []))):
            k += 1  # "turn down the beat", "baisse un peu les keys": particles and degrees, then the object
        after = tokens[k].text
        if after not in OBJECT_ARTICLES and not _is_target(after):
            return False
        verb = next((k for k, t in enumerate(part) if _is_command(t.text)), None)
        return verb is not None and any(_is_target(t.text) for t in part[verb + 1:])

    def _purpose_at(self, tokens: list[Token], i: int) -> int:
        if purpose_infinitive([t.text for t in tokens], i):
            return 1
        for width in (3, 2):
            if tuple(t.text for t in tokens[i:i + width]) in self._purposes:
                return width
        return 0

    def _marker_at(self, tokens: list[Token], i: int) -> int:
        """The width of a discourse marker at a clause's head ("en plus elle siffle": a second
        point, not "more"); "de plus de reverb" and "en plus de ça" keep their words."""
        for width in (4, 3, 2, 1):
            if tuple(t.text for t in tokens[i:i + width]) in self._markers:
                after = tokens[i + width].text if i + width < len(tokens) else ""
                return 0 if after in ("de", "d", "du", "des") else width
        return 0

    def _conjunction_at(self, tokens: list[Token], i: int) -> int:
        for width in (3, 2, 1):
            if tuple(t.text for t in tokens[i:i + width]) in self._conjunctions:
                return width
        return 0


def _is_command(word: str) -> bool:
    """A verb that asks for a move ("monte", "baisse", "boost", "mets")."""
    return any(e.kind in ("cue", "verb") for e in PHRASES.get(word, [])) and word not in PARTICLES


def _second_subject(part: list[Token], tokens: list[Token], i: int) -> bool:
    """Whether a track named after an article at ``tokens[i]`` opens a second verbless statement:
    the clause so far names a track then a degree and a quality, and ends on them ("le kick
    trop fort la caisse claire pas assez")."""
    if tokens[i].text not in OBJECT_ARTICLES:
        return False  # "too dark overall": a bare word is no second subject
    start = i + 1
    if start >= len(tokens) or not _is_target(tokens[start].text) or len(part) < 3 or _is_target(part[-1].text):
        return False
    subject = next((k for k, t in enumerate(part) if _is_target(t.text)), None)
    if subject is None or any(_is_command(t.text) for t in part[:subject]):
        return False
    rest = [t.text for t in part[subject + 1:]]
    return bool(STATED_DEGREES & set(rest)) and part[-1].text not in RELATIONAL and \
        any(e.kind == "desc" for e in PHRASES.get(part[-1].text, [])) and part[-1].text not in OBJECT_ARTICLES


def _fix_after_complaint(part: list[Token], tokens: list[Token], i: int) -> bool:
    """Whether a verb ("bring", or one with its own sense: "rapproche", "brighten") opens the fix after a
    complaint with no punctuation between ("la voix est trop loin rapproche la"): the clause so
    far states a degree of a quality, and the verb is followed by its object."""
    if i + 1 >= len(tokens) or len(part) < 3 or tokens[i + 1].text not in OBJECT_ARTICLES | {"it", "them"}:
        return False
    if not any(e.kind == "desc" and e.comparative for e in PHRASES.get(tokens[i].text, [])) and \
            not _is_command(tokens[i].text):
        return False
    words = {t.text for t in part}
    return bool(words & STATED_DEGREES) and any(_is_target(t.text) for t in part) and \
        any(e.kind == "desc" for t in part for e in PHRASES.get(t.text, []))


def _is_target(word: str) -> bool:
    return any(e.kind == "target" for e in PHRASES.get(word, []))


# Every parameter the rules can touch exists in the tables (checked at import).
for _descriptor in lx.DESCRIPTORS.values():
    _moved = [e.parameter for e in (*_descriptor.effects, *_descriptor.mix_effects) if e.parameter != lx.BAND]
    for _parameter in _moved + ([_descriptor.off[0]] if _descriptor.off else []):
        if _parameter not in TRACK_PARAMS and _parameter not in BUS_OF and _parameter not in MASTER_PARAMS:
            raise RuntimeError(f"lexicon: {_descriptor.name} moves unknown parameter {_parameter}")
