"""The rule parser: an instruction in French or English → edits on the current parameters.

Reads top to bottom:

1. fold and tokenise the text, correct typos against the lexicon (:mod:`.normalise`);
2. split it into clauses at punctuation and conjunctions ("et", "and", "mais", "then");
3. in each clause, find the phrases of the lexicon (longest first): targets, descriptors,
   direction cues, intensity, negation, amounts with units; attach qualifiers to the reverb or
   delay they describe ("la largeur de ma reverb");
4. give each descriptor its direction: the nearest cue before it, else its own comparative
   ("brighter"), else the nearest cue after it ("turn the beat down"); with none, a complaint
   ("la voix est boueuse", "the vocal sounds dull") asks for less of it, a wish ("dry vocal")
   for more; "pas de", "no", "enlève" switch an effect off; "ne baisse pas" asks for nothing;
5. across clauses, a clause without a descriptor takes the previous one's ("monte la voix et
   les chœurs"), one without a direction the previous direction ("baisse la reverb et le
   delay"), one without a target the target named after it in a prepositional phrase or by a
   clause without a verb ("less reverb and more delay on the adlibs"), or a pronoun's
   antecedent ("turn the beat down and make it punchier");
6. resolve targets to tracks and buses (the descriptor's default when none is named: the lead
   vocal for tone and effects, the beat for low end, every other track for width, the mix bus
   for punch, the master's loudness for a bare "louder"), compute each parameter's new value
   from the default step x intensity or the explicit amount, and clamp it to the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mixdown.mixparams import BUS_OF, TRACK_PARAMS
from mixdown_text_control import lexicon as lx
from mixdown_text_control.edits import MASTER, MASTER_PARAMS, Edit, ParseResult, Session, merge_edit
from mixdown_text_control.explain import FIXED_NOTE, explain
from mixdown_text_control.normalise import Folded, Speller, Token, fold, tokenise

MAX_PHRASE_TOKENS = 6
OFF_WITHOUT_SWITCH_FACTOR = 1.5
_ADVERB_CUES = frozenset({"plus", "moins", "more", "less", "too", "trop", "plus de", "moins de", "trop de", "up",
                          "down", "pas assez", "pas assez de", "not enough", "pas trop", "pas trop de", "davantage",
                          "too much", "over", "fewer", "extra", "higher", "lower", "no", "sans", "without",
                          "pas de", "pas d", "aucun", "aucune", "none", "zero", "excessive", "excess", "trop peu",
                          "trop peu de", "too little", "far too", "lacking", "missing", "minus", "more of",
                          "less of"})
_REAL_NEGATIONS = frozenset({"pas", "jamais", "not", "don t", "do not", "dont", "never", "doesn t", "isn t",
                             "aren t", "isnt", "arent", "didn t", "won t", "shouldn t", "non"})
_ARTICLES = frozenset("la le les l the my ma mon mes ton ta tes your our notre nos ce cet cette ces this these "
                      "those un une a an some du des de d".split())
_UNITS = {"db": "db", "decibel": "db", "decibels": "db", "dbs": "db", "lu": "db", "hz": "hz", "hertz": "hz",
          "khz": "khz", "lufs": "lufs", "%": "percent", "pourcent": "percent", "pourcents": "percent",
          "percent": "percent", "pct": "percent", "ms": "ms", "milliseconde": "ms", "millisecondes": "ms",
          "millisecond": "ms", "milliseconds": "ms", ":1": "ratio"}
_ABSOLUTE_BEFORE = frozenset({"a", "to", "at", "vers", "sous", "below", "under", "au", "=", "en", "around",
                              "autour", "jusqu", "jusque", "until", "sur", "set"})
_BELOW = frozenset({"sous", "below", "under", "en dessous", "beneath"})
_RELATIVE_BEFORE = frozenset({"de", "d", "by", "of"})


# --- Clause analysis -------------------------------------------------------------------------


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
class Amount:
    value: float
    unit: str  # db | hz | lufs | percent | ms | ratio
    absolute: bool
    signed: bool
    below: bool
    index: int
    relative: bool = False  # "de 3 dB", "by 3 dB"


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


@dataclass
class Target:
    value: str  # a role, "master", "bus", "all", or "track:<name>"
    prepositional: bool


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


class RuleParser:
    """The rule parser; build once (it indexes the lexicon) and call :meth:`parse`."""

    def __init__(self) -> None:
        vocab = lx.vocabulary()
        self._vocabulary = vocab
        self.speller = Speller(vocab.words, vocab.known)
        self._conjunctions = {tuple(c.split()) for c in lx.CONJUNCTIONS}

    # --- entry point -------------------------------------------------------------------------

    def parse(self, instruction: str, session: Session, locale: str = "") -> ParseResult:
        folded = fold(instruction)
        names = self._track_phrases(session)
        speller = self.speller
        if names:
            speller = Speller(self._vocabulary.words, self._vocabulary.known | {w for p in names for w in p})
        tokens = speller.correct_tokens(tokenise(folded), folded)
        language = language_of(locale) or detect_language(tokens)
        result = ParseResult(locale=locale or language)
        clauses = [self._analyse(part, folded, session, names, language) for part in self._split(tokens)]
        self._inherit(clauses)
        for clause in clauses:
            self._resolve(clause, folded, session, language, result)
        return result

    # --- 2. clauses --------------------------------------------------------------------------

    def _split(self, tokens: list[Token]) -> list[list[Token]]:
        parts: list[list[Token]] = [[]]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            width = self._conjunction_at(tokens, i)
            if token.is_separator or width:
                if parts[-1]:
                    parts.append([])
                i += max(width, 1)
                continue
            parts[-1].append(token)
            i += 1
        return [p for p in parts if p]

    def _conjunction_at(self, tokens: list[Token], i: int) -> int:
        for width in (3, 2, 1):
            if tuple(t.text for t in tokens[i:i + width]) in self._conjunctions:
                return width
        return 0

    # --- 3. and 4. one clause ----------------------------------------------------------------

    @staticmethod
    def _track_phrases(session: Session) -> dict[tuple[str, ...], str]:
        phrases: dict[tuple[str, ...], str] = {}
        if session.virtual:
            return phrases
        for name in session.track_names():
            words = tuple(re.findall(r"[a-z0-9]+", fold(name).text))
            if words and " ".join(words) not in lx.STOPWORDS:
                phrases[words] = name
        return phrases

    def _spans(self, tokens: list[Token], names: dict[tuple[str, ...], str], language: str) -> list[Span]:
        words = [t.text for t in tokens]
        spans: list[Span] = []
        i = 0
        while i < len(words):
            for width in range(min(MAX_PHRASE_TOKENS, len(words) - i), 0, -1):
                key = tuple(words[i:i + width])
                phrase = " ".join(key)
                if key in names:
                    spans.append(Span(i, i + width, phrase, [lx.Entry("target", f"track:{names[key]}", "")]))
                    break
                if phrase in lx.PHRASES:
                    entries = list(lx.PHRASES[phrase])
                    # "back" is a French target ("le back") but an English cue ("pull it back").
                    native = [e for e in entries if e.lang == language]
                    if native and len({e.kind for e in entries}) > 1:
                        entries = native
                    spans.append(Span(i, i + width, phrase, entries))
                    break
            else:
                width = 1
            i += width
        return spans

    def _amounts(self, tokens: list[Token]) -> list[Amount]:
        words = [t.text for t in tokens]
        amounts: list[Amount] = []
        for i, token in enumerate(tokens):
            if not token.is_number:
                continue
            unit = _UNITS.get(words[i + 1]) if i + 1 < len(words) else None
            before = words[i - 1] if i else ""
            if unit is None and before == "ratio":
                unit = "ratio"
            if unit is None and i >= 2 and words[i - 2] == "ratio" and before in ("de", "of", "a", "to", "at"):
                unit = "ratio"
            if unit is None:
                continue
            value = float(token.text)
            if unit == "khz":
                unit, value = "hz", value * 1000.0
            absolute = before in _ABSOLUTE_BEFORE or unit in ("lufs", "ratio")
            relative = before in _RELATIVE_BEFORE and unit != "ratio"
            if relative:
                absolute = False
            signed = token.text[0] in "+-"
            if signed and unit != "lufs" and before not in _ABSOLUTE_BEFORE:
                absolute = False
            below = before in _BELOW or (i >= 2 and f"{words[i - 2]} {before}" in _BELOW)
            amounts.append(Amount(value, unit, absolute, signed, below, i, relative))
        return amounts

    def _analyse(self, tokens: list[Token], folded: Folded, session: Session,
                 names: dict[tuple[str, ...], str], language: str) -> Clause:
        clause = Clause(start=tokens[0].start, end=tokens[-1].end)
        spans = self._spans(tokens, names, language)
        words = [t.text for t in tokens]
        clause.content = any(t.text not in lx.STOPWORDS and not t.is_number and t.text not in _UNITS
                             for t in tokens)
        # Instrument names that are also sound words ("plus de basse" with no bass track).
        for span in spans:
            target = span.first("target")
            if target and span.phrase in lx.AMBIGUOUS_TARGETS and not session.has_role(str(target.value)):
                span.entries = [lx.Entry("desc", lx.AMBIGUOUS_TARGETS[span.phrase], language)]
        refs = [s.end for s in spans if s.first("ref")]
        used: set[int] = {k for k, s in enumerate(spans)
                          if s.first("target") and any(0 <= s.start - end <= 2 for end in refs)}
        mentions = self._qualified(spans, used, language)
        for index, span in enumerate(spans):
            if index in used:
                continue
            entry = span.first("desc", language)
            target = span.first("target", language)
            if entry is not None and target is None:
                descriptor = lx.DESCRIPTORS[str(entry.value)]
                problem = descriptor.problem if entry.problem is None else entry.problem
                mentions.append(Mention(descriptor.name, entry.polarity, entry.comparative, problem,
                                        span.start, span.end))
            elif target is not None:
                prepositional = self._prepositional(words, span.start)
                clause.targets.append(Target(str(target.value), prepositional))
        mentions.sort(key=lambda m: m.start)
        cues = [(s.start, s.end, str(s.first("cue").value), s.phrase) for s in spans if s.first("cue")]
        intensity = 1.0
        for span in spans:
            entry = span.first("intensity")
            if entry is not None and not span.first("desc") and not span.first("cue"):
                intensity *= float(entry.value)
        intensity = min(max(intensity, 0.25), 4.0)
        negated = any(s.phrase in _REAL_NEGATIONS for s in spans if s.first("neg") and not s.first("cue"))
        enough = any(s.first("enough") for s in spans)
        copula = any(s.first("copula") for s in spans if not s.first("desc"))
        clause.has_verb = any(s.first("verb") for s in spans) or any(c[3] not in _ADVERB_CUES for c in cues)
        clause.pronoun = any(s.first("pronoun") for s in spans) or self._french_pronoun(words, spans)
        amounts = self._amounts(tokens)

        mentions = self._keep_distinct(mentions, cues)
        for k, mention in enumerate(mentions):
            low = mentions[k - 1].end if k else 0
            high = mentions[k + 1].start if k + 1 < len(mentions) else len(words)
            limit = max(mention.start, mention.cue_limit)
            before = [c for c in cues if low <= c[0] and c[1] <= limit]
            after = [c for c in cues if mention.end <= c[0] and c[1] <= high]
            request = Request(mention.descriptor, mention.polarity, intensity=intensity, position=mention.start)
            cue = before[-1] if before else None
            if cue is None and mention.comparative:
                request.direction, request.cue_source = 1, "comparative"
            else:
                cue = cue or (after[0] if after else None)
            if cue is not None:
                self._apply_cue(request, cue[2], cue[3])
            elif not request.cue_source:
                if negated and enough:
                    request.direction, request.cue_source = 1, "explicit"
                elif negated and copula:
                    request.direction, request.cue_source = 1, "complaint"
                elif mention.problem or copula:
                    request.direction, request.cue_source = -1, "complaint"
                else:
                    request.direction, request.cue_source = 1, "wish"
            if negated and not enough and request.cue_source in ("explicit", "comparative") and not request.off:
                request.noop = True
            clause.requests.append(request)

        level_amounts = [a for a in amounts if a.unit in ("db", "lufs")]
        if not mentions and (cues or level_amounts) and clause.targets:
            # "monte la voix", "turn the beat down 3 dB", "enlève les backs": the level.
            request = Request("level", intensity=intensity, position=0)
            if cues:  # the last cue: "push the adlibs back", "turn the beat down"
                self._apply_cue(request, cues[-1][2], cues[-1][3])
            if negated and not enough and not request.off and cues:
                request.noop = True
            clause.requests.append(request)
        elif not mentions and clause.targets:
            clause.requests.append(Request(None, intensity=intensity, cue_source="", position=0))
        elif not mentions and cues and not clause.targets and level_amounts:
            request = Request("level", intensity=intensity)
            self._apply_cue(request, cues[0][2], cues[0][3])
            clause.requests.append(request)
        elif not mentions and not clause.targets and amounts:
            # "..., puis encore de 1 dB": the previous request again, by that amount.
            clause.requests.append(Request(None, intensity=intensity, position=0))
        self._assign_amounts(clause.requests, amounts)
        for request in clause.requests:
            for amount in request.amounts:
                # "width 150% on the beat", "reverb send -20 dB": no direction word, a value.
                if request.cue_source in ("wish", "") and not amount.relative and not amount.signed:
                    amount.absolute = True
            if request.off and (request.intensity < 1.0 or any(not a.absolute for a in request.amounts)):
                request.off, request.direction = False, -1  # "coupe un peu la reverb", "drop the beat 2 dB"
            if request.direction == 0 and request.descriptor is not None:
                signs = [a for a in request.amounts if a.signed and not a.absolute]
                if signs:
                    request.direction, request.cue_source = (1 if signs[0].value > 0 else -1), "explicit"
                elif any(a.absolute for a in request.amounts):
                    request.direction, request.cue_source = 1, "explicit"
        return clause

    @staticmethod
    def _apply_cue(request: Request, cue: str, phrase: str) -> None:
        request.cue_source = "explicit"
        if cue == "off":
            request.off, request.direction = True, -1
        else:
            request.direction = 1 if cue == "up" else -1

    @staticmethod
    def _prepositional(words: list[str], start: int) -> bool:
        i = start - 1
        while i >= 0 and words[i] in _ARTICLES and words[i] not in ("de", "d", "du", "des"):
            i -= 1
        return i >= 0 and any(e.kind == "prep" for e in lx.PHRASES.get(words[i], []))

    @staticmethod
    def _french_pronoun(words: list[str], spans: list[Span]) -> bool:
        # "rends-la plus brillante", "monte-les": a verb, then la/le/les/lui, then no noun.
        verbs = {s.end: s for s in spans if s.first("verb") or (s.first("cue") and s.phrase not in _ADVERB_CUES)}
        for end in verbs:
            if end < len(words) and words[end] in ("la", "le", "les", "lui", "leur"):
                following = next((s for s in spans if s.start == end + 1), None)
                if end + 1 >= len(words) or (following and not following.first("target")
                                             and (following.first("cue") or following.first("intensity")
                                                  or following.first("desc"))):
                    return True
        return False

    def _qualified(self, spans: list[Span], used: set[int], language: str) -> list[Mention]:
        """'la largeur de ma reverb', 'more repeats on the delay' → the bus's own parameter."""
        mentions: list[Mention] = []
        for b, bus_span in enumerate(spans):
            entry = bus_span.first("desc")
            if entry is None or entry.value not in ("reverb", "delay") or b in used:
                continue
            best: tuple[int, int, lx.Entry] | None = None
            for q, span in enumerate(spans):
                qual = span.first("qual", language)
                if q == b or q in used or qual is None or (str(entry.value), str(qual.value)) not in lx.QUALIFIED:
                    continue
                gap = span.start - bus_span.end if span.start >= bus_span.end else bus_span.start - span.end
                lo, hi = sorted((q, b))
                blocked = any(spans[k].first("target") or (spans[k].first("desc") and k != q)
                              for k in range(lo + 1, hi))
                if gap <= lx.QUALIFIER_WINDOW_TOKENS and not blocked:
                    # A comparative or adjective beats a plain noun ("shorter reverb tail").
                    rank = (0 if qual.comparative else 1, gap)
                    if best is None or rank < (0 if best[2].comparative else 1, best[1]):
                        best = (q, gap, qual)
            if best is None:
                continue
            q, _, qual = best
            used.update({b, q})
            for k, span in enumerate(spans):  # the other qualifiers of the same bus parameter
                other = span.first("qual")
                if k not in used and other is not None and other.value == qual.value and \
                        abs(span.start - bus_span.start) <= lx.QUALIFIER_WINDOW_TOKENS + 1:
                    used.add(k)
            name = lx.QUALIFIED[(str(entry.value), str(qual.value))]
            start, end = min(bus_span.start, spans[q].start), max(bus_span.end, spans[q].end)
            mentions.append(Mention(name, qual.polarity, qual.comparative, False, start, end, spans[q].start))
        return mentions

    @staticmethod
    def _keep_distinct(mentions: list[Mention], cues: list[tuple[int, int, str, str]]) -> list[Mention]:
        """Two descriptors sharing one cue are one request: keep the more specific
        ("the esses are too harsh" is about sibilance); repeated names count once."""
        kept: list[Mention] = []
        for mention in mentions:
            if kept and kept[-1].descriptor == mention.descriptor:
                if mention.comparative and not kept[-1].comparative:
                    kept[-1] = mention
                continue
            if kept:
                previous = kept[-1]
                own_cue = mention.comparative or any(previous.end <= c[0] and c[1] <= mention.start for c in cues)
                if not own_cue:
                    a, b = lx.DESCRIPTORS[previous.descriptor], lx.DESCRIPTORS[mention.descriptor]
                    if b.priority > a.priority:
                        mention.comparative = mention.comparative or previous.comparative
                        if previous.comparative or previous.problem:
                            mention.problem = mention.problem or previous.problem
                            mention.polarity = mention.polarity if not previous.comparative else mention.polarity
                        kept[-1] = mention
                    continue
            kept.append(mention)
        return kept

    @staticmethod
    def _assign_amounts(requests: list[Request], amounts: list[Amount]) -> None:
        if not requests:
            return
        for amount in amounts:
            preceding = [r for r in requests if r.position <= amount.index]
            (preceding[-1] if preceding else requests[0]).amounts.append(amount)

    # --- 5. across clauses -------------------------------------------------------------------

    @staticmethod
    def _inherit(clauses: list[Clause]) -> None:
        previous: Request | None = None
        previous_targets: list[Target] = []
        topic: list[Target] = []
        for i, clause in enumerate(clauses):
            if previous is None and clause.targets and all(r.descriptor is None for r in clause.requests) \
                    and i + 1 < len(clauses) and not clauses[i + 1].targets:
                # "adlibs: less reverb, more delay": a heading names the target of what follows.
                topic, clause.requests, clause.content = list(clause.targets), [], False
                continue
            if topic and not clause.targets:
                clause.targets = list(topic)
            for request in clause.requests:
                if request.descriptor is None and previous is not None and previous.descriptor is not None:
                    request.descriptor, request.polarity = previous.descriptor, previous.polarity
                    request.direction, request.off = previous.direction, previous.off
                    request.cue_source = "inherited"
                    if request.intensity == 1.0:
                        request.intensity = previous.intensity
                elif request.cue_source == "wish" and previous is not None and previous.direction:
                    request.direction, request.off, request.cue_source = previous.direction, previous.off, "inherited"
                    if lx.DESCRIPTORS[request.descriptor].off is None and request.off:
                        request.off = True
                if request.descriptor is not None:
                    previous = request
            follow_up = any(r.cue_source == "inherited" for r in clause.requests) and not clause.targets
            if not clause.targets and clause.requests:
                if (clause.pronoun or follow_up) and previous_targets:
                    clause.targets = list(previous_targets)
                else:
                    for later in clauses[i + 1:]:
                        if later.targets:
                            if any(t.prepositional for t in later.targets) or not clause.has_verb:
                                clause.targets = [Target(t.value, False) for t in later.targets]
                            break
            if clause.targets:
                previous_targets = clause.targets

    # --- 6. edits ----------------------------------------------------------------------------

    def _resolve(self, clause: Clause, folded: Folded, session: Session, language: str,
                 result: ParseResult) -> None:
        text = folded.original_span(clause.start, clause.end)
        produced = False
        for request in clause.requests:
            if request.descriptor is None or request.noop or request.direction == 0:
                continue
            for target, descriptor, effects, note in self._destinations(request, clause, session, language):
                if target is None:
                    result.not_understood.append(f"{text} ({note})" if note else text)
                    produced = True
                    continue
                edits = self._edits(request, target, descriptor, effects, note, session, language)
                if not edits and effects and session.fixed(target, effects[0].parameter) is not None:
                    result.not_understood.append(f"{text} ({FIXED_NOTE[language]})")
                    produced = True
                for edit in edits:
                    session.apply(edit)
                    merge_edit(result.edits, edit)
                    produced = True
        if not produced and clause.content:
            result.not_understood.append(text)

    def _destinations(self, request: Request, clause: Clause, session: Session, language: str):
        """(target, descriptor, effects, note) for each map the request changes."""
        descriptor = lx.DESCRIPTORS[str(request.descriptor)]
        if descriptor.scope != "track":
            target = MASTER if descriptor.scope == "master" else descriptor.scope
            return [(target, descriptor, descriptor.effects, "")]
        targets = [t.value for t in clause.targets] or [descriptor.default]
        out = []
        for value in dict.fromkeys(targets):
            if value in ("master", "mix"):
                if descriptor.name == "level":
                    loud = lx.DESCRIPTORS["loudness"]
                    out.append((MASTER, loud, loud.effects, ""))
                elif descriptor.mix_effects:
                    out.append(("bus", descriptor, descriptor.mix_effects, ""))
                else:
                    out.extend((name, descriptor, descriptor.effects, "") for name in self._all(session))
            elif value == "bus":
                if descriptor.mix_effects:
                    out.append(("bus", descriptor, descriptor.mix_effects, ""))
                elif descriptor.name == "level":
                    out.append(("bus", descriptor, (lx.Effect("trim_db", 1, 2.0),), ""))
                else:
                    out.extend((name, descriptor, descriptor.effects, "") for name in self._all(session))
            elif value == "all":
                out.extend((name, descriptor, descriptor.effects, "") for name in self._all(session))
            elif value == "others":
                others = [n for n in self._all(session) if session.role_of(n) != "lead_vocal"]
                out.extend((name, descriptor, descriptor.effects, "") for name in others)
            elif value.startswith("track:"):
                out.append((value[len("track:"):], descriptor, descriptor.effects, ""))
            else:
                names = self._role_tracks(value, session, explicit=bool(clause.targets))
                if not names:
                    label = getattr(lx.ROLE_LABELS.get(value, lx.RoleLabel(value, value)), language)
                    note = f"pas de piste « {label} » dans ce mix" if language == "fr" else f"no {label} track in this mix"
                    out.append((None, descriptor, (), note))
                out.extend((name, descriptor, descriptor.effects, "") for name in names)
        # The lead vocal stays mono and centred: widen its reverb instead.
        fixed = []
        for target, desc, effects, note in out:
            if target is not None and desc.name == "width" and session.fixed(target, "width_percent") is not None:
                wide = lx.DESCRIPTORS["reverb_width"]
                note = ("la voix lead reste mono et centrée : c'est sa reverb qui s'élargit" if language == "fr"
                        else "the lead vocal stays mono and centred: its reverb gets wider instead")
                fixed.append(("reverb", wide, wide.effects, note))
            else:
                fixed.append((target, desc, effects, note))
        return fixed

    @staticmethod
    def _all(session: Session) -> list[str]:
        return session.track_names() if not session.virtual else ["lead_vocal", "instrumental"]

    @staticmethod
    def _role_tracks(role: str, session: Session, explicit: bool) -> list[str]:
        names = session.tracks_with_role(role)
        if names or explicit:
            return names
        # A default role the mix lacks: the lead vocal, then every track.
        return session.tracks_with_role("lead_vocal") or RuleParser._all(session)

    def _edits(self, request: Request, target: str, descriptor: lx.Descriptor, effects, note: str,
               session: Session, language: str) -> list[Edit]:
        edits: list[Edit] = []
        if request.off and descriptor.off is not None:
            parameter, value = descriptor.off
            if session.spec(target, parameter) is not None:
                edits.append(self._edit(session, target, parameter, value, descriptor, request, language, note))
            return edits
        factor = request.intensity * (OFF_WITHOUT_SWITCH_FACTOR if request.off else 1.0)
        direction = request.direction * request.polarity
        amounts = list(request.amounts)
        applied_amount = False
        for n, effect in enumerate(effects):
            spec = session.spec(target, effect.parameter)
            if spec is None or session.fixed(target, effect.parameter) is not None:
                continue
            old = session.value(target, effect.parameter)
            sign = direction * effect.sign
            amount = _matching_amount(amounts, spec.unit, effect.parameter, n == 0 and not applied_amount)
            if amount is not None:
                amounts.remove(amount)
                applied_amount = True
                wanted = _with_amount(amount, old, sign, spec.unit)
                if n == 0 and amount.absolute:
                    # A value was given ("ratio 4", "coupe-bas à 120 Hz"): that value only.
                    edits.append(self._edit(session, target, effect.parameter, wanted, descriptor, request,
                                            language, note))
                    break
            elif effect.mode == "add":
                wanted = old + sign * effect.step * factor
            elif effect.mode == "mul":
                wanted = old * effect.step ** (sign * factor)
            elif effect.mode == "floor":
                if sign <= 0 or old >= effect.step:
                    continue
                wanted = effect.step
            else:  # switch
                wanted = 1.0 if sign > 0 else 0.0
            edits.append(self._edit(session, target, effect.parameter, wanted, descriptor, request, language, note))
        # An amount in Hz for a gain: the frequency it applies at ("aigus à 8 kHz", "coupe sous 150 Hz").
        for amount in amounts:
            if amount.unit != "hz" or not effects:
                continue
            parameter = lx.FREQUENCY_OF.get(effects[0].parameter)
            cut_lows = descriptor.name in ("body", "thin") and (direction * effects[0].sign < 0 or amount.below)
            if cut_lows:
                parameter = "hpf_cutoff_hz"
                edits = [e for e in edits if e.parameter != "low_shelf_gain_db"] if amount.below else edits
            if parameter and session.spec(target, parameter) is not None:
                old = session.value(target, parameter)
                wanted = amount.value if amount.absolute or amount.below else old + direction * abs(amount.value)
                edits.append(self._edit(session, target, parameter, wanted, descriptor, request, language, note))
        return edits

    @staticmethod
    def _edit(session: Session, target: str, parameter: str, wanted: float, descriptor: lx.Descriptor,
              request: Request, language: str, note: str) -> Edit:
        old = session.value(target, parameter)
        proposal = session.propose(target, parameter, wanted)
        spec = session.spec(target, parameter)
        explanation = explain(session, target, parameter, old, proposal.value, descriptor,
                              request.direction * request.polarity, request.off and descriptor.off is not None,
                              language, proposal.note if proposal.clamped else "", note, spec.unit if spec else "")
        return Edit(target, parameter, old, proposal.value, explanation, proposal.clamped)


def _matching_amount(amounts: list[Amount], unit: str, parameter: str, primary: bool) -> Amount | None:
    for amount in amounts:
        if amount.unit == "db" and unit in ("dB", "dBFS", "LUFS") and primary:
            return amount
        if amount.unit == "lufs" and unit == "LUFS":
            return amount
        if amount.unit == "hz" and ((unit == "Hz" and not amount.below) or
                                    (amount.below and parameter == "hpf_cutoff_hz")):
            return amount
        if amount.unit == "ms" and unit == "ms":
            return amount
        if amount.unit == "percent" and (unit == "%" or (unit == "" and parameter in _UNIT_INTERVAL)):
            return amount
        if amount.unit == "ratio" and parameter in ("comp_ratio", "glue_ratio"):
            return amount
    return None


_UNIT_INTERVAL = frozenset({"sat_mix", "duck_amount", "reverb_room_size", "reverb_width", "reverb_damping",
                            "delay_feedback"})


def _with_amount(amount: Amount, old: float, sign: int, unit: str) -> float:
    """The value an explicit amount asks for: absolute ("à 120 Hz") or a move in ``sign``'s
    direction ("de 3 dB"; a bare signed amount decided ``sign`` already)."""
    value = amount.value / 100.0 if amount.unit == "percent" and unit != "%" else amount.value
    if amount.absolute:
        return value
    return old + sign * abs(value)


# --- language ---------------------------------------------------------------------------------


def language_of(locale: str) -> str:
    """'fr-FR' → 'fr'; '' or an unsupported language → ''."""
    base = locale.strip().lower().replace("_", "-").split("-")[0]
    return base if base in ("fr", "en") else ""


_FR_ONLY = (lx.LANG_WORDS["fr"] - lx.LANG_WORDS["en"]) | lx.LANG_HINTS["fr"]
_EN_ONLY = (lx.LANG_WORDS["en"] - lx.LANG_WORDS["fr"]) | lx.LANG_HINTS["en"]


def detect_language(tokens: list[Token]) -> str:
    words = [t.text for t in tokens if not t.is_number]
    french = sum(w in _FR_ONLY for w in words)
    english = sum(w in _EN_ONLY for w in words)
    return "fr" if french > english else "en"


# Every parameter the rules can touch exists in the tables (checked at import).
for _descriptor in lx.DESCRIPTORS.values():
    for _effect in (*_descriptor.effects, *_descriptor.mix_effects):
        if _effect.parameter not in TRACK_PARAMS and _effect.parameter not in BUS_OF and \
                _effect.parameter not in MASTER_PARAMS:
            raise RuntimeError(f"lexicon: {_descriptor.name} moves unknown parameter {_effect.parameter}")
