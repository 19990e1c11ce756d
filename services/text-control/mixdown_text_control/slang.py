"""Chat and slang words that the lexicon would read as something else, put as what they mean
before the clauses are split (a token rewrite run by :mod:`.structure`):

- British slang: "mate", "innit", "bruv", "fam" addressing the engineer or ending a sentence are
  no words of the request ("mate the reverb … is too much" is not "mat", a darker reverb);
  "me voice", "me vocal" are "my"; "well" before a degree ("well too much", "well loud") is "way";
- a state reached told with "went", "has gone", "'s gone", "got all" ("the vocal has gone all
  thin", "the vocal went dull"): the state itself ("is thin", a complaint: more low end), never
  the quality asked for;
- "redonne", "redonner" (give back: "redonne un peu de brillance au beat"): more of it, as
  "rajoute";
- French slang "balance" before a partitive or an indefinite article ("balance-lui une grosse
  reverb", "balance du delay"): put it there ("mets"), not the level balance;
- English "record" after a French auxiliary ("j'ai record ma voix dans ma chambre"): "enregistré", a
  story of the recording, never a request;
- "cleaner", "clean" after an amp or a distorted track ("the bass amp a bit cleaner", "la gratte
  disto plus clean"): less distortion ("less distorted"), not more clarity;
- "let some of the s back in", "let the highs back in": bring them back (more of them), never
  "back" as less;
- "the s's": "s" twice, the esses (sibilance); "super" after an English copula before a word
  ("the esses are super hissy"): the degree "really", never "great".
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

FILLERS = frozenset({"mate", "innit", "init", "bruv", "fam", "blud"})
# Words a British "me" stands for "my" before.
_OWN = frozenset({"voice", "vocal", "vocals", "vox", "mic", "singing", "track", "tune", "song", "beat"})
_DEGREES_AFTER_WELL = frozenset({"too", "loud", "quiet", "bright", "dark", "harsh", "muddy", "boomy", "wet", "dry",
                                 "much", "thin", "squashed", "distorted", "dull", "sharp", "hissy"})
# A state reached: "went", "gone" after its auxiliary, and the filler after it ("all").
_REACHED = frozenset({"went", "gone", "become", "became", "turned"})
_AUXILIARIES = frozenset({"has", "have", "s", "is", "ve", "had"})
_RECORDED = frozenset({"record", "recorde", "recorded", "rec", "recordé"})
_FRENCH_AUXILIARIES = frozenset({"ai", "as", "a", "avons", "avez", "ont", "avais", "avait"})
# Clean after an amp or a distorted sound: less distortion.
_CLEAN = frozenset({"cleaner", "clean"})
_DRIVEN = frozenset({"amp", "amps", "ampli", "amplis", "dist", "disto", "fuzz", "crunch", "drive", "overdrive", "od",
                     "distorted", "distortion", "grit", "gritty", "dirty", "sale"})
_GIVE_BACK = frozenset({"redonne", "redonner", "redonnez", "redonnes", "redonnons"})
_THROW = frozenset({"balance", "balancer", "balancez", "balances"})
_THROW_OBJECTS = frozenset({"lui", "leur", "moi", "y", "un", "une", "du", "des", "de"})


def _driven_before(tokens: list[Token], i: int) -> bool:
    """Whether an amp or a distortion word stands before ``i`` in its clause (up to 8 words back)."""
    k = i - 1
    while k >= max(0, i - 8) and not tokens[k].is_separator and tokens[k].text not in ("and", "et", "but", "mais"):
        if tokens[k].text in _DRIVEN:
            return True
        k -= 1
    return False


def _let_back_in(tokens: list[Token], i: int) -> int | None:
    """The index of "in" in "let … back in" opened at ``i``, or None."""
    if tokens[i].text not in ("let", "lets"):
        return None
    for j in range(i + 1, min(len(tokens) - 1, i + 8)):
        if tokens[j].is_separator:
            return None
        if tokens[j].text == "back" and tokens[j + 1].text in ("in", "into", "through"):
            return j + 1
    return None


def slang(tokens: list[Token]) -> list[Token]:
    """``tokens`` with slang put as the lexicon reads it (module docstring)."""
    out: list[Token] = []
    n = len(tokens)
    dropped: set[int] = set()
    for i, token in enumerate(tokens):
        text = token.text
        if i in dropped:
            continue
        back_in = _let_back_in(tokens, i)
        if back_in is not None:
            dropped.add(back_in)  # "let the s back in": "bring the s back"
            out.append(replace(token, text="bring"))
            continue
        after = tokens[i + 1].text if i + 1 < n else ""
        before = out[-1].text if out else ""
        if text in FILLERS and (i == 0 or i + 1 == n or tokens[i - 1].is_separator or tokens[i + 1].is_separator
                                or after in ("the", "my", "can", "could", "that", "this", "it", "its")):
            continue
        if text == "me" and after in _OWN:
            out.append(replace(token, text="my"))
        elif text == "well" and after in _DEGREES_AFTER_WELL and before not in ("as", "very", "pretty", "sits"):
            out.append(replace(token, text="way"))
        elif text in _REACHED and (text in ("went", "became", "turned") or before in _AUXILIARIES) and \
                after and not tokens[i + 1].is_separator and after not in ("up", "down", "off", "out", "back", "away"):
            if before in _AUXILIARIES and text not in ("went", "became", "turned"):
                out.pop()
            out.append(replace(token, text="is"))
            if after == "all":
                continue
        elif text == "all" and before == "is" and out and out[-1].start == tokens[i - 1].start and \
                tokens[i - 1].text in _REACHED:
            continue  # "has gone all thin": "is thin"
        elif text == "super" and before in ("are", "is", "s") and after and not tokens[i + 1].is_separator:
            out.append(replace(token, text="really"))  # "the esses are super hissy": a degree, not "great"
        elif text in _RECORDED and before in _FRENCH_AUXILIARIES:
            out.append(replace(token, text="enregistre"))
        elif (text in _CLEAN or token.corrected_from in _CLEAN) and _driven_before(tokens, i) and before != "too":
            out += [replace(token, text="less"), replace(token, text="distorted")]
        elif text in _GIVE_BACK:
            out.append(replace(token, text="rajoute"))
        elif text in _THROW and after in _THROW_OBJECTS and before not in ("la", "de", "the", "a"):
            out.append(replace(token, text="mets"))
        elif text == "s" and after == "s" and before in ("the", "les", "des", "my", "her", "his", "ses"):
            out.append(replace(token, text="esses"))
        elif text == "s" and before == "esses" and out and out[-1].start < token.start:
            continue
        else:
            out.append(token)
    return out
