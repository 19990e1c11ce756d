"""Signs written before a quality word in a terse list ("voix + forte, beat - large", "vocal
+bright, beat -wide"): "+" asks for more of the quality, "-" for less, each item its own target.

Folding turns a hyphen into a space and tokenising drops a lone "+", so the signs are read
back from the original text here and put in as the degree words they stand for ("plus" /
"moins", "more" / "less", in the language of the word after the sign). A sign counts only where
nothing but spaces or punctuation stands before it (never inside a word: "in-your-face",
"ténor-basse"), a quality word follows it, and, when a space follows the sign, a track or the
start of an item comes before it ("like a phone call - thin" is a dash); a sign before a number
is an amount ("-2 dB") and stays one.

A dash that opens an item of a bulleted list ("- louder vocal - less reverb - wider beat", a
line starting with "-") is a bullet, never a sign: it becomes a clause separator. A text is
bulleted when a line opens with a dash; there, a dash inside a line is a bullet too unless it
stands between a track and a plain quality word ("- vocal - bright": less bright), the only
place a sign can stand (a word after it that says its own way, "less", "wider", or a track,
opens an item).
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Folded, Token
from mixdown_text_control.phrasebook import PHRASES

SIGNS = {"+": 1, "-": -1, "\u2212": -1, "\u2013": -1}
# Prepositions that may follow an item's sign ("delay + on the guitar").
PLACE_WORDS = frozenset({"on", "for", "in", "to", "sur", "pour", "dans"})
PARTITIVES = frozenset({"de", "d", "du", "des", "of"})
DEGREES = {("fr", 1): "plus", ("fr", -1): "moins", ("en", 1): "more", ("en", -1): "less"}


def signed_degrees(tokens: list[Token], folded: Folded, language: str) -> list[Token]:
    """``tokens`` with a degree word put in before each quality word that a sign heads."""
    out: list[Token] = []
    heads = bullet_heads(tokens, folded)
    for k, token in enumerate(tokens):
        sign = _sign_before(folded, token)
        if k in heads:
            out.append(replace(token, text=";", end=token.start, corrected_from=""))
            out.append(token)
            continue
        spaced = sign and folded.original[folded.source[token.start] - 1] == " "
        if spaced and k and not tokens[k - 1].is_separator and \
                not any(e.kind == "target" for e in PHRASES.get(tokens[k - 1].text, [])):
            # "like a phone call - thin": a dash between spaces after anything but a track (the
            # item's head: "beat - large") is punctuation, not a sign; a "+" there joins two
            # requests ("voix trop brillante + trop de s"): a clause separator.
            if sign > 0:
                out.append(replace(token, text=";", end=token.start, corrected_from=""))
            sign = 0
        # "gratte + de delay", "voix - d'air": the sign before the partitive heads its quality.
        head = tokens[k + 1] if token.text in PARTITIVES and k + 1 < len(tokens) else token
        entries = PHRASES.get(head.text, []) if sign else []
        if any(e.kind == "desc" for e in entries) and not any(e.kind == "target" for e in entries):
            langs = {e.lang for e in entries if e.kind == "desc"} & {"fr", "en"}
            lang = language if language in langs or not langs else sorted(langs)[0]
            out.append(replace(token, text=DEGREES[(lang, sign)], end=token.start, corrected_from=""))
        after = _sign_after(folded, token, tokens[k + 1] if k + 1 < len(tokens) else None)
        own = PHRASES.get(token.text, [])
        lang = language if language in ("fr", "en") else "en"
        if after and any(e.kind == "desc" for e in own) and not any(e.kind == "target" for e in own):
            # "reverb -, delay +": a sign ending an item after a quality is less or more of it.
            out.append(replace(token, text=DEGREES[(lang, after)], end=token.start, corrected_from=""))
        out.append(token)
        if after and any(e.kind == "target" for e in own):
            # "voix +, basse -": a sign ending an item after its track is that track's level.
            out.append(replace(token, text=DEGREES[(lang, after)], start=token.end, corrected_from=""))
    return out


def _sign_after(folded: Folded, token: Token, following: Token | None) -> int:
    """+1 or -1 when a lone sign follows ``token`` and ends its item (punctuation, a preposition
    or the end of the text after it, never a word glued on: "re-verb")."""
    if token.end - 1 >= len(folded.source):
        return 0
    start = folded.source[token.end - 1] + 1
    end = folded.source[following.start] if following is not None and following.start < len(folded.source) \
        else len(folded.original)
    gap = folded.original[start:end].strip()
    if not gap or gap[0] not in SIGNS:
        return 0
    rest = gap[1:].strip()
    ends = following is None or following.is_separator or following.text in PLACE_WORDS or \
        (rest != "" and all(c in ",;.!?/:" for c in rest))
    return SIGNS[gap[0]] if ends else 0


def _sign_before(folded: Folded, token: Token) -> int:
    """+1 or -1 when a lone sign stands just before ``token`` in the original text (spaces
    between allowed), with no letter or digit glued before the sign; else 0."""
    if not token.text.isalpha() or token.start >= len(folded.source):
        return 0
    text, i = folded.original, folded.source[token.start] - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i < 0 or text[i] not in SIGNS:
        return 0
    return SIGNS[text[i]] if i == 0 or not text[i - 1].isalnum() else 0


def bullet_heads(tokens: list[Token], folded: Folded) -> set[int]:
    """The indices of the tokens a bullet dash opens an item with."""
    if not _bulleted(folded.original):
        return set()
    return {k for k, token in enumerate(tokens) if _sign_before(folded, token) and _opens_item(folded, tokens, k)}


def _bulleted(text: str) -> bool:
    """Whether a line of ``text`` opens with a dash followed by a word (a bullet)."""
    for line in text.replace(":", "\n").split("\n"):  # (after a heading too: "ok donc: - voix plus forte")
        head = line.lstrip()
        if head[:1] in SIGNS and head[:1] != "+" and head[1:].lstrip()[:1].isalpha():
            return True
    return False


def _opens_item(folded: Folded, tokens: list[Token], k: int) -> bool:
    """Whether the sign before ``tokens[k]`` in a bulleted text is a bullet: a dash opening a
    line, or a dash before anything but a plain quality word after a track."""
    text, i = folded.original, folded.source[tokens[k].start] - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if text[i] == "+":
        return False
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0 or text[j] == "\n":
        return True
    if text[j] == ":" and text[j:].split("\n")[0].count("-") >= 2:
        return True  # a heading, then a list of items on its line ("ok donc: - voix plus forte - …")
    entries = PHRASES.get(tokens[k].text, [])
    plain = any(e.kind == "desc" and not e.comparative for e in entries) and \
        not any(e.kind in ("cue", "target") or e.comparative for e in entries)
    head = k - 2 if k > 1 and tokens[k - 1].text == ":" else k - 1  # "- le beat: - fort"
    after_track = head >= 0 and any(e.kind == "target" for e in PHRASES.get(tokens[head].text, []))
    return not (plain and after_track)
