"""The way a clause tells with its own words, held against the edits it produced.

- :func:`needed_cuts` (a token rewrite before the split): a need whose object is a cut with its
  amount ("the verse vocal needs a 2 dB cut around 300", "could use a 3 dB dip at 500") asks for
  the cut; the need word alone reads "more" and would boost the band, so it goes and the cut noun
  is the cue. "needs a 2 dB boost" needs no help.
- :func:`closed_effects` (a token rewrite): "close" before an effect, its send or its return
  ("close the reverb return") is a switch-off, as "ferme" and "shut" are; "close" elsewhere stays
  nearness ("bring the vocal close").
- :func:`told_resolve` (the safety net around :func:`.resolve.resolve`): an edit of a clause that
  moves a parameter away from what the clause's own words tell — a high-pass cutoff going away from
  every frequency the clause names, a peak band near a named frequency boosted where the clause
  only says cut (or cut where it only says boost) — is dropped and the clause reported as not
  understood: a partial answer, never a move the wrong way.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.edits import ParseResult, Session
from mixdown_text_control.normalise import Folded, Token
from mixdown_text_control.phrasebook import PHRASES
from mixdown_text_control.resolve import resolve
from mixdown_text_control.semantics import Wish

NEED_WORDS = frozenset({"needs", "need", "wants", "want", "requires", "require", "faut", "faudrait"})
INDEFINITE = frozenset({"a", "an", "some", "another", "une", "un"})
FILLERS = frozenset({"like", "genre", "just", "juste", "maybe", "peut", "etre", "little", "small", "slight", "petite",
                     "legere", "bit", "of"})
CUT_NOUNS = frozenset({"cut", "dip", "notch", "scoop", "cuts", "dips", "coupe", "coupure", "attenuation"})
# (A need then a cut noun, "faut une coupe de 3 dB", is the cut; "besoin d'une coupe" reads so already.)
BOOST_WORDS = frozenset({"boost", "boosts", "booste", "boostes", "lift", "bump", "remonte", "rehausse", "ajoute",
                         "add"})
CUT_WORDS = CUT_NOUNS | frozenset({"creuse", "creuser", "enleve", "enlever", "retire", "retirer", "attenue",
                                   "attenuer", "remove", "carve", "notch", "dip"})
UNIT_WORDS = frozenset({"db", "decibel", "decibels"})
HZ_WORDS = frozenset({"hz", "hertz"})
KHZ_WORDS = frozenset({"k", "khz", "kilohertz"})
# A number after these is a change, not a place ("raise the cutoff by 30 Hz", "de 20 Hz").
RELATIVE_BEFORE = frozenset({"by", "de", "of", "d"})
RELATIVE_AFTER = frozenset({"higher", "lower", "more", "less", "plus", "moins", "up", "down", "above", "below"})
EFFECT_WORDS = frozenset({"reverb", "reverbe", "verb", "delay", "echo", "return", "returns", "send", "sends", "bus",
                          "retour", "envoi"})
# Before a bare number that is a frequency ("high-pass at 250", "cut 300", "vers 300").
PLACE_BEFORE = frozenset({"at", "around", "near", "vers", "a", "autour", "de", "@", "below", "above", "under", "over",
                          "sous", "dessous", "cut", "boost", "coupe", "to", "hpf", "lpf", "pass", "bas", "haut", "from"})
ARTICLES = frozenset({"the", "my", "that", "this", "le", "la", "les", "l"})
# A cut or a boost told too strong ("the boost at 3k is too much", "la coupe à 300 est trop forte"): the
# thing complained about, undone the other way; the words name no way then.
COMPLAINT_WORDS = frozenset({"too", "trop", "much", "overdone", "excessive", "less", "moins", "undo", "annule",
                             "harsh", "fort", "forte", "big", "large", "deep", "profonde"})
# A cut denied or undone ("don't cut 300", "undo the cut at 300", "pas de coupe à 300"), unless not enough of it.
DENIED = frozenset({"undo", "annule", "annuler", "don", "dont", "not", "pas", "no", "never", "jamais", "defais"})
ENOUGH = frozenset({"enough", "assez", "more", "plus"})
EQ_GAINS = frozenset({"peak1_gain_db", "peak2_gain_db", "peak3_gain_db"})


def needed_cuts(tokens: list[Token]) -> list[Token]:
    """``tokens`` without a need word whose object is a cut (module docstring)."""
    for k, token in enumerate(tokens):
        if token.text not in NEED_WORDS:
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].text in FILLERS:
            j += 1  # "needs like a 2 dB cut", "faut une petite coupe"
        if j >= len(tokens) or tokens[j].text not in INDEFINITE:
            continue
        j += 1
        while j < len(tokens) and tokens[j].text in FILLERS:
            j += 1
        if j + 1 < len(tokens) and tokens[j].is_number and tokens[j + 1].text in UNIT_WORDS:
            j += 2
        while j < len(tokens) and tokens[j].text in FILLERS:
            j += 1
        if j < len(tokens) and tokens[j].text in CUT_NOUNS:
            return needed_cuts([*tokens[:k], *tokens[k + 1:]])
    return tokens


def closed_effects(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "close" before an effect word (an article between) put as "shut"."""
    out = list(tokens)
    for k, token in enumerate(tokens):
        if token.text != "close":
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].text in ARTICLES:
            j += 1
        if j > k + 1 and j < len(tokens) and tokens[j].text in EFFECT_WORDS:
            out[k] = replace(token, text="shut", corrected_from=token.corrected_from or token.text)
    return out


def _frequencies_hz(part: list[Token]) -> list[float]:
    """The places in Hz the clause names ("at 250", "vers 6 kHz", "300 hz"), not changes by so many Hz."""
    found = []
    for k, token in enumerate(part):
        if not token.is_number:
            continue
        after = part[k + 1].text if k + 1 < len(part) else ""
        later = part[k + 2].text if k + 2 < len(part) else ""
        before = part[k - 1].text if k else ""
        value = abs(float(token.text))
        if any(e.kind == "target" for e in PHRASES.get(token.text, ())) or \
                (after not in HZ_WORDS | KHZ_WORDS and before not in PLACE_BEFORE):
            continue  # "the 808", "LV_take3": a name; a bare number is a place only after "at", "vers"…
        if after in KHZ_WORDS:
            value *= 1000.0
        elif after not in HZ_WORDS and (after in UNIT_WORDS or after in {"%", "percent", "lufs", "ms", "x"}):
            continue
        if before in RELATIVE_BEFORE or (after in RELATIVE_AFTER) or (after in HZ_WORDS | KHZ_WORDS and later in
                                                                       RELATIVE_AFTER):
            continue
        if 20.0 <= value <= 20000.0:
            found.append(value)
    return found


def _against(edit_parameter: str, old: float, new: float, hz_after: float | None, words: set[str],
             frequencies_hz: list[float]) -> bool:
    """Does an edit go against what the clause's words tell (module docstring)?"""
    sign = (new > old) - (new < old)
    if not sign or not frequencies_hz:
        return False
    if edit_parameter == "hpf_cutoff_hz":
        return all(abs(f - old) > 1e-6 and (sign > 0) != (f > old) for f in frequencies_hz)
    if edit_parameter in EQ_GAINS and hz_after is not None and \
            any(abs(f / hz_after - 1.0) < 0.42 for f in frequencies_hz):
        cuts, boosts = bool(words & CUT_WORDS), bool(words & BOOST_WORDS)
        if cuts and words & DENIED and not words & ENOUGH:
            return sign < 0  # "undo the cut at 300", "don't cut 300, boost it": never a cut there
        if words & COMPLAINT_WORDS:
            return False
        return (cuts and not boosts and sign > 0) or (boosts and not cuts and sign < 0)
    return False


def told_resolve(clause: Clause, part: list[Token], folded: Folded, session: Session, language: str,
                 result: ParseResult, wishes: list[Wish]) -> None:
    """:func:`.resolve.resolve`, then the clause's edits that go against its own words undone."""
    before = {(e.target, e.parameter): e.value for e in result.edits}
    count = len(result.edits)
    resolve(clause, folded, session, language, result, wishes)
    words = {t.text for t in part}
    frequencies_hz = _frequencies_hz(part)
    if not frequencies_hz:
        return
    undone = []
    for index in range(len(result.edits) - 1, -1, -1):
        edit = result.edits[index]
        key = (edit.target, edit.parameter)
        old = before.get(key, edit.old_value)
        if index < count and old == edit.value:
            continue
        band = edit.parameter.removesuffix("_gain_db")
        hz_after = session.value(edit.target, f"{band}_hz") if edit.parameter in EQ_GAINS else None
        if not _against(edit.parameter, old, edit.value, hz_after, words, frequencies_hz):
            continue
        undone.append(edit)
        if index >= count:
            del result.edits[index]
        else:
            edit.value = old
        session.apply(replace_value(edit, old))
    for band in {e.parameter.removesuffix("_gain_db") for e in undone}:
        for index in range(len(result.edits) - 1, count - 1, -1):
            if result.edits[index].parameter == f"{band}_hz" and result.edits[index].target in \
                    {e.target for e in undone}:
                session.apply(replace_value(result.edits[index], result.edits[index].old_value))
                del result.edits[index]
    if undone:
        result.not_understood.append(folded.original_span(clause.start, clause.end))


def replace_value(edit, value: float):
    """A copy of ``edit`` at ``value`` (to put the session back)."""
    return edit.model_copy(update={"value": value})
