"""An earlier version ("since the last mix"), and a time in the song said in French ("à la fin du build", "au début du refrain", "vers la fin",
"en fin de morceau", "au milieu du couplet"): when the request applies, no quality of the sound.
"Fin" there is the end, never "fine" (thin: more low end). The time phrase is left out before the
clauses are split (a token rewrite run by :mod:`.structure`); the console has no automation, so
the request applies to the whole track, as "at the end of the chorus" already does in English.
"""

from __future__ import annotations

from mixdown_text_control.normalise import Token

_TIMES = frozenset({"fin", "debut", "milieu", "coeur"})
# Words that open a time phrase before the noun of time ("à la fin", "au début", "vers la fin", "en fin").
_OPENERS = frozenset({"a", "au", "vers", "en", "sur", "jusqu", "des", "depuis"})
_ARTICLES = frozenset({"la", "le", "l"})
_OF = frozenset({"du", "de", "des", "d"})
# An earlier version told in English ("since the last mix", "in the previous bounce", "than the old
# version"): when, never the whole mix as a target.
_VERSION_OPENERS = frozenset({"after", "before", "during", "apres", "avant", "pendant", "depuis", "since", "in", "on", "from", "than", "vs", "versus", "compared"})
_VERSION_ARTICLES = frozenset({"the", "my", "your", "this", "that", "to", "with", "le", "la", "l"})
_EARLIER = frozenset({"last", "previous", "latest", "old", "older", "first", "earlier", "other", "new", "newer",
                      "original"})
_VERSIONS = frozenset({"mix", "mixes", "version", "versions", "bounce", "bounces", "export", "render", "revision",
                       "take", "one", "draft", "pass"})
# "au milieu du mix", "au milieu de l'image": the centre of the stereo image, not a time.
_IMAGE = frozenset({"mix", "mixage", "stereo", "image", "panorama", "champ", "panoramique"})
# A stage of the work ("after mastering", "since the mixdown", "avant le mastering"): when, not the master.
_STAGE_OPENERS = frozenset({"after", "before", "since", "during", "apres", "avant", "pendant", "depuis"})
_STAGES = frozenset({"mastering", "mixing", "mixdown", "master", "export", "bounce", "render", "mixage"})
_STOPS = frozenset({"et", "mais", "and", "but", "ou", "puis", "alors", "donc"})


def _version_end(tokens: list[Token], k: int) -> int:
    """The end of "since the last mix", "after mastering" opened at ``k``, or ``k``."""
    j = k + 1
    while j < len(tokens) and tokens[j].text in _VERSION_ARTICLES:
        j += 1
    if tokens[k].text in _STAGE_OPENERS and j < len(tokens) and tokens[j].text in _STAGES:
        return j + 1
    # "than the other one" compares with another track, not a version ("the other mix" is one)
    if j + 1 < len(tokens) and tokens[j].text in _EARLIER and tokens[j + 1].text in _VERSIONS and \
            (tokens[j].text, tokens[j + 1].text) != ("other", "one"):
        return j + 2
    return k


def song_times(tokens: list[Token]) -> list[Token]:
    """``tokens`` without the time phrases (module docstring)."""
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        if (k or tokens[k].text in _STAGE_OPENERS) and tokens[k].text in _VERSION_OPENERS and _version_end(tokens, k) > k:
            k = _version_end(tokens, k)
            continue
        j = k
        if tokens[j].text in _OPENERS:
            j += 1
            if j < n and tokens[j].text in _ARTICLES:
                j += 1
        # "au milieu" alone is the centre of the stereo image; a time only before its part ("au milieu du refrain").
        middle = j < n and tokens[j].text == "milieu" and not (j + 1 < n and tokens[j + 1].text in _OF and
                                                               not {t.text for t in tokens[j + 2:j + 4]} & _IMAGE)
        if j > k and j < n and tokens[j].text in _TIMES and not middle:
            end = j + 1
            if end < n and tokens[end].text in _OF:
                # The part of the song: one noun, after its article ("du build", "de la prod").
                end += 1
                if end < n and tokens[end].text in _ARTICLES:
                    end += 1
                if end < n and not tokens[end].is_separator and tokens[end].text not in _STOPS:
                    end += 1
            k = end
            continue
        out.append(tokens[k])
        k += 1
    return out
