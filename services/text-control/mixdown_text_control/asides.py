"""What an instruction says besides its requests, and what that changes in them.

- A master set to a loudness in LUFS is set once: what the instruction then says of the mix
  without a target of its own ("it's too quiet", "full send") is why (:func:`master_reasons`).
- A mute told after the fact ("I muted it by mistake", "la voix que j'avais mutée") is no
  request, but it says the track is muted: bringing it back is unmuting it, not a level
  (:func:`told_switches`).
- A track the artist wants to hear alone ("que j'écoute la voix seule", "I want to hear the vocal
  alone") is why the others are muted, never a track to mute (:func:`told_switches`).
- A clause opening with a correction ("solo... I mean mute the vocal", "baisse la voix, enfin je
  veux dire l'instru") replaces what came before it: its request, or, with only a target, the
  previous request on that target (:func:`corrections`).
- A complaint that a track is buried ("la voix est noyée") beside a request that lowers another
  track ("le beat est trop fort") is the effect of what that request fixes, and a complaint
  about a track's level beside a stated request on that same track ("the 808 is fighting the
  kick, cut 2 dB at 55 Hz on the 808") is why it is asked: only the request moves
  (:func:`consequences`).
- "On entend plus que le beat", "all I hear is the beat": that track is too loud
  (:func:`dominating`); "on dirait que c'est eux le lead", "it sounds like they're the lead": a
  track named in a likeness asks for nothing (:func:`similes`).
- After a request the mix cannot place ("monte le saxo" with no sax, "tune the sax"), a clause
  that goes on about "it" ("il est trop discret", "it's flat") is about that thing too
  (:func:`unplaced_followers`).
- After a request, a clause saying only that "it" overflows ("narrow the reverb, it's spilling
  everywhere", "rétrécis la réverb, elle déborde") is why it is asked, not a second request
  (:func:`overflow_reasons`).
- "Open it" after a complaint that a sound is dark or dull ("la voix est trop sombre, faut
  l'ouvrir") opens its top end, not its stereo image (:func:`opened_tops`).
- A relative clause with the artist as subject ("... que j'avais mutée", "... que j'écoute la voix
  seule") is a clause of its own (:func:`relative_at`, used when the instruction is split).
"""

from __future__ import annotations

import re

from mixdown_text_control.clause_types import Clause, Request
from mixdown_text_control.losses import lost_tracks
from mixdown_text_control.masking import masks_the_one_before
from mixdown_text_control.normalise import Folded, Token, list_markers
from mixdown_text_control.self_corrections import DENYING_MARKERS, bare_denial, corrected_index, retake, with_bare_way
from mixdown_text_control.words_grammar import JOINING_WORDS, MASKING_SUBJECTS, OVERFLOW_CUES, PAST_AUXILIARIES

# The artist speaking of themself: subject pronouns opening a relative or narrated clause.
FIRST_PERSON = frozenset({"j", "je", "i", "on", "we", "nous"})
# Relative pronouns that may open a clause with the artist as subject.
RELATIVES = frozenset({"que", "qu", "that"})
# A mute word's past forms ("muted", "mutée"), and those also imperatives ("coupe": coupé or coupe).
PAST_MUTE_FORMS = frozenset({"muted", "mutee", "mutees", "coupee", "coupees"})
MUTE_FORMS = frozenset({"mute", "coupe", "coupes"})
# Copulas before a mute word that tell a state ("elle est mute", "it's muted").
STATE_COPULAS = frozenset({"est", "sont", "is", "are", "s", "reste", "restent", "stays", "still", "encore"})
# Auxiliaries of a past told in the first person ("je l'ai muté"), besides PAST_AUXILIARIES.
PERFECT_AUXILIARIES = frozenset({"ai", "avons", "have", "ve"})
# Verbs that bring a track back ("bring it back", "remets-le", "réactive-le").
RETURN_VERBS = frozenset({"back", "remets", "remet", "remettre", "remettez", "ramene", "ramener", "ramenez",
                          "reactive", "reactiver", "reactivate", "restore", "bring", "retablis"})
# Words that unmute ("unmute the snare, I muted it by accident"): the request beside the story.
UNMUTE_WORDS = frozenset({"unmute", "demute", "reactive"})
# A track to hear alone.
ALONE_WORDS = frozenset({"seul", "seule", "seuls", "seules", "alone", "isolee", "isole", "isolated", "only",
                         "seulement", "uniquement"})
# "coupe le DI, garde juste le micro": beside a mute, the track kept is not muted too.
KEEP_WORDS = frozenset({"garde", "gardes", "gardez", "garder", "keep", "keeps", "laisse", "laissez", "leave"})
# What a told action did (the level, a mute), as opposed to what the sentence goes on to ask.
TOLD_DESCRIPTORS = frozenset({None, "level", "mute", "loudness"})


# Openings of a clause that corrects the one before.
CORRECTION_MARKERS = (("i", "mean"), ("i", "meant"), ("je", "veux", "dire"), ("enfin", "non"), ("non", "plutot"), ("or", "rather"),
                      ("sorry",), ("pardon",), ("oups",), ("oops",), ("wait", "no"), ("no", "wait"),
                      *DENYING_MARKERS)


def _marker_end(part: list[Token]) -> int:
    """The end of a correction marker opening ``part`` (after one filler word at most: "enfin je
    veux dire"), 0 when there is none."""
    words = tuple(t.text for t in part)
    for offset in (0, 1):
        for marker in CORRECTION_MARKERS:
            if words[offset:offset + len(marker)] == marker:
                return offset + len(marker)
    # The marker after the correction ("monte la reverb, le retour je veux dire"): as if before it.
    return 1 if any(len(words) > len(m) and words[-len(m):] == m for m in CORRECTION_MARKERS) else 0


def corrections(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """A correction replaces the clause before it (see the module docstring); a marker alone
    ("..., sorry, on the kick") corrects with the clause after it."""
    k = 1
    while k < len(clauses):
        end = len(parts[k]) if bare_denial(parts[k], parts[k + 1] if k + 1 < len(parts) else None) else \
            _marker_end(parts[k])
        if not end:
            k += 1
            continue
        before, clause = clauses[k - 1], with_bare_way(clauses[k], parts[k][end:])
        if end == len(parts[k]) and k + 1 < len(clauses):
            clause.requests, clause.content = [], False
            clause = clauses[corrected_index(clauses, parts, k + 1)]
        if any(r.descriptor is not None for r in clause.requests):
            before.requests, before.content = [], False
        elif before.requests and clause.requests and \
                all(r.descriptor is None and r.direction for r in clause.requests):
            retake(before, clause)  # "more delay on the vocal, actually no, turn it down"
        elif clause.targets and before.requests:
            before.targets = list(clause.targets)
            clause.requests, clause.content, clause.targets = [], False, []
        k += 1


def relative_at(tokens: list[Token], i: int) -> bool:
    """Whether a relative clause with the artist as subject opens at ``i`` ("que j'avais mutée",
    "que j'écoute la voix seule", "that I muted")."""
    return 0 < i < len(tokens) - 1 and tokens[i].text in RELATIVES and tokens[i + 1].text in FIRST_PERSON


def _narrates_mute(words: list[str]) -> bool:
    """"I muted it by mistake", "que j'avais mutée", "je l'ai coupé": a mute told as done. A form
    that is also an imperative ("coupe", "mute") tells it only right after an auxiliary ("je
    l'ai coupé"; not "j'ai besoin que tu coupes la voix")."""
    said = set(words)
    auxiliaries = PAST_AUXILIARIES | PERFECT_AUXILIARIES
    for i, word in enumerate(words):
        if word in PAST_MUTE_FORMS and (said & FIRST_PERSON or said & auxiliaries):
            return True
        if word in MUTE_FORMS and set(words[max(i - 2, 0):i]) & auxiliaries:
            return True
        if (word in MUTE_FORMS or word in PAST_MUTE_FORMS) and i and words[i - 1] in STATE_COPULAS:
            return True  # "elle est mute", "it's muted": a state told, not an order
    return False


def _narrated_relative(words: list[str]) -> bool:
    """"que j'ai baissée", "que j'avais mutée", "that I turned down": a relative clause telling
    what the artist did."""
    if len(words) < 3 or words[0] not in RELATIVES or words[1] not in FIRST_PERSON:
        return False
    return bool(set(words) & (PAST_AUXILIARIES | PERFECT_AUXILIARIES)) or words[2].endswith("ed")


def _mutes(request: Request) -> bool:
    """Whether the request mutes its target ("mute l'instru", "coupe l'instru")."""
    return (request.descriptor == "mute" and request.direction * request.polarity > 0) or \
        (request.descriptor == "level" and request.off)


def told_switches(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Read what a told mute and a track heard alone change (see the module docstring)."""
    words = [{t.text for t in part} for part in parts]
    told = [k for k, part in enumerate(parts) if _narrates_mute([t.text for t in part])]
    for k, part in enumerate(parts):
        if k in told or _narrated_relative([t.text for t in part]):
            # What was done ("I muted it by mistake", "que j'ai baissée tout à l'heure") is no
            # request; its target stays the antecedent of "it". What the rest of the sentence
            # asks ("the vocal that I recorded yesterday needs more air") still is.
            kept = [r for r in clauses[k].requests if r.descriptor not in TOLD_DESCRIPTORS or
                    (k in told and r.descriptor == "mute" and r.direction * r.polarity < 0 and
                     any(w in RETURN_VERBS or w in UNMUTE_WORDS for w in words[k]))]
            clauses[k].requests, clauses[k].content = kept, bool(kept)
    if told:
        for k, clause in enumerate(clauses):
            if k in told or not words[k] & RETURN_VERBS:
                continue
            for request in clause.requests:
                if request.descriptor in (None, "level", "mute") and not request.noop:
                    # "bring the riser back into the mix, I muted it": unmute it.
                    request.descriptor, request.polarity, request.direction = "mute", -1, 1
                    request.off, request.implicit, request.cue_source = False, False, "explicit"
                    request.amounts = []
    muting = any(_mutes(r) for c in clauses for r in c.requests)
    for k, clause in enumerate(clauses):
        heard = bool(words[k] & HEARING_VERBS and words[k] & LISTENERS)
        kept = bool(words[k] & KEEP_WORDS) or (bool(words[k] & {"juste", "just"}) and  # "je veux juste ma voix"
                                               all(r.descriptor is None for r in clause.requests))
        kept = kept or (k and not clauses[k - 1].requests and not clauses[k - 1].content and clause.bare_targets)
        if muting and (words[k] & ALONE_WORDS or heard or kept) and not any(_mutes(r) for r in clause.requests):
            # "mute l'instru, que j'écoute la voix seule", "coupe la voix, je veux écouter le
            # beat": why, not that track muted too.
            clause.requests, clause.content, clause.targets = [], False, []


def sets_master(clause: Clause) -> bool:
    """Whether the clause sets the master's loudness to a value in LUFS ("le master à -8 LUFS")."""
    return any(t.value == "master" for t in clause.targets) and \
        any(r.descriptor in ("level", "loudness") and any(a.unit == "lufs" and a.absolute for a in r.amounts)
            for r in clause.requests)


def master_reasons(clauses: list[Clause]) -> None:
    """"le master à -8 LUFS, full send", "master à -10 LUFS, it's too quiet", "le master à -7 LUFS,
    ça doit taper": the loudness is set by its value; a clause with no target of its own that
    describes the mix (a state, a wish, "it's too quiet", "trop fort pour spotify") says why, and
    asks for nothing more (another step of loudness, which would undo the value, the mix bus,
    every track's low end). A stated request ("et plus de reverb") is still one."""
    if not any(sets_master(c) for c in clauses):
        return
    for clause in clauses:
        if clause.targets or sets_master(clause):
            continue
        reasons = [r for r in clause.requests if r.cue_source in ("wish", "complaint") or
                   r.descriptor in ("level", "loudness")]
        if reasons and len(reasons) == len(clause.requests):
            clause.requests, clause.content = [], False


# Qualities a track lacks when another covers it ("la voix est noyée": level, presence).
_BURIED = frozenset({"level", "presence", "closeness"})


def _names(clause: Clause) -> set[str]:
    return {t.value for t in clause.targets if not t.excluded}


def consequences(clauses: list[Clause], own: list[set[str]], text: str) -> None:
    """Drop the complaints that only say why another request is made (module docstring); run
    once each clause has its targets (``own``: the targets each clause named itself; ``text``:
    the folded instruction, whose punctuation tells a consequence told after its cause, "le beat
    est trop fort, la voix est noyée", from a second complaint, "the beat is too loud and the
    vocal is buried")."""
    for k, clause in enumerate(clauses):
        complaints = [r for r in clause.requests if r.descriptor in _BURIED and r.cue_source == "complaint"]
        if not complaints or len(complaints) != len(clause.requests) or not _names(clause):
            continue
        way = {r.direction * r.polarity for r in complaints}
        # "le beat est trop fort, la voix est noyée": the cause told first, then what it does.
        buried = way == {1} and {r.descriptor for r in complaints} <= {"level", "presence"} and any(
            _lowers(before) and _names(before) and not _names(before) & _names(clause) for before in clauses[:k]) \
            and k and "," in text[clauses[k - 1].end:clause.start] and \
            not JOINING_WORDS & set(text[clauses[k - 1].end:clause.start].split())  # ", et ...": a second point
        # "the 808 is fighting the kick, cut 2 dB at 55 Hz on the 808": the fix names it again.
        why = clause.masks and {r.descriptor for r in complaints} == {"level"} and any(
            names & _names(clause) and any(r.cue_source == "explicit" and r.descriptor is not None and not r.noop
                                           for r in later.requests)
            for later, names in zip(clauses[k + 1:], own[k + 1:], strict=True))
        # "the lead sounds far away, the choir drowns her": why the lead is far (masking.py).
        told_after = masks_the_one_before(clause, clauses[k - 1] if k else None, text)
        if buried or why or told_after:
            clause.requests, clause.content = [], False
    lost_tracks(clauses, text)  # "le kick est trop boomy, on perd la basse" (losses.py)


def _lowers(clause: Clause) -> bool:
    # ("la prod est trop large, la voix se perd": too wide takes room as too loud does.)
    return any(r.descriptor in ("level", "width") and r.direction * r.polarity < 0 and not r.noop
               for r in clause.requests)


# Verbs of hearing, and the words after them that say "only" ("on n'entend que le beat").
HEARING_VERBS = frozenset({"entend", "entends", "entendre", "hear", "hearing", "ecoute", "ecouter", "listen",
                           "entende", "check", "checker", "verifier", "compare", "comparer"})
# The artist as the one who listens ("je veux écouter le beat", "let me hear the beat").
LISTENERS = frozenset({"j", "je", "i", "me", "moi"})
ONLY_WORDS = (("plus", "que"), ("que",), ("only",), ("nothing", "but"), ("rien", "d", "autre", "que"))
# Openings of a likeness ("on dirait que", "it sounds like", "comme si").
LIKENESS_MARKERS = (("on", "dirait"), ("it", "sounds", "like"), ("sounds", "like"), ("it", "s", "like"),
                    ("comme", "si"), ("as", "if"), ("like", "they"), ("like", "it"))


def dominating(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """"on entend plus que le beat", "i only hear the beat", "all i can hear is the beat": the
    track heard alone is too loud; "on n'entend plus la voix", "can't hear the vocal": a complaint
    that the track is too quiet."""
    for clause, part in zip(clauses, parts, strict=True):
        words = [t.text for t in part]
        verb = next((i for i, w in enumerate(words) if w in HEARING_VERBS), None)
        if verb is None or not clause.targets:
            continue
        after = tuple(words[verb + 1:])
        before = tuple(words[max(verb - 1, 0):verb])
        whole = bool({"all", "tout"} & set(words[:verb])) and after[:1] in (("is",), ("c",), ("s",))
        if any(after[:len(m)] == m for m in ONLY_WORDS) or before == ("only",) or whole:
            clause.requests = [Request("level", direction=-1, cue_source="complaint")]
        else:
            for request in clause.requests:
                if request.descriptor == "level" and request.direction * request.polarity > 0:
                    request.cue_source = "complaint"  # "on n'entend plus la voix": a state told


def similes(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """A likeness that names a track and asks for no quality is no request on that track."""
    for clause, part in zip(clauses, parts, strict=True):
        words = tuple(t.text for t in part)
        if any(words[:len(m)] == m for m in LIKENESS_MARKERS) and \
                all(r.descriptor is None for r in clause.requests):
            clause.requests, clause.content, clause.targets = [], False, []


def unplaced_followers(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Set aside what goes on about a thing the mix cannot change (see the module docstring)."""
    for k in range(1, len(clauses)):
        clause = clauses[k]
        if clauses[k - 1].unplaced and not clause.targets and \
                (clause.pronoun or parts[k][0].text in MASKING_SUBJECTS):
            clause.requests, clause.content = [], False
            clause.unplaced = True



# Qualities whose amounts are not in dB: a gain in dB after one of them is the track's level
# ("réduis la largeur du beat de 25 % et baisse-le de 2 dB").
_NOT_IN_DB = frozenset({"width", "mono", "room_size", "reverb_width", "pan"})


def pronoun_is_track(previous: Request, request: Request) -> bool:
    """After a request on a track, "it" with a verb of its own is the track, whose bare verb moves
    its level, when the quality before cannot take the move: it was switched off ("enlève la
    reverb du riser et baisse-le"), or the amount is a gain in dB and that quality is not
    measured in dB ("élargis l'instru et monte-le de 1 dB")."""
    if request.off or not request.direction:
        return False
    if previous.off and not request.removes:
        return True
    # (A verb that takes away, "drop them 2 dB", is a gain too once the amount is in dB.)
    return previous.descriptor in _NOT_IN_DB and any(a.unit == "db" for a in request.amounts)


def headed_pronouns(clauses: list[Clause]) -> None:
    """"la voix, faut la remonter un peu", "the beat, can you turn it down": a clause that only
    names a track, then a clause whose bare verb acts on "it": the verb moves that track's level
    (the name is the heading of the clause after it)."""
    for heading, clause in zip(clauses, clauses[1:], strict=False):
        if heading.targets and not any(r.descriptor for r in heading.requests) and not clause.targets \
                and clause.pronoun:
            for request in clause.requests:
                if request.descriptor is None and request.cue_source == "explicit" and request.direction \
                        and not request.off and not request.removes:
                    request.descriptor, request.implicit = "level", True


def lufs_loudness(clauses: list[Clause]) -> None:
    """A value in LUFS is the master's loudness, whatever word asked for it ("le master il faut
    qu'il tape à -10 LUFS": "taper" is punch, the number says what to set)."""
    for clause in clauses:
        for request in clause.requests:
            if request.descriptor not in (None, "loudness", "level") and \
                    any(a.unit == "lufs" for a in request.amounts):
                request.descriptor, request.polarity, request.implicit = "loudness", 1, False
                request.direction = request.direction or 1


def everywhere_adverbs(clauses: list[Clause]) -> None:
    """"ma voix est trop compressée, on entend la respiration partout", "it's spilling
    everywhere": after a clause that names its track, "everywhere" in a complaint with no verb
    asking anything is where the problem is heard, not every track."""
    for previous, clause in zip(clauses, clauses[1:], strict=False):
        if clause.targets and all(t.value == "all" for t in clause.targets) and \
                any(t.value != "all" for t in previous.targets) and \
                (not clause.has_verb or all(r.cue_source in ("complaint", "") for r in clause.requests)):
            clause.targets = []


def list_items(clauses: list[Clause], parts: list[list[Token]], folded: Folded, bullets: set[int]) -> None:
    """The items of a numbered or bulleted list ("1) more air on the double 2) kick down 1 dB",
    "- louder vocal - less reverb") are requests of their own: an item naming its track with a
    bare direction is that track's level, not the previous item's quality again (as "... et
    moins sur le 808" would be), and an item lends no track to the one before it.
    ``bullets``: the folded starts of the words a bullet dash opens an item with."""
    markers = set(list_markers(folded.original))
    if not markers and not bullets:
        return
    for clause, part in zip(clauses, parts, strict=True):
        i = part[0].start - 1
        while i >= 0 and folded.text[i] in " ,\n":
            i -= 1
        clause.item = part[0].start in bullets or (i >= 0 and folded.text[i] == ";" and folded.source[i] in markers)
        if clause.item and clause.targets:
            clause.adverb_cues_only = False


# Words that may follow an amount inside one request ("+2 dB sur la voix", "-3 dB at 400 Hz").
_AMOUNT_FOLLOWERS = frozenset({"on", "sur", "to", "at", "a", "au", "aux", "for", "pour", "in", "dans", "de", "du",
                               "des", "d", "of", "vers", "around", "autour", "la", "le", "les", "the", "et", "and",
                               "stp", "svp", "please", "pls", "plz", "max", "maxi", "environ", "about", "ish"})
_SIGNED = re.compile(r"[+-]\d+(?:\.\d+)?")


def amount_boundary(tokens: list[Token], i: int) -> bool:
    """"kick +2 dB 808 -1 dB": after a signed gain in dB, a word naming something else, with
    another signed gain after it, opens a request of its own (each track its own amount)."""
    if i < 3 or tokens[i - 1].text != "db" or not _SIGNED.fullmatch(tokens[i - 2].text):
        return False
    if tokens[i].is_separator or tokens[i].text in _AMOUNT_FOLLOWERS or _SIGNED.fullmatch(tokens[i].text):
        return False
    for token in tokens[i + 1:]:
        if token.is_separator:
            return False
        if _SIGNED.fullmatch(token.text):
            return True
    return False


def overflow_reasons(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Set aside a clause that only says the thing just asked about overflows (see the module
    docstring): it names no quality but how much there is, and no track of its own."""
    for k in range(1, len(clauses)):
        clause, words = clauses[k], {t.text for t in parts[k]}
        # "everywhere", "partout" say how far it spills, not where a request goes.
        if words & OVERFLOW_CUES and all(t.value == "all" for t in clause.targets) and \
                all(r.descriptor in (None, "level") for r in clause.requests) and \
                any(r.descriptor is not None for r in clauses[k - 1].requests):
            clause.requests, clause.content = [], False


# Verbs of opening: of the top end after a dark sound, of the image otherwise.
OPEN_VERBS = frozenset({"ouvrir", "ouvre", "ouvres", "ouvrez", "open"})


def opened_tops(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Read "open it" as more of the top end the clause before found missing (see the module
    docstring)."""
    for k in range(1, len(clauses)):
        clause, before = clauses[k], clauses[k - 1].requests
        asked = [r for r in before if r.descriptor in ("brightness", "air") and r.direction * r.polarity > 0]
        if asked and {t.text for t in parts[k]} & OPEN_VERBS and not clause.targets and \
                clause.requests and all(r.descriptor == "width" for r in clause.requests):
            for request in clause.requests:
                request.descriptor, request.polarity, request.direction = asked[0].descriptor, 1, 1
