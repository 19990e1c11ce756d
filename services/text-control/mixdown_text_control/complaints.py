"""Complaints read from the clause before: what a clause means when the one before it described
the sound (passes over a sentence's clauses, run by :mod:`.rules` before inheritance).

- "the vocal sounds naked, no space around it", "la voix est toute nue, sans espace autour":
  an absence after a described state is one more thing found missing (more of it), not a
  command to switch it off; as a command ("no reverb on the keys") it still switches it off.
- "the stereo image feels small, open it up", "the mix is cramped, open it up": "open it"
  after the stereo image is the width, not the air; and it tells which way the complaint about
  the image went (too little of it).
"""

from __future__ import annotations

from mixdown_text_control.clause_cues import ABSENCE_CUES
from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.space_likenesses import LIKENESS_OPENINGS, space_likenesses
from mixdown_text_control.words_grammar import ARTICLES

# Verbs of opening (of the image after a clause about it; see :func:`.asides.opened_tops` for
# the top end after a dark sound).
_OPEN_VERBS = frozenset({"ouvrir", "ouvre", "ouvres", "ouvrez", "open", "opens"})
# Words that head a likeness of a space ("ambiance église", "cathedral vibe").
_LIKENESS_HEADS = frozenset({"ambiance", "ambiances", "atmosphere", "vibe", "vibes", "style", "genre", "facon", "feel",
                             "mood", "esprit", "type"})
# The air words an "open" may be read as alone.
_OPEN_READINGS = frozenset({"air", "brightness"})


def _describes(clause: Clause) -> bool:
    """A clause that states how the sound is: a copula and no request other than complaints."""
    if clause.requests and all(r.cue_source == "complaint" and r.direction > 0 for r in clause.requests):
        return True  # "the drums have no punch": found missing, as the absence after it
    return clause.copula and all(r.cue_source in ("complaint", "") for r in clause.requests)


def absences_found(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """An absence with no verb after a described state says what is missing: more of it."""
    for k in range(1, len(clauses)):
        clause, words = clauses[k], [t.text for t in parts[k]]
        lead = next((w for w in words if w not in ARTICLES), "")
        lead2 = " ".join(words[:2])
        if clause.has_verb or clause.targets or not clause.requests or not _describes(clauses[k - 1]) or \
                (lead not in ABSENCE_CUES and lead2 not in ABSENCE_CUES):
            continue
        before = {r.descriptor: r.direction * r.polarity for r in clauses[k - 1].requests}
        for request in clause.requests:
            if request.off and before.get(request.descriptor, 1) > 0:
                request.off, request.direction, request.cue_source = False, 1, "complaint"


def opened_images(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """"Open it up" after a clause about the stereo image widens it (and that clause's
    complaint was of too little width); beside the reverb's room ("the reverb space feels tiny,
    can we open it up into a larger room?") it is that room growing, never the vocal's air."""
    for k, clause in enumerate(clauses):
        rooms = [r for c in clauses[max(0, k - 1):k + 1] for r in c.requests if r.descriptor == "reverb_size"]
        if rooms and not clause.targets and {t.text for t in parts[k]} & _OPEN_VERBS:
            clause.requests = [r for r in clause.requests if r.descriptor not in _OPEN_READINGS]
    asked_room = any(r.descriptor == "reverb_size" for c in clauses for r in c.requests)
    for k, clause in enumerate(clauses):
        # "grande salle sur la reverb, ambiance église": the mood named after the room asked
        # for is the likeness of it, not more reverb on the lead vocal.
        words = {t.text for t in parts[k]}
        if asked_room and words & _LIKENESS_HEADS and not clause.has_verb and not clause.targets and \
                clause.requests and all(r.descriptor == "reverb" for r in clause.requests):
            clause.requests = []
    for k in range(1, len(clauses)):
        clause, before = clauses[k], clauses[k - 1].requests
        widths = [r for r in before if r.descriptor == "width"]
        if not widths or clause.targets or not {t.text for t in parts[k]} & _OPEN_VERBS or not clause.requests or \
                not all(r.descriptor in _OPEN_READINGS for r in clause.requests):
            continue
        for request in clause.requests:
            request.descriptor, request.polarity, request.direction, request.cue_source = "width", 1, 1, "explicit"
        for request in widths:
            if request.cue_source == "complaint":
                request.direction = request.polarity


# Leaving the choice to the engineer: no request ("fais comme tu le sens", "up to you").
_SHRUGS = ("comme tu le sens", "comme tu le sents", "comme tu veux", "comme tu preferes", "comme tu penses",
           "a toi de voir", "je te laisse voir", "je te laisse juger", "up to you", "as you see fit",
           "whatever you think", "whatever you feel", "your call", "dealer s choice", "je sais pas", "sais pas trop",
           "i don t know", "i dont know", "dunno", "not sure what")
# Editing of the recording itself, which no mix parameter does: silences, hesitations, breaths.
_EDITING_NOUNS = frozenset({"silences", "silence entre", "blancs", "euh", "euhs", "hesitations", "umm", "umms", "um",
                            "ums", "uhs", "uh", "uhm", "uhms", "ehm", "mouth clicks", "lip smacks", "respirations",
                            "pauses", "gaps", "dead air", "breaths between", "breath between", "air between"})


def left_to_us(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """A shrug ("fais comme tu le sens") asks for nothing; neither does a request to edit the
    recording (remove the silences, the "umms"): the clause is reported, not read as a mix move."""
    for clause, part in zip(clauses, parts, strict=True):
        words = [t.corrected_from or t.text for t in part]  # as written: "je sais" is no typo of "salis"
        text = " " + " ".join(words) + " "
        pairs = {" ".join(words[i:i + 2]) for i in range(len(words) - 1)}
        if any(f" {s} " in text for s in _SHRUGS) or (set(words) | pairs) & _EDITING_NOUNS:
            clause.requests, clause.targets, clause.unplaced = [], [], True




_THING_ARTICLES = ("a", "an", "un", "une", "du", "de la", "des")


def _family(descriptor: str | None) -> str:
    """A descriptor without its bus ("reverb_width" → "width"): the same quality of another thing."""
    return (descriptor or "").removeprefix("reverb_").removeprefix("delay_")


# A place's space illustrates a distance ("too far away, it's like in a cathedral": no room asked).
_DISTANCE_PLACES = frozenset({"reverb", "size"})


def _illustrates(descriptor: str | None, before: set[str]) -> bool:
    family = _family(descriptor)
    return family in before or ("closeness" in before and family in _DISTANCE_PLACES)


def likenesses_illustrate(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """A likeness after a request about the same quality illustrates it ("I want her right in my
    face, like she's whispering in my ear"; "la reverb est trop étroite, on dirait du mono"): it is
    no second request, which its copula could turn the other way."""
    for k in range(1, len(clauses)):
        clause, words = clauses[k], " ".join(t.text for t in parts[k]) + " "
        before = {_family(r.descriptor) for r in clauses[k - 1].requests if r.descriptor and not r.noop}
        # A likeness to a thing ("like a blanket over it") has no request of its own either, nor
        # one to a kind of song ("like a K-pop title track": the song is no target).
        thing = any(words.startswith(f"{o} {a} ") for o in LIKENESS_OPENINGS for a in _THING_ARTICLES)
        if thing and before and clause.targets and all(t.value in ("master", "mix") for t in clause.targets) and \
                all((r.cue_source == "wish" or r.descriptor is None and not r.cue_source) and not r.amounts
                    for r in clause.requests):
            clause.requests, clause.content, clause.targets = [], False, []
            continue
        if clause.targets or not clause.requests or not any(words.startswith(o + " ") for o in LIKENESS_OPENINGS):
            continue
        if before and all((_illustrates(r.descriptor, before) or (r.descriptor is None and thing)) and not r.amounts
                          for r in clause.requests):
            clause.requests, clause.content = [], False
    space_likenesses(clauses, parts)  # "make the reverb bigger, like a proper hall"


_FOR = frozenset({"for", "pour"})
_DEMONSTRATIVES = frozenset({"this", "that", "ce", "cet", "cette"})


def for_this_song(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """"Too intimate for this song", "trop sec pour ce morceau": the song after "for this" is
    what the judgement is measured against, not the whole mix to change."""
    for clause, part in zip(clauses, parts, strict=True):
        words = [t.text for t in part]
        if clause.targets and all(t.value in ("mix", "master") for t in clause.targets) and any(
                words[i] in _FOR and words[i + 1] in _DEMONSTRATIVES for i in range(len(words) - 1)) and \
                any(r.descriptor not in (None, "level", "loudness") for r in clause.requests):
            clause.targets = []
